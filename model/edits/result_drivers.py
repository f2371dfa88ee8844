"""Who drove a car in one race, when it differs from the entry's nominated drivers, and which
of them missed the minimum drive time: read from a cell, stored, and undone exactly.

A result naming no drivers scores for the entry's drivers. The cell's language is the results
CSV's: names separated by ';', a '*' after a name marks a short drive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from sqlalchemy import delete, insert
from sqlmodel import Session, col, select

from model.edits.changes import Changes
from model.edits.names import checked_name, driver_ids
from model.edits.results import record_of
from model.errors import InputError, NotFoundError
from model.io.results_csv import DRIVER_SEPARATOR, SHORT_DRIVE_MARK, parse_drivers
from model.store import tables as t
from model.store.history import Touched

Drivers = tuple[tuple[str, ...], frozenset[str]]  # names in seat order, those short of time


def parse_driver_cell(text: str) -> Drivers:
    """The drivers a cell names (`Tom Kristensen; Rinaldo Capello*`); InputError says what is
    wrong with a name and changes nothing."""
    try:
        names, short = parse_drivers(text)
    except ValueError as exc:
        raise InputError(str(exc), field="drivers") from None
    for name in names:
        checked_name(name, "drivers")
    return names, short


def driver_cell(names: Iterable[str], short: frozenset[str] = frozenset()) -> str:
    """The cell's text for these drivers: the reverse of parse_driver_cell."""
    return f"{DRIVER_SEPARATOR} ".join(
        f"{name}{SHORT_DRIVE_MARK if name in short else ''}" for name in names
    )


@dataclass(frozen=True)
class RegisteredDriver:
    """A driver's register row, enough to put it back under its id."""

    id: int
    name: str
    short_name: str
    nationality: str


def _register_rows(session: Session, ids: Iterable[int]) -> tuple[RegisteredDriver, ...]:
    rows = session.exec(select(t.Driver).where(col(t.Driver.id).in_(list(ids))))
    return tuple(
        RegisteredDriver(d.id or 0, d.name, d.short_name, d.nationality) for d in rows if d.id
    )


def _link(session: Session, result_id: int, ids: list[int], short_ids: set[int]) -> None:
    session.execute(delete(t.ResultDriver).where(col(t.ResultDriver.result_id) == result_id))
    links = [
        {"result_id": result_id, "driver_id": d, "seat": seat, "short_drive": d in short_ids}
        for seat, d in enumerate(ids)
    ]
    if links:
        session.execute(insert(t.ResultDriver), links)


def _drop_bare_unused(session: Session, ids: Iterable[int]) -> None:
    """Drop those of `ids` that nothing names any more and the register says nothing about
    (a name typed in a cell and then corrected leaves no trace; a registered driver stays)."""
    used = select(t.EntryDriver.driver_id).union(select(t.ResultDriver.driver_id))
    session.execute(
        delete(t.Driver).where(
            col(t.Driver.id).in_(list(ids)),
            col(t.Driver.id).not_in(used),
            col(t.Driver.short_name) == "",
            col(t.Driver.nationality) == "",
        )
    )


def set_result_drivers(
    *, session: Session, result_id: int, drivers: Drivers
) -> tuple[frozenset[int], Changes]:
    """Give a result its own drivers (none: the entry's), creating unknown names; returns the
    ids of the drivers it created, and what changed."""
    record = record_of(session=session, result_id=result_id)
    names, short = drivers
    stray = short - set(names)
    if stray:
        raise InputError(
            f"'{min(stray)}' is marked short of time but is not named", field="drivers"
        )
    known = set(session.exec(select(t.Driver.name).where(col(t.Driver.name).in_(names))))
    ids = driver_ids(session, names)
    _link(session, result_id, ids, {i for i, n in zip(ids, names, strict=True) if n in short})
    _drop_bare_unused(session, record.drivers)
    session.flush()
    created = frozenset(i for i, n in zip(ids, names, strict=True) if n not in known)
    return created, _changed(session, record.round_id, result_id)


def _changed(session: Session, round_id: int, result_id: int) -> Changes:
    season_id = session.exec(select(t.Round.season_id).where(t.Round.id == round_id)).first()
    if season_id is None:
        raise NotFoundError(f"no round {round_id}")
    return Changes(season_id, frozenset({round_id}), result_ids=frozenset({result_id}))


@dataclass
class ResultDriversEdit:
    """One result's drivers set; reverting puts back the drivers it had, under their ids, and
    drops the drivers the edit created."""

    result_id: int
    drivers: Drivers
    old: Drivers
    old_ids: tuple[int, ...]
    old_short_ids: frozenset[int]
    old_register: tuple[RegisteredDriver, ...]
    created: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def build(cls, session: Session, result_id: int, drivers: Drivers) -> ResultDriversEdit:
        names, short = drivers
        for name in names:
            checked_name(name, "drivers")
        record = record_of(session=session, result_id=result_id)
        register = _register_rows(session, record.drivers)
        by_id = {d.id: d.name for d in register}
        old_names = tuple(by_id[i] for i in record.drivers)
        old_short = frozenset(by_id[i] for i in record.short_drives)
        return cls(
            result_id,
            (tuple(names), frozenset(short)),
            (old_names, old_short),
            record.drivers,
            record.short_drives,
            register,
        )

    def changes_nothing(self) -> bool:
        return self.drivers == self.old

    def touched(self) -> Touched:
        return Touched(results=frozenset({self.result_id}))

    def apply(self, session: Session) -> Changes:
        self.created, changes = set_result_drivers(
            session=session, result_id=self.result_id, drivers=self.drivers
        )
        return changes

    def revert(self, session: Session) -> Changes:
        wanted = [d.id for d in self.old_register]
        known = set(session.exec(select(t.Driver.id).where(col(t.Driver.id).in_(wanted))))
        missing = [asdict(d) for d in self.old_register if d.id not in known]
        if missing:
            session.execute(insert(t.Driver), missing)
        _link(session, self.result_id, list(self.old_ids), set(self.old_short_ids))
        _drop_bare_unused(session, self.created)
        session.flush()
        round_id = record_of(session=session, result_id=self.result_id).round_id
        return _changed(session, round_id, self.result_id)
