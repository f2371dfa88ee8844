"""Sending an offline copy back: each row of the copy compared with its base and the server.

A field changed only in the copy is sent; a field changed only on the server is kept (the copy
is refreshed from the server afterwards); a field changed on both to different values is a
conflict, sent only when the user chose "mine". Rows added in the copy are added (with the
server's new ids); rows deleted in the copy are deleted only where the server row is unchanged
since the base. Teams and drivers, shared by other seasons, are never deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Connection, text
from sqlmodel import Session

from model.edits.changes import Changes
from model.store.offline import (
    REGISTERS,
    SCOPE,
    OfflineError,
    Record,
    Row,
    Rows,
    plain,
    table,
)

Choice = Literal["mine", "theirs"]
VERSION = "row_version"
# Columns naming another row of the season: an added row's are turned into the server's ids.
FOREIGN: dict[str, dict[str, str]] = {
    "round": {"points_scale_id": "points_scale"},
    "entry": {"class_id": "season_class", "team_id": "team"},
    "entry_driver": {"entry_id": "entry", "driver_id": "driver"},
    "result": {"round_id": "round", "entry_id": "entry"},
    "result_driver": {"result_id": "result", "driver_id": "driver"},
    "penalty": {"round_id": "round"},
}


@dataclass
class Conflict:
    ident: str  # "result:412", as --choose names it
    label: str
    what: str  # the fields, yours and the server's
    table: str
    key: str
    by: str = ""  # "changed by Ann at 14:03"

    def line(self) -> str:
        by = f" ({self.by})" if self.by else ""
        return f"{self.label} {self.what}{by}; decide with --choose {self.ident}=mine|theirs"


@dataclass
class Plan:
    updates: list[tuple[str, str, Row, int | None]] = field(default_factory=list)
    adds: list[tuple[str, str, Row, bool]] = field(default_factory=list)  # bool: keep the id
    deletes: list[tuple[str, str, int | None]] = field(default_factory=list)
    matched: dict[tuple[str, str], int] = field(default_factory=dict)  # a register by name
    conflicts: list[Conflict] = field(default_factory=list)
    undecided: list[Conflict] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    kept: int = 0  # rows changed only on the server

    @property
    def work(self) -> bool:
        return bool(self.updates or self.adds or self.deletes)


def values(name: str, row: Row) -> Row:
    """The fields a user changes: neither the key nor the row version."""
    keys = {c.name for c in table(name).primary_key.columns}
    return {k: plain(v) for k, v in row.items() if k not in keys and k != VERSION}


def make_plan(
    record: Record, mine: Rows, theirs: Rows, choose: dict[str, Choice], take: Choice | None
) -> Plan:
    plan = Plan()
    for name in SCOPE:
        base = record.base.get(name, {})
        for key, was in base.items():
            decided = choose.get(f"{name}:{key}", take)
            _compare(plan, name, key, was, mine[name].get(key), theirs[name].get(key), decided)
        for key, row in mine[name].items():
            if key not in base:
                _add(plan, name, key, row, theirs, mine, choose.get(f"{name}:{key}", take))
    return plan


def _compare(
    plan: Plan, name: str, key: str, was: Row, m: Row | None, s: Row | None, decided: Any
) -> None:
    base = values(name, was)
    mine_changed = m is None or values(name, m) != base
    server_changed = s is None or values(name, s) != base
    if m is None and name in REGISTERS:
        return  # out of the copy's season: a register row is never deleted
    if not mine_changed:
        plan.kept += server_changed
        return
    guard = None if s is None else s.get(VERSION)
    if not server_changed:
        if m is None:
            plan.deletes.append((name, key, guard))
        else:
            _update(plan, name, key, m, list(_diff(values(name, m), base)), guard)
        return
    _both_changed(plan, name, key, base, m, s, decided)


def _both_changed(
    plan: Plan, name: str, key: str, base: Row, m: Row | None, s: Row | None, decided: Any
) -> None:
    if m is None and s is None:
        return  # deleted on both sides
    guard = None if s is None else s.get(VERSION)
    mine_step: Callable[[], None]
    if m is None:
        what = "deleted here, changed on the server"
        mine_step = lambda: plan.deletes.append((name, key, guard))  # noqa: E731
    elif s is None:
        changed = ", ".join(_diff(values(name, m), base)) or "kept"
        what = f"changed here ({changed}), deleted on the server"
        mine_step = lambda: plan.adds.append((name, key, m, True))  # noqa: E731
    else:
        mv, sv = values(name, m), values(name, s)
        only_mine = [f for f in _diff(mv, base) if sv[f] == base.get(f)]
        clashing = [f for f in _diff(mv, base) if sv[f] != base.get(f) and sv[f] != mv[f]]
        if not clashing:
            _update(plan, name, key, m, only_mine, guard)
            return
        what = "; ".join(f"{f}: yours {_shown(mv[f])}, server {_shown(sv[f])}" for f in clashing)
        if decided == "theirs":
            _update(plan, name, key, m, only_mine, guard)
        mine_step = lambda: _update(plan, name, key, m, only_mine + clashing, guard)  # noqa: E731
    conflict = Conflict(f"{name}:{key}", "", what, name, key)
    plan.conflicts.append(conflict)
    if decided == "mine":
        mine_step()
    elif decided != "theirs":
        plan.undecided.append(conflict)


def _update(plan: Plan, name: str, key: str, m: Row, fields: list[str], guard: Any) -> None:
    if fields:
        plan.updates.append((name, key, {f: m[f] for f in fields}, guard))


def _diff(row: Row, base: Row) -> list[str]:
    return [f for f, v in row.items() if base.get(f) != v]


def _shown(value: Any) -> str:
    return "(none)" if value is None else str(value)


def _add(plan: Plan, name: str, key: str, row: Row, theirs: Rows, mine: Rows, decided: Any) -> None:
    if decided == "theirs":
        return  # the user drops this added row
    if name in REGISTERS:
        same = [k for k, r in theirs[name].items() if r["name"] == row["name"]]
        if same:
            plan.matched[(name, key)] = int(same[0])
            return
    for column, parent in FOREIGN.get(name, {}).items():
        wanted = row.get(column)
        if wanted is None or str(wanted) in theirs[parent]:
            continue
        if str(wanted) in mine[parent] and _added_here(plan, mine, parent, str(wanted)):
            continue
        plan.blocked.append(
            f"{name.replace('_', ' ')} {key} (added here) names {parent.replace('_', ' ')} "
            f"{wanted}, which is no longer on the server: it cannot be sent; drop it with "
            f"--choose {name}:{key}=theirs"
        )
        return
    plan.adds.append((name, key, row, False))


def _added_here(plan: Plan, mine: Rows, parent: str, key: str) -> bool:
    return any(n == parent and k == key for n, k, _, _ in plan.adds) or (
        (parent, key) in plan.matched
    )


def apply_plan(session: Session, plan: Plan, season_id: int) -> Changes:
    """The planned changes on the server, in this transaction; a row someone changed since
    the plan was made stops the whole send-back (nothing is stored)."""
    connection = session.connection()
    ids: dict[tuple[str, str], int] = dict(plan.matched)
    for name in SCOPE:
        for n, key, row, keep_id in plan.adds:
            if n == name:
                _insert(connection, name, key, row, keep_id, ids)
        for n, key, fields, guard in plan.updates:
            if n == name:
                _write(connection, name, key, _mapped(name, fields, ids), guard)
    for name in reversed(list(SCOPE)):
        for n, key, guard in plan.deletes:
            if n == name:
                _delete(connection, name, key, guard)
    return Changes(season_id, entries=True, calendar=True)


def _mapped(name: str, row: Row, ids: dict[tuple[str, str], int]) -> Row:
    out = dict(row)
    for column, parent in FOREIGN.get(name, {}).items():
        if out.get(column) is not None:
            out[column] = ids.get((parent, str(out[column])), out[column])
    return out


def _insert(
    connection: Connection,
    name: str,
    key: str,
    row: Row,
    keep_id: bool,
    ids: dict[tuple[str, str], int],
) -> None:
    tbl = table(name)
    fields = _mapped(name, {k: v for k, v in row.items() if k != VERSION}, ids)
    if "id" in tbl.c and not keep_id:
        del fields["id"]
    elif "id" not in tbl.c and _exists(connection, name, fields):
        return  # added on both sides
    done = connection.execute(tbl.insert().values(**fields))
    if "id" in tbl.c:
        new_id = done.inserted_primary_key
        assert new_id is not None
        ids[(name, key)] = int(new_id[0])


def _exists(connection: Connection, name: str, row: Row) -> bool:
    tbl = table(name)
    where = [c == row[c.name] for c in tbl.primary_key.columns]
    return connection.execute(tbl.select().where(*where)).first() is not None


def _where(name: str, key: str, guard: int | None) -> list[Any]:
    tbl = table(name)
    parts = key.split(",")
    where: list[Any] = [c == int(p) for c, p in zip(tbl.primary_key.columns, parts, strict=True)]
    if guard is not None and VERSION in tbl.c:
        where.append(tbl.c[VERSION] == guard)
    return where


def _write(connection: Connection, name: str, key: str, fields: Row, guard: int | None) -> None:
    done = connection.execute(table(name).update().where(*_where(name, key, guard)).values(fields))
    _check(done.rowcount, name, key)


def _delete(connection: Connection, name: str, key: str, guard: int | None) -> None:
    done = connection.execute(table(name).delete().where(*_where(name, key, guard)))
    _check(done.rowcount, name, key)


def _check(count: int, name: str, key: str) -> None:
    if count != 1:
        raise OfflineError(
            f"{name.replace('_', ' ')} {key} was changed on the server while sending: nothing "
            "was sent; send back again"
        )


def describe(connection: Connection, conflicts: list[Conflict], rows: list[Rows]) -> None:
    """Each conflict's label (round, class, car) and who last changed it on the server."""
    for conflict in conflicts:
        conflict.label = _label(conflict.table, conflict.key, rows)
        if conflict.key.isdigit():
            last = connection.execute(
                text(
                    "SELECT author, at FROM change_log WHERE subject = :n AND subject_id = :i "
                    "ORDER BY id DESC LIMIT 1"
                ),
                {"n": conflict.table, "i": int(conflict.key)},
            ).first()
            if last is not None:
                conflict.by = f"changed by {last[0]} at {str(last[1])[11:16]}"


def _label(name: str, key: str, rows: list[Rows]) -> str:
    def find(table_name: str, wanted: Any) -> Row:
        for side in rows:
            if str(wanted) in side.get(table_name, {}):
                return side[table_name][str(wanted)]
        return {}

    row = find(name, key)
    shown = f"{name.replace('_', ' ')} {key}"
    if name == "result" and row:
        entry = find("entry", row["entry_id"])
        rnd = find("round", row["round_id"]).get("number")
        cls = find("season_class", entry.get("class_id")).get("name", "?")
        return f"{shown} (Rd {rnd} {cls} car {entry.get('car_number')})"
    if name == "entry" and row:
        cls = find("season_class", row["class_id"]).get("name", "?")
        return f"{shown} ({cls} car {row.get('car_number')})"
    if "name" in row:
        return f"{shown} ({row['name']})"
    return shown
