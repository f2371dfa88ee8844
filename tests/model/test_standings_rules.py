"""Each rule as data acting on a whole table: one row per rule, and per combination of rules
that changes an outcome. Every case builds a small season and states the table it must give
as (position, name, total) rows, in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import NamedTuple

import pytest

from model.scoring.rules import (
    Championship,
    DistanceRounding,
    DriverTwoCars,
    DropBy,
    DropSegment,
    SeasonRules,
    SharedDrivePoints,
    Status,
    TeamPositions,
    TeamScoring,
    TieBreak,
)
from model.scoring.standings import StandingsTable, compute_standings
from model.store.season_data import SeasonData
from tests.builders import SeasonBuilder

TEAMS, DRIVERS, MAKERS = Championship.TEAMS, Championship.DRIVERS, Championship.MANUFACTURERS
D = Decimal


class Case(NamedTuple):
    season: Callable[[], SeasonData]
    championship: Championship
    rows: list[tuple[int, str, Decimal | int]]
    excluded: tuple[str, ...] = ()


@dataclass
class Field:
    """Two teams of two cars (A1/A2 of Team A, B1/B2 of Team B), one driver each (Ann, Al,
    Bea, Bo), over the rounds asked for, on the 20-16-13-10... scale."""

    rules: SeasonRules = field(default_factory=SeasonRules)
    rounds: int = 2

    def __post_init__(self) -> None:
        self.b = SeasonBuilder(classes=("P",), rules=self.rules)
        self.ids = [self.b.round() for _ in range(self.rounds)]
        self.a1 = self.b.entry("Team A", car="1", chassis="Audi R8", drivers=("Ann",))
        self.a2 = self.b.entry("Team A", car="2", chassis="Audi R8", drivers=("Al",))
        self.b1 = self.b.entry("Team B", car="3", chassis="Lola B01", drivers=("Bea",))
        self.b2 = self.b.entry("Team B", car="4", chassis="Lola B01", drivers=("Bo",))

    def finish(self, index: int, *entries: int, **fields: object) -> Field:
        self.b.finish(self.ids[index], *entries, **fields)
        return self

    def build(self) -> SeasonData:
        return self.b.build()


def per_championship() -> SeasonData:
    rules = SeasonRules(championships=((DRIVERS, (("best_results", 1),)),))
    f = Field(rules)
    return f.finish(0, f.a1, f.b1).finish(1, f.b1, f.a1).build()


def half_points() -> SeasonData:
    b = SeasonBuilder(classes=("P",))
    first, second = b.round(), b.round(factor="0.5")
    a, c = b.entry("Team A"), b.entry("Team C")
    b.finish(first, a, c)
    b.finish(second, c, a)  # 10 and 8; 13 * 0.5 would be 6.5
    return b.build()


def half_points_third() -> SeasonData:
    b = SeasonBuilder(classes=("P",))
    only = b.round(factor="0.5")
    entries = [b.entry(f"Team {n}") for n in "ABC"]
    b.finish(only, *entries)
    return b.build()


def double_points() -> SeasonData:
    b = SeasonBuilder(classes=("P",))
    first, final = b.round(), b.round(factor="2")
    a, c = b.entry("Team A"), b.entry("Team C")
    b.finish(first, a, c)
    b.finish(final, c, a)
    return b.build()


def decimal_scale() -> SeasonData:
    b = SeasonBuilder(classes=("P",))
    only = b.round(scale=("12.5", "9.5", "0.25"))
    entries = [b.entry(f"Team {n}") for n in "ABC"]
    b.finish(only, *entries)
    return b.build()


def split_drops(rules: SeasonRules) -> Callable[[], SeasonData]:
    def season() -> SeasonData:
        f = Field(rules, rounds=4)
        for index in range(4):  # A wins rounds 1 and 3, B rounds 2 and 4
            first, second = (f.a1, f.b1) if index % 2 == 0 else (f.b1, f.a1)
            f.finish(index, first, second)
        return f.build()

    return season


def two_race_round(drop_by: DropBy) -> Callable[[], SeasonData]:
    """Round 1 has a sprint and a main race (races 1 and 2), round 2 one race; best 1 round
    counts. A: 20 + 20 in round 1, 0 in round 2. B: 16 + 16, then 20."""

    def season() -> SeasonData:
        b = SeasonBuilder(classes=("P",), rules=SeasonRules(best_results=1, drop_by=drop_by))
        sprint, main, other = b.round(1, event=1), b.round(2, event=1), b.round(3, event=2)
        a, c = b.entry("Team A"), b.entry("Team B")
        b.finish(sprint, a, c)
        b.finish(main, a, c)
        b.finish(other, c)
        return b.build()

    return season


def fastest_lap(max_pos: int | None) -> Callable[[], SeasonData]:
    def season() -> SeasonData:
        rules = SeasonRules(fastest_lap_points=D(1), fastest_lap_max_pos=max_pos)
        b = SeasonBuilder(classes=("P",), rules=rules)
        only = b.round(scale=(3, 2, 1))
        a, c, e = b.entry("Team A"), b.entry("Team C"), b.entry("Team E")
        b.finish(only, a, c)
        b.result(only, e, 3, fastest_lap=True)
        return b.build()

    return season


def qualifying() -> SeasonData:
    b = SeasonBuilder(classes=("P",), rules=SeasonRules(qualifying_points="quali"))
    b.scale("quali", (35, 32, 30))
    only = b.round(scale=(350, 320, 300))
    a, c = b.entry("Team A"), b.entry("Team C")
    b.result(only, a, 1, qualifying_pos=3)
    b.result(only, c, 2, qualifying_pos=1)
    return b.build()


def ineligible(rules: SeasonRules) -> Callable[[], SeasonData]:
    """A1 wins but is not registered for the teams' championship; B1 is 2nd, A2 3rd."""

    def season() -> SeasonData:
        f = Field(rules, rounds=1)
        out = frozenset({TEAMS})
        f.b.result(f.ids[0], f.a1, 1, ineligible=out)
        f.b.result(f.ids[0], f.b1, 2)
        f.b.result(f.ids[0], f.a2, 3)
        return f.build()

    return season


