"""The History panel: every change to the season, and the results as they stood at any moment."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.race_document import RaceDocument
from gui.standings.standings_panel import StandingsPanel
from gui.tables.table_model import CENTER, Column, KeyRole, RowsTableModel, compact_table
from model.scoring.standings import compute_standings
from model.store.history_log import HistoryLine, history
from model.store.history_past import season_data_at
from model.store.season_data import RoundInfo, SeasonData

ALL_ROUNDS = "All rounds"


class HistoryModel(RowsTableModel):
    COLUMNS = (
        Column("When", lambda h: h.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")),
        Column("Who", lambda h: h.author or "—"),
        Column("Step", lambda h: h.step),
        Column("Change", lambda h: h.description),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(lambda line: line.change_id, parent)
        self.set_editable(False)


@dataclass(frozen=True)
class PastResult:
    key: int
    class_name: str
    class_pos: int | None
    car: str
    team: str
    laps: int | None
    status: str


class PastResultsModel(RowsTableModel):
    COLUMNS = (
        Column("Class", lambda r: r.class_name),
        Column("Pos", lambda r: r.class_pos, align=CENTER),
        Column("Car", lambda r: r.car, align=CENTER),
        Column("Team", lambda r: r.team),
        Column("Laps", lambda r: r.laps, align=CENTER),
        Column("Status", lambda r: r.status, align=CENTER),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(lambda row: row.key, parent)
        self.set_editable(False)


def past_results(data: SeasonData, round_id: int) -> list[PastResult]:
    rows = []
    order = {name: index for index, name in enumerate(data.classes)}
    for r in data.results:
        if r.round_id == round_id:
            entry = data.entries[r.entry_id]
            rows.append(
                PastResult(
                    r.result_id,
                    entry.class_name,
                    r.class_pos,
                    entry.car_number or "",
                    entry.team,
                    r.laps,
                    r.status.label,
                )
            )
    return sorted(rows, key=lambda p: (order.get(p.class_name, 99), p.class_pos or 10_000))


class HistoryPanel(QWidget):
    def __init__(self, document: RaceDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = HistoryModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        compact_table(self.view)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.round_filter = QComboBox()
        self.round_filter.currentIndexChanged.connect(lambda _index: self.reload())
        self.as_of = QPushButton("Show the results as they stood then…")
        self.as_of.clicked.connect(self.show_selected_moment)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Round:"))
        bar.addWidget(self.round_filter)
        bar.addStretch(1)
        bar.addWidget(self.as_of)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self._stale = False
        self._on_screen = True  # told otherwise by its dock (set_on_screen)
        document.changed.connect(lambda _changes: self.reload_when_seen())
        document.season_changed.connect(lambda _id: self._fill_rounds())

    def _fill_rounds(self) -> None:
        data = self.document.data
        self.round_filter.blockSignals(True)
        self.round_filter.clear()
        self.round_filter.addItem(ALL_ROUNDS, None)
        for rnd in data.rounds if data else ():  # a cancelled round's history too
            self.round_filter.addItem(_round_label(rnd), rnd.id)
        self.round_filter.blockSignals(False)
        self.reload()

    def reload_when_seen(self) -> None:
        """The log only grows: read it now if it is on screen, else when it is next shown."""
        if self._on_screen and self.isVisible():
            self.reload()
        else:
            self._stale = True

    def set_on_screen(self, on_screen: bool) -> None:
        """Whether the panel can be seen: a dock behind another tab still counts as visible
        to Qt, so its dock says so (QDockWidget.visibilityChanged)."""
        self._on_screen = on_screen
        if on_screen and self._stale:
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        self._stale = False
        season_id, round_id = self.document.season_id, self.round_filter.currentData()
        lines: list[HistoryLine] = (
            []
            if season_id is None
            else self.document.read(
                lambda s: history(session=s, season_id=season_id, round_id=round_id)
            )
        )
        self.model.set_rows(lines)

    def selected_change(self) -> HistoryLine | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        row = self.model.row_of(index.data(KeyRole))
        return self.model.row_at(row) if row is not None else None

    def moment(self, change: HistoryLine) -> PastDialog:
        season_id = self.document.season_id or 0
        data = self.document.read(
            lambda s: season_data_at(session=s, season_id=season_id, change_id=change.change_id)
        )
        return PastDialog(data, change, self)

    def show_selected_moment(self) -> None:
        change = self.selected_change()
        if change is not None:
            self.moment(change).exec()


def _round_label(rnd: RoundInfo) -> str:
    if rnd.cancelled or rnd.number is None:
        return f"{rnd.name} (cancelled)" if rnd.cancelled else rnd.name
    return f"Round {rnd.number}: {rnd.name}"


class PastDialog(QDialog):
    """A round's results and the standings just after one change, to compare with today."""

    def __init__(
        self, data: SeasonData, change: HistoryLine, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        when = change.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        self.setWindowTitle(f"As it stood after: {change.step or change.description} ({when})")
        rounds = [r for r in data.numbered_rounds]
        self.round_picker = QComboBox()
        for rnd in rounds:
            self.round_picker.addItem(f"Round {rnd.number}: {rnd.name}", rnd.id)
        if change.round_id is not None:
            self.round_picker.setCurrentIndex(max(self.round_picker.findData(change.round_id), 0))
        self.results = PastResultsModel(self)
        results_view = QTableView()
        results_view.setModel(self.results)
        compact_table(results_view)
        self.standings = StandingsPanel()
        self.standings.show_standings(compute_standings(data), data.classes)
        self._data = data
        self.round_picker.currentIndexChanged.connect(lambda _i: self._show_round())
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(results_view)
        split.addWidget(self.standings)
        layout = QVBoxLayout(self)
        layout.addWidget(self.round_picker)
        layout.addWidget(split)
        self.resize(1200, 600)
        self._show_round()

    def _show_round(self) -> None:
        round_id = self.round_picker.currentData()
        self.results.set_rows(past_results(self._data, round_id) if round_id else [])
