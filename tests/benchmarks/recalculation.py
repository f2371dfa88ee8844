"""Recalculating standings (read the season from SQLite, score it) against reading its rows."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, insert
from sqlalchemy.dialects import sqlite
from sqlmodel import Session

from model.edits.sample import load_sample_season
from model.scoring.rules import SeasonRules
from model.scoring.standings import compute_standings
from model.store import tables as t
from model.store.db import open_engine, url_for_path
from model.store.season_data import load_season_data
from model.store.season_queries import LOADER_QUERIES
from tests.benchmarks.timing import Measurement, median_time


def floor_queries() -> list[str]:
    """The loader's own statements as SQLite SQL text, so the floor reads exactly its rows."""
    dialect = sqlite.dialect()
    return [str(query.compile(dialect=dialect)) for query in LOADER_QUERIES]


def read_rows(connection: sqlite3.Connection, season_id: int, queries: list[str]) -> int:
    """The floor: fetch every row the recalculation reads, with the bare sqlite3 driver."""
    return sum(
        len(connection.execute(sql, (season_id,) * sql.count("?")).fetchall()) for sql in queries
    )


def recalculate(engine: Engine, season_id: int) -> object:
    with Session(engine) as session:
        data = load_season_data(session=session, season_id=season_id)
    return compute_standings(data)


def sample_document(folder: Path) -> tuple[Engine, Path]:
    path = folder / "sample.pitboard"
    engine = open_engine(url_for_path(path))
    load_sample_season(engine)
    return engine, path


def synthetic_document(
    folder: Path, *, rounds: int, classes: int, cars: int, seed: int = 2003
) -> tuple[Engine, Path]:
    """A season of `rounds` rounds and `classes` classes of `cars` cars each, all finishing."""
    path = folder / f"synthetic-{rounds}x{classes}x{cars}.pitboard"
    engine = open_engine(url_for_path(path))
    rng = random.Random(seed)
    with Session(engine) as session, session.begin():
        session.execute(insert(t.Series), [{"id": 1, "name": "Synthetic Series"}])
        session.execute(
            insert(t.Season),
            [
                {
                    "id": 1,
                    "series_id": 1,
                    "year": 2030,
                    "rules": SeasonRules(min_distance_pct=70).to_json(),
                }
            ],
        )
        session.execute(
            insert(t.PointsScale),
            [
                {
                    "id": 1,
                    "season_id": 1,
                    "name": "standard",
                    "points": [20, 16, 13, 10, 8, 6, 4, 3, 2, 1],
                }
            ],
        )
        session.execute(
            insert(t.SeasonClass),
            [
                {"id": c + 1, "season_id": 1, "name": f"Class {c + 1}", "sort_order": c}
                for c in range(classes)
            ],
        )
        session.execute(
            insert(t.Round),
            [
                {
                    "id": r + 1,
                    "season_id": 1,
                    "number": r + 1,
                    "calendar_order": r,
                    "name": f"Round {r + 1}",
                    "points_scale_id": 1,
                    "cancelled": False,
                }
                for r in range(rounds)
            ],
        )
        teams = cars * classes // 2
        session.execute(
            insert(t.Team), [{"id": n + 1, "name": f"Team {n + 1}"} for n in range(teams)]
        )
        entries = [
            {
                "id": c * cars + n + 1,
                "season_id": 1,
                "class_id": c + 1,
                "team_id": rng.randrange(teams) + 1,
                "car_number": str(c * cars + n + 1),
                "chassis": f"Chassis {n % 7}",
                "engine": f"Engine {n % 5}",
            }
            for c in range(classes)
            for n in range(cars)
        ]
        session.execute(insert(t.Entry), entries)
        results = []
        for r in range(rounds):
            for c in range(classes):
                order = rng.sample(range(cars), cars)
                for place, n in enumerate(order, start=1):
                    results.append(
                        {
                            "round_id": r + 1,
                            "entry_id": c * cars + n + 1,
                            "class_pos": place,
                            "overall_pos": None,
                            "laps": 200 - place,
                            "status": "classified",
                            "pole": False,
                            "fastest_lap": False,
                        }
                    )
        session.execute(insert(t.Result), results)
    return engine, path