def penalised(**penalty: object) -> Callable[[], SeasonData]:
    def season() -> SeasonData:
        f = Field(rounds=2)
        f.finish(0, f.a1, f.b1).finish(1, f.a1, f.b1)
        round_id = f.ids[0] if penalty.pop("first_round", False) else None
        f.b.penalty(round_id=round_id, **penalty)  # type: ignore[arg-type]
        return f.build()

    return season


def countback(tie_break: TieBreak) -> Callable[[], SeasonData]:
    """Only wins score. A and B win once each; A was also 5th and B 6th behind four cars that
    were not classified: only counting every place tells them apart."""

    def season() -> SeasonData:
        b = SeasonBuilder(classes=("P",), rules=SeasonRules(tie_break=tie_break))
        first, second, third = b.round(), b.round(), b.round()
        a, c = b.entry("Team A"), b.entry("Team B")
        others = [b.entry(f"Team {n}") for n in "CDEFGHIJKL"]
        b.finish(first, a, *others)
        b.finish(second, c, *others)
        b.finish(third, *others[:4], status=Status.NOT_CLASSIFIED)
        b.result(third, a, 5)
        b.result(third, c, 6)
        return b.build()

    return replace_scale(season, (20,))


def earliest_best() -> SeasonData:
    """A and B each win once and have nothing else: A's win came first."""
    b = SeasonBuilder(classes=("P",), rules=SeasonRules(tie_break=TieBreak.COUNTBACK_ALL))
    first, second = b.round(), b.round()
    a, c = b.entry("Team B first"), b.entry("Team A second")
    b.finish(first, a)
    b.finish(second, c)
    return b.build()


def replace_scale(
    season: Callable[[], SeasonData], scale: tuple[int, ...]
) -> Callable[[], SeasonData]:
    def changed() -> SeasonData:
        data = season()
        points = tuple(D(p) for p in scale)
        return replace(data, rounds=tuple(r._replace(scale=points) for r in data.rounds))

    return changed


def two_cars(rule: DriverTwoCars) -> Callable[[], SeasonData]:
    """Ann drives A1 (1st) and, in the same race, B1 (2nd)."""

    def season() -> SeasonData:
        f = Field(SeasonRules(driver_two_cars=rule), rounds=1)
        f.b.result(f.ids[0], f.a1, 1)
        f.b.result(f.ids[0], f.b1, 2, drivers=("Ann", "Bea"))
        return f.build()

    return season


