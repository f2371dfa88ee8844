"""The document's history: every change that can move a standings number, when, by whom.

Results and entries (drivers included), rounds, classes, points scales and the season's
rules are recorded by comparing the season before and after each committed step, so every
kind of change (and every undo) is recorded the same way, in the same transaction as the
change. Nothing in the log is ever rewritten (the database refuses it).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from model import tables as t
from model.rules import Status
from model.season_data import EntryInfo, ResultInfo, SeasonData, load_season_data

Key = tuple[str, int]  # (subject, id): subject is one of SUBJECTS
Snapshot = dict[Key, dict[str, Any]]
SUBJECTS = ("season", "class", "scale", "round", "entry", "result")
LOGGED_RESULT_FIELDS = (
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
LOGGED_ENTRY_FIELDS = ("class_name", "team", "car_number", "chassis", "engine")
LOGGED_RULE_FIELDS = (
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


def snapshot(session: Session, season_id: int) -> Snapshot:
    """Everything of the season that the standings depend on, as plain values."""
    rows: Snapshot = {}
    _season_rows(session, season_id, rows)
    result_drivers = _drivers(session, t.ResultDriver, season_id)
    for row in session.execute(
        sa_select(col(t.Result.id), *(getattr(t.Result, f) for f in LOGGED_RESULT_FIELDS))
        .join(t.Round, col(t.Round.id) == col(t.Result.round_id))
        .where(col(t.Round.season_id) == season_id)
    ):
        values = dict(zip(LOGGED_RESULT_FIELDS, row[1:], strict=True))
        values["drivers"] = result_drivers.get(row[0], [])
        rows[("result", row[0])] = values
    entry_drivers = _drivers(session, t.EntryDriver, season_id)
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
        values = dict(zip(LOGGED_ENTRY_FIELDS, row[1:], strict=True))
        values["drivers"] = entry_drivers.get(row[0], [])
        rows[("entry", row[0])] = values
    return rows


def _season_rows(session: Session, season_id: int, rows: Snapshot) -> None:
    season = session.get(t.Season, season_id)
    if season is None:
        return
    rows[("season", season_id)] = {f: _plain(getattr(season, f)) for f in LOGGED_RULE_FIELDS}
    for cls in session.exec(select(t.SeasonClass).where(t.SeasonClass.season_id == season_id)):
        rows[("class", cls.id or 0)] = {"name": cls.name, "sort_order": cls.sort_order}
    scales = {}
    for scale in session.exec(select(t.PointsScale).where(t.PointsScale.season_id == season_id)):
        scales[scale.id] = scale.name
        rows[("scale", scale.id or 0)] = {"name": scale.name, "points": list(scale.points)}
    for rnd in session.exec(select(t.Round).where(t.Round.season_id == season_id)):
        rows[("round", rnd.id or 0)] = {
            "number": rnd.number,
            "name": rnd.name,
            "date": rnd.date.isoformat() if rnd.date else None,
            "cancelled": rnd.cancelled,
            "points_scale": scales.get(rnd.points_scale_id),
            "calendar_order": rnd.calendar_order,
            "round_id": rnd.id,
        }


def _plain(value: Any) -> Any:
    return sorted(value) if isinstance(value, list | set | frozenset) else value


def _drivers(
    session: Session, link: type[t.ResultDriver] | type[t.EntryDriver], season_id: int
) -> dict[int, list[str]]:
    """Driver names per result (or entry) of the season, in seat order."""
    if link is t.ResultDriver:
        owner = col(t.ResultDriver.result_id)
        query = (
            sa_select(owner, col(t.Driver.name))
            .join(t.Driver, col(t.Driver.id) == col(t.ResultDriver.driver_id))
            .join(t.Result, col(t.Result.id) == owner)
            .join(t.Round, col(t.Round.id) == col(t.Result.round_id))
            .where(col(t.Round.season_id) == season_id)
            .order_by(owner, col(t.ResultDriver.seat))
        )
    else:
        owner = col(t.EntryDriver.entry_id)
        query = (
            sa_select(owner, col(t.Driver.name))
            .join(t.Driver, col(t.Driver.id) == col(t.EntryDriver.driver_id))
            .join(t.Entry, col(t.Entry.id) == owner)
            .where(col(t.Entry.season_id) == season_id)
            .order_by(owner, col(t.EntryDriver.seat))
        )
    found: dict[int, list[str]] = defaultdict(list)
    for owner_id, name in session.execute(query):
        found[owner_id].append(name)
    return found


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


@contextmanager
def recorded_season(
    session: Session, find: Callable[[], int | None], *, author: str, step: str
) -> Iterator[None]:
    """Record a block that may create the season it changes: `find` names the season (None
    while it does not exist), before the block and after it."""
    season_id = find()
    before = snapshot(session, season_id) if season_id is not None else {}
    yield
    session.flush()
    after_id = find()
    if after_id is not None:
        after = snapshot(session, after_id)
        record_changes(session, after_id, before, after, author=author, step=step)


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


def describe(change: t.ChangeLog, now: Snapshot) -> str:
    """The change in words, naming cars, rounds and scales by today's names where it can."""
    data = json.loads(change.new or change.old or "{}") if change.action != "changed" else {}
    what = _subject_name(change, data, now)
    if change.action == "changed":
        field = _FIELD_NAMES.get((change.subject, change.field or ""), change.field)
        old, new = _value(change.old, change.field), _value(change.new, change.field)
        return f"{what}: {field} {old} → {new}"
    return f"{what} {change.action}"


