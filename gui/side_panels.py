"""The entry list and the problems list, each a table in its own dock."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.delegates import ChoiceDelegate, CompletingDelegate
from gui.document import RaceDocument
from gui.entries_model import EntriesTableModel
from gui.table_model import CENTER, Column, KeyRole, RowsTableModel, SortProxy, compact_table
from model.changes import Changes
from model.problems import Problem
from model.reversible import AddEntryEdit, DeleteEntryEdit
from model.views import entry_lines


def _table(model: SortProxy) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # service order
    view.setSortingEnabled(True)
    compact_table(view)
    return view


def _sorted(model: RowsTableModel) -> SortProxy:
    proxy = SortProxy(model)
    proxy.setSourceModel(model)
    return proxy


class EntriesPanel(QWidget):
    def __init__(self, document: RaceDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = EntriesTableModel(document, self)
        self.view = _table(_sorted(self.model))
        self.view.setItemDelegateForColumn(
            self.model.column_of("class_name"), ChoiceDelegate(self._classes, parent=self)
        )
        self.view.setItemDelegateForColumn(
            self.model.column_of("team"), CompletingDelegate(lambda _: self._teams(), parent=self)
        )
        add = QPushButton("Add entry")
        add.clicked.connect(self.add_entry)
        remove = QPushButton("Remove entry")
        remove.clicked.connect(self.remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        document.changed.connect(self._on_document_changed)
        document.season_changed.connect(lambda _id: self.reload())

    def _classes(self) -> list[tuple[str, str]]:
        data = self.document.data
        return [(name, name) for name in data.classes] if data else []

    def _teams(self) -> list[str]:
        data = self.document.data
        return sorted({e.team for e in data.entries.values()}) if data else []

    def _on_document_changed(self, changes: Changes) -> None:
        if changes.entries or changes.rounds:
            self.reload()

    def reload(self) -> None:
        data = self.document.data
        self.model.set_rows(entry_lines(data) if data else [])

    def add_entry(self, class_name: str | None = None) -> bool:
        data, season_id = self.document.data, self.document.season_id
        if data is None or season_id is None or not data.classes:
            return False
        chosen = class_name or data.classes[0]
        edit = AddEntryEdit(season_id, chosen, "New team")
        return self.document.push(f"Add an entry in {chosen}", lambda _s: [edit])

    def remove_current(self) -> bool:
        index = self.view.currentIndex()
        if not index.isValid():
            return False
        entry_id = index.data(KeyRole)
        return self.document.push("Remove entry", lambda s: [DeleteEntryEdit.build(s, entry_id)])


@dataclass(frozen=True)
class ProblemLine:
    problem: Problem
    round_label: str
    car: str


class ProblemsModel(RowsTableModel):
    COLUMNS = (
        Column("Round", lambda p: p.round_label, align=CENTER),
        Column("Car", lambda p: p.car, align=CENTER),
        Column("Problem", lambda p: p.problem.message),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(lambda line: line.problem, parent)
        self.set_editable(False)


class ProblemsPanel(QWidget):
    """Signals:
    problem_activated(object): the Problem the user chose to go to.
    """

    problem_activated = Signal(object)

    def __init__(self, document: RaceDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = ProblemsModel(self)
        self.view = _table(_sorted(self.model))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.activated.connect(self._on_activated)
        self.view.clicked.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        document.changed.connect(lambda _changes: self.reload())
        document.season_changed.connect(lambda _id: self.reload())

    def reload(self) -> None:
        data = self.document.data
        if data is None:
            self.model.set_rows([])
            return
        labels = {r.id: str(r.number or "C") for r in data.rounds}
        cars = {r.result_id: data.entries[r.entry_id].car_number or "?" for r in data.results}
        self.model.set_rows(
            [
                ProblemLine(p, labels.get(p.round_id, "?"), cars.get(p.result_id, "?"))
                for p in self.document.problems
            ]
        )

    def _on_activated(self, index: QModelIndex) -> None:
        problem = index.data(KeyRole)
        if problem is not None:
            self.problem_activated.emit(problem)