def shared_drive(rule: SharedDrivePoints) -> Callable[[], SeasonData]:
    def season() -> SeasonData:
        f = Field(SeasonRules(shared_drive_points=rule), rounds=1)
        f.b.result(f.ids[0], f.a1, 1, drivers=("Ann", "Al", "Bo"))
        return f.build()

    return season


def short_drive() -> SeasonData:
    f = Field(rounds=1)
    f.b.result(f.ids[0], f.a1, 1, drivers=("Ann", "Al"), short_drives=frozenset({"Al"}))
    return f.build()


def distance(rounding: DistanceRounding) -> Callable[[], SeasonData]:
    """The winner did 101 laps; 70% is 70.7 laps: B's 70 laps are enough only rounded down."""

    def season() -> SeasonData:
        rules = SeasonRules(min_distance_pct=70, distance_rounding=rounding)
        f = Field(rules, rounds=1)
        f.b.result(f.ids[0], f.a1, 1, laps=101, overall_pos=1)
        f.b.result(f.ids[0], f.b1, 2, laps=70, overall_pos=2)
        return f.build()

    return season


def manufacturers(best: int) -> Callable[[], SeasonData]:
    """Audi 1st and 3rd, Lola 2nd; a Dome named by its entry's manufacturer field 4th."""

    def season() -> SeasonData:
        f = Field(SeasonRules(manufacturer_best_cars=best), rounds=1)
        dome = f.b.entry("Team D", chassis="S101", manufacturer="Dome")
        f.finish(0, f.a1, f.b1, f.a2, dome)
        return f.build()

    return season


def per_car() -> SeasonData:
    f = Field(SeasonRules(team_scoring=TeamScoring.PER_CAR), rounds=1)
    return f.finish(0, f.a1, f.b1, f.a2).build()


def per_car_ineligible() -> SeasonData:
    f = Field(SeasonRules(team_scoring=TeamScoring.PER_CAR), rounds=1)
    f.b.result(f.ids[0], f.a1, 1, ineligible=frozenset({TEAMS}))
    f.b.result(f.ids[0], f.a2, 2)
    return f.build()


def half_points_dropped() -> SeasonData:
    """Best 1 of 2: the halved win (10) is dropped before a full 2nd place (16)."""
    b = SeasonBuilder(classes=("P",), rules=SeasonRules(best_results=1))
    first, second = b.round(factor="0.5"), b.round()
    a, c = b.entry("Team A"), b.entry("Team C")
    b.finish(first, a, c)
    b.finish(second, c, a)
    return b.build()


def penalty_beside_drops() -> SeasonData:
    """A penalty given at a round that is then dropped still counts."""
    f = Field(SeasonRules(best_results=1), rounds=2)
    f.finish(0, f.b1, f.a1).finish(1, f.a1, f.b1)
    f.b.penalty("Team A", "-3", round_id=f.ids[0], reason="jump start")
    return f.build()


ALL_COUNT = ((TEAMS, (("best_results", None),)),)

