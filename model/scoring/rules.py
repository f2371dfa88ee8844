"""Every scoring rule the engine knows, in one place.

A season's rules are one typed value (SeasonRules, stored as one JSON object, see
model.scoring.rule_json; its field defaults are the only defaults, and any rule can be set
again for one championship), and each rule is one small named function below: who can score,
the minimum distance, points and bonuses, who a car's points go to, drop rounds, tie-breaks
and penalties.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Any, Protocol

from model.scoring.points import ZERO, hundredths, tidy
from model.scoring.rule_json import (
    FIELD_OF,
    KEY_OF,
    RULE_KEYS,
    plain,
    plain_manufacturers,
    read_rules,
)
from model.scoring.rule_kinds import (
    BestResults,
    Championship,
    DistanceReference,
    DistanceRounding,
    DriverTwoCars,
    DropBy,
    DropSegment,
    RuleValueError,
    SharedDrivePoints,
    Status,
    TeamPositions,
    TeamScoring,
    TieBreak,
)

__all__ = [
    "RULE_KEYS",
    "BestResults",
    "Championship",
    "DistanceReference",
    "DistanceRounding",
    "DriverTwoCars",
    "DropBy",
    "DropSegment",
    "RuleValueError",
    "SharedDrivePoints",
    "Status",
    "TeamPositions",
    "TeamScoring",
    "TieBreak",
]


@dataclass(frozen=True)
class SeasonRules:
    """Everything that decides how a season's results become points.

    The field defaults below are the only place a rule's default lives; the document stores
    the rules as one JSON object with one key per field (see `to_json` and `from_json`).

    min_distance_pct: a car must cover at least this share of the reference distance to
        score (None: no distance rule); distance_rounding: how that share becomes laps.
    distance_reference: whose distance that share is of (the overall or the class winner).
    team_scoring: a team scores its best car, every car, or each car is its own competitor.
    team_positions: whether points follow the classification or a ranking of scorers only.
    scoring_statuses: statuses that can score at all.
    best_results: only the best N round scores count (drop rounds), or best N per segment of
        rounds; drop_by: whether they count rounds or single races.
    pole_points / fastest_lap_points: bonus points for the pole and the fastest lap (this one
        only within fastest_lap_max_pos of the class); qualifying_points: a points scale
        (by name) paid for the qualifying position.
    tie_break: countback on scoring places, countback on every place, or a shared position.
    driver_two_cars: a driver in two cars of one race keeps the better or adds both.
    shared_drive_points: each driver of a car gets the car's points, or a share of them.
    manufacturer_best_cars: a manufacturer scores its best N cars in each race.
    championships: rules set again for one championship, e.g. drivers count best 11.
    """

    min_distance_pct: float | None = None
    distance_reference: DistanceReference = DistanceReference.OVERALL_WINNER
    distance_rounding: DistanceRounding = DistanceRounding.EXACT
    team_scoring: TeamScoring = TeamScoring.BEST_ENTRY
    team_positions: TeamPositions = TeamPositions.AS_CLASSIFIED
    scoring_statuses: frozenset[Status] = frozenset({Status.CLASSIFIED})
    best_results: BestResults = None
    drop_by: DropBy = DropBy.ROUND
    pole_points: Decimal = ZERO
    fastest_lap_points: Decimal = ZERO
    fastest_lap_max_pos: int | None = None
    qualifying_points: str | None = None
    tie_break: TieBreak = TieBreak.COUNTBACK
    driver_two_cars: DriverTwoCars = DriverTwoCars.BEST
    shared_drive_points: SharedDrivePoints = SharedDrivePoints.FULL
    manufacturer_best_cars: int = 1
    championships: tuple[tuple[Championship, tuple[tuple[str, Any], ...]], ...] = ()

    def for_championship(self, championship: Championship) -> SeasonRules:
        """The rules one championship is scored by: these, with its own rules set again."""
        for name, changed in self.championships:
            if name is championship:
                return replace(self, championships=(), **dict(changed))
        return replace(self, championships=()) if self.championships else self

    def to_json(self) -> dict[str, Any]:
        """The rules as one JSON object, one key per rule (the same keys season.json uses)."""
        data = {key: plain(getattr(self, name)) for key, name in FIELD_OF.items()}
        data["manufacturers"] = {"best_cars": self.manufacturer_best_cars}
        data["championships"] = {
            str(name): {
                KEY_OF[field]: plain_manufacturers(value)
                if field == "manufacturer_best_cars"
                else plain(value)
                for field, value in changed
            }
            for name, changed in self.championships
        }
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SeasonRules:
        """Rules from `to_json`'s object: missing keys take the defaults, unknown ones and bad
        values raise RuleValueError (a ValueError) naming the key."""
        values = read_rules(data, "")
        overrides = data.get("championships") or {}
        if not isinstance(overrides, Mapping):
            raise RuleValueError("championships", overrides, "an object of championships")
        championships = []
        for name, changed in overrides.items():
            if name not in Championship.__members__.values():
                known = ", ".join(c.value for c in Championship)
                raise RuleValueError("championships", name, f"a championship ({known})")
            if not isinstance(changed, Mapping):
                raise RuleValueError(f"championships.{name}", changed, "an object of rules")
            read = read_rules(changed, f"championships.{name}.")
            if read:
                championships.append((Championship(name), tuple(sorted(read.items()))))
        return cls(**values, championships=tuple(championships))


# The rules themselves: each one small function of the rules a championship is scored by.


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


def eligible_for(ineligible: Iterable[Championship], championship: Championship) -> bool:
    """Whether a car not registered for some championships scores in this one; an ineligible
    car keeps its place (nobody moves up) and scores nothing."""
    return championship not in ineligible


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
    """The fewest laps that cover the minimum distance (0: no rule or no reference): the
    share rounded up (laps * 100 >= pct * reference), or down where the rules say so."""
    if rules.min_distance_pct is None or not reference:
        return 0
    down = rules.distance_rounding is DistanceRounding.DOWN
    return _share_of_laps(rules.min_distance_pct, reference, down)


@cache
def _share_of_laps(pct: float, reference: int, down: bool) -> int:
    # Exact: 70.7 is read as written, not as the nearest binary fraction.
    share = Fraction(str(pct)) * reference / 100
    return math.floor(share) if down else math.ceil(share)


def covers_distance(laps: int | None, reference: int | None, rules: SeasonRules) -> bool:
    """Whether `laps` covers the minimum distance; unknown laps cannot fail it."""
    return laps is None or laps >= required_laps(reference, rules)


def points_for_place(scale: Sequence[Decimal], place: int | None) -> Decimal:
    """Points a place earns on a scale; places beyond the scale earn none."""
    return scale[place - 1] if place is not None and 0 < place <= len(scale) else ZERO


def race_points(scale: Sequence[Decimal], place: int | None, factor: Decimal) -> Decimal:
    """A place's points on the round's scale times the round's factor (half points for a
    race stopped early, double for a finale); bonuses are not scaled."""
    return tidy(points_for_place(scale, place) * factor)


class Bonus(Protocol):
    """What a result earned besides its place, as far as the rules need it."""

    @property
    def class_pos(self) -> int | None: ...
    @property
    def pole(self) -> bool: ...
    @property
    def fastest_lap(self) -> bool: ...
    @property
    def qualifying_pos(self) -> int | None: ...


def bonus_points(
    result: Bonus, rules: SeasonRules, qualifying_scale: Sequence[Decimal] = ()
) -> Decimal:
    """Bonus points: the pole, the fastest lap (only for a car classified within
    `fastest_lap_max_pos` of its class, where the rules set it) and the qualifying scale."""
    points = rules.pole_points if result.pole else ZERO
    limit = rules.fastest_lap_max_pos
    placed = result.class_pos is not None and (limit is None or result.class_pos <= limit)
    if result.fastest_lap and placed:
        points += rules.fastest_lap_points
    if rules.qualifying_points is not None:
        points += points_for_place(qualifying_scale, result.qualifying_pos)
    return points


def team_scores_every_car(rules: SeasonRules) -> bool:
    """Whether a team adds up all its cars' points in a race (else only its best car's)."""
    return rules.team_scoring is not TeamScoring.BEST_ENTRY


def team_competitor(team: str, car_number: str | None, rules: SeasonRules) -> str:
    """Who scores in the teams' championship: the team, or (per car) "Team X #7"."""
    if rules.team_scoring is TeamScoring.PER_CAR and car_number:
        return f"{team} #{car_number}"
    return team


