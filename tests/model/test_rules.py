"""Every rule the engine knows, one row per case, and the rules' one stored form."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any, NamedTuple

import pytest

from model.scoring.rules import (
    RULE_KEYS,
    Championship,
    DistanceReference,
    DistanceRounding,
    DriverTwoCars,
    DropSegment,
    RuleValueError,
    SeasonRules,
    SharedDrivePoints,
    Status,
    TeamPositions,
    TeamScoring,
    TieBreak,
    bonus_points,
    can_score,
    covers_distance,
    driver_adds_both_cars,
    driver_points,
    dropped_rounds,
    eligible_for,
    manufacturer_of,
    measured_against_overall,
    points_for_place,
    race_points,
    re_ranked_positions,
    reference_laps,
    required_laps,
    team_competitor,
    team_scores_every_car,
    tie_break_key,
    winner_laps,
)

DEFAULT = SeasonRules()
SEVENTY = SeasonRules(min_distance_pct=70)
BY_CLASS = SeasonRules(min_distance_pct=70, distance_reference=DistanceReference.CLASS_WINNER)
DNF_SCORES = SeasonRules(scoring_statuses=frozenset({Status.CLASSIFIED, Status.DNF}))
SCALE = (Decimal(20), Decimal(16), Decimal(13))
HALF = Decimal("0.5")
BONUSES = SeasonRules(pole_points=Decimal(1), fastest_lap_points=Decimal(2))
TOP_TEN_LAP = replace(BONUSES, fastest_lap_max_pos=10)
QUALI = SeasonRules(qualifying_points="quali")
QUALI_SCALE = (Decimal(35), Decimal(32), Decimal(30))
DOWN = replace(SEVENTY, distance_rounding=DistanceRounding.DOWN)
SPLIT = SeasonRules(shared_drive_points=SharedDrivePoints.SPLIT)
SEGMENTS = SeasonRules(best_results=(DropSegment(1, 3, 2), DropSegment(4, 6, 1)))
EVERY_PLACE = SeasonRules(tie_break=TieBreak.COUNTBACK_ALL)
PER_CAR = SeasonRules(team_scoring=TeamScoring.PER_CAR)


class Scored(NamedTuple):
    class_pos: int | None = 1
    pole: bool = False
    fastest_lap: bool = False
    qualifying_pos: int | None = None


class Placed(NamedTuple):
    class_pos: int | None
    overall_pos: int | None
    laps: int | None
    status: Status = Status.CLASSIFIED


# (case, the rule applied, what it gives)
RULES: list[tuple[str, Callable[[], Any], Any]] = [
    ("a classified car with a place scores", lambda: can_score(Status.CLASSIFIED, 3, DEFAULT), True),
    ("a classified car with no place does not", lambda: can_score(Status.CLASSIFIED, None, DEFAULT), False),
    ("a DNF does not score by default", lambda: can_score(Status.DNF, 5, DEFAULT), False),
    ("a DNF scores where the rules say", lambda: can_score(Status.DNF, 5, DNF_SCORES), True),
    ("70% of 394 laps is 276 laps", lambda: required_laps(394, SEVENTY), 276),
    ("276 of 394 laps covers 70%", lambda: covers_distance(276, 394, SEVENTY), True),
    ("275 of 394 laps falls short", lambda: covers_distance(275, 394, SEVENTY), False),
    ("70% of 100 laps is exactly 70", lambda: required_laps(100, SEVENTY), 70),
    ("no distance rule needs no laps", lambda: required_laps(394, DEFAULT), 0),
    ("no distance rule fails nobody", lambda: covers_distance(1, 394, DEFAULT), True),
    ("no reference fails nobody", lambda: covers_distance(1, None, SEVENTY), True),
    ("unknown laps cannot fail", lambda: covers_distance(None, 394, SEVENTY), True),
    ("measured against the overall winner by default", lambda: measured_against_overall(DEFAULT), True),
    ("the overall winner's laps", lambda: reference_laps(394, 380, SEVENTY), 394),
    ("the class winner's laps", lambda: reference_laps(394, 380, BY_CLASS), 380),
    (
        "the winner is the car placed first",
        lambda: winner_laps([Placed(2, 3, 390), Placed(1, 1, 380)], overall=True),
        380,
    ),
    (
        "the class winner is first in class",
        lambda: winner_laps([Placed(1, 4, 370), Placed(2, 1, 394)], overall=False),
        370,
    ),
    (
        "nobody placed first: most laps classified",
        lambda: winner_laps(
            [Placed(None, None, 300), Placed(None, None, 320, Status.DNF)], overall=True
        ),
        300,
    ),
    ("no laps known: no winner", lambda: winner_laps([Placed(1, 1, None)], overall=True), None),
    ("a win on the scale", lambda: points_for_place(SCALE, 1), 20),
    ("the last place on the scale", lambda: points_for_place(SCALE, 3), 13),
    ("beyond the scale", lambda: points_for_place(SCALE, 4), 0),
    ("no place", lambda: points_for_place(SCALE, None), 0),
    ("no bonus by default", lambda: bonus_points(Scored(1, True, True), DEFAULT), 0),
    ("pole and fastest lap bonuses add up", lambda: bonus_points(Scored(1, True, True), BONUSES), 3),
    ("the fastest lap alone", lambda: bonus_points(Scored(1, False, True), BONUSES), 2),
    ("fastest lap inside the top 10 scores", lambda: bonus_points(Scored(10, False, True), TOP_TEN_LAP), 2),
    ("fastest lap outside the top 10 does not", lambda: bonus_points(Scored(11, False, True), TOP_TEN_LAP), 0),
    ("fastest lap of an unplaced car with a limit", lambda: bonus_points(Scored(None, False, True), TOP_TEN_LAP), 0),
    ("pole outside the top 10 still scores", lambda: bonus_points(Scored(11, True, False), TOP_TEN_LAP), 1),
    ("qualifying 2nd on the qualifying scale", lambda: bonus_points(Scored(5, qualifying_pos=2), QUALI, QUALI_SCALE), 32),
    ("qualifying beyond the qualifying scale", lambda: bonus_points(Scored(5, qualifying_pos=9), QUALI, QUALI_SCALE), 0),
    ("no qualifying scale: qualifying pays nothing", lambda: bonus_points(Scored(5, qualifying_pos=1), DEFAULT, QUALI_SCALE), 0),
    ("half points for a win", lambda: race_points(SCALE, 1, HALF), 10),
    ("half points of 13 is 6.5", lambda: race_points(SCALE, 3, HALF), Decimal("6.5")),
    ("double points", lambda: race_points(SCALE, 2, Decimal(2)), 32),
    ("decimal scales stay exact", lambda: race_points((Decimal("0.1"),) * 3, 1, Decimal(3)), Decimal("0.3")),
    ("70% of 101 laps rounded up is 71", lambda: required_laps(101, SEVENTY), 71),
    ("70% of 101 laps rounded down is 70", lambda: required_laps(101, DOWN), 70),
    ("70 of 101 laps covers 70% rounded down", lambda: covers_distance(70, 101, DOWN), True),
    ("70 of 101 laps falls short exactly", lambda: covers_distance(70, 101, SEVENTY), False),
    ("a car is eligible everywhere by default", lambda: eligible_for(frozenset(), Championship.TEAMS), True),
    ("a car not registered for teams", lambda: eligible_for({Championship.TEAMS}, Championship.TEAMS), False),
    ("...still scores for drivers", lambda: eligible_for({Championship.TEAMS}, Championship.DRIVERS), True),
    ("each driver gets the car's points", lambda: driver_points(Decimal(25), 3, DEFAULT), 25),
    ("split points between two drivers", lambda: driver_points(Decimal(25), 2, SPLIT), Decimal("12.5")),
    ("split between three: to the hundredth", lambda: driver_points(Decimal(25), 3, SPLIT), Decimal("8.33")),
    ("a driver in two cars keeps the better by default", lambda: driver_adds_both_cars(DEFAULT), False),
    ("a driver in two cars adds both", lambda: driver_adds_both_cars(SeasonRules(driver_two_cars=DriverTwoCars.BOTH)), True),
    ("the manufacturer named", lambda: manufacturer_of("Porsche", "911 GT3 RS"), "Porsche"),
    ("the manufacturer from the chassis", lambda: manufacturer_of("", "Audi R8"), "Audi"),
    ("no chassis, no manufacturer", lambda: manufacturer_of(" ", ""), ""),
    ("the team is the competitor", lambda: team_competitor("Team X", "7", DEFAULT), "Team X"),
    ("each car its own competitor", lambda: team_competitor("Team X", "7", PER_CAR), "Team X #7"),
    ("a car without a number is the team", lambda: team_competitor("Team X", None, PER_CAR), "Team X"),
    ("a team scores its best car by default", lambda: team_scores_every_car(DEFAULT), False),
    (
        "a team scores every car",
        lambda: team_scores_every_car(SeasonRules(team_scoring=TeamScoring.ALL_ENTRIES)),
        True,
    ),
    ("positions as classified by default", lambda: re_ranked_positions(DEFAULT), False),
    (
        "positions among the scorers",
        lambda: re_ranked_positions(SeasonRules(team_positions=TeamPositions.RE_RANKED)),
        True,
    ),
    ("every round counts by default", lambda: dropped_rounds([(1, 1, 5), (2, 2, 9)], DEFAULT), set()),
    ("the worst round is dropped", lambda: dropped_rounds([(1, 1, 5), (2, 2, 9), (3, 3, 7)], SeasonRules(best_results=2)), {1}),
    ("of equal scores the later round is dropped", lambda: dropped_rounds([(1, 1, 7), (2, 2, 9), (3, 3, 7)], SeasonRules(best_results=2)), {3}),
    ("no more rounds than counted: none dropped", lambda: dropped_rounds([(1, 1, 7), (2, 2, 9)], SeasonRules(best_results=2)), set()),
    ("best 2 of rounds 1-3 and best 1 of 4-6", lambda: dropped_rounds([(1, 1, 5), (2, 2, 9), (3, 3, 7), (4, 4, 3), (5, 5, 4)], SEGMENTS), {1, 4}),
    ("a round in no segment always counts", lambda: dropped_rounds([(7, 7, 1), (8, 8, 1)], SEGMENTS), set()),
    ("countback: total, then wins, 2nds, 3rds", lambda: tie_break_key(30, [1, 3], 3, DEFAULT), (-30, -1, 0, -1)),
    (
        "countback on every place ends with the earliest best",
        lambda: tie_break_key(30, [1, 3, 5], 5, EVERY_PLACE, 2),
        (-30, -1, 0, -1, 0, -1, 2),
    ),
    (
        "shared: the total alone",
        lambda: tie_break_key(30, [1, 3], 3, SeasonRules(tie_break=TieBreak.SHARED)),
        (-30,),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "expected"), [c[1:] for c in RULES], ids=[c[0] for c in RULES])
def test_each_rule(rule: Callable[[], Any], expected: Any) -> None:
    assert rule() == expected


def test_more_wins_beat_more_seconds_at_equal_totals() -> None:
    wins = tie_break_key(32, [1, 3], 3, DEFAULT)
    seconds = tie_break_key(32, [2, 2], 3, DEFAULT)
    assert wins < seconds


EVERY_RULE_CHANGED = SeasonRules(
    min_distance_pct=75.5,
    distance_reference=DistanceReference.CLASS_WINNER,
    team_scoring=TeamScoring.ALL_ENTRIES,
    team_positions=TeamPositions.RE_RANKED,
    scoring_statuses=frozenset({Status.DNF, Status.CLASSIFIED}),
    best_results=7,
    pole_points=Decimal(1),
    fastest_lap_points=Decimal("2.5"),
    fastest_lap_max_pos=10,
    qualifying_points="quali",
    tie_break=TieBreak.SHARED,
    distance_rounding=DistanceRounding.DOWN,
    driver_two_cars=DriverTwoCars.BOTH,
    shared_drive_points=SharedDrivePoints.SPLIT,
    manufacturer_best_cars=2,
    championships=(
        (Championship.DRIVERS, (("best_results", 11),)),
        (Championship.TEAMS, (("best_results", None), ("team_scoring", TeamScoring.PER_CAR))),
    ),
)
SPLIT_DROPS = SeasonRules(best_results=(DropSegment(1, 7, 4), DropSegment(8, 15, 4)))


@pytest.mark.parametrize("rules", [DEFAULT, SEVENTY, EVERY_RULE_CHANGED, SPLIT_DROPS])
def test_rules_come_back_as_they_were_stored(rules: SeasonRules) -> None:
    assert SeasonRules.from_json(rules.to_json()) == rules


def test_the_stored_form_is_plain_json_with_one_key_per_rule() -> None:
    assert EVERY_RULE_CHANGED.to_json() == {
        "min_distance_pct": 75.5,
        "distance_reference": "class_winner",
        "distance_rounding": "down",
        "team_scoring": "all_entries",
        "team_positions": "re_ranked",
        "scoring_statuses": ["classified", "dnf"],
        "best_results": 7,
        "drop_by": "round",
        "pole_points": 1,
        "fastest_lap_points": 2.5,
        "fastest_lap_max_pos": 10,
        "qualifying_points": "quali",
        "tie_break": "shared",
        "driver_two_cars": "both",
        "shared_drive_points": "split",
        "manufacturers": {"best_cars": 2},
        "championships": {
            "drivers": {"best_results": 11},
            "teams": {"best_results": None, "team_scoring": "per_car"},
        },
    }
    fields = {f.name for f in dataclasses.fields(SeasonRules)} - {"championships"}
    assert fields == {"manufacturer_best_cars" if k == "manufacturers" else k for k in RULE_KEYS}
    segments = SPLIT_DROPS.to_json()["best_results"]
    assert segments == [{"rounds": [1, 7], "best": 4}, {"rounds": [8, 15], "best": 4}]


def test_a_championship_takes_the_rules_and_its_own() -> None:
    drivers = EVERY_RULE_CHANGED.for_championship(Championship.DRIVERS)
    teams = EVERY_RULE_CHANGED.for_championship(Championship.TEAMS)
    makers = EVERY_RULE_CHANGED.for_championship(Championship.MANUFACTURERS)
    assert (drivers.best_results, teams.best_results, makers.best_results) == (11, None, 7)
    assert teams.team_scoring is TeamScoring.PER_CAR
    assert drivers.tie_break is teams.tie_break is makers.tie_break is TieBreak.SHARED
    assert makers.championships == ()


def test_season_definition_spellings_are_read_too() -> None:
    rules = SeasonRules.from_json(
        {"team_scores": "per_car", "lower_entries_keep_their_positions": False}
    )
    assert rules == SeasonRules(
        team_scoring=TeamScoring.PER_CAR, team_positions=TeamPositions.RE_RANKED
    )
    assert SeasonRules.from_json({"scoring_statuses": ["Finished"]}) == DEFAULT


def test_missing_rules_take_their_defaults() -> None:
    assert SeasonRules.from_json({}) == DEFAULT
    assert SeasonRules.from_json({"best_results": 7}) == SeasonRules(best_results=7)
    assert DEFAULT.to_json() == {
        "min_distance_pct": None,
        "distance_reference": "overall_winner",
        "distance_rounding": "exact",
        "team_scoring": "best_entry",
        "team_positions": "as_classified",
        "scoring_statuses": ["classified"],
        "best_results": None,
        "drop_by": "round",
        "pole_points": 0,
        "fastest_lap_points": 0,
        "fastest_lap_max_pos": None,
        "qualifying_points": None,
        "tie_break": "countback",
        "driver_two_cars": "best",
        "shared_drive_points": "full",
        "manufacturers": {"best_cars": 1},
        "championships": {},
    }


# (case, stored rules, the key named)
REFUSED: list[tuple[str, dict[str, Any], str]] = [
    ("an unknown rule", {"weather": "rain"}, "weather"),
    ("a distance past 100%", {"min_distance_pct": 500}, "min_distance_pct"),
    ("a distance that is a yes", {"min_distance_pct": True}, "min_distance_pct"),
    ("a distance in words", {"min_distance_pct": "70"}, "min_distance_pct"),
    ("a distance that is not a number", {"min_distance_pct": float("nan")}, "min_distance_pct"),
    ("an unknown reference", {"distance_reference": "leader"}, "distance_reference"),
    ("a reference that is a number", {"distance_reference": 1}, "distance_reference"),
    ("an unknown team scoring", {"team_scoring": "worst_entry"}, "team_scoring"),
    ("an unknown positions rule", {"team_positions": "random"}, "team_positions"),
    ("an unknown status", {"scoring_statuses": ["flying"]}, "scoring_statuses"),
    ("statuses that are no list", {"scoring_statuses": "classified"}, "scoring_statuses"),
    ("no rounds counted", {"best_results": 0}, "best_results"),
    ("drop rounds in words", {"best_results": "seven"}, "best_results"),
    ("drop rounds as true", {"best_results": True}, "best_results"),
    ("negative pole points", {"pole_points": -1}, "pole_points"),
    ("no pole points at all", {"pole_points": None}, "pole_points"),
    ("a thousandth of a point", {"fastest_lap_points": 1.555}, "fastest_lap_points"),
    ("points in words", {"fastest_lap_points": "two"}, "fastest_lap_points"),
    ("an unknown tie-break", {"tie_break": "coin_toss"}, "tie_break"),
    ("an unknown distance rounding", {"distance_rounding": "up"}, "distance_rounding"),
    ("fastest lap limited to no place", {"fastest_lap_max_pos": 0}, "fastest_lap_max_pos"),
    ("a qualifying scale with no name", {"qualifying_points": " "}, "qualifying_points"),
    ("an unknown two-car rule", {"driver_two_cars": "worst"}, "driver_two_cars"),
    ("an unknown shared-drive rule", {"shared_drive_points": "half"}, "shared_drive_points"),
    ("an unknown drop-by", {"drop_by": "season"}, "drop_by"),
    ("manufacturers counting no car", {"manufacturers": {"best_cars": 0}}, "manufacturers"),
    ("manufacturers as a number", {"manufacturers": 2}, "manufacturers"),
    ("manufacturers with another key", {"manufacturers": {"cars": 2}}, "manufacturers"),
    ("a segment with no best", {"best_results": [{"rounds": [1, 7]}]}, "best_results"),
    ("a segment backwards", {"best_results": [{"rounds": [7, 1], "best": 2}]}, "best_results"),
    (
        "segments that overlap",
        {"best_results": [{"rounds": [1, 7], "best": 2}, {"rounds": [7, 9], "best": 1}]},
        "best_results",
    ),
    ("no segments at all", {"best_results": []}, "best_results"),
    ("a segment of round zero", {"best_results": [{"rounds": [0, 3], "best": 1}]}, "best_results"),
    ("an unknown championship", {"championships": {"nations": {}}}, "championships"),
    ("championships as a list", {"championships": ["drivers"]}, "championships"),
    (
        "a championship's rules as a number",
        {"championships": {"drivers": 11}},
        "championships.drivers",
    ),
    (
        "a bad rule of one championship",
        {"championships": {"drivers": {"best_results": 0}}},
        "championships.drivers.best_results",
    ),
    (
        "an unknown rule of one championship",
        {"championships": {"teams": {"weather": 1}}},
        "championships.teams.weather",
    ),
    (
        "championships inside a championship",
        {"championships": {"teams": {"championships": {}}}},
        "championships.teams.championships",
    ),
]


@pytest.mark.parametrize(("stored", "key"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_a_rule_that_cannot_be_used_is_refused_by_name(stored: dict[str, Any], key: str) -> None:
    with pytest.raises(ValueError, match=f"rule {key}: ") as raised:
        SeasonRules.from_json(stored)
    assert isinstance(raised.value, RuleValueError)
    assert raised.value.key == key
