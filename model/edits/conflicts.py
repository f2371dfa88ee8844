"""Refusing an edit of a row someone else changed since it was read.

Every row an edit can change carries `row_version`, raised by the database on each update. An
edit remembers the version of each row it changes as the user saw it (the open season's, or
the row's as read when the edit was built) and, inside the write transaction, compares it with
the stored one before changing anything: a row changed since by another editor refuses the
whole step with who changed it, when, on which laptop, and what it holds now. After each apply
or revert the edit remembers the versions its own write left, so its own undo and redo never
conflict with itself.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, Pool, select
from sqlmodel import Session, col

from model.edits.changes import Changes
from model.errors import PitboardError, quoted
from model.store import tables as t
from model.store.history import Touched

RowKey = tuple[str, int]  # (table, id) of a versioned row
Versions = dict[RowKey, int]

_TABLES: dict[str, Any] = {
    "result": t.Result,
    "entry": t.Entry,
    "round": t.Round,
    "penalty": t.Penalty,
    "season": t.Season,
    "points_scale": t.PointsScale,
    "team": t.Team,
    "driver": t.Driver,
}
_PLURAL = {"laps", "drivers", "best_results", "scoring_statuses"}
# The versions each open document's own writes left (per connection pool: one per open
# document, shared by the engine's write and read views): a row this editor changed again
# after an edit was built is no conflict for that edit's undo.
_WRITTEN: WeakKeyDictionary[Pool, Versions] = WeakKeyDictionary()


class ConflictError(PitboardError):
    """A row changed by someone else since it was read: nothing was changed."""


@dataclass
class VersionGuard:
    """A step's part that changes nothing itself but has the step refused when one of its
    rows was changed by another editor since the user saw it: the season's rules behind a
    rules dialog, the scales and rounds behind the points scales dialog."""

    season_id: int
    versions: Versions

    def versioned_rows(self) -> frozenset[RowKey]:
        return frozenset(self.versions)

    def changes_nothing(self) -> bool:
        return True

    def touched(self) -> Touched:
        """No rows: the step's history is worked out from its other edits' rows, as before."""
        return Touched()

    def apply(self, _session: Session) -> Changes:
        return Changes(self.season_id)

    def revert(self, _session: Session) -> Changes:
        return Changes(self.season_id)


@runtime_checkable
class Versioned(Protocol):
    """An edit that checks the versions of the rows it changes."""

    versions: Versions

    def versioned_rows(self) -> frozenset[RowKey]: ...


def stored_versions(
    session: Session, keys: Iterable[RowKey], *, lock: bool = False
) -> dict[RowKey, int | None]:
    """The versions stored now (None: the row is gone). With `lock`, the rows stay locked until
    the write commits: a second editor's check waits for the first's commit and then sees its
    version, rather than both passing and the later write overwriting the earlier unseen."""
    found: dict[RowKey, int | None] = {}
    by_table: dict[str, list[int]] = {}
    for table, row_id in keys:
        by_table.setdefault(table, []).append(row_id)
    for table, ids in by_table.items():
        model = _TABLES[table]
        query = select(col(model.id), col(model.row_version)).where(col(model.id).in_(ids))
        query = query.with_for_update() if lock else query  # SQLite: BEGIN IMMEDIATE did it
        stored = {row[0]: row[1] for row in session.connection().execute(query)}
        found.update({(table, row_id): stored.get(row_id) for row_id in ids})
    return found


def check_versions(session: Session, expected: Mapping[RowKey, int]) -> None:
    """ConflictError naming the first row whose stored version is neither the one expected
    nor one this document's own later writes left."""
    if not expected:
        return
    stored = stored_versions(session, expected, lock=True)
    written = _WRITTEN.get(_pool(session), {})
    for key in sorted(expected):
        if stored[key] not in (expected[key], written.get(key, expected[key])):
            raise ConflictError(conflict_message(session, key, gone=stored[key] is None))


def remember_versions(session: Session, edits: Iterable[object]) -> None:
    """After a step was written: each edit's rows at the versions this write left them."""
    versioned = [edit for edit in edits if isinstance(edit, Versioned)]
    keys = {key for edit in versioned for key in edit.versioned_rows()}
    if not keys:
        return
    session.flush()
    stored = stored_versions(session, keys)
    for edit in versioned:
        edit.versions = {
            key: version for key in edit.versioned_rows() if (version := stored[key]) is not None
        }
    written = _WRITTEN.setdefault(_pool(session), {})
    written.update({key: version for key, version in stored.items() if version is not None})


def _pool(session: Session) -> Pool:
    bind = session.get_bind()
    return bind.pool if isinstance(bind, Engine) else bind.engine.pool


