"""Every scoring rule the engine knows, in one place.

A season's rules are one typed value (SeasonRules, stored as one JSON object; its field
defaults are the only defaults), and each rule is one small named function below: who can
score, the minimum distance, points and bonuses, team scoring, drop rounds and tie-breaks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any, Protocol


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
    """How competitors level on points are separated."""

    COUNTBACK = "countback"
    SHARED = "shared"


class RuleValueError(ValueError):
    """A rule's value that cannot be used; names the rule (`key`)."""

    def __init__(self, key: str, value: object, expected: str) -> None:
        super().__init__(f"rule {key}: {value!r} is not {expected}")
        self.key, self.value, self.expected = key, value, expected


@dataclass(frozen=True)
class SeasonRules:
    """Everything that decides how a season's results become points.

    The field defaults below are the only place a rule's default lives; the document stores
    the rules as one JSON object with one key per field (see `to_json` and `from_json`).

    min_distance_pct: a car must cover at least this share of the reference distance to
        score (None: no distance rule).
    distance_reference: whose distance that share is of (the overall or the class winner).
    team_scoring: whether a team scores its best car or every car in a race.
    team_positions: whether points follow the classification or a ranking of scorers only.
    scoring_statuses: statuses that can score at all.
    best_results: only the best N round scores count towards the total (drop rounds).
    pole_points / fastest_lap_points: bonus points for the car with the pole or fastest lap.
    tie_break: countback (most wins, then most 2nds...) or level totals share a position.
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

    def to_json(self) -> dict[str, Any]:
        """The rules as one JSON object, one key per rule."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SeasonRules:
        """Rules from `to_json`'s object: missing keys take the defaults, unknown ones and bad
        values raise RuleValueError (a ValueError) naming the key."""
        unknown = sorted(set(data) - set(_READERS))
        if unknown:
            raise RuleValueError(unknown[0], data[unknown[0]], "a rule this version knows")
        return cls(**{key: _READERS[key](key, value) for key, value in data.items()})


def _plain(value: Any) -> Any:
    if isinstance(value, frozenset):
        return sorted(str(v) for v in value)
    return str(value) if isinstance(value, StrEnum) else value


def _percentage(key: str, value: Any) -> float | None:
    if value is None or (_is_number(value) and 0 <= value <= 100):
        return value  # type: ignore[no-any-return]
    raise RuleValueError(key, value, "a percentage")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def _whole(minimum: int, *, optional: bool) -> Callable[[str, Any], Any]:
    def read(key: str, value: Any) -> Any:
        if (value is None and optional) or (type(value) is int and value >= minimum):
            return value
        raise RuleValueError(key, value, f"a whole number of at least {minimum}")

    return read


def _choice(kind: type[StrEnum]) -> Callable[[str, Any], Any]:
    def read(key: str, value: Any) -> Any:
        if isinstance(value, str) and value in kind.__members__.values():
            return kind(value)
        known = ", ".join(member.value for member in kind)
        raise RuleValueError(key, value, f"one of {known}")

    return read


def _statuses(key: str, value: Any) -> frozenset[Status]:
    known = {status.value for status in Status}
    if isinstance(value, list) and all(isinstance(v, str) and v in known for v in value):
        return frozenset(Status(v) for v in value)
    raise RuleValueError(key, value, "a list of statuses")


# How each stored rule is read back; one entry per SeasonRules field.
_READERS: dict[str, Callable[[str, Any], Any]] = {
    "min_distance_pct": _percentage,
    "distance_reference": _choice(DistanceReference),
    "team_scoring": _choice(TeamScoring),
    "team_positions": _choice(TeamPositions),
    "scoring_statuses": _statuses,
    "best_results": _whole(1, optional=True),
    "pole_points": _whole(0, optional=False),
    "fastest_lap_points": _whole(0, optional=False),
    "tie_break": _choice(TieBreak),
}
RULE_KEYS = tuple(_READERS)


# The rules themselves: each one small function of the season's rules.


class Placed(Protocol):
    """A car's place in a race, as far as the rules need it."""

    @property
    def class_pos(self) -> int | None: ...
    @property
    def overall_pos(self) -> int | None: ...
    @property
    def laps(self) -> int | None: ...
    @property
    def status(self) -> Status: ...


def can_score(status: Status, class_pos: int | None, rules: SeasonRules) -> bool:
    """Only a scoring status with a class position can earn points."""
    return status in rules.scoring_statuses and class_pos is not None


def measured_against_overall(rules: SeasonRules) -> bool:
    """Whether the minimum distance is measured against the overall (not class) winner."""
    return rules.distance_reference is DistanceReference.OVERALL_WINNER


def winner_laps(results: Iterable[Placed], *, overall: bool) -> int | None:
    """Laps of the car placed first (overall or in class), else the most laps classified."""
    results = list(results)
    for result in results:
        place = result.overall_pos if overall else result.class_pos
        if place == 1 and result.laps is not None:
            return result.laps
    known = [r.laps for r in results if r.laps is not None and r.status is Status.CLASSIFIED]
    return max(known, default=None)


def reference_laps(
    overall_laps: int | None, class_laps: int | None, rules: SeasonRules
) -> int | None:
    """The winner's laps the minimum distance is measured against, as the rules choose."""
    return overall_laps if measured_against_overall(rules) else class_laps


def required_laps(reference: int | None, rules: SeasonRules) -> int:
    """The fewest laps that cover the minimum distance (0: no rule or no reference)."""
    if rules.min_distance_pct is None or not reference:
        return 0
    return int(-(-rules.min_distance_pct * reference // 100))


def covers_distance(laps: int | None, reference: int | None, rules: SeasonRules) -> bool:
    """Whether `laps` covers the minimum distance; unknown laps cannot fail it."""
    return laps is None or laps >= required_laps(reference, rules)


def points_for_place(scale: Sequence[int], place: int | None) -> int:
    """Points a place earns on a round's scale; places beyond the scale earn none."""
    return scale[place - 1] if place is not None and 0 < place <= len(scale) else 0


def bonus_points(pole: bool, fastest_lap: bool, rules: SeasonRules) -> int:
    """Bonus points for the pole position and the fastest lap."""
    return rules.pole_points * pole + rules.fastest_lap_points * fastest_lap


def team_scores_every_car(rules: SeasonRules) -> bool:
    """Whether a team adds up all its cars' points in a race (else only its best car's)."""
    return rules.team_scoring is TeamScoring.ALL_ENTRIES


def re_ranked_positions(rules: SeasonRules) -> bool:
    """Whether points follow a ranking of the scoring cars only (else the classification)."""
    return rules.team_positions is TeamPositions.RE_RANKED


def dropped_rounds(points_by_round: Sequence[tuple[int, int]], rules: SeasonRules) -> set[int]:
    """Rounds (of (round, points) in round order) beyond the best N; equal scores keep the
    earlier rounds."""
    best = rules.best_results
    if best is None or len(points_by_round) <= best:
        return set()
    ordered = sorted(points_by_round, key=lambda item: -item[1])
    return {round_id for round_id, _ in ordered[best:]}


def tie_break_key(
    total: int, scoring_places: Iterable[int], depth: int, rules: SeasonRules
) -> tuple[int, ...]:
    """A key that sorts the better competitor first: total, then countback if the rules say."""
    if rules.tie_break is not TieBreak.COUNTBACK:
        return (-total,)
    counts = [0] * depth  # most wins first, then most 2nds, and so on
    for place in scoring_places:
        counts[place - 1] -= 1
    return (-total, *counts)