_FIELD_NAMES = {
    ("round", "cancelled"): "cancelled",
    ("round", "points_scale"): "points scale",
    ("scale", "points"): "points",
    ("result", "drivers"): "drivers",
    ("entry", "drivers"): "drivers",
}


def _subject_name(change: t.ChangeLog, data: dict[str, Any], now: Snapshot) -> str:
    subject, subject_id = change.subject, change.subject_id
    current = now.get((subject, subject_id)) or data
    if subject == "result":
        entry_id = int(data.get("entry_id") or current.get("entry_id") or 0)
        return _car(now.get(("entry", entry_id)), f"result {subject_id}") + _at_round(
            change.round_id, now
        )
    if subject == "entry":
        return "entry " + _car(current, str(subject_id))
    if subject == "round":
        number = current.get("number")
        name = current.get("name", subject_id)
        return f"Round {number} {name}" if number else f"Round {name}"
    if subject == "scale":
        return f"points scale {current.get('name', subject_id)}"
    if subject == "class":
        return f"class {current.get('name', subject_id)}"
    return "season rules" if change.action != "changed" else "rule"


def _car(entry: dict[str, Any] | None, fallback: str) -> str:
    if entry is None:
        return fallback
    car = entry.get("car_number")
    return f"car {car} ({entry.get('team')})" if car else str(entry.get("team", fallback))


def _at_round(round_id: int | None, now: Snapshot) -> str:
    rnd = now.get(("round", round_id)) if round_id is not None else None
    return f" at {rnd['name']}" if rnd else ""


def _value(text: str | None, field: str | None = None) -> str:
    value = json.loads(text) if text else None
    if value is None or value == []:
        return "—"
    if field == "points" and isinstance(value, list):
        return "-".join(str(v) for v in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def season_data_at(*, session: Session, season_id: int, change_id: int) -> SeasonData:
    """The season's results, entries and calendar as they stood just after change
    `change_id` (the rules are today's)."""
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
            _names(e, current.entries[key[1]].drivers if key[1] in current.entries else ()),
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
            _names(r, ()),
            key[1],
        )
        for key, r in sorted(rows.items())
        if key[0] == "result" and r["entry_id"] in entries
    )
    return replace(current, entries=entries, results=results, rounds=_rounds_at(current, rows))


def _names(row: dict[str, Any], fallback: tuple[str, ...]) -> tuple[str, ...]:
    """Drivers as logged (lines written before drivers were logged lack them)."""
    return tuple(row["drivers"]) if "drivers" in row else fallback


def _rounds_at(current: SeasonData, rows: Snapshot) -> tuple[Any, ...]:
    """Today's rounds with the number, cancellation and scale they had then."""
    scales = {v["name"]: tuple(v["points"]) for k, v in rows.items() if k[0] == "scale"}
    rounds = []
    for rnd in current.rounds:
        then = rows.get(("round", rnd.id))
        if then is None:
            continue  # added later
        scale_name = then.get("points_scale")
        rounds.append(
            rnd._replace(
                number=then.get("number"),
                cancelled=bool(then.get("cancelled")),
                scale=scales.get(scale_name, rnd.scale) if scale_name else rnd.scale,
            )
        )
    return tuple(rounds)
