"""The problems list: a table of the season's problems; choosing one jumps to its cell."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QAbstractItemView, QVBoxLayout, QWidget

from gui.race_document import RaceDocument
from gui.tables.table_model import (
    CENTER,
    Column,
    KeyRole,
    RowsTableModel,
    sorted_proxy,
    sorted_table,
)
from model.scoring.problems import Problem


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
        self.view = sorted_table(sorted_proxy(self.model))
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
