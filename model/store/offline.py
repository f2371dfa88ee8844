"""An offline copy: one season of a shared (server) document in a local file, and where it came
from.

The copy is an ordinary document (same ids, same row versions) with one more table,
`pitboard_offline`, recording the source (its URL without any password), the season, and the
rows as they were when copied (the base): sending back compares the copy and the server with
that base. A digest of the base tells a record that was altered from one that was not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

from model.errors import PitboardError
from model.store.db import open_engine, url_for_path
from model.store.safe_files import (
    give_mode,
    link_if_absent,
    remove_quietly,
    replace_durably,
    temp_beside,
)
from model.store.storage_errors import storage_error

RECORD_TABLE = "pitboard_offline"
RECORD_VERSION = 1

# The season's rows, table by table, parents before children. Teams and drivers are registers
# shared by every season: the copy holds those the season uses.
SCOPE: dict[str, str] = {
    "season": "id = :s",
    "season_class": "season_id = :s",
    "points_scale": "season_id = :s",
    "round": "season_id = :s",
    "team": "id IN (SELECT team_id FROM entry WHERE season_id = :s)",
    "driver": (
        "id IN (SELECT ed.driver_id FROM entry_driver ed JOIN entry e ON e.id = ed.entry_id "
        "WHERE e.season_id = :s) OR id IN (SELECT rd.driver_id FROM result_driver rd "
        "JOIN result r ON r.id = rd.result_id JOIN round o ON o.id = r.round_id "
        "WHERE o.season_id = :s)"
    ),
    "entry": "season_id = :s",
    "entry_driver": "entry_id IN (SELECT id FROM entry WHERE season_id = :s)",
    "result": "round_id IN (SELECT id FROM round WHERE season_id = :s)",
    "result_driver": (
        "result_id IN (SELECT r.id FROM result r JOIN round o ON o.id = r.round_id "
        "WHERE o.season_id = :s)"
    ),
    "penalty": "season_id = :s",
    "accepted_problem": "season_id = :s",
}
REGISTERS = ("team", "driver")  # never deleted by a send-back: other seasons may use them
# Copied along so the copy is a whole document, but not sent back.
CONTEXT: dict[str, str] = {
    "series": "id = (SELECT series_id FROM season WHERE id = :s)",
    "class_alias": "series_id = (SELECT series_id FROM season WHERE id = :s)",
}

Row = dict[str, Any]
Rows = dict[str, dict[str, Row]]  # table -> key ("412", or "5,7" for a pair) -> row


class OfflineError(PitboardError):
    """A copy that cannot be sent back as it is: nothing was changed."""


@dataclass(frozen=True)
class Record:
    source: str  # the server (or file) it was taken from, without any password
    season_id: int
    series: str
    year: int
    host: str  # the laptop that took it
    taken_at: str
    base: Rows  # canonical values (see plain)


def table(name: str) -> Table:
    return SQLModel.metadata.tables[name]


def key_of(name: str, row: Row) -> str:
    return ",".join(str(row[c.name]) for c in table(name).primary_key.columns)


def plain(value: Any) -> Any:
    """A value as the base stores it and comparisons see it (dates as ISO text)."""
    return value.isoformat() if isinstance(value, dt.date) else value


def plain_row(row: Row) -> Row:
    return {k: plain(v) for k, v in row.items()}


def source_name(location: str) -> str:
    """Where a copy came from, as recorded and shown: a URL without its password, or a path."""
    if "://" in location:
        url = make_url(location).set(password=None)
        if url.drivername == "postgresql+psycopg":
            url = url.set(drivername="postgresql")
        return url.render_as_string(hide_password=False)
    return str(Path(location).expanduser().resolve())


def read_rows(connection: Connection, season_id: int, *, everything: bool = False) -> Rows:
    """The season's rows, typed as the database gives them; `everything`: whole registers."""
    rows: Rows = {}
    for name, where in SCOPE.items():
        query = select(table(name))
        if not (everything and name in REGISTERS):
            query = query.where(text(where).bindparams(s=season_id))
        found = connection.execute(query).mappings()
        rows[name] = {key_of(name, dict(r)): dict(r) for r in found}
    return rows


def write_copy(source: Connection, season_id: int, target: Path) -> Rows:
    """Fill the empty new document at `target` with the season as `source` holds it; returns
    the rows copied."""
    engine = open_engine(url_for_path(target))
    try:
        with engine.begin() as connection:
            copied = _copy_rows(source, connection, season_id)
        return copied
    finally:
        engine.dispose()


