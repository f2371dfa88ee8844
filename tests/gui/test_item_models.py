"""Every item model passes Qt's model tester, and shows what the services return."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from gui.main_window import MainWindow
from gui.standings.standings_model import COL_NAME, FIRST_ROUND_COLUMN, StandingsTableModel
from gui.tables.table_model import SortRole


def test_results_model_and_its_proxy(qtmodeltester: ModelTester, window: MainWindow) -> None:
    assert window.results.model.rowCount() == 24
    qtmodeltester.check(window.results.model, force_py=True)
    window.results.set_class("GT")
    assert window.results.proxy.rowCount() == 8
    qtmodeltester.check(window.results.proxy, force_py=True)


def test_entries_calendar_problems_and_standings_models(
    qtmodeltester: ModelTester, window: MainWindow
) -> None:
    for model in (
        window.entries.model,
        window.calendar_model,
        window.problems.model,
        window.standings.model_for("GT"),
    ):
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)


def test_standings_model_values(window: MainWindow) -> None:
    model: StandingsTableModel = window.standings.model_for("GT")
    assert model.rowCount() == 15
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:5] == ["Pos", "Team", "Chassis", "Engine", "Rd 1"]
    assert headers[-1] == "Total"
    assert model.index(1, COL_NAME).data() == "Risi Competizione"
    assert model.index(1, FIRST_ROUND_COLUMN).data() == ""
    assert model.index(1, model.columnCount() - 1).data(SortRole) == 96


def test_cancelled_round_is_shown_but_cannot_be_picked(window: MainWindow) -> None:
    model = window.calendar_model
    assert model.index(1, 1).data() == "Grand Prix of Mexico"
    assert model.index(1, 0).data() == "C"
    assert model.flags(model.index(1, 1)) == Qt.ItemFlag.NoItemFlags
    assert model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsSelectable


def test_results_sort_by_class_then_position(window: MainWindow) -> None:
    lines = window.results.view.visible_lines()
    classes = [line.class_name for line in lines]
    assert classes == sorted(classes, key=("LMP900", "LMP675", "GTS", "GT").index)
    gt = [line.class_pos for line in lines if line.class_name == "GT"]
    assert gt == sorted(gt)
