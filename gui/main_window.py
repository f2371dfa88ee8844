"""The main window: a season picker and the season's standings."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow, QVBoxLayout, QWidget
from sqlalchemy import Engine
from sqlmodel import Session

from gui.standings_panel import StandingsPanel
from model.season_data import load_season_data
from model.seasons import list_seasons
from model.standings import compute_standings


class MainWindow(QMainWindow):
    def __init__(self, engine: Engine, document_name: str) -> None:
        super().__init__()
        self._engine = engine
        self.setWindowTitle(f"{document_name} — Pitboard")
        self._season = QComboBox()
        self._season.currentIndexChanged.connect(self._on_season_changed)
        self._title = QLabel()
        self._title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.standings = StandingsPanel()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self._season)
        layout.addWidget(self._title)
        layout.addWidget(self.standings, stretch=1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(f"Open: {document_name}")
        self._load_seasons()

    def _load_seasons(self) -> None:
        with Session(self._engine) as session:
            seasons = list_seasons(session=session)
        for series, year, season_id in seasons:
            self._season.addItem(f"{series} {year}", season_id)

    def _on_season_changed(self, _index: int) -> None:
        season_id = self._season.currentData()
        if season_id is None:
            return
        with Session(self._engine) as session:
            data = load_season_data(session=session, season_id=season_id)
        self._title.setText(f"{data.series} {data.year} — standings")
        self.standings.show_standings(compute_standings(data), data.classes)
