"""The standings panel: a tab per class, each with the teams' and drivers' championships."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHeaderView, QTableView, QTabWidget, QVBoxLayout, QWidget

from gui.standings_model import COL_NAME, StandingsTableModel
from model.standings import Championship, SeasonStandings


class StandingsPanel(QWidget):
    """Shows a SeasonStandings; call show_standings whenever they change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._standings: SeasonStandings | None = None
        self._championship = QComboBox()
        for championship in Championship:
            self._championship.addItem(f"{championship.value.title()} championship", championship)
        self._championship.currentIndexChanged.connect(self._on_championship_changed)
        self._tabs = QTabWidget()
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

    def model_for(self, class_name: str) -> StandingsTableModel:
        return self._models[class_name]

    def show_standings(self, standings: SeasonStandings, classes: tuple[str, ...]) -> None:
        self._standings = standings
        if tuple(self._models) != classes:
            self._rebuild_tabs(classes)
        self._refresh()

    def _rebuild_tabs(self, classes: tuple[str, ...]) -> None:
        self._tabs.clear()
        self._models.clear()
        for class_name in classes:
            model = StandingsTableModel(self)
            view = QTableView()
            view.setModel(model)
            view.setAlternatingRowColors(True)
            view.verticalHeader().hide()
            view.setWordWrap(True)
            header = view.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
            self._models[class_name] = model
            self._tabs.addTab(view, class_name)

    def _refresh(self) -> None:
        if self._standings is None:
            return
        for class_name, model in self._models.items():
            model.set_table(self._standings.table(class_name, self.championship))
        for index in range(self._tabs.count()):
            view = self._tabs.widget(index)
            if isinstance(view, QTableView):
                view.resizeRowsToContents()

    def _on_championship_changed(self, _index: int) -> None:
        self._refresh()