def manufacturer_of(manufacturer: str, chassis: str) -> str:
    """The entry's manufacturer, else the first word of its chassis ("Audi R8": Audi)."""
    return manufacturer.strip() or (chassis.split() or [""])[0]


def driver_points(points: Decimal, drivers: int, rules: SeasonRules) -> Decimal:
    """Each driver's points from a car that scored `points` with `drivers` drivers."""
    if rules.shared_drive_points is SharedDrivePoints.FULL or drivers <= 1:
        return points
    return hundredths(points / drivers)


def driver_adds_both_cars(rules: SeasonRules) -> bool:
    """Whether a driver in two cars of one race adds up both cars' points."""
    return rules.driver_two_cars is DriverTwoCars.BOTH


def re_ranked_positions(rules: SeasonRules) -> bool:
    """Whether points follow a ranking of the scoring cars only (else the classification)."""
    return rules.team_positions is TeamPositions.RE_RANKED


def dropped_rounds(
    points_by_round: Sequence[tuple[int, int, Decimal]], rules: SeasonRules
) -> set[int]:
    """Keys of the scores (key, round number, points; in calendar order) beyond the best N,
    or beyond the best N of their segment of rounds; equal scores keep the earlier ones.
    Scores in no segment always count."""
    best = rules.best_results
    if best is None:
        return set()
    if isinstance(best, int):
        groups = [(list(points_by_round), best)]
    else:
        groups = [
            ([s for s in points_by_round if seg.first <= s[1] <= seg.last], seg.best)
            for seg in best
        ]
    dropped: set[int] = set()
    for scores, keep in groups:
        ordered = sorted(scores, key=lambda item: item[2], reverse=True)  # stable: ties keep order
        dropped.update(key for key, _, _ in ordered[keep:])
    return dropped


