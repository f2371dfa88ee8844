"""The points chart dock: the top ten of the class and championship the standings show, a
line each, redrawn after every edit while on screen, and explained when there is nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCharts import QBarCategoryAxis, QLineSeries
from pytestqt.qtbot import QtBot

from gui.charts.progression_chart import ProgressionChart, hover_text
from gui.main_window import MainWindow
from model.scoring.progression import Series
from model.scoring.standings import Championship
from tests.gui.helpers import line_of, set_cell

COUNTS = [("LMP900", 9), ("LMP675", 5), ("GTS", 5), ("GT", 10)]


def _shown(window: MainWindow, class_name: str | None = None) -> ProgressionChart:
    if class_name is not None:
        window.standings.show_class(class_name)
    window.dock("Points chart").raise_()
    chart = window.points_chart
    chart.set_on_screen(True)  # as the dock reports once the window is on screen
    return chart


def _lines(chart: ProgressionChart) -> dict[str, list[float]]:
    found = {}
    for line in chart.chart.series():
        assert isinstance(line, QLineSeries)
        found[line.name()] = [point.y() for point in line.points()]
    return found


def test_the_dock_is_a_tab_of_the_bottom_panels_and_listed_in_the_view_menu(
    window: MainWindow,
) -> None:
    dock = window.dock("Points chart")
    assert dock.widget() is window.points_chart
    assert dock in window.tabifiedDockWidgets(window.dock("Entry list"))
    assert window.tabifiedDockWidgets(window.dock("Standings")) == []
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert dock.toggleViewAction() in view.actions()


@pytest.mark.parametrize(("class_name", "count"), COUNTS)
def test_the_chart_draws_the_top_ten_of_the_class(
    window: MainWindow, class_name: str, count: int
) -> None:
    chart = _shown(window, class_name)
    assert chart.showing_chart
    table = window.document.live.table(class_name, Championship.TEAMS)  # type: ignore[union-attr]
    names = [f"{row.pos}. {row.name}" for row in table.rows[:10]]
    lines = _lines(chart)
    assert list(lines) == names
    assert len(lines) == count
    leader = table.rows[0]
    assert lines[names[0]][-1] == float(leader.total)
    rounds = chart.chart.axes()[0]
    assert isinstance(rounds, QBarCategoryAxis)
    assert rounds.categories() == [str(n) for n in range(1, 10)]


def test_an_edit_redraws_the_lines(qtbot: QtBot, window: MainWindow) -> None:
    chart = _shown(window, "GT")
    before = _lines(chart)
    second = line_of(window, "GT", 2)
    with qtbot.wait_signal(window.document.changed, timeout=2000):
        assert set_cell(window, second.result_id, "class_pos", 1)  # one push, one undo step
    after = _lines(chart)
    assert after != before
    window.document.undo_stack.undo()
    assert _lines(chart) == before


def test_switching_class_or_championship_switches_the_chart(window: MainWindow) -> None:
    chart = _shown(window, "GT")
    gt = _lines(chart)
    window.standings.show_class("LMP900")
    assert _lines(chart) != gt
    assert chart.caption == "LMP900 teams: points"
    window.standings.set_championship(Championship.DRIVERS)
    drivers = window.document.live.table("LMP900", Championship.DRIVERS)  # type: ignore[union-attr]
    assert list(_lines(chart)) == [f"{row.pos}. {row.name}" for row in drivers.rows[:10]]


def test_a_hidden_chart_is_not_drawn_until_shown(qtbot: QtBot, window: MainWindow) -> None:
    chart = _shown(window, "GT")
    chart.set_on_screen(False)
    before = _lines(chart)
    second = line_of(window, "GT", 2)
    set_cell(window, second.result_id, "class_pos", 1)
    assert _lines(chart) == before  # no work while hidden
    chart.set_on_screen(True)
    assert _lines(chart) != before


def test_a_season_without_results_is_explained(empty_window: MainWindow) -> None:
    chart = _shown(empty_window, "GT")
    assert not chart.showing_chart
    assert chart.chart.series() == []
    assert "No results in GT yet" in chart.message.text()


HOVERS = [
    pytest.param(0, "Team · Rd 1: 20 pts", id="first round"),
    pytest.param(2, "Team · Rd 2b: 48.5 pts", id="half points"),
    pytest.param(9, "Team · Rd 2b: 48.5 pts", id="beyond the last point"),
    pytest.param(-1, "Team · Rd 1: 20 pts", id="before the first point"),
]


@pytest.mark.parametrize(("index", "expected"), HOVERS)
def test_hovering_a_point_names_its_round_and_points(index: int, expected: str) -> None:
    series = Series("Team", 1, ("1", "2a", "2b"), (Decimal(20), Decimal(36), Decimal("48.5")))
    assert hover_text(series, index) == expected
