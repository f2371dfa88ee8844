"""What makes a file a Pitboard document, and how older documents are brought up to date.

A document carries SQLite's application_id (Pitboard's own number) and user_version (the
schema version). Each migration takes one version to the next inside one transaction, after a
backup has been taken by the caller.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from sqlalchemy import Connection, Engine, inspect
from sqlmodel import SQLModel

from model.errors import PitboardError
from model.store import tables as t
from model.store.server import APPEND_ONLY_SERVER, server_identity, stamp_server

APPLICATION_ID = 0x50495442  # "PITB"
CURRENT_VERSION = 8
FIRST_TABLES = {"series", "season", "round", "entry", "result"}

APPEND_ONLY = (
    "CREATE TRIGGER IF NOT EXISTS change_log_no_update BEFORE UPDATE ON change_log "
    "BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS change_log_no_delete BEFORE DELETE ON change_log "
    "BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END",
)


# Rows an edit can change carry a version, raised by the database itself on every update (so
# no write path can forget it): an editor sharing a server document refuses to overwrite a row
# changed since it read it.
VERSIONED_TABLES = (
    "season",
    "season_class",
    "points_scale",
    "round",
    "team",
    "driver",
    "entry",
    "result",
    "penalty",
)
_SQLITE_ROW_VERSION = (
    'CREATE TRIGGER IF NOT EXISTS "{table}_row_version" AFTER UPDATE ON "{table}" '
    "FOR EACH ROW WHEN NEW.row_version = OLD.row_version "
    'BEGIN UPDATE "{table}" SET row_version = OLD.row_version + 1 WHERE id = OLD.id; END'
)
_SERVER_ROW_VERSION_FUNCTION = (
    "CREATE OR REPLACE FUNCTION pitboard_row_version() RETURNS trigger AS $$ "
    "BEGIN IF NEW.row_version = OLD.row_version THEN "
    "NEW.row_version := OLD.row_version + 1; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
)
_SERVER_ROW_VERSION = (
    'DROP TRIGGER IF EXISTS "{table}_row_version" ON "{table}"; '
    'CREATE TRIGGER "{table}_row_version" BEFORE UPDATE ON "{table}" '
    "FOR EACH ROW EXECUTE FUNCTION pitboard_row_version()"
)


class DocumentError(PitboardError):
    """The file is not a document this Pitboard can open as it is."""


def identity(connection: Connection) -> tuple[int, int, set[str]]:
    """(application_id, user_version, table names) of an open document."""
    if connection.dialect.name != "sqlite":
        return server_identity(connection)
    app = connection.exec_driver_sql("PRAGMA application_id").scalar() or 0
    version = connection.exec_driver_sql("PRAGMA user_version").scalar() or 0
    names = {
        row[0]
        for row in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    return int(app), int(version), names


def create_schema(engine: Engine) -> None:
    """A new, empty document at the current version."""
    SQLModel.metadata.create_all(engine)
    with engine.begin() as connection:
        _append_only(connection)
        _row_versions(connection)
        _stamp(connection, CURRENT_VERSION)


def file_identity(connection: sqlite3.Connection) -> tuple[int, int, set[str]]:
    """identity() for a plain sqlite3 connection, used before any engine is opened."""
    app = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    names = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    return int(app), int(version), names


def version_of(found: tuple[int, int, set[str]], name: str) -> int:
    """The schema version of an existing file, or DocumentError when it is not a document."""
    app, version, names = found
    if app == 0 and not names:
        raise DocumentError(
            f"{name} is empty: it is not a Pitboard document. It was left untouched; "
            "a new document is only ever created where no file exists."
        )
    if app == 0 and names >= FIRST_TABLES:
        return max(version, 1)  # made before documents carried an identity
    if app != APPLICATION_ID:
        raise DocumentError(f"{name} is a database, but not a Pitboard document")
    if version > CURRENT_VERSION:
        raise DocumentError(
            f"{name} was saved by a newer Pitboard (document version {version}; this one reads "
            f"up to {CURRENT_VERSION}). It was left untouched: open it with the newer version."
        )
    return version


def migrate(engine: Engine, from_version: int) -> list[int]:
    """Apply every migration after `from_version`, all in one transaction; returns the steps."""
    steps = [v for v in sorted(MIGRATIONS) if v > from_version]
    with engine.begin() as connection:
        for version in steps:
            MIGRATIONS[version](connection)
        _stamp(connection, CURRENT_VERSION)
    return steps


def _stamp(connection: Connection, version: int) -> None:
    if connection.dialect.name != "sqlite":
        stamp_server(connection, APPLICATION_ID, version)
        return
    connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.exec_driver_sql(f"PRAGMA user_version = {int(version)}")


def _append_only(connection: Connection) -> None:
    """The history refuses updates and deletes, in the database's own words."""
    sqlite = connection.dialect.name == "sqlite"
    for statement in APPEND_ONLY if sqlite else APPEND_ONLY_SERVER:
        connection.exec_driver_sql(statement)


