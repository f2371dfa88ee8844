"""Season definitions: stored as data, updated in place on a second import."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from model.edits.seasons import find_season, import_season, list_seasons
from model.errors import InputError, NotFoundError
from model.io.season_definition import parse_season_definition
from model.scoring.rules import DistanceReference, Status, TeamPositions, TeamScoring
from model.store import tables as t
from model.store.db import transaction
from model.store.season_data import load_season_data
from tests.helpers import SAMPLE

SEASON: dict[str, Any] = json.loads((SAMPLE / "season.json").read_text(encoding="utf-8"))


def load(engine: Engine, raw: dict[str, Any]) -> int:
    with transaction(engine) as session:
        definition = parse_season_definition(raw, source="season.json")
        return import_season(session=session, definition=definition, source="season.json").season_id


def test_rules_are_stored_with_the_season(engine: Engine) -> None:
    season_id = load(engine, SEASON)
    with Session(engine) as session:
        data = load_season_data(session=session, season_id=season_id)
    assert data.classes == ("LMP900", "LMP675", "GTS", "GT")
    assert data.rules.min_distance_pct == 70
    assert data.rules.distance_reference is DistanceReference.OVERALL_WINNER
    assert data.rules.team_scoring is TeamScoring.BEST_ENTRY
    assert data.rules.team_positions is TeamPositions.AS_CLASSIFIED
    assert data.rules.scoring_statuses == {Status.CLASSIFIED}
    assert data.rounds[0].scale == (26, 22, 19, 16, 14, 12, 10, 9, 8, 7)
    assert data.rounds[2].scale == (20, 16, 13, 10, 8, 6, 4, 3, 2, 1)


def test_optional_rules_from_earlier_seasons(engine: Engine) -> None:
    raw = copy.deepcopy(SEASON)
    raw["rules"].update(
        best_results=7,
        pole_points=1,
        fastest_lap_points=1,
        lower_entries_keep_their_positions=False,
        scoring_statuses=["classified", "DNF"],
    )
    with Session(engine) as session:
        rules = load_season_data(session=session, season_id=load(engine, raw)).rules
    assert (rules.best_results, rules.pole_points, rules.fastest_lap_points) == (7, 1, 1)
    assert rules.team_positions is TeamPositions.RE_RANKED
    assert rules.scoring_statuses == {Status.CLASSIFIED, Status.DNF}


def test_importing_twice_updates_instead_of_duplicating(engine: Engine) -> None:
    first = load(engine, SEASON)
    raw = copy.deepcopy(SEASON)
    raw["classes"].append("GTP")
    raw["points_scales"]["standard"] = [10, 8, 6]
    raw["rounds"][1] = {
        **raw["rounds"][1],
        "status": "scheduled",
        "round": 10,
        "points_scale": "standard",
    }
    assert load(engine, raw) == first
    with Session(engine) as session:
        assert len(session.exec(select(t.Season)).all()) == 1
        assert len(session.exec(select(t.Round)).all()) == 10
        data = load_season_data(session=session, season_id=first)
    assert data.classes[-1] == "GTP"
    mexico = data.rounds[1]
    assert (mexico.number, mexico.cancelled, mexico.scale) == (10, False, (10, 8, 6))


def test_rounds_can_be_renumbered(engine: Engine) -> None:
    load(engine, SEASON)
    raw = copy.deepcopy(SEASON)
    numbered = [r for r in raw["rounds"] if r.get("round")]
    numbered[0]["round"], numbered[1]["round"] = 2, 1
    season_id = load(engine, raw)
    with Session(engine) as session:
        rounds = load_season_data(session=session, season_id=season_id).rounds
    assert [(r.number, r.name) for r in rounds[:3]] == [
        (2, "Mobil 1 12 Hours of Sebring"),
        (None, "Grand Prix of Mexico"),
        (1, "Chevy Grand Prix of Atlanta"),
    ]


def test_a_class_with_entries_cannot_be_removed(sample_engine: Engine) -> None:
    raw = copy.deepcopy(SEASON)
    raw["classes"].remove("GTS")
    with pytest.raises(InputError, match="class 'GTS' has entries"):
        load(sample_engine, raw)


def test_find_season_by_year_and_series(engine: Engine) -> None:
    load(engine, SEASON)
    other = {**copy.deepcopy(SEASON), "series": "European Le Mans Series"}
    load(engine, other)
    with Session(engine) as session:
        assert [(s, y) for s, y, _ in list_seasons(session=session)] == [
            ("American Le Mans Series", 2003),
            ("European Le Mans Series", 2003),
        ]
        with pytest.raises(NotFoundError, match="several series have a 2003 season"):
            find_season(session=session, year=2003)
        season = find_season(session=session, year=2003, series="european le mans series")
        assert season.id == 2


def swap_first_two_numbers(raw: dict[str, Any]) -> None:
    numbered = [r for r in raw["rounds"] if r.get("round")]
    numbered[0]["round"], numbered[1]["round"] = 2, 1


def cancel_the_first_and_renumber(raw: dict[str, Any]) -> None:
    raw["rounds"][0].update(round=None, status="cancelled")
    for number, rnd in enumerate((r for r in raw["rounds"] if r.get("round")), start=1):
        rnd["round"] = number


def rename_the_third(raw: dict[str, Any]) -> None:
    raw["rounds"][3]["name"] = "Sonoma Grand Prix"


# (what, change to the definition, {round name: its results' entries afterwards} differences)
CALENDAR_CHANGES = [
    ("two rounds swap numbers", swap_first_two_numbers, {}),
    ("a round cancelled, the others renumbered", cancel_the_first_and_renumber, {}),
    (
        "a round renamed",
        rename_the_third,
        {"Sonoma Grand Prix": "Infineon Grand Prix of Sonoma"},
    ),
]


def results_by_round(engine: Engine) -> dict[str, list[int]]:
    with Session(engine) as session:
        data = load_season_data(session=session, season_id=1)
    names = {rnd.id: rnd.name for rnd in data.rounds}
    found: dict[str, list[int]] = {}
    for result in data.results:
        found.setdefault(names[result.round_id], []).append(result.result_id)
    return found


@pytest.mark.parametrize(
    ("what", "change", "renamed"), CALENDAR_CHANGES, ids=[c[0] for c in CALENDAR_CHANGES]
)
def test_every_event_keeps_its_results_when_the_calendar_changes(
    sample_engine: Engine, what: str, change: Any, renamed: dict[str, str]
) -> None:
    before = results_by_round(sample_engine)
    raw = copy.deepcopy(SEASON)
    change(raw)
    load(sample_engine, raw)
    after = results_by_round(sample_engine)
    assert {renamed.get(name, name): ids for name, ids in after.items()} == before
