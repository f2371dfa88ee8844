"""Every rule the engine knows, one row per case, and the rules' one stored form."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, NamedTuple

import pytest

from model.scoring.rules import (
    RULE_KEYS,
    DistanceReference,
    RuleValueError,
    SeasonRules,
    Status,
    TeamPositions,
    TeamScoring,
    TieBreak,
    bonus_points,
    can_score,
    covers_distance,
    dropped_rounds,
    measured_against_overall,
    points_for_place,
    re_ranked_positions,
    reference_laps,
    required_laps,
    team_scores_every_car,
    tie_break_key,
    winner_laps,
)

DEFAULT = SeasonRules()
SEVENTY = SeasonRules(min_distance_pct=70)
BY_CLASS = SeasonRules(min_distance_pct=70, distance_reference=DistanceReference.CLASS_WINNER)
DNF_SCORES = SeasonRules(scoring_statuses=frozenset({Status.CLASSIFIED, Status.DNF}))
SCALE = (20, 16, 13)


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
    ("no bonus by default", lambda: bonus_points(True, True, DEFAULT), 0),
    (
        "pole and fastest lap bonuses add up",
        lambda: bonus_points(True, True, SeasonRules(pole_points=1, fastest_lap_points=2)),
        3,
    ),
    (
        "the fastest lap alone",
        lambda: bonus_points(False, True, SeasonRules(pole_points=1, fastest_lap_points=2)),
        2,
    ),
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
    ("every round counts by default", lambda: dropped_rounds([(1, 5), (2, 9)], DEFAULT), set()),
    (
        "the worst round is dropped",
        lambda: dropped_rounds([(1, 5), (2, 9), (3, 7)], SeasonRules(best_results=2)),
        {1},
    ),
    (
        "of equal scores the later round is dropped",
        lambda: dropped_rounds([(1, 7), (2, 9), (3, 7)], SeasonRules(best_results=2)),
        {3},
    ),
    (
        "no more rounds than counted: none dropped",
        lambda: dropped_rounds([(1, 7), (2, 9)], SeasonRules(best_results=2)),
        set(),
    ),
    ("countback: total, then wins, 2nds, 3rds", lambda: tie_break_key(30, [1, 3], 3, DEFAULT), (-30, -1, 0, -1)),
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
    pole_points=1,
    fastest_lap_points=2,
    tie_break=TieBreak.SHARED,
)


@pytest.mark.parametrize("rules", [DEFAULT, SEVENTY, EVERY_RULE_CHANGED])
def test_rules_come_back_as_they_were_stored(rules: SeasonRules) -> None:
    assert SeasonRules.from_json(rules.to_json()) == rules


def test_the_stored_form_is_plain_json_with_one_key_per_rule() -> None:
    assert EVERY_RULE_CHANGED.to_json() == {
        "min_distance_pct": 75.5,
        "distance_reference": "class_winner",
        "team_scoring": "all_entries",
        "team_positions": "re_ranked",
        "scoring_statuses": ["classified", "dnf"],
        "best_results": 7,
        "pole_points": 1,
        "fastest_lap_points": 2,
        "tie_break": "shared",
    }
    assert tuple(f.name for f in dataclasses.fields(SeasonRules)) == RULE_KEYS


def test_missing_rules_take_their_defaults() -> None:
    assert SeasonRules.from_json({}) == DEFAULT
    assert SeasonRules.from_json({"best_results": 7}) == SeasonRules(best_results=7)
    assert DEFAULT.to_json() == {
        "min_distance_pct": None,
        "distance_reference": "overall_winner",
        "team_scoring": "best_entry",
        "team_positions": "as_classified",
        "scoring_statuses": ["classified"],
        "best_results": None,
        "pole_points": 0,
        "fastest_lap_points": 0,
        "tie_break": "countback",
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
    ("a status by its alias", {"scoring_statuses": ["finished"]}, "scoring_statuses"),
    ("no rounds counted", {"best_results": 0}, "best_results"),
    ("drop rounds in words", {"best_results": "seven"}, "best_results"),
    ("drop rounds as true", {"best_results": True}, "best_results"),
    ("negative pole points", {"pole_points": -1}, "pole_points"),
    ("no pole points at all", {"pole_points": None}, "pole_points"),
    ("a fraction of a point", {"fastest_lap_points": 1.5}, "fastest_lap_points"),
    ("an unknown tie-break", {"tie_break": "coin_toss"}, "tie_break"),
]


@pytest.mark.parametrize(("stored", "key"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_a_rule_that_cannot_be_used_is_refused_by_name(stored: dict[str, Any], key: str) -> None:
    with pytest.raises(ValueError, match=f"rule {key}: ") as raised:
        SeasonRules.from_json(stored)
    assert isinstance(raised.value, RuleValueError)
    assert raised.value.key == key