def _row_versions(connection: Connection) -> None:
    """Each versioned table's row_version rises by one on every update of a row."""
    if connection.dialect.name == "sqlite":
        for table in VERSIONED_TABLES:
            connection.exec_driver_sql(_SQLITE_ROW_VERSION.format(table=table))
        return
    connection.exec_driver_sql(_SERVER_ROW_VERSION_FUNCTION)
    for table in VERSIONED_TABLES:
        for statement in _SERVER_ROW_VERSION.format(table=table).split("; "):
            connection.exec_driver_sql(statement)


def _to_2(connection: Connection) -> None:
    """Version 2: class names as timing files spell them, remembered per series."""
    t.ClassAlias.__table__.create(connection, checkfirst=True)  # type: ignore[attr-defined]


def _to_3(connection: Connection) -> None:
    """Version 3: the append-only history of changes."""
    t.ChangeLog.__table__.create(connection, checkfirst=True)  # type: ignore[attr-defined]
    _append_only(connection)


# The columns that held one rule each before version 4, as they are read into the JSON object.
_RULE_COLUMNS_3 = (
    "min_distance_pct",
    "distance_reference",
    "team_scoring",
    "team_positions",
    "scoring_statuses",
    "best_results",
    "pole_points",
    "fastest_lap_points",
    "tie_break",
)


def _to_4(connection: Connection) -> None:
    """Version 4: a season's rules in one JSON column instead of a column per rule.

    Values are carried over as they are (a value another program spoiled is still reported,
    by rule, when the season is loaded); a list that is not valid JSON is kept as text."""
    connection.exec_driver_sql("ALTER TABLE season ADD COLUMN rules JSON NOT NULL DEFAULT '{}'")
    pairs = ", ".join(f"'{name}', {_rule_value(name)}" for name in _RULE_COLUMNS_3)
    connection.exec_driver_sql(f"UPDATE season SET rules = json_object({pairs})")
    for name in _RULE_COLUMNS_3:
        connection.exec_driver_sql(f"ALTER TABLE season DROP COLUMN {name}")


def _rule_value(column: str) -> str:
    if column != "scoring_statuses":
        return column
    return f"CASE WHEN json_valid({column}) THEN json({column}) ELSE {column} END"


_COLUMNS_5 = (
    "ALTER TABLE round ADD COLUMN points_factor VARCHAR NOT NULL DEFAULT '1'",
    "ALTER TABLE round ADD COLUMN event INTEGER",
    "ALTER TABLE entry ADD COLUMN manufacturer VARCHAR NOT NULL DEFAULT ''",
    "ALTER TABLE result ADD COLUMN qualifying_pos INTEGER",
    "ALTER TABLE result ADD COLUMN ineligible VARCHAR NOT NULL DEFAULT ''",
    "ALTER TABLE result_driver ADD COLUMN short_drive BOOLEAN NOT NULL DEFAULT 0",
)


def _to_5(connection: Connection) -> None:
    """Version 5: rules real championships use: half points, rounds of several races,
    manufacturers, qualifying positions, cars not registered for a championship, short drives
    and penalties."""
    for statement in _COLUMNS_5:
        connection.exec_driver_sql(statement)
    t.Penalty.__table__.create(connection, checkfirst=True)  # type: ignore[attr-defined]


_COLUMNS_6 = (
    "ALTER TABLE round ADD COLUMN official_at VARCHAR",
    "ALTER TABLE round ADD COLUMN official_by VARCHAR NOT NULL DEFAULT ''",
    "ALTER TABLE team ADD COLUMN short_name VARCHAR NOT NULL DEFAULT ''",
    "ALTER TABLE team ADD COLUMN nationality VARCHAR NOT NULL DEFAULT ''",
    "ALTER TABLE driver ADD COLUMN short_name VARCHAR NOT NULL DEFAULT ''",
    "ALTER TABLE driver ADD COLUMN nationality VARCHAR NOT NULL DEFAULT ''",
)


def _to_6(connection: Connection) -> None:
    """Version 6: a round's official status (when and by whom), and the registers of teams
    and drivers (short name, nationality)."""
    for statement in _COLUMNS_6:
        connection.exec_driver_sql(statement)


def _to_7(connection: Connection) -> None:
    """Version 7: problems the user accepted, with who, when and why."""
    t.AcceptedProblem.__table__.create(connection, checkfirst=True)  # type: ignore[attr-defined]


def _to_8(connection: Connection) -> None:
    """Version 8: documents shared on a server: a version on every row an edit changes, and
    the laptop each change in the history came from."""
    for table in VERSIONED_TABLES:
        _add_column(connection, table, "row_version INTEGER NOT NULL DEFAULT 1")
    _add_column(connection, "change_log", "host VARCHAR NOT NULL DEFAULT ''")
    _row_versions(connection)


def _add_column(connection: Connection, table: str, column: str) -> None:
    """Add `column` (its DDL) unless the table has it: a table an earlier step created from
    today's definition (penalty, change_log) was made with it."""
    name = column.split()[0]
    if name not in {c["name"] for c in inspect(connection).get_columns(table)}:
        connection.exec_driver_sql(f'ALTER TABLE "{table}" ADD COLUMN {column}')


MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    2: _to_2,
    3: _to_3,
    4: _to_4,
    5: _to_5,
    6: _to_6,
    7: _to_7,
    8: _to_8,
}
