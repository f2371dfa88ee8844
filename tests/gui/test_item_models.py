"""Every item model passes Qt's model tester, and shows what the services return."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from pytestqt.modeltest import ModelTester

from gui.history.history_panel import PastResultsModel, past_results
from gui.main_window import MainWindow
from gui.results.results_model import ClassFilterProxy
from gui.standings.standings_model import COL_NAME, FIRST_ROUND_COLUMN, StandingsTableModel
from gui.tables.table_model import SortProxy, SortRole
from model.scoring.rules import Status
from tests.gui.helpers import line_of, set_cell


@dataclass(frozen=True)
class ModelCase:
    """One item model of the editor: how to reach it in a window, and how its panel refreshes
    it when that is not done on the document's `changed` signal (a panel read only on show)."""

    name: str
    reach: Callable[[MainWindow], QAbstractItemModel]
    refresh: Callable[[MainWindow, QAbstractItemModel], None] = lambda _window, _model: None
    filled: bool = True  # the sample season already gives it rows


def _sorted(proxy: QAbstractItemModel, column: int) -> QAbstractItemModel:
    """A sort proxy sorted by a column, so the tester sees its sorting mapping too."""
    assert isinstance(proxy, SortProxy)
    proxy.sort(column, Qt.SortOrder.DescendingOrder)
    return proxy


def _gt_results(window: MainWindow) -> QAbstractItemModel:
    window.results.set_class("GT")
    proxy = window.results.proxy
    assert isinstance(proxy, ClassFilterProxy)
    return proxy


def _past_results(window: MainWindow) -> QAbstractItemModel:
    model = PastResultsModel(window)
    _refill_past_results(window, model)
    return model


def _refill_past_results(window: MainWindow, model: QAbstractItemModel) -> None:
    # As the "as it stood" dialog fills it: the shown round read from a season's data.
    data = window.document.data
    assert data is not None
    assert isinstance(model, PastResultsModel)
    model.set_rows(past_results(data, data.numbered_rounds[0].id))


def _reload_history(window: MainWindow, _model: QAbstractItemModel) -> None:
    window.history.reload()  # what showing the panel does after a change


MODELS = [
    ModelCase("results", lambda w: w.results.model),
    ModelCase("results of one class (ClassFilterProxy)", _gt_results),
    ModelCase("entries", lambda w: w.entries.model),
    ModelCase("entries sorted (SortProxy)", lambda w: _sorted(w.entries.view.model(), 1)),
    ModelCase("calendar", lambda w: w.calendar_model),
    ModelCase("problems", lambda w: w.problems.model),
    ModelCase("problems sorted (SortProxy)", lambda w: _sorted(w.problems.view.model(), 2)),
    ModelCase("GT standings", lambda w: w.standings.model_for("GT")),
    ModelCase("LMP900 standings", lambda w: w.standings.model_for("LMP900")),
    # The sample document carries no history: the log is empty until the first change.
    ModelCase("history", lambda w: w.history.model, _reload_history, filled=False),
    ModelCase("past results", _past_results, _refill_past_results),
]


def _winner_laps(window: MainWindow) -> None:
    assert set_cell(window, line_of(window, "GT", 1).result_id, "laps", 301)


def _winner_out(window: MainWindow) -> None:
    # A DNF moves points in the standings and may raise or clear problems.
    assert set_cell(window, line_of(window, "GT", 1).result_id, "status", Status.DNF.value)


def _entry_renamed(window: MainWindow) -> None:
    model = window.entries.model
    row = next(r for r in range(model.rowCount()) if model.row_at(r).class_name == "GT")
    index = model.index(row, model.column_of("team"))
    assert model.setData(index, "Renamed Racing", Qt.ItemDataRole.EditRole)


EDITS = [
    pytest.param(_winner_laps, id="laps of the GT winner"),
    pytest.param(_winner_out, id="GT winner out (DNF)"),
    pytest.param(_entry_renamed, id="an entry's team renamed"),
]


@pytest.mark.parametrize("case", MODELS, ids=lambda case: case.name)
def test_model_on_the_sample_season(
    qtmodeltester: ModelTester, window: MainWindow, case: ModelCase
) -> None:
    model = case.reach(window)
    assert (model.rowCount() > 0) == case.filled
    qtmodeltester.check(model, force_py=True)


@pytest.mark.parametrize("edit", EDITS)
@pytest.mark.parametrize("case", MODELS, ids=lambda case: case.name)
def test_model_after_an_edit(
    qtmodeltester: ModelTester,
    window: MainWindow,
    case: ModelCase,
    edit: Callable[[MainWindow], None],
) -> None:
    model = case.reach(window)
    qtmodeltester.check(model, force_py=True)  # stays attached: the edit's signals are checked
    edit(window)
    case.refresh(window, model)
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)


def test_results_model_and_its_proxy(window: MainWindow) -> None:
    assert window.results.model.rowCount() == 24
    window.results.set_class("GT")
    assert window.results.proxy.rowCount() == 8


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
    assert model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) is not None  # greyed
    window.calendar_view.selectRow(1)  # chosen to be changed or reinstated: no results shown
    assert window.results.round_id is None
    assert model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsSelectable


def test_results_sort_by_class_then_position(window: MainWindow) -> None:
    lines = window.results.view.visible_lines()
    classes = [line.class_name for line in lines]
    assert classes == sorted(classes, key=("LMP900", "LMP675", "GTS", "GT").index)
    gt = [line.class_pos for line in lines if line.class_name == "GT"]
    assert gt == sorted(gt)
