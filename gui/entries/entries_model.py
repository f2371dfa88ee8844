"""The season's entry list: an adapter over EntryRow rows; edits become undo steps."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from PySide6.QtCore import QMimeData, QObject, Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QApplication
from sqlmodel import Session

from gui.race_document import RaceDocument
from gui.tables.table_model import CENTER, Column, Index, RowsTableModel
from model.edits.operations import Edit, EntryFieldEdit, ResultFieldEdit
from model.errors import InputError
from model.scoring.rules import Championship, manufacturer_of
from model.store.queries import car_sort_key
from model.store.season_data import SeasonData

DRIVER_SEPARATOR = ";"
VARIES = "varies by round"
# Entry list rows dragged onto the results table: their entry ids, one a line.
ENTRY_MIME = "application/x-pitboard-entries"


def entries_mime(entry_ids: list[int]) -> QMimeData:
    mime = QMimeData()
    mime.setData(ENTRY_MIME, "\n".join(str(entry_id) for entry_id in entry_ids).encode("ascii"))
    return mime


def dropped_entries(mime: QMimeData) -> list[int]:
    """The entry ids an entry list drag carries (none for any other drag)."""
    if not mime.hasFormat(ENTRY_MIME):
        return []
    text = bytes(mime.data(ENTRY_MIME).data()).decode("ascii", errors="replace")
    return [int(part) for part in text.split() if part.isdigit()]


def drivers_text(drivers: tuple[str, ...]) -> str:
    return f"{DRIVER_SEPARATOR} ".join(drivers)


def parse_drivers(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(DRIVER_SEPARATOR) if name.strip())


@dataclass(frozen=True)
class EntryRow:
    """One entry as the list shows it. `not_registered` holds the championships every result
    of the entry is not registered for ("teams manufacturers"), None when its results differ."""

    entry_id: int
    car: str | None
    team: str
    class_name: str
    chassis: str
    engine: str
    manufacturer: str  # as stored: "" means the first word of the chassis
    drivers: tuple[str, ...]
    result_ids: tuple[int, ...]
    not_registered: str | None = ""

    @property
    def results(self) -> int:
        return len(self.result_ids)

    @property
    def shown_manufacturer(self) -> str:
        return manufacturer_of(self.manufacturer, self.chassis)


def entry_rows(data: SeasonData) -> list[EntryRow]:
    """The season's entry list, in class order then car number."""
    results: dict[int, list[int]] = defaultdict(list)
    registrations: dict[int, set[str]] = defaultdict(set)
    for result in data.results:
        results[result.entry_id].append(result.result_id)
        registrations[result.entry_id].add(_championships_text(result.ineligible))
    order = {name: index for index, name in enumerate(data.classes)}
    rows = [
        EntryRow(
            e.id,
            e.car_number,
            e.team,
            e.class_name,
            e.chassis,
            e.engine,
            e.manufacturer,
            e.drivers,
            tuple(results[e.id]),
            _shared(registrations[e.id]),
        )
        for e in data.entries.values()
    ]
    rows.sort(key=lambda e: (order.get(e.class_name, 99), car_sort_key(e.car), e.team, e.entry_id))
    return rows


def matches(row: EntryRow, class_name: str | None, search: str) -> bool:
    """Whether the row is in the class shown (None: all) and holds the searched text in its
    car number, team, drivers, chassis or engine, ignoring case."""
    if class_name is not None and row.class_name != class_name:
        return False
    wanted = search.strip().casefold()
    if not wanted:
        return True
    fields = (row.car or "", row.team, row.chassis, row.engine, *row.drivers)
    return any(wanted in value.casefold() for value in fields)


def registration_choices() -> list[tuple[str, str]]:
    """Every set of championships a car may not be registered for, as (label, stored)."""
    names = sorted(c.value for c in Championship)
    choices = [("registered for all", "")]
    for size in range(1, len(names) + 1):
        for chosen in combinations(names, size):
            choices.append((", ".join(chosen), " ".join(chosen)))
    return choices


def registration_edits(session: Session, row: EntryRow, ineligible: str) -> list[Edit]:
    """One edit per result of the entry: the championships it is not registered for."""
    if not row.result_ids:
        car = f"car {row.car}" if row.car else "this entry"
        raise InputError(
            f"{car} has no results yet: the championships it is registered for are kept with "
            "each result, so enter a race first",
            field="ineligible",
        )
    return [ResultFieldEdit.build(session, rid, ineligible=ineligible) for rid in row.result_ids]


@functools.cache  # a handful of distinct sets, asked for each of a season's results
def _championships_text(ineligible: frozenset[Championship]) -> str:
    return " ".join(sorted(c.value for c in ineligible))


def _shared(texts: set[str]) -> str | None:
    if not texts:
        return ""
    return next(iter(texts)) if len(texts) == 1 else None


def _registration_label(row: EntryRow) -> str:
    if row.not_registered is None:
        return VARIES
    return row.not_registered.replace(" ", ", ")


class EntriesTableModel(RowsTableModel):
    COLUMNS = (
        Column("Car", lambda e: e.car, lambda e: car_sort_key(e.car), "car", CENTER),
        Column("Team", lambda e: e.team, field="team"),
        Column("Class", lambda e: e.class_name, field="class_name"),
        Column("Chassis", lambda e: e.chassis, field="chassis"),
        Column("Engine", lambda e: e.engine, field="engine"),
        Column(
            "Manufacturer",
            lambda e: e.shown_manufacturer,
            field="manufacturer",
            edit=lambda e: e.manufacturer,
        ),
        Column(
            "Not registered for",
            _registration_label,
            field="ineligible",
            edit=lambda e: e.not_registered or "",
        ),
        Column("Results", lambda e: e.results, align=CENTER),
        Column("Drivers", lambda e: drivers_text(e.drivers), field="drivers"),
    )

    def __init__(self, document: RaceDocument, parent: QObject | None = None) -> None:
        super().__init__(lambda entry: entry.entry_id, parent)
        self._document = document

    def extra_data(self, row: Any, column: Column, role: int) -> Any:
        """A manufacturer taken from the chassis (none set) is shown greyed."""
        if column.field != "manufacturer" or row.manufacturer:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QApplication.palette().color(QPalette.ColorRole.PlaceholderText))
        if role == Qt.ItemDataRole.ToolTipRole:
            return "From the chassis; type a name to set the manufacturer"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Rows can be dragged onto a round's results, to add the car where it is dropped."""
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else flags

    def mimeTypes(self) -> list[str]:
        return [ENTRY_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        return entries_mime([self.row_at(row).entry_id for row in rows])

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        entry: EntryRow = self.row_at(index.row())
        column = self.COLUMNS[index.column()]
        field = column.field
        if field is None:
            return False
        text = str(value or "").strip()
        new: Any = parse_drivers(text) if field == "drivers" else text
        old = (
            entry.drivers if field == "drivers" else ((column.edit or column.display)(entry) or "")
        )
        if field == "ineligible":
            old = entry.not_registered  # None where its results differ: any choice is a change
        if new == old:
            return False
        title = f"Set {column.title.lower()} of car {entry.car or '?'} ({entry.team})"
        if field == "ineligible":
            return self._document.push(title, lambda s: registration_edits(s, entry, new))
        seen = self._document.seen("entry", [entry.entry_id])

        return self._document.push(
            title, lambda s: [EntryFieldEdit.build(s, entry.entry_id, seen=seen, **{field: new})]
        )
