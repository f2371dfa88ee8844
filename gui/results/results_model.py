"""The results table of one round: an adapter over ResultLine rows; edits become undo steps."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from sqlmodel import Session

from gui.prompts import Prompts
from gui.race_document import RaceDocument
from gui.tables.table_model import CENTER, Column, Index, RowsTableModel, SortProxy
from model.edits.entries import find_entry_by_car
from model.edits.operations import Edit, PositionsEdit, ResultEntryEdit, ResultFieldEdit
from model.edits.result_drivers import ResultDriversEdit, driver_cell, parse_driver_cell
from model.edits.results import check_result_value, positions_after_exclusion
from model.errors import InputError
from model.scoring.problems import Problem
from model.scoring.rules import Status
from model.store.queries import ResultLine, car_sort_key

UNPLACED = 10_000
PROBLEM_BRUSH = QBrush(QColor(255, 205, 205))
GREYED_BRUSH = QBrush(QColor(150, 150, 150))
LOST_PLACE_STATUSES = (Status.DISQUALIFIED, Status.EXCLUDED)
CHECK_MARK = "✓"
NOT_REGISTERED_HINT = (
    "name the championships the car is not registered for after 'not' (e.g. 'not teams'); "
    "leave it empty for a car registered for every championship"
)
ENTRY_DRIVERS_TIP = "The entry's nominated drivers: no one is named for this race yet"


def _drivers(line: ResultLine) -> str:
    return driver_cell(line.drivers, line.short_drives)


def _mark(flag: bool) -> str:
    return CHECK_MARK if flag else ""


def _eligible(line: ResultLine) -> str:
    """Empty for a car registered for every championship, else 'not teams ...'."""
    return f"not {line.ineligible}" if line.ineligible else ""


def _not_registered(text: str) -> str | None:
    """The championships typed after 'not' (empty: registered for every one); None for text
    that does not say 'not', which would read as the championships it IS registered for."""
    words = text.lower().split()
    if words and words[0] != "not":
        return None
    return " ".join(words)


def _number(value: int | None) -> int:
    return UNPLACED if value is None else value


class ResultsTableModel(RowsTableModel):
    """Signals (inherited): the usual model signals only. Refusals go to document.failed."""

    COLUMNS = (
        Column(
            "Pos", lambda r: r.class_pos, lambda r: r.class_pos or UNPLACED, "class_pos", CENTER
        ),
        Column("Car", lambda r: r.car, lambda r: car_sort_key(r.car), "car", CENTER),
        Column("Team", lambda r: r.team),
        Column("Class", lambda r: r.class_name),
        Column("Chassis", lambda r: r.chassis),
        Column("Engine", lambda r: r.engine),
        Column("Drivers", _drivers, field="drivers"),
        Column(
            "Laps", lambda r: r.laps, lambda r: -1 if r.laps is None else r.laps, "laps", CENTER
        ),
        Column(
            "Status",
            lambda r: r.status.label,
            lambda r: r.status.label,
            "status",
            CENTER,
            edit=lambda r: r.status.value,
        ),
        Column(
            "Overall",
            lambda r: r.overall_pos,
            lambda r: r.overall_pos or UNPLACED,
            "overall_pos",
            CENTER,
        ),
        Column(
            "Q",
            lambda r: r.qualifying_pos,
            lambda r: _number(r.qualifying_pos),
            "qualifying_pos",
            CENTER,
        ),
        Column(
            "Pole",
            lambda r: _mark(r.pole),
            lambda r: not r.pole,
            "pole",
            CENTER,
            edit=lambda r: r.pole,
        ),
        Column(
            "FL",
            lambda r: _mark(r.fastest_lap),
            lambda r: not r.fastest_lap,
            "fastest_lap",
            CENTER,
            edit=lambda r: r.fastest_lap,
        ),
        Column("Eligible", _eligible, field="ineligible", edit=lambda r: r.ineligible),
        Column("Note", lambda r: r.note, field="note"),
    )

    def __init__(
        self, document: RaceDocument, prompts: Prompts, parent: QObject | None = None
    ) -> None:
        super().__init__(lambda line: line.result_id, parent)
        self._document = document
        self._prompts = prompts
        self._problems: dict[tuple[int, str], list[str]] = {}
        self._class_order: dict[str, int] = {}

    def set_class_order(self, classes: tuple[str, ...]) -> None:
        """Classes in season order: sorting by position keeps each class together."""
        self._class_order = {name: index for index, name in enumerate(classes)}

    def sort_value(self, row: ResultLine, column: int) -> Any:
        if column == 0:  # position: each class together, in season order
            return (self._class_order.get(row.class_name, 99), row.class_pos or UNPLACED)
        return super().sort_value(row, column)

    def set_problems(self, problems: list[Problem]) -> None:
        """Mark the cells problems are about; only rows whose marks changed are repainted."""
        found: dict[tuple[int, str], list[str]] = defaultdict(list)
        for problem in problems:
            found[(problem.result_id, problem.field)].append(problem.message)
        if found == self._problems:
            return
        before, self._problems = self._problems, dict(found)
        moved = {key[0] for key in before.keys() ^ found.keys()}
        moved |= {key[0] for key in before.keys() & found.keys() if before[key] != found[key]}
        rows = [row for row, key in enumerate(self.keys()) if key in moved]
        if rows:  # one notice over the span, naming the roles: no re-sort, no re-filter
            self.dataChanged.emit(
                self.index(rows[0], 0),
                self.index(rows[-1], self.columnCount() - 1),
                [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole],
            )

    def extra_data(self, row: ResultLine, column: Column, role: int) -> Any:
        messages = self._problems.get((row.result_id, column.field or ""))
        if messages and role == Qt.ItemDataRole.BackgroundRole:
            return PROBLEM_BRUSH
        if messages and role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(messages)
        if column.field == "drivers" and not row.own_drivers:
            return _entry_drivers_look(role)
        if column.field == "ineligible" and row.ineligible:
            return _not_registered_tip(row, role)
        if role == Qt.ItemDataRole.ForegroundRole and row.status in LOST_PLACE_STATUSES:
            return GREYED_BRUSH
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        line: ResultLine = self.row_at(index.row())
        field = self.COLUMNS[index.column()].field
        if field is None:
            return False
        if field == "car":
            return self._change_car(line, str(value or ""))
        if field == "drivers":
            return self._change_drivers(line, str(value or ""))
        if field == "ineligible" and isinstance(value, str):
            value = _not_registered(value)
            if value is None:
                self._document.failed.emit(f"Eligible: {NOT_REGISTERED_HINT}")
                return False
        try:
            checked = check_result_value(field, value)
        except InputError as exc:
            self._document.failed.emit(f"{self.COLUMNS[index.column()].title}: {exc.message}")
            return False
        if checked == getattr(line, field):
            return False
        if field == "status" and checked in LOST_PLACE_STATUSES and line.class_pos is not None:
            return self._lose_place(line, checked)
        title = f"Set {self.COLUMNS[index.column()].title.lower()} of car {line.car or '?'}"
        seen = self._document.seen("result", [line.result_id])

        return self._document.push(
            title,
            lambda s: [ResultFieldEdit.build(s, line.result_id, seen=seen, **{field: checked})],
        )

    def _change_car(self, line: ResultLine, car: str) -> bool:
        if not car.strip() or car.strip() == line.car:
            return False
        season_id = self._document.season_id or 0
        entry_id = self._document.read(
            lambda s: find_entry_by_car(
                session=s,
                season_id=season_id,
                class_name=line.class_name,
                car=car,
                before_round=line.round_id,
            )
        )
        if entry_id is None:
            self._document.failed.emit(f"No car {car.strip()} in {line.class_name}'s entry list")
            return False
        return self._document.push(
            f"Change car {line.car or '?'} to {car.strip()}",
            lambda s: [ResultEntryEdit.build(s, line.result_id, entry_id)],
        )

    def _change_drivers(self, line: ResultLine, text: str) -> bool:
        """The cell's drivers become the result's own; the entry's drivers unmarked (or none)
        mean the result names no one of its own."""
        try:
            names, short = parse_driver_cell(text)
        except InputError as exc:
            self._document.failed.emit(f"Drivers: {exc.message}")
            return False
        if (names, short) == (line.drivers, line.short_drives) or not (names or line.own_drivers):
            return False
        data = self._document.data
        entry = data.entries.get(line.entry_id) if data else None
        if entry is not None and names == entry.drivers and not short:
            names = ()
        return self._document.push(
            f"Set drivers of car {line.car or '?'}",
            lambda s: [ResultDriversEdit.build(s, line.result_id, (names, short))],
        )

    def _lose_place(self, line: ResultLine, status: Status) -> bool:
        question = (
            f"Car {line.car or '?'} is {status.label.lower()}. "
            f"Move the {line.class_name} cars behind it up one place?"
        )
        move_up = self._prompts.confirm(question)
        shown = [other.result_id for other in self.rows() if other.class_name == line.class_name]
        seen = self._document.seen("result", shown)

        def build(session: Session) -> list[Edit]:
            edits: list[Edit] = [
                ResultFieldEdit.build(session, line.result_id, seen=seen, status=status)
            ]
            if move_up:
                moves = positions_after_exclusion(session=session, result_id=line.result_id)
                edits.append(PositionsEdit.build(session, moves, seen=seen))
            return edits

        return self._document.push(f"{status.label}: car {line.car or '?'}", build)


def _not_registered_tip(line: ResultLine, role: int) -> Any:
    if role != Qt.ItemDataRole.ToolTipRole:
        return None
    return f"Not registered for: {', '.join(line.ineligible.split())} (scores nothing there)"


def _entry_drivers_look(role: int) -> Any:
    """Greyed italics and a word of explanation for drivers shown from the entry list."""
    if role == Qt.ItemDataRole.ForegroundRole:
        return GREYED_BRUSH
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setItalic(True)
        return font
    if role == Qt.ItemDataRole.ToolTipRole:
        return ENTRY_DRIVERS_TIP
    return None


class ClassFilterProxy(SortProxy):
    """Shows one class (or all) and sorts on native values."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._class: str | None = None

    def set_class(self, class_name: str | None) -> None:
        self.beginFilterChange()
        self._class = class_name
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def class_name(self) -> str | None:
        return self._class

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._class is None:
            return True
        model = self.sourceModel()
        assert isinstance(model, RowsTableModel)
        return bool(model.row_at(source_row).class_name == self._class)
