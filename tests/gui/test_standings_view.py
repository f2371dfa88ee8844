"""The standings model and the first window, offscreen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session

from gui.main_window import MainWindow
from gui.standings_model import COL_NAME, COL_POS, FIRST_ROUND_COLUMN, SortRole, StandingsTableModel
from model.season_data import load_season_data
from model.standings import Championship, StandingsTable, compute_standings


def gt_table(engine: Engine, championship: Championship = Championship.TEAMS) -> StandingsTable:
    with Session(engine) as session:
        data = load_season_data(session=session, season_id=1)
    return compute_standings(data).table("GT", championship)


def test_standings_model_passes_the_model_tester(
    qtmodeltester: ModelTester, sample_engine: Engine
) -> None:
    model = StandingsTableModel()
    model.set_table(gt_table(sample_engine))
    qtmodeltester.check(model, force_py=True)


def test_standings_model_shows_the_table(sample_engine: Engine) -> None:
    model = StandingsTableModel()
    model.set_table(gt_table(sample_engine))
    assert model.rowCount() == 15
    assert model.columnCount() == FIRST_ROUND_COLUMN + 9 + 1
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:5] == ["Pos", "Team", "Chassis", "Engine", "Rd 1"]
    assert headers[-1] == "Total"
    risi = model.index(1, COL_NAME)
    assert risi.data() == "Risi Competizione"
    assert model.index(1, FIRST_ROUND_COLUMN).data() == ""
    assert model.index(1, FIRST_ROUND_COLUMN).data(SortRole) == 0
    assert model.index(1, model.columnCount() - 1).data() == "96"
    assert model.index(1, model.columnCount() - 1).data(SortRole) == 96
    assert model.index(0, COL_POS).data(SortRole) == 1


def test_reset_when_a_new_table_arrives(qtbot: QtBot, sample_engine: Engine) -> None:
    model = StandingsTableModel()
    with qtbot.wait_signal(model.modelReset):
        model.set_table(gt_table(sample_engine))
    with qtbot.wait_signal(model.modelReset):
        model.set_table(None)
    assert model.rowCount() == 0


def test_main_window_lists_the_sample_standings(
    qtbot: QtBot, sample_engine: Engine, tmp_path: Path
) -> None:
    window = MainWindow(sample_engine, "sample.pitboard")
    qtbot.addWidget(window)
    window.show()
    lmp900 = window.standings.model_for("LMP900")
    assert lmp900.index(0, COL_NAME).data() == "Infineon Team Joest"
    assert window.standings.model_for("GT").rowCount() == 15
    assert window.statusBar().currentMessage() == "Open: sample.pitboard"
    shot = tmp_path / "main-window.png"
    assert window.grab().save(str(shot))
    assert shot.stat().st_size > 10_000