def seasons_document(
    folder: Path, *, seasons: int = 15, rounds: int = 12, classes: int = 4, cars: int = 40
) -> Path:
    """A long series' archive: `seasons` seasons of the synthetic shape, one a year up to 2030
    (each a copy of the first under new ids; the teams are shared)."""
    engine, first = synthetic_document(folder, rounds=rounds, classes=classes, cars=cars)
    engine.dispose()
    path = folder / f"seasons-{seasons}x{rounds}x{classes}x{cars}.pitboard"
    first.rename(path)
    per_season = {
        "points_scale": 1,
        "season_class": classes,
        "round": rounds,
        "entry": classes * cars,
        "result": rounds * classes * cars,
    }
    copies = [
        "INSERT INTO season (id, series_id, year, rules) "
        "SELECT id + :k, series_id, year - :k, rules FROM season WHERE id = 1",
        "INSERT INTO points_scale (id, season_id, name, points) "
        "SELECT id + :k * :points_scale, season_id + :k, name, points FROM points_scale "
        "WHERE season_id = 1",
        "INSERT INTO season_class (id, season_id, name, sort_order) "
        "SELECT id + :k * :season_class, season_id + :k, name, sort_order FROM season_class "
        "WHERE season_id = 1",
        "INSERT INTO round (id, season_id, number, calendar_order, name, circuit, date, "
        "points_scale_id, cancelled, points_factor, event) SELECT id + :k * :round, "
        "season_id + :k, number, calendar_order, name, circuit, date, "
        "points_scale_id + :k * :points_scale, cancelled, points_factor, event "
        "FROM round WHERE season_id = 1",
        "INSERT INTO entry (id, season_id, class_id, team_id, car_number, chassis, engine, "
        "manufacturer) SELECT id + :k * :entry, season_id + :k, class_id + :k * :season_class, "
        "team_id, car_number, chassis, engine, manufacturer FROM entry WHERE season_id = 1",
        "INSERT INTO result (id, round_id, entry_id, class_pos, overall_pos, laps, status, "
        "note, pole, fastest_lap, qualifying_pos, ineligible) SELECT id + :k * :result, "
        "round_id + :k * :round, entry_id + :k * :entry, class_pos, overall_pos, laps, status, "
        "note, pole, fastest_lap, qualifying_pos, ineligible FROM result WHERE round_id <= :round",
    ]
    with sqlite3.connect(path) as connection:
        for k in range(1, seasons):
            for sql in copies:
                connection.execute(sql, {"k": k, **per_season})
    connection.close()
    return path


def read_rows_through_sqlalchemy(engine: Engine, season_id: int) -> int:
    """A second floor: the same statements through SQLAlchemy Core, as services usually read."""
    with engine.connect() as connection:
        return sum(
            len(connection.execute(query, {"season_id": season_id}).all())
            for query in LOADER_QUERIES
        )


def measure(folder: Path, *, repeat: int = 200) -> list[Measurement]:
    """The 2003 recalculation against two floors (larger seasons: tests/benchmarks/sizes.py)."""
    engine, path = sample_document(folder)
    queries = floor_queries()
    floor_db = sqlite3.connect(path)
    recalc_2003 = median_time(lambda: recalculate(engine, 1), repeat=repeat)
    measurements = [
        Measurement(
            "recalculate ALMS 2003 (175 results)",
            recalc_2003,
            "read the same rows (sqlite3 driver)",
            median_time(lambda: read_rows(floor_db, 1, queries), repeat=repeat),
            "< 5 ms, < 3x floor",
        ),
        Measurement(
            "recalculate ALMS 2003 (175 results)",
            recalc_2003,
            "read the same rows (SQLAlchemy Core)",
            median_time(lambda: read_rows_through_sqlalchemy(engine, 1), repeat=repeat),
            "< 5 ms, < 3x floor",
        ),
    ]
    floor_db.close()
    engine.dispose()
    return measurements
