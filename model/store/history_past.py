"""The season as it stood after any change of its history: today's season with the log's
later lines taken back, newest first.

Everything the log holds is taken back: results and entries (drivers included), rounds,
classes, points scales and the rules. What the log does not hold (lines written before a
kind of change was logged, such as a round's circuit) is taken from today; so is a logged
rule this version cannot read.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from model.scoring.points import to_points
from model.scoring.rules import RULE_KEYS, Championship, Penalty, SeasonRules, Status
from model.store import tables as t
from model.store.history import snapshot
from model.store.history_words import Snapshot
from model.store.season_data import EntryInfo, ResultInfo, RoundInfo, SeasonData, load_season_data


def season_data_at(*, session: Session, season_id: int, change_id: int) -> SeasonData:
    """The season as it stood just after change `change_id`."""
    rows = rows_at(session=session, season_id=season_id, change_id=change_id)
    current = load_season_data(session=session, season_id=season_id)
    entries = _entries_at(current, rows)
    rounds = _rounds_at(current, rows)
    known_rounds = {rnd.id for rnd in rounds}
    results = tuple(
        result
        for result in _results_at(rows)
        if result.entry_id in entries and result.round_id in known_rounds
    )
    return replace(
        current,
        classes=_classes_at(current, rows),
        rules=_rules_at(current.rules, rows.get(("season", season_id))),
        rounds=rounds,
        entries=entries,
        results=results,
        penalties=_penalties_at(rows),
        scales={
            str(v.get("name")): _points(v.get("points"), current.scales.get(str(v.get("name")), ()))
            for k, v in rows.items()
            if k[0] == "scale"
        },
    )


def _penalties_at(rows: Snapshot) -> tuple[Penalty, ...]:
    """The penalties then, as logged (one whose values another program spoiled is left
    out)."""
    penalties = []
    for (subject, _), p in sorted(rows.items()):
        if subject != "penalty":
            continue
        name = p.get("championship")
        try:
            championship = None if name == "all" else Championship(str(name))
            points = to_points(p.get("points", "0"))
        except ValueError:
            continue
        penalties.append(
            Penalty(
                championship,
                str(p.get("class_name", "")),
                str(p.get("competitor", "")),
                _count(p.get("round_id"), 1),
                points,
                bool(p.get("excluded")),
                str(p.get("reason") or ""),
            )
        )
    return tuple(penalties)


def rows_at(*, session: Session, season_id: int, change_id: int) -> Snapshot:
    """The season's logged rows as they stood just after change `change_id`."""
    rows = snapshot(session, season_id)
    later = session.exec(
        select(t.ChangeLog)
        .where(t.ChangeLog.season_id == season_id, col(t.ChangeLog.id) > change_id)
        .order_by(col(t.ChangeLog.id).desc())
    )
    for change in later:
        key = (change.subject, change.subject_id)
        old = _json(change.old)
        if change.action == "added":
            rows.pop(key, None)
        elif change.action == "removed" and isinstance(old, dict):
            rows[key] = old
        elif key in rows and change.field and old is not _UNREADABLE:
            rows[key] = {**rows[key], change.field: old}
    return rows


_UNREADABLE = object()  # a line another program wrote: the value is left as it is today


def _json(text: str | None) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return _UNREADABLE


def _entries_at(current: SeasonData, rows: Snapshot) -> dict[int, EntryInfo]:
    entries = {}
    for (subject, entry_id), e in rows.items():
        if subject != "entry":
            continue
        today = current.entries.get(entry_id)
        car = e.get("car_number")
        entries[entry_id] = EntryInfo(
            entry_id,
            str(e.get("class_name", "")),
            str(e.get("team", "")),
            None if car is None else str(car),
            str(e.get("chassis", "")),
            str(e.get("engine", "")),
            _names(e, today.drivers if today else ()),
            str(e.get("manufacturer", today.manufacturer if today else "")),
        )
    return entries


def _results_at(rows: Snapshot) -> list[ResultInfo]:
    return [
        _result_at(result_id, r)
        for (subject, result_id), r in sorted(rows.items())
        if subject == "result" and "round_id" in r and "entry_id" in r
    ]


