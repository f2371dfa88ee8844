"""A car that changes chassis or engine during the season: a second entry, with the results
from the round of the change on, so each result keeps what actually raced."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from model.edits import entries as entry_editing
from model.edits.changes import Changes
from model.edits.entries import EntryRecord
from model.edits.names import checked_name
from model.errors import InputError
from model.store import tables as t
from model.store.history import Touched


@dataclass
class ChangedCarEdit:
    """A new entry like `record` (team, car number, class, drivers) with another chassis or
    engine, given the results of `record`'s entry from round `from_round` on."""

    record: EntryRecord
    chassis: str
    engine: str
    manufacturer: str
    moved: tuple[int, ...]
    new_entry_id: int | None = None

    @classmethod
    def build(
        cls, session: Session, entry_id: int, *, chassis: str, engine: str, from_round: int | None
    ) -> ChangedCarEdit:
        record = entry_editing.entry_record(session=session, entry_id=entry_id)
        chassis = checked_name(chassis.strip(), "chassis")
        engine = checked_name(engine.strip(), "engine")
        if (chassis, engine) == (record.chassis, record.engine):
            raise InputError(
                "give the new chassis or engine: these are the car's own", field="chassis"
            )
        moved = _results_from(session, record, from_round)
        # An explicit manufacturer stays only with the same chassis; else the new chassis says.
        manufacturer = record.manufacturer if chassis == record.chassis else ""
        return cls(record, chassis, engine, manufacturer, moved)

    def touched(self) -> Touched:
        entries = {self.record.entry_id}
        if self.new_entry_id is not None:
            entries.add(self.new_entry_id)
        return Touched(results=frozenset(self.moved), entries=frozenset(entries))

    def apply(self, session: Session) -> Changes:
        r = self.record
        self.new_entry_id, changes = entry_editing.add_entry(
            session=session,
            season_id=r.season_id,
            class_name=r.class_name,
            team=r.team,
            car=r.car,
            chassis=self.chassis,
            engine=self.engine,
            drivers=r.drivers,
            entry_id=self.new_entry_id,  # the same id again on redo
            manufacturer=self.manufacturer,
        )
        return changes | self._move(session, self.new_entry_id)

    def revert(self, session: Session) -> Changes:
        assert self.new_entry_id is not None, "revert before apply"
        changes = self._move(session, self.record.entry_id)
        return changes | entry_editing.delete_entry(session=session, entry_id=self.new_entry_id)[1]

    def _move(self, session: Session, entry_id: int) -> Changes:
        rounds = set()
        for result_id in self.moved:
            result = session.get(t.Result, result_id)
            assert result is not None
            result.entry_id = entry_id
            rounds.add(result.round_id)
            session.add(result)
        session.flush()
        return Changes(self.record.season_id, frozenset(rounds), entries=True)


def _results_from(session: Session, record: EntryRecord, from_round: int | None) -> tuple[int, ...]:
    """The entry's results from `from_round` on, in calendar order; InputError when that would
    be none of them or all of them (then the entry itself is what needs changing)."""
    start = session.get(t.Round, from_round) if from_round is not None else None
    if start is None or start.season_id != record.season_id:
        raise InputError(
            "choose the round of the change from this season's calendar", field="round"
        )
    results = session.exec(
        select(t.Result.id, t.Round.calendar_order)
        .join(t.Round)
        .where(t.Result.entry_id == record.entry_id)
        .order_by(col(t.Round.calendar_order))
    ).all()
    car = f"car {record.car}" if record.car else "this entry"
    moved = tuple(
        rid for rid, order in results if rid is not None and order >= start.calendar_order
    )
    if not moved:
        raise InputError(
            f"{car} has no results from {start.name} on: enter that race first, then give the "
            "change (results are matched by car number to the entry raced most recently)",
            field="round",
        )
    if len(moved) == len(results):
        raise InputError(
            f"{start.name} is {car}'s first race: every result would move, so change the "
            "entry's chassis or engine instead",
            field="round",
        )
    return moved
