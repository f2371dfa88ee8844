"""Edit services for results: each checks its input, changes the data, and says what changed.

A service never commits; the caller (the editor's document, or a command) owns the
transaction, so a refused edit leaves nothing behind.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert
from sqlmodel import Session, col, select

from model.edits.changes import Changes
from model.errors import InputError, NotFoundError
from model.io.limits import MAX_WHOLE_NUMBER
from model.scoring.rules import Championship, Status
from model.store import tables as t

EDITABLE_RESULT_FIELDS = (
    "class_pos",
    "overall_pos",
    "laps",
    "status",
    "note",
    "pole",
    "fastest_lap",
    "qualifying_pos",
    "ineligible",
)
# A pole or fastest lap typed or pasted: yes/no, 1/0, true/false, x/empty, or the table's ✓.
_FLAGS = {"1": True, "yes": True, "true": True, "x": True, "✓": True}
_FLAGS |= {"": False, "0": False, "no": False, "false": False}


@dataclass(frozen=True)
class ResultRecord:
    """Everything stored for one result, enough to put a deleted result back as it was."""

    result_id: int
    round_id: int
    entry_id: int
    class_pos: int | None = None
    overall_pos: int | None = None
    laps: int | None = None
    status: Status = Status.CLASSIFIED
    note: str | None = None
    pole: bool = False
    fastest_lap: bool = False
    drivers: tuple[int, ...] = ()
    qualifying_pos: int | None = None
    ineligible: str = ""
    short_drives: frozenset[int] = frozenset()  # drivers short of the minimum drive time


def check_result_value(field: str, value: Any) -> Any:
    """The value to store for `field`, or InputError saying why it cannot be stored."""
    if field not in EDITABLE_RESULT_FIELDS:
        raise InputError(f"'{field}' cannot be edited", field=field)
    if field == "status":
        try:
            return Status.parse(str(value)) if not isinstance(value, Status) else value
        except ValueError as exc:
            raise InputError(str(exc), field=field) from None
    if field == "note":
        text = str(value or "").strip()
        return text or None
    if field in ("pole", "fastest_lap"):
        return _flag(field, value)
    if field == "ineligible":
        return _championships(value)
    return _whole_number(field, value, minimum=0 if field == "laps" else 1)


def _flag(field: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    found = _FLAGS.get(str(value if value is not None else "").strip().lower())
    if found is None:
        raise InputError(f"expected yes or no, found '{value}'", field=field)
    return found


def _championships(value: Any) -> str:
    """Championships a car is not registered for, as stored: sorted names, space-separated.
    Text may start with 'not', as the results table shows it ('not teams manufacturers')."""
    words = value.split() if isinstance(value, str) else [str(v) for v in value or ()]
    words = words[1:] if words[:1] == ["not"] else words
    known = {c.value for c in Championship}
    unknown = [w for w in words if w not in known]
    if unknown:
        raise InputError(
            f"unknown championship '{unknown[0]}' (expected: {', '.join(sorted(known))})",
            field="ineligible",
        )
    return " ".join(sorted(set(words)))


def _whole_number(field: str, value: Any, *, minimum: int) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        raise InputError(f"expected a whole number, found '{value}'", field=field) from None
    if isinstance(number, bool) or number < minimum:
        raise InputError(f"must be at least {minimum}, found {value}", field=field)
    if number > MAX_WHOLE_NUMBER:
        raise InputError(f"must be at most {MAX_WHOLE_NUMBER:,}, found {value}", field=field)
    return number


def update_result(*, session: Session, result_id: int, **values: Any) -> Changes:
    """Set fields of one result (any of EDITABLE_RESULT_FIELDS)."""
    result = _result(session, result_id)
    for field, value in values.items():
        setattr(result, field, _stored(check_result_value(field, value)))
    session.add(result)
    session.flush()
    return _changed(session, result.round_id)


def set_positions(*, session: Session, positions: dict[int, int | None]) -> Changes:
    """Give several results new class positions at once (a reorder, or cars moving up)."""
    rounds: set[int] = set()
    for result_id, position in positions.items():
        result = _result(session, result_id)
        result.class_pos = check_result_value("class_pos", position)
        rounds.add(result.round_id)
        session.add(result)
    session.flush()
    return _changes_for(session, rounds)


def add_result(
    *,
    session: Session,
    round_id: int,
    entry_id: int,
    class_pos: int | None = None,
    status: Status = Status.CLASSIFIED,
    laps: int | None = None,
    overall_pos: int | None = None,
    note: str | None = None,
) -> tuple[int, Changes]:
    """A new result for an entry that has none in this round yet; returns its id."""
    rnd = session.get(t.Round, round_id)
    if rnd is None or rnd.cancelled:
        raise InputError("results can only be entered for a round that takes place")
    entry = session.get(t.Entry, entry_id)
    if entry is None or entry.season_id != rnd.season_id:
        raise NotFoundError(f"no entry {entry_id} in this season")
    taken = session.exec(
        select(t.Result.id).where(t.Result.round_id == round_id, t.Result.entry_id == entry_id)
    ).first()
    if taken is not None:
        car = f"car {entry.car_number}" if entry.car_number else "this entry"
        raise InputError(f"{car} already has a result in this round", field="car")
    result = t.Result(
        round_id=round_id,
        entry_id=entry_id,
        class_pos=check_result_value("class_pos", class_pos),
        status=status.value,
        laps=check_result_value("laps", laps),
        overall_pos=check_result_value("overall_pos", overall_pos),
        note=check_result_value("note", note),
        ineligible=_entry_registration(session, entry_id),
    )
    session.add(result)
    session.flush()
    assert result.id is not None
    return result.id, _changed(session, round_id)


def _entry_registration(session: Session, entry_id: int) -> str:
    """The championships every earlier result of the entry says it is not registered for
    ("" where they differ or there are none): a car's next race starts registered alike."""
    found = set(session.exec(select(t.Result.ineligible).where(t.Result.entry_id == entry_id)))
    return found.pop() if len(found) == 1 else ""


