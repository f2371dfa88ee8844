"""The rules as season.json writes them: half points, rounds of several races, rules per
championship, penalties; and every value that cannot be used, refused by file, line and field."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from model.edits.seasons import import_season
from model.errors import InputError
from model.io.jsonlines import parse_json
from model.io.season_definition import parse_season_definition
from model.scoring.rules import Championship, DropSegment, TeamScoring
from model.scoring.standings import compute_standings
from model.store.db import open_engine, url_for_path
from model.store.season_data import load_season_data


def season(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "series": "Test Series",
        "season": 2020,
        "classes": ["P", "GT"],
        "points_scales": {"race": [25, 18, 15], "sprint": [12.5, 9, 7.5]},
        "rules": {},
        "rounds": [
            {"round": 1, "name": "Opener", "points_scale": "race"},
            {
                "round": 2,
                "name": "Double",
                "date": "2020-05-01",
                "races": [
                    {"name": "Sprint", "points_scale": "sprint"},
                    {"name": "Main", "points_scale": "race", "date": "2020-05-02"},
                ],
            },
            {"round": 3, "name": "Finale", "points_scale": "race", "points_factor": 2},
        ],
    }
    data.update(changes)
    return data


def parsed(data: dict[str, Any]) -> Any:
    text = json.dumps(data, indent=1)
    return parse_season_definition(parse_json(text, source="season.json"), source="season.json")


def test_a_round_of_two_races_becomes_two_numbered_races_of_one_round() -> None:
    rounds = parsed(season()).rounds
    assert [(r.number, r.event, r.name, r.points_scale) for r in rounds] == [
        (1, 1, "Opener", "race"),
        (2, 2, "Double Sprint", "sprint"),
        (3, 2, "Double Main", "race"),
        (4, 3, "Finale", "race"),
    ]
    assert [str(r.date) for r in rounds[1:3]] == ["2020-05-01", "2020-05-02"]
    assert [r.points_factor for r in rounds] == [1, 1, 1, 2]


def test_a_calendar_of_single_races_keeps_its_numbers() -> None:
    data = season(rounds=[{"round": 7, "name": "Only", "points_scale": "race"}])
    (only,) = parsed(data).rounds
    assert (only.number, only.event) == (7, None)


def test_rules_of_each_championship_beside_the_rules() -> None:
    data = season(
        rules={"best_results": [{"rounds": [1, 2], "best": 1}], "team_scores": "per_car"},
        championships={"drivers": {"best_results": 11}, "manufacturers": {"best_cars": 2}},
    )
    data["championships"]["manufacturers"] = {"manufacturers": {"best_cars": 2}}
    rules = parsed(data).rules
    assert rules.best_results == (DropSegment(1, 2, 1),)
    assert rules.team_scoring is TeamScoring.PER_CAR
    assert rules.for_championship(Championship.DRIVERS).best_results == 11
    assert rules.for_championship(Championship.MANUFACTURERS).manufacturer_best_cars == 2
    assert rules.for_championship(Championship.TEAMS).best_results == (DropSegment(1, 2, 1),)


def test_penalties_are_read_with_their_round_by_number() -> None:
    data = season(
        penalties=[
            {"class": "GT", "competitor": "Team X", "round": 3, "points": -2.5, "reason": "pit"},
            {"championship": "drivers", "class": "P", "competitor": "Ann", "excluded": True},
        ]
    )
    first, second = parsed(data).penalties
    assert (first.championship, first.round_number, first.points) == ("all", 3, Decimal("-2.5"))
    assert (second.championship, second.excluded, second.points) == ("drivers", True, 0)


def test_an_imported_season_scores_by_its_races_factors_and_penalties(tmp_path: Path) -> None:
    data = season(
        penalties=[{"class": "P", "competitor": "Team A", "points": -1.5, "reason": "speeding"}]
    )
    engine = open_engine(url_for_path(tmp_path / "doc.pitboard"))
    with Session(engine) as session:
        done = import_season(session=session, definition=parsed(data), source="season.json")
        session.commit()
        loaded = load_season_data(session=session, season_id=done.season_id)
    engine.dispose()
    assert [(r.number, r.event, r.factor) for r in loaded.numbered_rounds] == [
        (1, 1, 1),
        (2, 2, 1),
        (3, 2, 1),
        (4, 3, 2),
    ]
    assert loaded.scales["sprint"] == (Decimal("12.5"), 9, Decimal("7.5"))
    (penalty,) = loaded.penalties
    assert (penalty.competitor, penalty.points, penalty.reason) == (
        "Team A",
        Decimal("-1.5"),
        "speeding",
    )
    assert compute_standings(loaded).table("P", Championship.TEAMS).rows == ()


# (case, the season.json data, the field named, words in the message)
REFUSED: list[tuple[str, dict[str, Any], str, str]] = [
    ("a factor of 0", season(rounds=[{"round": 1, "name": "R", "points_scale": "race", "points_factor": 0}]), "rounds[0].points_factor", "more than 0"),
    ("a negative factor", season(rounds=[{"round": 1, "name": "R", "points_scale": "race", "points_factor": -1}]), "rounds[0].points_factor", "more than 0"),
    ("a factor in words", season(rounds=[{"round": 1, "name": "R", "points_scale": "race", "points_factor": "half"}]), "rounds[0].points_factor", "expected a whole number"),
    ("a factor of a third", season(rounds=[{"round": 1, "name": "R", "points_scale": "race", "points_factor": 0.333}]), "rounds[0].points_factor", "two decimal places"),
    ("a factor as true", season(rounds=[{"round": 1, "name": "R", "points_scale": "race", "points_factor": True}]), "rounds[0].points_factor", "found True"),
    ("points to the thousandth", season(points_scales={"race": [25, 18.125]}), "points_scales.race", "two decimal places"),
    ("points in words", season(points_scales={"race": ["ten"]}), "points_scales.race", "expected points"),
    ("negative points", season(points_scales={"race": [25, -1]}), "points_scales.race", "cannot be negative"),
    ("points past 100,000", season(points_scales={"race": [100_000.5]}), "points_scales.race", "is not a number of points"),
    ("a factor past 100,000", season(rounds=[{"round": 1, "name": "R", "points_scale": "race", "points_factor": 100_001}]), "rounds[0].points_factor", "is not a number of points"),
    ("no races in a round", season(rounds=[{"round": 1, "name": "R", "races": []}]), "rounds[0].races", "empty"),
    ("races that are not a list", season(rounds=[{"round": 1, "name": "R", "races": {"a": 1}}]), "rounds[0].races", "expected a list"),
    ("a race with no scale", season(rounds=[{"round": 1, "name": "R", "races": [{"name": "A"}]}]), "rounds[0].races[0].points_scale", "is missing"),
    ("a race with an unknown scale", season(rounds=[{"round": 1, "name": "R", "races": [{"name": "A", "points_scale": "x"}]}]), "rounds[0].races[0].points_scale", "unknown points scale 'x'"),
    ("a race with no name", season(rounds=[{"round": 1, "name": "R", "races": [{"points_scale": "race"}]}]), "rounds[0].races[0].name", "is missing"),
    ("two races of one name", season(rounds=[{"round": 1, "name": "R", "races": [{"name": "A", "points_scale": "race"}, {"name": "A", "points_scale": "race"}]}]), "rounds[0].races", "same name"),
    ("a race that is a number", season(rounds=[{"round": 1, "name": "R", "races": [3]}]), "rounds[0].races[0]", "expected a JSON object"),
    ("championships beside and inside the rules", season(rules={"championships": {}}, championships={}), "championships", "both"),
    ("an unknown championship", season(championships={"nations": {}}), "championships", "championship"),
    ("a bad rule of one championship", season(championships={"drivers": {"best_results": 0}}), "championships.drivers.best_results", "from 1 to 100,000"),
    ("an unknown rule of one championship", season(championships={"teams": {"weather": 1}}), "championships.teams.weather", "unknown rule"),
    ("a qualifying scale that does not exist", season(rules={"qualifying_points": "quali"}), "rules.qualifying_points", "unknown points scale 'quali'"),
    ("one championship's unknown qualifying scale", season(championships={"drivers": {"qualifying_points": "q"}}), "rules.qualifying_points", "unknown points scale 'q'"),
    ("overlapping drop segments", season(rules={"best_results": [{"rounds": [1, 3], "best": 1}, {"rounds": [3, 4], "best": 1}]}), "rules.best_results", "overlap"),
    ("a penalty in an unknown class", season(penalties=[{"class": "LMP1", "competitor": "X", "points": -1}]), "penalties[0].class", "unknown class 'LMP1'"),
    ("a penalty at an unknown round", season(penalties=[{"class": "P", "competitor": "X", "round": 9, "points": -1}]), "penalties[0].round", "no round 9"),
    ("a penalty of an unknown championship", season(penalties=[{"championship": "nations", "class": "P", "competitor": "X", "points": -1}]), "penalties[0].championship", "unknown championship"),
    ("a penalty with no points", season(penalties=[{"class": "P", "competitor": "X"}]), "penalties[0].points", "is missing"),
    ("a penalty of a thousandth", season(penalties=[{"class": "P", "competitor": "X", "points": -0.001}]), "penalties[0].points", "two decimal places"),
    ("a penalty for nobody", season(penalties=[{"class": "P", "competitor": " ", "points": -1}]), "penalties[0].competitor", "is empty"),
    ("an exclusion that is a maybe", season(penalties=[{"class": "P", "competitor": "X", "excluded": "maybe"}]), "penalties[0].excluded", "expected true/false"),
    ("penalties that are not a list", season(penalties={"class": "P"}), "penalties", "expected a list"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "field", "words"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_a_value_that_cannot_be_used_is_named(data: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(InputError) as raised:
        parsed(data)
    assert raised.value.source == "season.json"
    assert raised.value.field == field
    assert raised.value.line is not None
    assert words in str(raised.value)