def _copy_rows(source: Connection, target: Connection, season_id: int) -> Rows:
    for name, where in CONTEXT.items():
        found = source.execute(select(table(name)).where(text(where).bindparams(s=season_id)))
        _insert(target, name, [dict(r) for r in found.mappings()])
    rows = read_rows(source, season_id)
    for name, by_key in rows.items():
        _insert(target, name, list(by_key.values()))
    return rows


def _insert(connection: Connection, name: str, rows: list[Row]) -> None:
    if rows:
        connection.execute(table(name).insert(), rows)


def store_record(engine: Engine, record: Record) -> None:
    body = _record_body(record)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            f"CREATE TABLE IF NOT EXISTS {RECORD_TABLE} (name TEXT PRIMARY KEY, value TEXT)"
        )
        connection.exec_driver_sql(f"DELETE FROM {RECORD_TABLE}")
        for name, value in body.items():
            connection.execute(
                text(f"INSERT INTO {RECORD_TABLE} (name, value) VALUES (:n, :v)"),
                {"n": name, "v": value},
            )


def _record_body(record: Record) -> dict[str, str]:
    base = json.dumps(record.base, sort_keys=True, separators=(",", ":"))
    head = {
        "format": str(RECORD_VERSION),
        "source": record.source,
        "season_id": str(record.season_id),
        "series": record.series,
        "year": str(record.year),
        "host": record.host,
        "taken_at": record.taken_at,
        "base": base,
    }
    head["digest"] = _digest(head)
    return head


def _digest(body: dict[str, str]) -> str:
    text_ = json.dumps({k: v for k, v in body.items() if k != "digest"}, sort_keys=True)
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()


def read_record(connection: Connection, name: str) -> Record:
    """The copy's record; OfflineError naming the copy when it has none or it was altered."""
    try:
        found = connection.exec_driver_sql(f"SELECT name, value FROM {RECORD_TABLE}").all()
    except DBAPIError as exc:
        raise OfflineError(
            f"{name} was not taken offline (it has no record of a server season to send back "
            "to): nothing was sent"
        ) from exc
    body = {str(k): str(v) for k, v in found}
    if body.get("format") != str(RECORD_VERSION) or body.get("digest") != _digest(body):
        raise OfflineError(
            f"{name}: the record of where this copy came from was altered or is damaged "
            "(field 'base' does not match its digest): nothing was sent. Take a new copy."
        )
    return _parse(body, name)


def _parse(body: dict[str, str], name: str) -> Record:
    try:
        return Record(
            source=body["source"],
            season_id=int(body["season_id"]),
            series=body["series"],
            year=int(body["year"]),
            host=body["host"],
            taken_at=body["taken_at"],
            base=json.loads(body["base"]),
        )
    except (KeyError, ValueError) as exc:
        raise OfflineError(f"{name}: the offline record lacks or spoils {exc}") from exc


def new_record(location: str, season: tuple[int, str, int], base: Rows) -> Record:
    season_id, series, year = season
    return Record(
        source=source_name(location),
        season_id=season_id,
        series=series,
        year=year,
        host=socket.gethostname(),
        taken_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        base={name: {k: plain_row(r) for k, r in by.items()} for name, by in base.items()},
    )


def build_copy(
    source: Connection,
    location: str,
    season: tuple[int, str, int],
    target: Path,
    *,
    replace: bool,
    adjust: Any = None,
) -> bool:
    """Write the copy of `season` beside `target` and put it in place whole: only where no
    file is (`replace` False: True when it was put there) or over the old copy. `adjust(engine,
    record)` may change the new copy and its record before it is put in place."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = temp_beside(target, "new")
    except OSError as exc:
        raise PitboardError(f"cannot write {target}: {exc.strerror or exc}") from exc
    try:
        rows = write_copy(source, season[0], temp)
        record = new_record(location, season, rows)
        engine = open_engine(url_for_path(temp), create=False)
        try:
            if adjust is not None:
                record = adjust(engine, record)
            store_record(engine, record)
        finally:
            engine.dispose()
        give_mode(temp, target)
        if replace:
            replace_durably(temp, target)
            return True
        return link_if_absent(temp, target)
    except (DBAPIError, OSError) as exc:
        raise storage_error(exc, target) from exc
    finally:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            remove_quietly(leftover)


def same_source(recorded: str, given: str) -> bool:
    return source_name(given) == recorded


def keys(rows: Iterable[Row], name: str) -> set[str]:
    return {key_of(name, r) for r in rows}
