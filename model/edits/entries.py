"""Edit services for the entry list: add, change and remove entries of a season."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from model.edits.changes import Changes
from model.edits.names import checked_name, prune_unused_names, set_entry_drivers, team_id
from model.errors import InputError, NotFoundError
from model.store import tables as t

EDITABLE_ENTRY_FIELDS = (
    "car",
    "team",
    "class_name",
    "chassis",
    "engine",
    "manufacturer",
    "drivers",
)


@dataclass(frozen=True)
class EntryRecord:
    entry_id: int
    season_id: int
    class_name: str
    team: str
    car: str | None
    chassis: str
    engine: str
    drivers: tuple[str, ...]
    manufacturer: str = ""


def add_entry(
    *,
    session: Session,
    season_id: int,
    class_name: str,
    team: str,
    car: str | None = None,
    chassis: str = "",
    engine: str = "",
    drivers: tuple[str, ...] = (),
    entry_id: int | None = None,
    manufacturer: str = "",
) -> tuple[int, Changes]:
    """A new entry; `entry_id` is given only to put a removed entry back under its old id."""
    entry = t.Entry(
        id=entry_id,
        season_id=season_id,
        class_id=_class_id(session, season_id, class_name),
        team_id=team_id(session, _required("team", team)),
        car_number=_car(car),
        chassis=_text("chassis", chassis),
        engine=_text("engine", engine),
        manufacturer=_text("manufacturer", manufacturer),
    )
    session.add(entry)
    session.flush()
    assert entry.id is not None
    set_entry_drivers(session, entry.id, drivers)
    return entry.id, Changes(season_id, entries=True)


def update_entry(*, session: Session, entry_id: int, **values: Any) -> Changes:
    """Change fields of an entry: car, team, class_name, chassis, engine, manufacturer,
    drivers."""
    entry = _entry(session, entry_id)
    for field, value in values.items():
        if field == "car":
            entry.car_number = _car(value)
        elif field == "team":
            entry.team_id = team_id(session, _required("team", value))
        elif field == "class_name":
            entry.class_id = _class_id(session, entry.season_id, value)
        elif field in ("chassis", "engine", "manufacturer"):
            setattr(entry, field, _text(field, value))
        elif field == "drivers":
            set_entry_drivers(session, entry_id, tuple(value))
            # The drivers live in rows of their own: the entry's version says they changed,
            # so another editor's edit of the entry made before is refused.
            entry.row_version = t.Entry.row_version + 1
        else:
            raise InputError(f"'{field}' cannot be edited", field=field)
    session.add(entry)
    session.flush()
    prune_unused_names(session)
    return _entry_changes(session, entry)


def delete_entry(*, session: Session, entry_id: int) -> tuple[EntryRecord, Changes]:
    """Remove an entry that has no results; the record puts it back through add_entry."""
    record = entry_record(session=session, entry_id=entry_id)
    has_results = session.exec(select(t.Result.id).where(t.Result.entry_id == entry_id)).first()
    if has_results is not None:
        raise InputError("this entry has results; delete its results first", field="car")
    for link in session.exec(select(t.EntryDriver).where(t.EntryDriver.entry_id == entry_id)):
        session.delete(link)
    session.delete(_entry(session, entry_id))
    session.flush()
    prune_unused_names(session)
    return record, Changes(record.season_id, entries=True)


def entry_record(*, session: Session, entry_id: int) -> EntryRecord:
    entry = _entry(session, entry_id)
    team = session.get(t.Team, entry.team_id)
    cls = session.get(t.SeasonClass, entry.class_id)
    assert team is not None
    assert cls is not None
    drivers = session.exec(
        select(t.Driver.name)
        .join(t.EntryDriver)
        .where(t.EntryDriver.entry_id == entry_id)
        .order_by(col(t.EntryDriver.seat))
    ).all()
    return EntryRecord(
        entry_id,
        entry.season_id,
        cls.name,
        team.name,
        entry.car_number,
        entry.chassis,
        entry.engine,
        tuple(drivers),
        entry.manufacturer,
    )


def find_entry_by_car(
    *,
    session: Session,
    season_id: int,
    class_name: str | None,
    car: str,
    before_round: int | None = None,
) -> int | None:
    """The entry running car `car` (in `class_name`, if given).

    When a car number has several entries (a chassis change), the one raced most recently
    before `before_round` wins, else the newest.
    """
    query = select(t.Entry.id).where(
        t.Entry.season_id == season_id, t.Entry.car_number == car.strip()
    )
    if class_name is not None:
        query = query.join(t.SeasonClass).where(t.SeasonClass.name == class_name)
    candidates = list(session.exec(query.order_by(col(t.Entry.id))))
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    used = session.exec(
        select(t.Result.entry_id)
        .join(t.Round)
        .where(col(t.Result.entry_id).in_(candidates))
        .where(col(t.Round.calendar_order) < _calendar_order(session, before_round))
        .order_by(col(t.Round.calendar_order).desc())
    ).first()
    return used if used is not None else candidates[-1]


def entry_for_car(
    *, session: Session, season_id: int, class_name: str | None, car: str, before_round: int | None
) -> int:
    """Like find_entry_by_car, but a missing car is an InputError saying so."""
    entry_id = find_entry_by_car(
        session=session,
        season_id=season_id,
        class_name=class_name,
        car=car,
        before_round=before_round,
    )
    if entry_id is None:
        within = f" in {class_name}" if class_name else ""
        raise InputError(f"No car {car.strip()}{within} in the entry list", field="car")
    return entry_id


def _calendar_order(session: Session, round_id: int | None) -> int:
    rnd = session.get(t.Round, round_id) if round_id is not None else None
    return rnd.calendar_order if rnd is not None else 1_000_000


def _entry(session: Session, entry_id: int) -> t.Entry:
    entry = session.get(t.Entry, entry_id)
    if entry is None:
        raise NotFoundError(f"no entry {entry_id}")
    return entry


def _entry_changes(session: Session, entry: t.Entry) -> Changes:
    rounds = session.exec(select(t.Result.round_id).where(t.Result.entry_id == entry.id)).all()
    return Changes(entry.season_id, frozenset(rounds), entries=True)


def _required(field: str, value: Any) -> str:
    text = str(value or "").strip()
    if not text:
        raise InputError("cannot be empty", field=field)
    return text


def _car(value: Any) -> str | None:
    text = _text("car", value)
    return text or None


def _text(field: str, value: Any) -> str:
    """Typed or pasted text, refused with a control character in it (as every reader does)."""
    return checked_name(str(value or "").strip(), field)


def _class_id(session: Session, season_id: int, name: str) -> int:
    found = session.exec(
        select(t.SeasonClass.id).where(
            t.SeasonClass.season_id == season_id, t.SeasonClass.name == name
        )
    ).first()
    if found is None:
        raise InputError(f"unknown class '{name}'", field="class")
    return found