def expected_versions(edits: Iterable[object]) -> Versions:
    """The versions a step's rows must have before it runs (the first edit naming a row
    says it: the later ones of the same step saw it before the step began too)."""
    expected: Versions = {}
    for edit in edits:
        if isinstance(edit, Versioned):
            for key, version in edit.versions.items():
                expected.setdefault(key, version)
    return expected


def conflict_message(session: Session, key: RowKey, *, gone: bool = False) -> str:
    """e.g. "Car 23's laps were changed by Ann Smith at 14:03:12 (laptop timing-desk):
    now 312. Your change was not made." """
    table, row_id = key
    line = _newest_change(session, table, row_id)
    name = _row_name(session, table, row_id, line)
    if gone:
        by = _by(line) if line is not None and line.action == "removed" else ""
        return f"{name} was deleted{by}. Your change was not made."
    if line is None:
        return f"{name} was changed by another editor. Your change was not made."
    lines = _lines_of_change(session, table, row_id, line)
    fields = [change.field for change in lines if change.field]
    what = f"{name}'s {_words(fields)}" if fields else name
    verb = "were" if len(fields) > 1 or set(fields) & _PLURAL else "was"
    now = ", ".join(_now(change) for change in lines if change.field)
    shown = f": now {now}" if now else ""
    return f"{what} {verb} changed{_by(line)}{shown}. Your change was not made."


def _by(line: t.ChangeLog) -> str:
    author = line.author or "another editor"
    laptop = f" (laptop {line.host})" if line.host else ""
    return f" by {author} at {_clock(line.at)}{laptop}"


def _clock(at: str) -> str:
    """The change's local time of day, as the user's clock shows it."""
    try:
        when = dt.datetime.fromisoformat(at)
    except ValueError:
        return at
    if when.tzinfo is not None:
        when = when.astimezone()
    return when.strftime("%H:%M:%S")


def _json(text: str | None) -> Any:
    """A logged value (the text itself where another program wrote something else)."""
    try:
        return json.loads(text) if text is not None else None
    except ValueError:
        return text


def _now(line: t.ChangeLog) -> str:
    value = _json(line.new)
    shown = "—" if value is None else str(value) if isinstance(value, int) else quoted(value)
    return shown


def _words(fields: list[str]) -> str:
    names = [field.replace("_", " ") for field in fields]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _newest_change(session: Session, table: str, row_id: int) -> t.ChangeLog | None:
    query = (
        select(t.ChangeLog)
        .where(col(t.ChangeLog.subject) == table, col(t.ChangeLog.subject_id) == row_id)
        .order_by(col(t.ChangeLog.id).desc())
        .limit(1)
    )
    return session.execute(query).scalars().first()


def _lines_of_change(
    session: Session, table: str, row_id: int, newest: t.ChangeLog
) -> list[t.ChangeLog]:
    """Every line of the newest change to the row (one per field it changed)."""
    query = (
        select(t.ChangeLog)
        .where(
            col(t.ChangeLog.subject) == table,
            col(t.ChangeLog.subject_id) == row_id,
            col(t.ChangeLog.at) == newest.at,
        )
        .order_by(col(t.ChangeLog.id))
    )
    return list(session.execute(query).scalars())


def _row_name(session: Session, table: str, row_id: int, line: t.ChangeLog | None) -> str:
    """How the user knows the row: "Car 23" for a result or an entry (a deleted result's
    entry is in its removal's line), the round's name."""
    if table == "round":
        name = session.execute(select(col(t.Round.name)).where(col(t.Round.id) == row_id))
        found = name.scalar()
        return f"Round {quoted(found)}" if found else f"Round {row_id}"
    if table == "season":
        return "The season"
    if table in ("team", "driver"):
        model = _TABLES[table]
        found = session.execute(select(col(model.name)).where(col(model.id) == row_id)).scalar()
        return f"The {table} {quoted(found)}" if found else f"The {table} {row_id}"
    if table == "points_scale":
        scale = select(col(t.PointsScale.name)).where(col(t.PointsScale.id) == row_id)
        found = session.execute(scale).scalar()
        return f"The points scale {quoted(found)}" if found else f"The points scale {row_id}"
    if table == "penalty":
        who = select(col(t.Penalty.competitor)).where(col(t.Penalty.id) == row_id)
        competitor = session.execute(who).scalar()
        return f"The penalty for {competitor}" if competitor else f"The penalty {row_id}"
    entry_id: Any = row_id
    if table == "result":
        query = select(col(t.Result.entry_id)).where(col(t.Result.id) == row_id)
        entry_id = session.execute(query).scalar()
        if entry_id is None and line is not None:
            removed = _json(line.old)
            entry_id = removed.get("entry_id") if isinstance(removed, dict) else None
    car = session.execute(select(col(t.Entry.car_number)).where(col(t.Entry.id) == entry_id))
    number = car.scalar()
    return f"Car {number}" if number else f"The {table} {row_id}"
