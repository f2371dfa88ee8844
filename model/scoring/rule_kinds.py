"""The kinds of values rules are made of: statuses, championships, the choices each rule
offers, and the error a rule's value that cannot be used raises."""

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


class Championship(StrEnum):
    """The championships every class runs: one table each."""

    TEAMS = "teams"
    DRIVERS = "drivers"
    MANUFACTURERS = "manufacturers"


class DistanceReference(StrEnum):
    """Whose distance the minimum-distance percentage is measured against."""

    OVERALL_WINNER = "overall_winner"
    CLASS_WINNER = "class_winner"


class DistanceRounding(StrEnum):
    """How a share of the winner's laps becomes a number of laps to reach."""

    EXACT = "exact"  # laps * 100 >= pct * reference
    DOWN = "down"  # laps >= floor(pct * reference / 100)


class TeamScoring(StrEnum):
    """Which of a team's cars score in a race, and who the competitor is."""

    BEST_ENTRY = "best_entry"
    ALL_ENTRIES = "all_entries"
    PER_CAR = "per_car"  # each car number is its own competitor ("Team X #7")


class TeamPositions(StrEnum):
    """Whether points follow the classification or a ranking of the scoring cars only."""

    AS_CLASSIFIED = "as_classified"
    RE_RANKED = "re_ranked"


class TieBreak(StrEnum):
    """How competitors level on points are separated."""

    COUNTBACK = "countback"  # most wins, 2nds... among scoring places, else shared
    COUNTBACK_ALL = "countback_all"  # every classified place, then the earliest best result
    SHARED = "shared"


class DriverTwoCars(StrEnum):
    """A driver in two cars of one race: keep the better car's points, or add both."""

    BEST = "best"
    BOTH = "both"


class SharedDrivePoints(StrEnum):
    """Each driver of a car gets the car's points (full), or an equal share (split)."""

    FULL = "full"
    SPLIT = "split"


class DropBy(StrEnum):
    """What drop rules count: rounds (a round's races added up) or single races."""

    ROUND = "round"
    RACE = "race"


class RuleValueError(ValueError):
    """A rule's value that cannot be used; names the rule (`key`)."""

    def __init__(self, key: str, value: object, expected: str) -> None:
        super().__init__(f"rule {key}: {value!r} is not {expected}")
        self.key, self.value, self.expected = key, value, expected


@dataclass(frozen=True)
class DropSegment:
    """Of the rounds numbered `first` to `last`, only the best `best` results count."""

    first: int
    last: int
    best: int


BestResults = int | tuple[DropSegment, ...] | None