def delete_results(
    *, session: Session, result_ids: list[int]
) -> tuple[list[ResultRecord], Changes]:
    """Delete results; the records returned put them back through restore_results."""
    records = records_of(session=session, result_ids=result_ids)
    session.execute(delete(t.ResultDriver).where(col(t.ResultDriver.result_id).in_(result_ids)))
    session.execute(delete(t.Result).where(col(t.Result.id).in_(result_ids)))
    return records, _changes_for(session, {r.round_id for r in records})


def restore_results(*, session: Session, records: list[ResultRecord]) -> Changes:
    """Put deleted results back as they were, under their old ids."""
    if records:
        session.execute(insert(t.Result), [_row(record) for record in records])
    links = [
        {
            "result_id": r.result_id,
            "driver_id": driver_id,
            "seat": seat,
            "short_drive": driver_id in r.short_drives,
        }
        for r in records
        for seat, driver_id in enumerate(r.drivers)
    ]
    if links:
        session.execute(insert(t.ResultDriver), links)
    return _changes_for(session, {r.round_id for r in records})


def _row(record: ResultRecord) -> dict[str, Any]:
    return {
        "id": record.result_id,
        "round_id": record.round_id,
        "entry_id": record.entry_id,
        "class_pos": record.class_pos,
        "overall_pos": record.overall_pos,
        "laps": record.laps,
        "status": record.status.value,
        "note": record.note,
        "pole": record.pole,
        "fastest_lap": record.fastest_lap,
        "qualifying_pos": record.qualifying_pos,
        "ineligible": record.ineligible,
    }


def record_of(*, session: Session, result_id: int) -> ResultRecord:
    return records_of(session=session, result_ids=[result_id])[0]


def records_of(*, session: Session, result_ids: list[int]) -> list[ResultRecord]:
    """Everything stored for these results, in the order asked; a missing one is an error."""
    drivers: dict[int, list[int]] = defaultdict(list)
    short: dict[int, set[int]] = defaultdict(set)
    for result_id, driver_id, short_drive in session.execute(
        select(t.ResultDriver.result_id, t.ResultDriver.driver_id, t.ResultDriver.short_drive)
        .where(col(t.ResultDriver.result_id).in_(result_ids))
        .order_by(col(t.ResultDriver.result_id), col(t.ResultDriver.seat))
    ):
        drivers[result_id].append(driver_id)
        if short_drive:
            short[result_id].add(driver_id)
    found = {
        r.id: r for r in session.exec(select(t.Result).where(col(t.Result.id).in_(result_ids)))
    }
    missing = [rid for rid in result_ids if rid not in found]
    if missing:
        raise NotFoundError(f"no result {missing[0]}")
    return [
        ResultRecord(
            rid,
            r.round_id,
            r.entry_id,
            r.class_pos,
            r.overall_pos,
            r.laps,
            Status(r.status),
            r.note,
            r.pole,
            r.fastest_lap,
            tuple(drivers.get(rid, ())),
            r.qualifying_pos,
            r.ineligible,
            frozenset(short.get(rid, ())),
        )
        for rid in result_ids
        for r in (found[rid],)
    ]


def change_result_entry(*, session: Session, result_id: int, entry_id: int) -> Changes:
    """Credit a result to another entry of the same round's season (a corrected car number)."""
    result = _result(session, result_id)
    clash = session.exec(
        select(t.Result.id).where(
            t.Result.round_id == result.round_id,
            t.Result.entry_id == entry_id,
            t.Result.id != result_id,
        )
    ).first()
    if clash is not None:
        raise InputError("that car already has a result in this round", field="car")
    result.entry_id = entry_id
    session.add(result)
    session.flush()
    return _changed(session, result.round_id)


def positions_after_exclusion(*, session: Session, result_id: int) -> dict[int, int | None]:
    """New class positions when a car loses its place: it has none, the cars behind move up."""
    result = _result(session, result_id)
    entry = session.get(t.Entry, result.entry_id)
    assert entry is not None
    if result.class_pos is None:
        return {}
    behind = session.exec(
        select(t.Result)
        .join(t.Entry)
        .where(
            t.Result.round_id == result.round_id,
            t.Entry.class_id == entry.class_id,
            col(t.Result.class_pos) > result.class_pos,
        )
    ).all()
    moves: dict[int, int | None] = {result_id: None}
    for other in behind:
        assert other.id is not None
        assert other.class_pos is not None
        moves[other.id] = other.class_pos - 1
    return moves


def current_positions(*, session: Session, result_ids: list[int]) -> dict[int, int | None]:
    return {r.result_id: r.class_pos for r in records_of(session=session, result_ids=result_ids)}


def _stored(value: Any) -> Any:
    return value.value if isinstance(value, Status) else value


def _result(session: Session, result_id: int) -> t.Result:
    result = session.get(t.Result, result_id)
    if result is None:
        raise NotFoundError(f"no result {result_id}")
    return result


def _changed(session: Session, round_id: int) -> Changes:
    return _changes_for(session, {round_id})


def _changes_for(session: Session, round_ids: set[int]) -> Changes:
    season_ids = {
        season_id
        for season_id in session.exec(
            select(t.Round.season_id).where(col(t.Round.id).in_(round_ids))
        )
    }
    season_id = season_ids.pop() if len(season_ids) == 1 else 0
    return Changes(season_id, frozenset(round_ids))
