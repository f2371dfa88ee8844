"""The season's entry list: an adapter over EntryLine rows; edits become undo steps."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from gui.race_document import RaceDocument
from gui.tables.table_model import CENTER, Column, Index, RowsTableModel
from model.edits.operations import EntryFieldEdit
from model.store.queries import EntryLine, car_sort_key

DRIVER_SEPARATOR = ";"


def drivers_text(drivers: tuple[str, ...]) -> str:
    return f"{DRIVER_SEPARATOR} ".join(drivers)


def parse_drivers(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(DRIVER_SEPARATOR) if name.strip())


class EntriesTableModel(RowsTableModel):
    COLUMNS = (
        Column("Car", lambda e: e.car, lambda e: car_sort_key(e.car), "car", CENTER),
        Column("Team", lambda e: e.team, field="team"),
        Column("Class", lambda e: e.class_name, field="class_name"),
        Column("Chassis", lambda e: e.chassis, field="chassis"),
        Column("Engine", lambda e: e.engine, field="engine"),
        Column("Results", lambda e: e.results, align=CENTER),
        Column("Drivers", lambda e: drivers_text(e.drivers), field="drivers"),
    )

    def __init__(self, document: RaceDocument, parent: QObject | None = None) -> None:
        super().__init__(lambda entry: entry.entry_id, parent)
        self._document = document

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        entry: EntryLine = self.row_at(index.row())
        column = self.COLUMNS[index.column()]
        if column.field is None:
            return False
        text = str(value or "").strip()
        new: Any = parse_drivers(text) if column.field == "drivers" else text
        old = entry.drivers if column.field == "drivers" else (column.display(entry) or "")
        if new == old:
            return False
        title = f"Set {column.title.lower()} of car {entry.car or '?'} ({entry.team})"
        field = column.field
        return self._document.push(
            title, lambda s: [EntryFieldEdit.build(s, entry.entry_id, **{field: new})]
        )
