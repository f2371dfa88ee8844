"""The standings panel: a tab per class, showing the championship picked above the tabs
(teams, drivers or manufacturers)."""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QComboBox, QMenu, QTableView, QTabWidget, QVBoxLayout, QWidget

from gui.standings.standings_model import StandingsTableModel
from gui.standings.standings_page import StandingsPage
from model.scoring.contention import Contention, contention
from model.scoring.live_season import LiveSeason
from model.scoring.standings import Championship, StandingsTable


class Tables(Protocol):
    """Where the panel reads its tables: a season's standings, or the open season (which
    works a class out when its tab is first shown)."""

    def table(self, class_name: str, championship: Championship) -> StandingsTable: ...


CHAMPIONSHIP_NAMES = {
    Championship.TEAMS: "Teams championship",
    Championship.DRIVERS: "Drivers championship",
    Championship.MANUFACTURERS: "Manufacturers championship",
}
MOVES_SHOWN_MS = 6000  # how long an edit's arrows and points stay beside the rows it moved


class StandingsPanel(QWidget):
    """Shows a SeasonStandings; call show_standings whenever they change.

    Signals: shown_changed — another class or championship is on screen."""

    shown_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._standings: Tables | None = None
        self._championship = QComboBox()
        for championship in Championship:  # every championship the engine has a table for
            self._championship.addItem(CHAMPIONSHIP_NAMES[championship], championship)
        self._championship.currentIndexChanged.connect(self._on_championship_changed)
        self._tabs = QTabWidget()
        self._tabs.currentChanged.connect(lambda _index: self._refresh())
        self._tabs.currentChanged.connect(lambda _index: self.shown_changed.emit())
        self._models: dict[str, StandingsTableModel] = {}
        self.moves_timer = QTimer(self)
        self.moves_timer.setSingleShot(True)
        self.moves_timer.setInterval(MOVES_SHOWN_MS)
        self.moves_timer.timeout.connect(self.clear_moves)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._championship)
        layout.addWidget(self._tabs)

    @property
    def championship(self) -> Championship:
        return Championship(self._championship.currentData())

    def set_championship(self, championship: Championship) -> None:
        self._championship.setCurrentIndex(self._championship.findData(championship))

    def show_class(self, class_name: str) -> None:
        """Bring the class's tab to the front (it is filled as it is shown)."""
        self._tabs.setCurrentIndex(list(self._models).index(class_name))

    def follow_class(self, class_name: str) -> None:
        """The class being edited elsewhere: its tab comes to the front; a choice that is not
        one class (all classes, nothing) leaves the tab shown as it is."""
        if class_name in self._models:
            self.show_class(class_name)

    @property
    def shown_class(self) -> str | None:
        index = self._tabs.currentIndex()
        return self._tabs.tabText(index) if index >= 0 else None

    def shown_page(self) -> StandingsPage | None:
        page = self._tabs.currentWidget()
        return page if isinstance(page, StandingsPage) else None

    def table_text(self) -> str:
        """The table on screen as tab-separated text, header first ('' when none)."""
        model = self.shown_model()
        return model.as_tsv() if model is not None and model.columnCount() else ""

    def copy_table(self) -> None:
        text = self.table_text()
        if text:
            QGuiApplication.clipboard().setText(text)

    def copy_row(self, row: int) -> None:
        """One competitor's row, under the table's header, as tab-separated text."""
        model = self.shown_model()
        text = model.row_tsv(row) if model is not None else ""
        if text:
            QGuiApplication.clipboard().setText(text)

    def context_menu(self, view: QTableView, pos: QPoint) -> QMenu:
        """The menu a right click at `pos` (in the view's viewport) opens: copy the table,
        or the row clicked on."""
        menu = QMenu(view)
        table = QAction("Copy table", menu)
        table.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        table.setEnabled(bool(self.table_text()))
        table.triggered.connect(self.copy_table)
        row = view.indexAt(pos).row()
        copy_row = QAction("Copy row", menu)
        copy_row.setEnabled(row >= 0)
        copy_row.triggered.connect(lambda: self.copy_row(row))
        menu.addActions([table, copy_row])
        return menu

    def _open_menu(self, view: QTableView, pos: QPoint) -> None:
        self.context_menu(view, pos).exec(view.viewport().mapToGlobal(pos))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+C in a table copies the whole table, not the one cell a view would copy."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Copy)
        ):
            self.copy_table()
            return True
        return super().eventFilter(watched, event)

    def clear_moves(self) -> None:
        for index in range(self._tabs.count()):
            page = self._tabs.widget(index)
            assert isinstance(page, StandingsPage)
            page.model.clear_moves()
            page.hide_moves()

    def shown_model(self) -> StandingsTableModel | None:
        """The table on screen, as it is (without filling it)."""
        index = self._tabs.currentIndex()
        return self._models[self._tabs.tabText(index)] if index >= 0 else None

    def model_for(self, class_name: str) -> StandingsTableModel:
        """The class's table, filled with the standings shown now."""
        self._fill(list(self._models).index(class_name))
        return self._models[class_name]

    def show_standings(self, standings: Tables, classes: tuple[str, ...]) -> None:
        self._standings = standings
        if tuple(self._models) != classes:
            self._rebuild_tabs(classes)
        self._refresh()

    def clear(self) -> None:
        self._standings = None
        self._rebuild_tabs(())

    def _rebuild_tabs(self, classes: tuple[str, ...]) -> None:
        self._tabs.clear()
        self._models.clear()
        for class_name in classes:
            model = StandingsTableModel(self)
            self._models[class_name] = model
            page = StandingsPage(model)
            for view in (page.frozen, page.rounds):
                view.installEventFilter(self)
                view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
                view.customContextMenuRequested.connect(
                    lambda pos, shown=view: self._open_menu(shown, pos)
                )
            self._tabs.addTab(page, class_name)

    def _refresh(self) -> None:
        """Fill the tab on screen; the others are filled when they are shown."""
        self._fill(self._tabs.currentIndex())

    def _fill(self, index: int) -> None:
        if self._standings is None or index < 0:
            return
        class_name = self._tabs.tabText(index)
        model = self._models[class_name]
        shape = (model.rowCount(), model.columnCount())
        table = self._standings.table(class_name, self.championship)
        laid_out = model.set_table(table, self._marks(table, model))
        page = self._tabs.widget(index)
        assert isinstance(page, StandingsPage)
        columns_changed = model.columnCount() != shape[1]
        if laid_out or columns_changed or model.rowCount() != shape[0]:
            page.lay_out(self.championship, fit=columns_changed or shape == (0, 0))
        if laid_out:
            page.fit_rows()
        if model.moves:
            page.show_moves()
            self.moves_timer.start()  # shown again for the full time after each edit

    def _marks(
        self, table: StandingsTable, model: StandingsTableModel
    ) -> dict[str, tuple[Decimal, Contention]] | None:
        """Who can still win, for the open season (whose rounds still to run are known);
        worked out again only for a table that changed."""
        if not isinstance(self._standings, LiveSeason):
            return None
        if table is model.table and model.marks is not None:
            return model.marks
        return contention(self._standings.data, table)

    def _on_championship_changed(self, _index: int) -> None:
        self._refresh()
        self.shown_changed.emit()