# (case, the season, championship, rows as (position, name, total), excluded names)
CASES: list[tuple[str, Case]] = [
    ("drivers count their best result, teams every result", Case(per_championship, DRIVERS, [(1, "Ann", 20), (1, "Bea", 20)])),
    ("...while teams count both", Case(per_championship, TEAMS, [(1, "Team A", 36), (1, "Team B", 36)])),
    ("half points in round 2", Case(half_points, TEAMS, [(1, "Team A", 28), (2, "Team C", 26)])),
    ("half of 13 is 6.5", Case(half_points_third, TEAMS, [(1, "Team A", 10), (2, "Team B", 8), (3, "Team C", D("6.5"))])),
    ("double points decide the final", Case(double_points, TEAMS, [(1, "Team C", 56), (2, "Team A", 52)])),
    ("a scale with decimals", Case(decimal_scale, TEAMS, [(1, "Team A", D("12.5")), (2, "Team B", D("9.5")), (3, "Team C", D("0.25"))])),
    ("best 1 of rounds 1-2 and best 1 of 3-4", Case(split_drops(SeasonRules(best_results=(DropSegment(1, 2, 1), DropSegment(3, 4, 1)))), TEAMS, [(1, "Team A", 40), (1, "Team B", 40)])),
    ("best 1 of rounds 1-3, round 4 always counts", Case(split_drops(SeasonRules(best_results=(DropSegment(1, 3, 1),))), TEAMS, [(1, "Team B", 40), (2, "Team A", 36)])),
    ("drop rules count a round's races together", Case(two_race_round(DropBy.ROUND), TEAMS, [(1, "Team A", 40), (2, "Team B", 32)])),
    ("drop rules counting races (dropped wins still count back)", Case(two_race_round(DropBy.RACE), TEAMS, [(1, "Team A", 20), (2, "Team B", 20)])),
    ("fastest lap scores anywhere without a limit", Case(fastest_lap(None), TEAMS, [(1, "Team A", 3), (2, "Team C", 2), (3, "Team E", 2)])),
    ("fastest lap outside the top 2 scores nothing", Case(fastest_lap(2), TEAMS, [(1, "Team A", 3), (2, "Team C", 2), (3, "Team E", 1)])),
    ("a qualifying scale pays the qualifying position", Case(qualifying, TEAMS, [(1, "Team A", 380), (2, "Team C", 355)])),
    ("an ineligible winner keeps its place for the teams", Case(ineligible(SeasonRules()), TEAMS, [(1, "Team B", 16), (2, "Team A", 13)])),
    ("...and scores for its drivers", Case(ineligible(SeasonRules()), DRIVERS, [(1, "Ann", 20), (2, "Bea", 16), (3, "Al", 13)])),
    ("an ineligible car keeps its place among re-ranked teams", Case(ineligible(SeasonRules(team_positions=TeamPositions.RE_RANKED)), TEAMS, [(1, "Team B", 16)])),
    ("a season penalty", Case(penalised(competitor="Team A", points="-10", reason="weight"), TEAMS, [(1, "Team B", 32), (2, "Team A", 30)])),
    ("a round penalty of half a point", Case(penalised(competitor="Team B", points="-0.5", first_round=True), TEAMS, [(1, "Team A", 40), (2, "Team B", D("31.5"))])),
    ("a drivers' penalty leaves the team alone", Case(penalised(competitor="Team A", points="-30", championship=DRIVERS), TEAMS, [(1, "Team A", 40), (2, "Team B", 32)])),
    ("a penalty for every championship", Case(penalised(competitor="Ann", points="-30"), DRIVERS, [(1, "Bea", 32), (2, "Ann", 10)])),
    ("an excluded team is not ranked", Case(penalised(competitor="Team A", excluded=True, reason="illegal fuel"), TEAMS, [(1, "Team B", 32)], ("Team A",))),
    ("a penalty for another class does nothing", Case(penalised(competitor="Team A", points="-30", class_name="GT"), TEAMS, [(1, "Team A", 40), (2, "Team B", 32)])),
    ("countback on scoring places: shared", Case(countback(TieBreak.COUNTBACK), TEAMS, [(1, "Team A", 20), (1, "Team B", 20)])),
    ("countback on every place: A's 5th beats B's 6th", Case(countback(TieBreak.COUNTBACK_ALL), TEAMS, [(1, "Team A", 20), (2, "Team B", 20)])),
    ("countback on every place, then the earliest best", Case(earliest_best, TEAMS, [(1, "Team B first", 20), (2, "Team A second", 20)])),
    ("shared positions", Case(countback(TieBreak.SHARED), TEAMS, [(1, "Team A", 20), (1, "Team B", 20)])),
    ("a driver in two cars keeps the better", Case(two_cars(DriverTwoCars.BEST), DRIVERS, [(1, "Ann", 20), (2, "Bea", 16)])),
    ("a driver in two cars adds both", Case(two_cars(DriverTwoCars.BOTH), DRIVERS, [(1, "Ann", 36), (2, "Bea", 16)])),
    ("each driver gets the car's points", Case(shared_drive(SharedDrivePoints.FULL), DRIVERS, [(1, "Al", 20), (1, "Ann", 20), (1, "Bo", 20)])),
    ("three drivers split the car's points", Case(shared_drive(SharedDrivePoints.SPLIT), DRIVERS, [(1, "Al", D("6.67")), (1, "Ann", D("6.67")), (1, "Bo", D("6.67"))])),
    ("a driver short of the minimum drive time", Case(short_drive, DRIVERS, [(1, "Ann", 20)])),
    ("...while the team scores", Case(short_drive, TEAMS, [(1, "Team A", 20)])),
    ("70% of 101 laps rounded up: 70 laps score nothing", Case(distance(DistanceRounding.EXACT), TEAMS, [(1, "Team A", 20)])),
    ("70% of 101 laps rounded down: 70 laps score", Case(distance(DistanceRounding.DOWN), TEAMS, [(1, "Team A", 20), (2, "Team B", 16)])),
    ("a manufacturer scores its best car", Case(manufacturers(1), MAKERS, [(1, "Audi", 20), (2, "Lola", 16), (3, "Dome", 10)])),
    ("a manufacturer scores its best 2 cars", Case(manufacturers(2), MAKERS, [(1, "Audi", 33), (2, "Lola", 16), (3, "Dome", 10)])),
    ("each car its own competitor", Case(per_car, TEAMS, [(1, "Team A #1", 20), (2, "Team B #3", 16), (3, "Team A #2", 13)])),
    ("per car, an ineligible car keeps its place", Case(per_car_ineligible, TEAMS, [(1, "Team A #2", 16)])),
    ("half points are dropped like any score", Case(half_points_dropped, TEAMS, [(1, "Team C", 20), (2, "Team A", 16)])),
    ("a penalty at a dropped round still counts", Case(penalty_beside_drops, TEAMS, [(1, "Team B", 20), (2, "Team A", 17)])),
    ("teams count everything while drivers drop", Case(lambda: replace(per_championship(), rules=SeasonRules(best_results=1, championships=ALL_COUNT)), TEAMS, [(1, "Team A", 36), (1, "Team B", 36)])),
]  # fmt: skip


