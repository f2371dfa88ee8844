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
from model.edits.changes import Changes
from model.scoring.live_season import LiveSeason
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
        self._by_round: dict[int, list[ProblemLine]] = {}
        self._on_screen = True  # told otherwise by its dock (set_on_screen)
        self._stale = False
        document.changed.connect(self._on_document_changed)
        document.season_changed.connect(lambda _id: self._reload_when_seen())

    def set_on_screen(self, on_screen: bool) -> None:
        """Whether the list can be seen: a dock behind another tab is read when it is shown
        (QDockWidget.visibilityChanged)."""
        self._on_screen = on_screen
        if on_screen and self._stale:
            self.reload()

    def _reload_when_seen(self) -> None:
        if self._on_screen:
            self.reload()
        else:
            self._stale = True

    def _on_document_changed(self, changes: Changes) -> None:
        if self._stale or not self._on_screen:
            self._stale = True
            return
        if changes.result_ids is None or changes.entries or changes.calendar:
            self.reload()
            return
        live = self.document.live
        if live is None:
            return
        fresh = {rid: self._lines(live, live.problems_in(rid)) for rid in changes.rounds}
        if any(self._by_round.get(rid, []) != lines for rid, lines in fresh.items()):
            self._by_round.update(fresh)
            self._show(live)

    def reload(self) -> None:
        self._stale = False
        live = self.document.live
        found: dict[int, list[Problem]] = {}
        for problem in live.problems if live is not None else ():
            found.setdefault(problem.round_id, []).append(problem)
        self._by_round = {
            rid: self._lines(live, problems) for rid, problems in found.items() if live is not None
        }
        self._show(live)

    def _show(self, live: LiveSeason | None) -> None:
        rounds = live.data.rounds if live is not None else ()
        self.model.set_rows([line for r in rounds for line in self._by_round.get(r.id, ())])

    @staticmethod
    def _lines(live: LiveSeason, problems: list[Problem]) -> list[ProblemLine]:
        label = {r.id: str(r.number or "C") for r in live.data.rounds}
        entries = live.data.entries
        lines = []
        for problem in problems:
            result = live.result(problem.result_id)
            car = entries[result.entry_id].car_number if result is not None else None
            lines.append(ProblemLine(problem, label.get(problem.round_id, "?"), car or "?"))
        return lines

    def _on_activated(self, index: QModelIndex) -> None:
        problem = index.data(KeyRole)
        if problem is not None:
            self.problem_activated.emit(problem)
