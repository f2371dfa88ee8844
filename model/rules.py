"""Scoring rules as data: points scales, distance rule, team policy, tie-breaks, drop rounds."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """How a car's race ended, as the classification records it."""

    CLASSIFIED = "classified"
    NOT_CLASSIFIED = "not_classified"
    DNF = "dnf"
    DNS = "dns"
    DISQUALIFIED = "disqualified"
    EXCLUDED = "excluded"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Status:
        """The status named by `text`, accepting the spellings timing sheets use."""
        key = " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
        try:
            return _STATUS_ALIASES[key]
        except KeyError:
            known = ", ".join(s.value for s in cls)
            message = f"unknown status '{text.strip()}' (expected one of: {known})"
            raise ValueError(message) from None


_STATUS_LABELS = {
    Status.CLASSIFIED: "Classified",
    Status.NOT_CLASSIFIED: "Not classified",
    Status.DNF: "DNF",
    Status.DNS: "DNS",
    Status.DISQUALIFIED: "Disqualified",
    Status.EXCLUDED: "Excluded",
}

_STATUS_ALIASES: dict[str, Status] = {
    "classified": Status.CLASSIFIED,
    "finished": Status.CLASSIFIED,
    "running": Status.CLASSIFIED,
    "not classified": Status.NOT_CLASSIFIED,
    "nc": Status.NOT_CLASSIFIED,
    "dnf": Status.DNF,
    "retired": Status.DNF,
    "dns": Status.DNS,
    "not started": Status.DNS,
    "did not start": Status.DNS,
    "dsq": Status.DISQUALIFIED,
    "dq": Status.DISQUALIFIED,
    "disqualified": Status.DISQUALIFIED,
    "excluded": Status.EXCLUDED,
    "exc": Status.EXCLUDED,
    "exclusion": Status.EXCLUDED,
}


class DistanceReference(StrEnum):
    """Whose distance the minimum-distance percentage is measured against."""

    OVERALL_WINNER = "overall_winner"
    CLASS_WINNER = "class_winner"


class TeamScoring(StrEnum):
    """Which of a team's cars score in a race."""

    BEST_ENTRY = "best_entry"
    ALL_ENTRIES = "all_entries"


class TeamPositions(StrEnum):
    """Whether points follow the classification or a ranking of the scoring cars only."""

    AS_CLASSIFIED = "as_classified"
    RE_RANKED = "re_ranked"


class TieBreak(StrEnum):
    COUNTBACK = "countback"
    SHARED = "shared"


@dataclass(frozen=True)
class SeasonRules:
    """Everything that decides how a season's results become points.

    min_distance_pct: a car must cover at least this share of the reference distance to
        score (None: no distance rule).
    scoring_statuses: statuses that can score at all.
    best_results: only the best N round scores count towards the total (drop rounds).
    pole_points / fastest_lap_points: bonus points for the car with the pole or fastest lap.
    """

    min_distance_pct: float | None = None
    distance_reference: DistanceReference = DistanceReference.OVERALL_WINNER
    team_scoring: TeamScoring = TeamScoring.BEST_ENTRY
    team_positions: TeamPositions = TeamPositions.AS_CLASSIFIED
    scoring_statuses: frozenset[Status] = frozenset({Status.CLASSIFIED})
    best_results: int | None = None
    pole_points: int = 0
    fastest_lap_points: int = 0
    tie_break: TieBreak = TieBreak.COUNTBACK

    def covers_distance(self, laps: int | None, reference_laps: int | None) -> bool:
        """Whether `laps` meets the distance rule; unknown laps cannot fail it."""
        if self.min_distance_pct is None or laps is None or not reference_laps:
            return True
        return laps * 100 >= self.min_distance_pct * reference_laps

    def required_laps(self, reference_laps: int) -> int:
        """The fewest laps that meet the distance rule against `reference_laps`."""
        if self.min_distance_pct is None:
            return 0
        needed = -(-self.min_distance_pct * reference_laps // 100)
        return int(needed)