def summary(table: StandingsTable) -> list[tuple[int, str, Decimal]]:
    return [(row.pos, row.name, row.total) for row in table.rows]


@pytest.mark.parametrize("case", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_each_rule_in_a_table(case: Case) -> None:
    table = compute_standings(case.season()).table("P", case.championship)
    assert summary(table) == [(pos, name, D(total)) for pos, name, total in case.rows]
    assert tuple(row.name for row in table.excluded) == case.excluded
    assert all(row.pos == 0 and row.excluded for row in table.excluded)


def test_a_penalty_is_shown_on_its_row_and_round() -> None:
    table = compute_standings(penalised(competitor="Team B", points="-0.5", first_round=True)())
    row = table.table("P", TEAMS).rows[1]
    assert (row.name, row.penalty) == ("Team B", D("-0.5"))
    assert [cell.penalty for cell in row.cells] == [D("-0.5"), None]
    assert [cell.points for cell in row.cells] == [16, 16]  # the race points stand


def test_an_excluded_competitors_results_stand() -> None:
    data = penalised(competitor="Team A", excluded=True, reason="illegal fuel")()
    table = compute_standings(data).table("P", TEAMS)
    (excluded,) = table.excluded
    assert excluded.total == 40
    assert [cell.points for cell in table.rows[0].cells] == [16, 16]  # nobody moved up
    assert [p.reason for p in table.penalties] == ["illegal fuel"]


def test_a_status_that_cannot_score_takes_no_place_from_a_manufacturer() -> None:
    f = Field(rounds=1)
    f.b.result(f.ids[0], f.a1, None, Status.DNF)
    f.b.result(f.ids[0], f.a2, 1)
    table = compute_standings(f.build()).table("P", MAKERS)
    assert summary(table) == [(1, "Audi", D(20))]


def test_races_of_one_round_are_headed_by_the_round_and_a_letter() -> None:
    table = compute_standings(two_race_round(DropBy.ROUND)()).table("P", TEAMS)
    assert table.round_numbers == (1, 2, 3)
    assert [table.label(i) for i in range(3)] == ["1a", "1b", "2"]
    plain = compute_standings(half_points()).table("P", TEAMS)
    assert [plain.label(i) for i in range(2)] == ["1", "2"]
