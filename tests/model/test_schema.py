"""Migrations: a document of version 3 (one column per rule) opens at version 4 (the rules as
one JSON column) with its rules and its published standings as they were."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine
from sqlmodel import Session

from model.scoring.rules import (
    DistanceReference,
    SeasonRules,
    Status,
    TeamPositions,
    TeamScoring,
    TieBreak,
)
from model.scoring.standings import compute_standings
from model.store.documents import open_for_editing
from model.store.schema import APPLICATION_ID, CURRENT_VERSION, MIGRATIONS
from model.store.season_data import SeasonData, StoredValueError, load_season_data
from tests.conftest import DATA

RULE_COLUMNS = {
    "min_distance_pct",
    "distance_reference",
    "team_scoring",
    "team_positions",
    "scoring_statuses",
    "best_results",
    "pole_points",
    "fastest_lap_points",
    "tie_break",
}


def version_3_document(path: Path, *statements: str) -> Path:
    """The 2003 sample as version 3 wrote it (version 1 brought up to 3 only), then changed by
    `statements`."""
    shutil.copy(DATA / "schema-v1.pitboard", path)
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        for version in (2, 3):
            MIGRATIONS[version](connection)
        for statement in statements:
            connection.exec_driver_sql(statement)
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.exec_driver_sql("PRAGMA user_version = 3")
    engine.dispose()
    return path


def opened_season(path: Path, tmp_path: Path) -> SeasonData:
    opened = open_for_editing(path, create=False, backup_root=tmp_path / "backups")
    try:
        assert opened.migrated_from == 3
        with Session(opened.engine) as session:
            return load_season_data(session=session, season_id=1)
    finally:
        opened.close()


def season_columns(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {row[1] for row in connection.execute("PRAGMA table_info(season)")}
    finally:
        connection.close()


def test_a_version_3_document_opens_with_its_rules_and_standings(
    tmp_path: Path, sample_engine: Engine
) -> None:
    path = version_3_document(tmp_path / "v3.pitboard")
    data = opened_season(path, tmp_path)
    assert CURRENT_VERSION == 8
    assert data.rules == SeasonRules(min_distance_pct=70)
    with Session(sample_engine) as session:
        published = compute_standings(load_season_data(session=session, season_id=1))
    assert compute_standings(data) == published
    columns = season_columns(path)
    assert "rules" in columns
    assert not columns & RULE_COLUMNS
    connection = sqlite3.connect(path)
    try:  # the migrated document versions its rows as a new one does
        connection.execute("UPDATE round SET circuit = 'Elsewhere' WHERE id = 1")
        assert connection.execute("SELECT row_version FROM round WHERE id = 1").fetchone() == (2,)
    finally:
        connection.close()


def table_sql(path: Path) -> dict[str, list[tuple[str, str, int, str | None]]]:
    """Each table's columns as (name, type, not null, default)."""
    connection = sqlite3.connect(path)
    try:
        names = [
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return {
            name: sorted(
                (row[1], row[2], row[3], row[4])
                for row in connection.execute(f"PRAGMA table_info({name})")
            )
            for name in names
        }
    finally:
        connection.close()


def table_columns(path: Path) -> dict[str, set[str]]:
    return {table: {c[0] for c in columns} for table, columns in table_sql(path).items()}


def test_an_older_document_gains_every_column_a_new_one_has(
    tmp_path: Path, sample_path: Path
) -> None:
    path = version_3_document(tmp_path / "v3.pitboard")
    data = opened_season(path, tmp_path)
    assert {r.factor for r in data.rounds} == {1}
    assert {e.manufacturer for e in data.entries.values()} == {""}
    assert data.penalties == ()
    migrated, fresh = table_columns(path), table_columns(sample_path)
    assert migrated == fresh
    assert {"points_factor"} <= migrated["round"]
    assert {"qualifying_pos", "ineligible"} <= migrated["result"]


def test_every_rule_is_carried_over(tmp_path: Path) -> None:
    path = version_3_document(
        tmp_path / "v3.pitboard",
        "UPDATE season SET min_distance_pct = 75.5, distance_reference = 'class_winner', "
        "team_scoring = 'all_entries', team_positions = 're_ranked', "
        """scoring_statuses = '["classified", "dnf"]', best_results = 7, pole_points = 1, """
        "fastest_lap_points = 2, tie_break = 'shared'",
    )
    assert opened_season(path, tmp_path).rules == SeasonRules(
        min_distance_pct=75.5,
        distance_reference=DistanceReference.CLASS_WINNER,
        team_scoring=TeamScoring.ALL_ENTRIES,
        team_positions=TeamPositions.RE_RANKED,
        scoring_statuses=frozenset({Status.CLASSIFIED, Status.DNF}),
        best_results=7,
        pole_points=1,
        fastest_lap_points=2,
        tie_break=TieBreak.SHARED,
    )


SPOILED = [
    ("UPDATE season SET pole_points = 'two'", "rules.pole_points"),
    ("UPDATE season SET scoring_statuses = 'not json'", "rules.scoring_statuses"),
    ("UPDATE season SET tie_break = 'coin toss'", "rules.tie_break"),
]


@pytest.mark.parametrize(("statement", "field"), SPOILED)
def test_a_value_another_program_spoiled_is_carried_over_and_named(
    tmp_path: Path, statement: str, field: str
) -> None:
    path = version_3_document(tmp_path / "v3.pitboard", statement)
    with pytest.raises(StoredValueError) as raised:
        opened_season(path, tmp_path)
    assert (raised.value.table, raised.value.row, raised.value.field) == ("season", 1, field)


def test_a_column_added_by_a_migration_is_as_a_new_document_has_it(
    tmp_path: Path, sample_path: Path
) -> None:
    path = version_3_document(tmp_path / "v3.pitboard")
    opened_season(path, tmp_path)
    migrated, fresh = table_sql(path), table_sql(sample_path)
    for table, column in (
        ("round", "points_factor"),
        ("round", "event"),
        ("entry", "manufacturer"),
        ("result", "qualifying_pos"),
        ("result", "ineligible"),
        ("result_driver", "short_drive"),
        ("round", "official_at"),
        ("round", "official_by"),
        ("team", "short_name"),
        ("team", "nationality"),
        ("driver", "short_name"),
        ("driver", "nationality"),
    ):
        new = [c for c in fresh[table] if c[0] == column]
        old = [c for c in migrated[table] if c[0] == column]
        assert old == new, (table, column)
    assert migrated["penalty"] == fresh["penalty"]
    assert migrated["accepted_problem"] == fresh["accepted_problem"]
    assert index_sql(path, "accepted_problem") == index_sql(sample_path, "accepted_problem")


def index_sql(path: Path, table: str) -> list[tuple[str, str | None]]:
    """A table's indexes (unique constraints included) as SQLite keeps them."""
    connection = sqlite3.connect(path)
    try:
        found = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,)
        )
        return sorted(found)
    finally:
        connection.close()