def tie_break_key(
    total: Decimal,
    places: Sequence[int],
    depth: int,
    rules: SeasonRules,
    first_best: int = 0,
) -> tuple[Decimal | int, ...]:
    """A key that sorts the better competitor first: total, then countback if the rules say
    (most wins, then most 2nds...), then, counting every place, the earlier best result
    (`first_best`: calendar index of the round the best place was first reached)."""
    if rules.tie_break is TieBreak.SHARED:
        return (-total,)
    counts = [0] * depth
    for place in places:
        if 0 < place <= depth:
            counts[place - 1] -= 1
    tail = (first_best,) if rules.tie_break is TieBreak.COUNTBACK_ALL else ()
    return (-total, *counts, *tail)


def counts_every_place(rules: SeasonRules) -> bool:
    """Whether the countback counts every classified place (else the scoring ones)."""
    return rules.tie_break is TieBreak.COUNTBACK_ALL


@dataclass(frozen=True)
class Penalty:
    """Points taken from (or given to) one competitor, or their exclusion, in one class's
    championship (or every championship: `championship` None), for one round or the season.

    An excluded competitor's results stand (nobody moves up) but it is not ranked: it is
    listed below the table."""

    championship: Championship | None
    class_name: str
    competitor: str
    round_id: int | None
    points: Decimal
    excluded: bool
    reason: str

    def applies_to(self, championship: Championship, class_name: str) -> bool:
        in_championship = self.championship is None or self.championship is championship
        return in_championship and self.class_name == class_name
