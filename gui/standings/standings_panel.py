"""The standings panel: a tab per class, showing the championship picked above the tabs
(teams, drivers or manufacturers)."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QComboBox, QHeaderView, QTableView, QTabWidget, QVBoxLayout, QWidget

from gui.standings.standings_model import StandingsTableModel
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
RESIZE_SAMPLE_ROWS = 40  # rows measured when fitting columns: the leaders' names are enough


class StandingsPanel(QWidget):
    """Shows a SeasonStandings; call show_standings whenever they change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._standings: Tables | None = None
        self._championship = QComboBox()
        for championship in Championship:  # every championship the engine has a table for
            self._championship.addItem(CHAMPIONSHIP_NAMES[championship], championship)
        self._championship.currentIndexChanged.connect(self._on_championship_changed)
        self._tabs = QTabWidget()
        self._tabs.currentChanged.connect(lambda _index: self._refresh())
        self._models: dict[str, StandingsTableModel] = {}
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
            view = QTableView()
            view.setModel(model)
            view.setAlternatingRowColors(True)
            view.verticalHeader().hide()
            view.setWordWrap(False)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            view.horizontalHeader().setResizeContentsPrecision(RESIZE_SAMPLE_ROWS)
            self._models[class_name] = model
            self._tabs.addTab(view, class_name)

    def _refresh(self) -> None:
        """Fill the tab on screen; the others are filled when they are shown."""
        self._fill(self._tabs.currentIndex())

    def _fill(self, index: int) -> None:
        if self._standings is None or index < 0:
            return
        class_name = self._tabs.tabText(index)
        model = self._models[class_name]
        shape = (model.rowCount(), model.columnCount())
        laid_out = model.set_table(self._standings.table(class_name, self.championship))
        view = self._tabs.widget(index)
        assert isinstance(view, QTableView)
        if (model.rowCount(), model.columnCount()) != shape:
            view.resizeColumnsToContents()
        if laid_out:
            _fit_rows(view, model)

    def _on_championship_changed(self, _index: int) -> None:
        self._refresh()


def _fit_rows(view: QTableView, model: StandingsTableModel) -> None:
    """Rows as tall as their chassis and engine lists, without measuring every cell."""
    line = view.fontMetrics().lineSpacing()
    header = view.verticalHeader()
    header.setDefaultSectionSize(line + 8)
    for row in range(model.rowCount()):
        lines = model.line_count(row)
        if lines > 1:
            header.resizeSection(row, lines * line + 8)
