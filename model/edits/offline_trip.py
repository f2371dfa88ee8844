"""Taking a season offline into a local copy, and sending the copy's changes back."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from model.edits.door import Door, one_season
from model.edits.offline_merge import Choice, Plan, apply_plan, describe, make_plan
from model.edits.seasons import find_season
from model.errors import PitboardError
from model.store.backups import take_backup
from model.store.documents import OpenDocument, open_document
from model.store.offline import (
    OfflineError,
    Record,
    Rows,
    build_copy,
    read_record,
    read_rows,
    same_source,
    table,
)


def take_offline(
    opened: OpenDocument, location: str, *, year: int, series: str | None, to: Path
) -> str:
    """Copy the season into a new document at `to` (whole or not at all; never over a file)."""
    if to.exists():
        raise PitboardError(f"{to} already exists: nothing was written (name a new file)")
    with _consistent(opened.engine) as connection:
        found = find_season(session=_session(connection), year=year, series=series)
        season = (found.id, found.series, found.year)
        if not build_copy(connection, location, season, to, replace=False):
            raise PitboardError(f"{to} already exists: nothing was written (name a new file)")
    return f"{found.series} {found.year} taken offline from {_shown(location)} to {to}"


def send_back(
    copy: Path,
    location: str | None,
    *,
    author: str,
    choose: dict[str, Choice],
    take: Choice | None,
    wait: float = 0.0,
) -> str:
    local = open_document(copy, create=False, write=True, wait=wait)
    try:
        with local.engine.connect() as connection:
            record = read_record(connection, copy.name)
            mine = read_rows(connection, record.season_id, everything=True)
        server = _open_source(record, location, copy, wait)
        try:
            return _send(
                local, server, record, mine, location or record.source, copy, author, choose, take
            )
        finally:
            server.close()
    finally:
        local.close()


def _send(
    local: OpenDocument,
    server: OpenDocument,
    record: Record,
    mine: Rows,
    location: str,
    copy: Path,
    author: str,
    choose: dict[str, Choice],
    take: Choice | None,
) -> str:
    season = (record.season_id, record.series, record.year)
    with server.engine.connect() as connection:
        _check_season(connection, record, location)
        theirs = read_rows(connection, record.season_id, everything=True)
        plan = make_plan(record, mine, theirs, choose, take)
        describe(connection, plan.conflicts, [theirs, mine])
    if plan.blocked:
        raise OfflineError("\n".join([*plan.blocked, "nothing was sent"]))
    door = Door(server, author=f"{author} (offline copy from {record.host})")
    if plan.work:
        door.apply(
            lambda session: apply_plan(session, plan, record.season_id),
            step=f"send-back {copy.name}",
            seasons=one_season(record.season_id),
        )
    take_backup(copy, "before send-back")
    local.engine.dispose()  # the copy is replaced whole; its lock stays held meanwhile
    with _consistent(server.engine) as connection:
        build_copy(
            connection,
            location,
            season,
            copy,
            replace=True,
            adjust=lambda engine, new: _keep_undecided(engine, new, record, mine, plan),
        )
    return _report(plan, record)


def _open_source(record: Record, location: str | None, copy: Path, wait: float) -> OpenDocument:
    if location is not None and not same_source(record.source, location):
        raise OfflineError(
            f"{copy.name} was taken offline from {record.source}, not from {_shown(location)}: "
            "nothing was sent"
        )
    return open_document(location or record.source, create=False, write=True, wait=wait)


def _check_season(connection: Connection, record: Record, location: str) -> None:
    found = connection.execute(
        text(
            "SELECT season.year, series.name FROM season JOIN series "
            "ON series.id = season.series_id WHERE season.id = :s"
        ),
        {"s": record.season_id},
    ).first()
    if found is None or (int(found[0]), str(found[1])) != (record.year, record.series):
        raise OfflineError(
            f"{_shown(location)} has no {record.series} {record.year} season with the id this "
            "copy was taken from (a copy of another server or season): nothing was sent"
        )


def _keep_undecided(engine: Engine, new: Record, old: Record, mine: Rows, plan: Plan) -> Record:
    """The refreshed copy keeps the user's values of undecided conflicts, and their old base,
    so they are found and listed again next time."""
    base = {name: dict(rows) for name, rows in new.base.items()}
    with engine.begin() as connection:
        for conflict in plan.undecided:
            name, key = conflict.table, conflict.key
            tbl = table(name)
            where = [
                c == int(p) for c, p in zip(tbl.primary_key.columns, key.split(","), strict=True)
            ]
            connection.execute(tbl.delete().where(*where))
            if key in mine[name]:
                connection.execute(tbl.insert().values(**mine[name][key]))
            base.setdefault(name, {})[key] = old.base[name][key]
    return dataclasses.replace(new, base=base)


def _report(plan: Plan, record: Record) -> str:
    counts = (len(plan.updates), len(plan.adds), len(plan.deletes))
    if plan.work:
        head = (
            f"sent to {record.source}: {counts[0]} changed, {counts[1]} added, {counts[2]} deleted"
        )
    else:
        head = f"nothing to send to {record.source}"
    lines = [f"{head}; kept from the server: {plan.kept}; the copy was refreshed"]
    lines += [f"conflict: {c.line()}" for c in plan.undecided]
    settled = len(plan.conflicts) - len(plan.undecided)
    if settled:
        lines.append(f"{settled} conflicts decided")
    if plan.undecided:
        lines.append(
            f"{len(plan.undecided)} conflicts undecided: the copy keeps your values and the "
            "server its own; decide with --take mine|theirs or --choose ID=mine|theirs"
        )
    return "\n".join(lines)


def _shown(location: str) -> str:
    if "://" in location:
        return make_url(location).render_as_string(hide_password=True)
    return location


@contextmanager
def _consistent(engine: Engine) -> Iterator[Connection]:
    """A read of the whole season as of one moment (a repeatable-read transaction)."""
    sqlite = engine.dialect.name == "sqlite"
    options = {} if sqlite else {"isolation_level": "REPEATABLE READ"}
    with engine.connect().execution_options(**options) as connection, connection.begin():
        yield connection


def _session(connection: Connection) -> Session:
    return Session(bind=connection)
