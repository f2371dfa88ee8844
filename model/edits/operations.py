"""Edits that can be applied, reverted and applied again: the substance of undo and redo.

Each edit captures the old state when it is built (from the open session), so reverting
restores exactly what was there. Several edits applied in one transaction form one step.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, cast, runtime_checkable

from sqlmodel import Session

from model.edits import entries as entry_editing
from model.edits import results as editing
from model.edits.changes import Changes
from model.edits.conflicts import (
    RowKey,
    Versions,
    check_versions,
    expected_versions,
    remember_versions,
    stored_versions,
)
from model.edits.entries import EntryRecord
from model.edits.results import ResultRecord
from model.errors import InputError
from model.scoring.rules import Status
from model.store.history import Touched


class Edit(Protocol):
    def apply(self, session: Session) -> Changes: ...

    def revert(self, session: Session) -> Changes: ...


@runtime_checkable
class NamesItsRows(Protocol):
    """An edit that can name every row it changes (before it runs, and again after with the
    rows it created): its history and the open season are then refreshed from those rows."""

    def touched(self) -> Touched: ...


def seasons_of(edits: Sequence[Edit]) -> Callable[[Session], list[int]] | None:
    """The seasons a step's history follows when one of its edits names them (an import of
    a season definition), else None: the season on screen."""
    named: list[Callable[[Session], list[int]]] = [
        cast(Any, edit).seasons for edit in edits if callable(getattr(edit, "seasons", None))
    ]
    if not named:
        return None
    return lambda session: sorted({sid for seasons in named for sid in seasons(session)})


def touched_by(edits: Sequence[Edit]) -> Callable[[], Touched] | None:
    """What a step of `edits` touches, or None when one of them cannot say."""
    named = [edit for edit in edits if isinstance(edit, NamesItsRows)]
    if len(named) != len(edits):
        return None
    return lambda: functools.reduce(operator.or_, (edit.touched() for edit in named), Touched())


def changes_something(edit: Edit) -> bool:
    """False for an edit that would write exactly what is there (a paste of the same values):
    such an edit never becomes an undo step."""
    unchanged = getattr(edit, "changes_nothing", None)
    return not (callable(unchanged) and unchanged())


def apply_all(session: Session, edits: Sequence[Edit]) -> Changes:
    """Apply a step; ConflictError, before anything is written, when one of its rows was
    changed by someone else since the step was built (or last undone)."""
    check_versions(session, expected_versions(edits))
    changes = [edit.apply(session) for edit in edits]
    remember_versions(session, edits)
    return _merge(changes)


def revert_all(session: Session, edits: Sequence[Edit]) -> Changes:
    """Undo a step; ConflictError when one of its rows was changed by someone else since."""
    check_versions(session, expected_versions(edits))
    changes = [edit.revert(session) for edit in reversed(edits)]
    remember_versions(session, edits)
    return _merge(changes)


def _seen(
    session: Session, table: str, ids: Sequence[int], seen: dict[int, int] | None
) -> Versions:
    """The versions the user saw: those given (the open season's), else those stored now."""
    keys: list[RowKey] = [(table, row_id) for row_id in ids]
    if seen is not None and all(row_id in seen for row_id in ids):
        return {(table, row_id): seen[row_id] for row_id in ids}
    stored = stored_versions(session, keys)
    given = seen or {}
    return {
        key: given.get(key[1], version) for key, version in stored.items() if version is not None
    }


def _merge(changes: list[Changes]) -> Changes:
    merged = changes[0]
    for change in changes[1:]:
        merged = merged | change
    return merged


@dataclass
class ResultFieldEdit:
    result_id: int
    values: dict[str, Any]
    old: dict[str, Any]
    versions: Versions = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        session: Session,
        result_id: int,
        *,
        seen: dict[int, int] | None = None,
        **values: Any,
    ) -> ResultFieldEdit:
        """The edit, from the result as stored now; `seen`: its row_version the user saw, by
        result id (else now's)."""
        checked = {name: editing.check_result_value(name, v) for name, v in values.items()}
        record = editing.record_of(session=session, result_id=result_id)
        old = {name: getattr(record, name) for name in checked}
        return cls(result_id, checked, old, _seen(session, "result", [result_id], seen))

    def seen(self, row_version: int) -> ResultFieldEdit:
        """This edit, refused if the result is no longer at the version the user saw (the
        open season's ResultInfo.row_version)."""
        self.versions = {("result", self.result_id): row_version}
        return self

    def versioned_rows(self) -> frozenset[RowKey]:
        return frozenset({("result", self.result_id)})

    def changes_nothing(self) -> bool:
        return self.values == self.old

    def touched(self) -> Touched:
        return Touched(results=frozenset({self.result_id}))

    def apply(self, session: Session) -> Changes:
        return editing.update_result(session=session, result_id=self.result_id, **self.values)

    def revert(self, session: Session) -> Changes:
        return editing.update_result(session=session, result_id=self.result_id, **self.old)


