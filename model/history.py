"""The document's history: every change to results and entries, when, by whom, old and new.

Changes are found by comparing the season before and after each committed step, so every
kind of edit (and every undo) is recorded the same way, in the same transaction as the edit.
Nothing in the log is ever rewritten (the database refuses it).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from model import tables as t
from model.rules import Status
from model.season_data import EntryInfo, ResultInfo, SeasonData, load_season_data

Key = tuple[str, int]  # ("result" | "entry", id)
RESULT_FIELDS = (
    "round_id",
    "entry_id",
    "class_pos",
    "overall_pos",
    "laps",
    "status",
    "note",
    "pole",
    "fastest_lap",
)
ENTRY_FIELDS = ("class_name", "team", "car_number", "chassis", "engine")


def snapshot(session: Session, season_id: int) -> dict[Key, dict[str, Any]]:
    """Every result and entry of the season as plain values."""
    rows: dict[Key, dict[str, Any]] = {}
    for row in session.execute(
        sa_select(col(t.Result.id), *(getattr(t.Result, f) for f in RESULT_FIELDS))
        .join(t.Round, col(t.Round.id) == col(t.Result.round_id))
        .where(col(t.Round.season_id) == season_id)
    ):
        rows[("result", row[0])] = dict(zip(RESULT_FIELDS, row[1:], strict=True))
    for row in session.execute(
        sa_select(
            col(t.Entry.id),
            col(t.SeasonClass.name),
            col(t.Team.name),
            col(t.Entry.car_number),
            col(t.Entry.chassis),
            col(t.Entry.engine),
        )
        .join(t.SeasonClass, col(t.SeasonClass.id) == col(t.Entry.class_id))
        .join(t.Team, col(t.Team.id) == col(t.Entry.team_id))
        .where(col(t.Entry.season_id) == season_id)
    ):
        rows[("entry", row[0])] = dict(zip(ENTRY_FIELDS, row[1:], strict=True))
    return rows


def record_changes(
    session: Session,
    season_id: int,
    before: dict[Key, dict[str, Any]],
    after: dict[Key, dict[str, Any]],
    *,
    author: str,
    step: str,
) -> int:
    """Log what differs between two snapshots; returns how many lines were written."""
    at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    lines = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        subject, subject_id = key
        round_id = (new or old or {}).get("round_id")
        common: dict[str, Any] = {
            "at": at,
            "author": author,
            "step": step,
            "season_id": season_id,
            "round_id": round_id,
            "subject": subject,
            "subject_id": subject_id,
        }
        if old is None:
            lines.append(t.ChangeLog(**common, action="added", new=json.dumps(new)))
        elif new is None:
            lines.append(t.ChangeLog(**common, action="removed", old=json.dumps(old)))
        else:
            lines += [
                t.ChangeLog(
                    **common,
                    action="changed",
                    field=field,
                    old=json.dumps(old[field]),
                    new=json.dumps(new[field]),
                )
                for field in old
                if old[field] != new[field]
            ]
    session.add_all(lines)
    session.flush()
    return len(lines)


@contextmanager
def recorded(session: Session, season_id: int | None, *, author: str, step: str) -> Iterator[None]:
    """Record whatever the block changes in the season, in the block's own transaction."""
    if season_id is None:
        yield
        return
    before = snapshot(session, season_id)
    yield
    session.flush()
    record_changes(
        session, season_id, before, snapshot(session, season_id), author=author, step=step
    )


@dataclass(frozen=True)
class HistoryLine:
    change_id: int
    at: dt.datetime
    author: str
    step: str
    round_id: int | None
    description: str


def history(*, session: Session, season_id: int, round_id: int | None = None) -> list[HistoryLine]:
    """The season's log, newest first (optionally only one round's results)."""
    query = select(t.ChangeLog).where(t.ChangeLog.season_id == season_id)
    if round_id is not None:
        query = query.where(t.ChangeLog.round_id == round_id)
    now = snapshot(session, season_id)
    lines = []
    for change in session.exec(query.order_by(col(t.ChangeLog.id).desc())):
        assert change.id is not None
        lines.append(
            HistoryLine(
                change.id,
                dt.datetime.fromisoformat(change.at),
                change.author,
                change.step,
                change.round_id,
                describe(change, now),
            )
        )
    return lines


def describe(change: t.ChangeLog, now: dict[Key, dict[str, Any]]) -> str:
    """The change in words, naming the car by today's entry list where it can."""
    data = json.loads(change.new or change.old or "{}") if change.action != "changed" else {}
    if change.subject == "result":
        entry_id = data.get("entry_id") or now.get(("result", change.subject_id), {}).get(
            "entry_id"
        )
        entry = now.get(("entry", entry_id)) if entry_id is not None else None
        what = f"result {change.subject_id}"
        if entry is not None:
            car = entry["car_number"]
            what = f"car {car} ({entry['team']})" if car else entry["team"]
    else:
        entry = now.get(("entry", change.subject_id)) or data
        what = f"entry {entry.get('car_number') or ''} ({entry.get('team', change.subject_id)})"
    if change.action == "changed":
        return f"{what}: {change.field} {_value(change.old)} → {_value(change.new)}"
    return f"{what} {change.action}"


def _value(text: str | None) -> str:
    value = json.loads(text) if text else None
    return "—" if value is None else str(value)


def season_data_at(*, session: Session, season_id: int, change_id: int) -> SeasonData:
    """The season's results and entries as they stood just after change `change_id`."""
    rows = snapshot(session, season_id)
    later = session.exec(
        select(t.ChangeLog)
        .where(t.ChangeLog.season_id == season_id, col(t.ChangeLog.id) > change_id)
        .order_by(col(t.ChangeLog.id).desc())
    )
    for change in later:
        key = (change.subject, change.subject_id)
        if change.action == "added":
            rows.pop(key, None)
        elif change.action == "removed":
            rows[key] = json.loads(change.old or "{}")
        elif key in rows and change.field:
            rows[key][change.field] = json.loads(change.old or "null")
    current = load_season_data(session=session, season_id=season_id)
    entries = {
        key[1]: EntryInfo(
            key[1],
            e["class_name"],
            e["team"],
            e["car_number"],
            e["chassis"],
            e["engine"],
            current.entries[key[1]].drivers if key[1] in current.entries else (),
        )
        for key, e in rows.items()
        if key[0] == "entry"
    }
    results = tuple(
        ResultInfo(
            r["round_id"],
            r["entry_id"],
            r["class_pos"],
            Status(r["status"]),
            r["overall_pos"],
            r["laps"],
            bool(r["pole"]),
            bool(r["fastest_lap"]),
            (),
            key[1],
        )
        for key, r in sorted(rows.items())
        if key[0] == "result" and r["entry_id"] in entries
    )
    return replace(current, entries=entries, results=results)
