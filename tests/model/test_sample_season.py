"""The 2003 sample reproduces the published ALMS standings; other seasons need only data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from model.edits.results_import import import_result_rows
from model.edits.seasons import find_season, import_season
from model.io.jsonlines import read_json
from model.io.results_csv import read_results_csv
from model.io.season_definition import parse_season_definition
from model.scoring.standings import Championship, SeasonStandings, compute_standings
from model.store.db import transaction
from model.store.season_data import load_season_data
from tests.conftest import DATA, REFERENCE

PUBLISHED = json.loads((DATA / "alms-2003-standings.json").read_text(encoding="utf-8"))


def standings_of(engine: Engine, year: int) -> SeasonStandings:
    with Session(engine) as session:
        season = find_season(session=session, year=year)
        assert season.id is not None
        return compute_standings(load_season_data(session=session, season_id=season.id))


@pytest.mark.parametrize("class_name", ["LMP900", "LMP675", "GTS", "GT"])
def test_sample_reproduces_the_published_team_standings(
    sample_engine: Engine, class_name: str
) -> None:
    table = standings_of(sample_engine, 2003).table(class_name, Championship.TEAMS)
    computed = [
        {
            "pos": row.pos,
            "team": row.name,
            "chassis": " ".join(row.chassis),
            "engine": " ".join(row.engine),
            "rounds": row.round_points,
            "total": row.total,
        }
        for row in table.rows
    ]
    published = [
        {key: row[key] for key in ("pos", "team", "chassis", "engine", "rounds", "total")}
        for row in PUBLISHED[class_name]
    ]
    assert computed == published
    assert table.round_numbers == tuple(range(1, 10))


def test_bundled_copy_matches_the_reference_data() -> None:
    if not REFERENCE.exists():
        pytest.skip("the shared reference folder is not present")
    bundled = Path(__file__).resolve().parents[2] / "resources" / "samples" / "alms-2003"
    for name in ("season.json", "results.csv"):
        assert (bundled / name).read_bytes() == (REFERENCE / "alms-2003" / name).read_bytes()
    assert (DATA / "alms-2003-standings.json").read_bytes() == (
        REFERENCE / "alms-2003" / "standings.json"
    ).read_bytes()


def test_sample_calendar_keeps_the_cancelled_round_without_a_number(
    sample_engine: Engine,
) -> None:
    with Session(sample_engine) as session:
        data = load_season_data(session=session, season_id=1)
    assert len(data.rounds) == 10
    mexico = data.rounds[1]
    assert (mexico.name, mexico.number, mexico.cancelled) == ("Grand Prix of Mexico", None, True)
    assert [r.number for r in data.numbered_rounds] == list(range(1, 10))


def test_a_season_with_a_third_points_scale_needs_only_data(engine: Engine) -> None:
    season_file = DATA / "three-scales-season.json"
    results_file = DATA / "three-scales-results.csv"
    with transaction(engine) as session:
        definition = parse_season_definition(read_json(season_file), source=season_file.name)
        done = import_season(session=session, definition=definition)
        rows = read_results_csv(results_file)
        import_result_rows(session=session, season_id=done.season_id, rows=rows, source="x")
    standings = standings_of(engine, 2004)
    lmp1 = {
        r.name: (r.round_points, r.total) for r in standings.table("LMP1", Championship.TEAMS).rows
    }
    assert lmp1 == {"Blue Team": ([26, 16, 23], 65), "Red Team": ([22, 20, 19], 61)}
    gt = {r.name: (r.round_points, r.total) for r in standings.table("GT", Championship.TEAMS).rows}
    # Green Team's 240 laps at Sebring fall short of 70% of the winner's 349 (245 laps).
    assert gt == {"Silver Team": ([26, 16, 23], 65), "Green Team": ([None, 20, 19], 39)}


def test_sample_knows_each_rounds_overall_winner(sample_engine: Engine) -> None:
    with Session(sample_engine) as session:
        data = load_season_data(session=session, season_id=1)
    winners = {
        rnd.number: (data.entries[r.entry_id].team, data.entries[r.entry_id].class_name)
        for rnd in data.numbered_rounds
        for r in data.results
        if r.round_id == rnd.id and r.overall_pos == 1
    }
    assert len(winners) == 9
    assert winners[3] == ("Dyson Racing", "LMP675")  # Sonoma: the first non-LMP900 overall win
    assert {cls for n, (_, cls) in winners.items() if n != 3} == {"LMP900"}