@dataclass
class PositionsEdit:
    positions: dict[int, int | None]
    old: dict[int, int | None]
    versions: Versions = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        session: Session,
        positions: dict[int, int | None],
        *,
        seen: dict[int, int] | None = None,
    ) -> PositionsEdit:
        """`seen`: the results' row_version the user saw, by result id (else now's)."""
        old = editing.current_positions(session=session, result_ids=list(positions))
        return cls(dict(positions), old, _seen(session, "result", list(positions), seen))

    def versioned_rows(self) -> frozenset[RowKey]:
        return frozenset(("result", result_id) for result_id in self.positions)

    def changes_nothing(self) -> bool:
        return self.positions == self.old

    def touched(self) -> Touched:
        return Touched(results=frozenset(self.positions))

    def apply(self, session: Session) -> Changes:
        return editing.set_positions(session=session, positions=self.positions)

    def revert(self, session: Session) -> Changes:
        return editing.set_positions(session=session, positions=self.old)


@dataclass
class AddResultEdit:
    round_id: int
    entry_id: int
    class_pos: int | None = None
    status: Status = Status.CLASSIFIED
    laps: int | None = None
    overall_pos: int | None = None
    note: str | None = None
    record: ResultRecord | None = field(default=None, init=False)

    @property
    def result_id(self) -> int | None:
        return self.record.result_id if self.record else None

    def touched(self) -> Touched:
        return Touched(
            results=frozenset() if self.record is None else frozenset({self.record.result_id})
        )

    def apply(self, session: Session) -> Changes:
        if self.record is not None:  # applied again after an undo: same id as before
            return editing.restore_results(session=session, records=[self.record])
        result_id, changes = editing.add_result(
            session=session,
            round_id=self.round_id,
            entry_id=self.entry_id,
            class_pos=self.class_pos,
            status=self.status,
            laps=self.laps,
            overall_pos=self.overall_pos,
            note=self.note,
        )
        self.record = editing.record_of(session=session, result_id=result_id)
        return changes

    def revert(self, session: Session) -> Changes:
        assert self.record is not None, "revert before apply"
        records, changes = editing.delete_results(
            session=session, result_ids=[self.record.result_id]
        )
        self.record = records[0]
        return changes


@dataclass
class DeleteResultsEdit:
    records: list[ResultRecord]
    versions: Versions = field(default_factory=dict)

    @classmethod
    def build(
        cls, session: Session, result_ids: Sequence[int], *, seen: dict[int, int] | None = None
    ) -> DeleteResultsEdit:
        """`seen`: the results' row_version the user saw, by result id (else now's)."""
        records = [editing.record_of(session=session, result_id=rid) for rid in result_ids]
        return cls(records, _seen(session, "result", list(result_ids), seen))

    def versioned_rows(self) -> frozenset[RowKey]:
        return frozenset(("result", record.result_id) for record in self.records)

    def changes_nothing(self) -> bool:
        return not self.records

    def touched(self) -> Touched:
        return Touched(results=frozenset(r.result_id for r in self.records))

    def apply(self, session: Session) -> Changes:
        ids = [r.result_id for r in self.records]
        return editing.delete_results(session=session, result_ids=ids)[1]

    def revert(self, session: Session) -> Changes:
        return editing.restore_results(session=session, records=self.records)