def _result_at(result_id: int, r: dict[str, Any]) -> ResultInfo:
    logged = _names(r, ())
    drivers = tuple(name.removesuffix("*") for name in logged)
    return ResultInfo(
        r["round_id"],
        r["entry_id"],
        _count(r.get("class_pos"), 1),
        _status(r.get("status")),
        _count(r.get("overall_pos"), 1),
        _count(r.get("laps"), 0),
        bool(r.get("pole")),
        bool(r.get("fastest_lap")),
        drivers,
        result_id,
        qualifying_pos=_count(r.get("qualifying_pos"), 1),
        ineligible=_championships(r.get("ineligible")),
        short_drives=frozenset(n.removesuffix("*") for n in logged if n.endswith("*")),
    )


def _championships(value: Any) -> frozenset[Championship]:
    words = value.split() if isinstance(value, str) else []
    return frozenset(Championship(w) for w in words if w in Championship.__members__.values())


def _status(value: Any) -> Status:
    try:
        return Status(value)
    except ValueError:
        return Status.CLASSIFIED


def _names(row: dict[str, Any], fallback: tuple[str, ...]) -> tuple[str, ...]:
    """Drivers as logged (lines written before drivers were logged lack them)."""
    drivers = row.get("drivers")
    return tuple(str(d) for d in drivers) if isinstance(drivers, list) else fallback


def _classes_at(current: SeasonData, rows: Snapshot) -> tuple[str, ...]:
    classes = sorted(
        ((v.get("sort_order", 0), k[1], v.get("name")) for k, v in rows.items() if k[0] == "class"),
        key=lambda item: (item[0] if isinstance(item[0], int) else 0, item[1]),
    )
    names = tuple(str(name) for _, _, name in classes if name)
    return names or current.classes


def _rounds_at(current: SeasonData, rows: Snapshot) -> tuple[RoundInfo, ...]:
    """The calendar then: number, name, date, cancellation and points scale as logged."""
    scales = {v.get("name"): v.get("points") for k, v in rows.items() if k[0] == "scale"}
    today = {rnd.id: rnd for rnd in current.rounds}
    logged = sorted(
        ((v.get("calendar_order", 0), k[1], v) for k, v in rows.items() if k[0] == "round"),
        key=lambda item: (item[0] if isinstance(item[0], int) else 0, item[1]),
    )
    return tuple(
        _round_at(round_id, then, today.get(round_id), scales) for _, round_id, then in logged
    )


def _round_at(
    round_id: int,
    then: dict[str, Any],
    today: RoundInfo | None,
    scales: dict[Any, Any],
) -> RoundInfo:
    scale_name = then.get("points_scale")
    points = _points(scales.get(scale_name), today.scale if today else ())
    return RoundInfo(
        round_id,
        _count(then.get("number"), 1),
        str(then.get("name", today.name if today else round_id)),
        points if scale_name else (),
        bool(then.get("cancelled")),
        str(then.get("circuit", today.circuit if today else "")),
        _date(then.get("date")),
        str(scale_name or ""),
        _factor(then.get("points_factor", "1"), today),
        _count(then.get("event"), 1),
    )


def _count(value: Any, minimum: int) -> int | None:
    """A logged position, lap count or round number; None for what cannot be one."""
    return value if type(value) is int and value >= minimum else None


def _points(value: Any, today: tuple[Decimal, ...]) -> tuple[Decimal, ...]:
    try:
        return tuple(to_points(p) for p in value) if isinstance(value, list) else today
    except ValueError:
        return today


def _factor(value: Any, today: RoundInfo | None) -> Decimal:
    try:
        return to_points(value)
    except ValueError:
        return today.factor if today else Decimal(1)


def _date(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _rules_at(today: SeasonRules, then: dict[str, Any] | None) -> SeasonRules:
    """The rules as logged; today's where the log has none or holds one this version cannot
    read (a value another program wrote, say). A rule this version does not know is left out."""
    if then is None:
        return today
    try:
        known = (*RULE_KEYS, "championships")
        return SeasonRules.from_json({k: v for k, v in then.items() if k in known})
    except ValueError:
        return today