@dataclass
class ResultEntryEdit:
    result_id: int
    entry_id: int
    old_entry_id: int
    versions: Versions = field(default_factory=dict)

    @classmethod
    def build(cls, session: Session, result_id: int, entry_id: int) -> ResultEntryEdit:
        record = editing.record_of(session=session, result_id=result_id)
        seen = _seen(session, "result", [result_id], None)
        return cls(result_id, entry_id, record.entry_id, seen)

    def versioned_rows(self) -> frozenset[RowKey]:
        return frozenset({("result", self.result_id)})

    def changes_nothing(self) -> bool:
        return self.entry_id == self.old_entry_id

    def touched(self) -> Touched:
        return Touched(results=frozenset({self.result_id}))

    def apply(self, session: Session) -> Changes:
        return editing.change_result_entry(
            session=session, result_id=self.result_id, entry_id=self.entry_id
        )

    def revert(self, session: Session) -> Changes:
        return editing.change_result_entry(
            session=session, result_id=self.result_id, entry_id=self.old_entry_id
        )


_ENTRY_RECORD_FIELDS = {
    "car": "car",
    "team": "team",
    "class_name": "class_name",
    "chassis": "chassis",
    "engine": "engine",
    "drivers": "drivers",
}


@dataclass
class EntryFieldEdit:
    entry_id: int
    values: dict[str, Any]
    old: dict[str, Any]
    versions: Versions = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        session: Session,
        entry_id: int,
        *,
        seen: dict[int, int] | None = None,
        **values: Any,
    ) -> EntryFieldEdit:
        """The edit, from the entry as stored now; `seen`: its row_version the user saw, by
        entry id (else now's)."""
        unknown = set(values) - set(entry_editing.EDITABLE_ENTRY_FIELDS)
        if unknown:
            raise InputError(f"'{unknown.pop()}' cannot be edited")
        record = entry_editing.entry_record(session=session, entry_id=entry_id)
        old = {name: getattr(record, name) for name in values}
        return cls(entry_id, dict(values), old, _seen(session, "entry", [entry_id], seen))

    def seen(self, row_version: int) -> EntryFieldEdit:
        """This edit, refused if the entry is no longer at the version the user saw (the
        open season's EntryInfo.row_version)."""
        self.versions = {("entry", self.entry_id): row_version}
        return self

    def versioned_rows(self) -> frozenset[RowKey]:
        return frozenset({("entry", self.entry_id)})

    def changes_nothing(self) -> bool:
        return self.values == self.old

    def touched(self) -> Touched:
        return Touched(entries=frozenset({self.entry_id}))

    def apply(self, session: Session) -> Changes:
        return entry_editing.update_entry(session=session, entry_id=self.entry_id, **self.values)

    def revert(self, session: Session) -> Changes:
        return entry_editing.update_entry(session=session, entry_id=self.entry_id, **self.old)


@dataclass
class AddEntryEdit:
    season_id: int
    class_name: str
    team: str
    car: str | None = None
    chassis: str = ""
    engine: str = ""
    drivers: tuple[str, ...] = ()
    entry_id: int | None = None

    def touched(self) -> Touched:
        return Touched(entries=frozenset() if self.entry_id is None else frozenset({self.entry_id}))

    def apply(self, session: Session) -> Changes:
        self.entry_id, changes = entry_editing.add_entry(
            session=session,
            season_id=self.season_id,
            class_name=self.class_name,
            team=self.team,
            car=self.car,
            chassis=self.chassis,
            engine=self.engine,
            drivers=self.drivers,
            entry_id=self.entry_id,
        )
        return changes

    def revert(self, session: Session) -> Changes:
        assert self.entry_id is not None, "revert before apply"
        return entry_editing.delete_entry(session=session, entry_id=self.entry_id)[1]


@dataclass
class DeleteEntryEdit:
    record: EntryRecord
    versions: Versions = field(default_factory=dict)

    @classmethod
    def build(cls, session: Session, entry_id: int) -> DeleteEntryEdit:
        record = entry_editing.entry_record(session=session, entry_id=entry_id)
        return cls(record, _seen(session, "entry", [entry_id], None))

    def versioned_rows(self) -> frozenset[RowKey]:
        return frozenset({("entry", self.record.entry_id)})

    def touched(self) -> Touched:
        return Touched(entries=frozenset({self.record.entry_id}))

    def apply(self, session: Session) -> Changes:
        return entry_editing.delete_entry(session=session, entry_id=self.record.entry_id)[1]

    def revert(self, session: Session) -> Changes:
        r = self.record
        return entry_editing.add_entry(
            session=session,
            season_id=r.season_id,
            class_name=r.class_name,
            team=r.team,
            car=r.car,
            chassis=r.chassis,
            engine=r.engine,
            drivers=r.drivers,
            entry_id=r.entry_id,
            manufacturer=r.manufacturer,
        )[1]
