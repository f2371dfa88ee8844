"""The standings at a glance: position, name, total and gap always in view beside the
scrolling rounds, the tab following the class being edited, the workbook's colours, the
last edit's moves, the table copied as TSV and an empty table explained."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.standings.standings_model import COL_CHASSIS, COL_NAME, COL_POS, FIRST_ROUND_COLUMN
from gui.standings.standings_page import StandingsPage
from model.io.export.sheets import PLACE_FILLS, POINTS_FILL
from model.scoring.standings import Championship
from tests.gui.helpers import line_of, set_cell

GT_TEAM = "Petersen Motorsports / White Lightning Racing"


def _page(window: MainWindow, class_name: str) -> StandingsPage:
    window.standings.show_class(class_name)
    page = window.standings.shown_page()
    assert page is not None
    return page


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
@pytest.mark.parametrize("class_name", ["GT", "LMP900"])
def test_pos_name_total_and_gap_stay_in_view(
    qtbot: QtBot, window: MainWindow, size: tuple[int, int], class_name: str
) -> None:
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    page = _page(window, class_name)
    model = page.model
    panel = window.standings
    frozen = page.frozen
    for column in (COL_POS, COL_NAME, model.total_column, model.gap_column):
        assert not frozen.isColumnHidden(column)
        assert page.rounds.isColumnHidden(column)  # shown once, in the frozen part
        x = frozen.columnViewportPosition(column)
        right = x + frozen.columnWidth(column)
        assert x >= 0
        assert right <= frozen.viewport().width()
        left_in_panel = frozen.viewport().mapTo(panel, QPoint(x, 0)).x()
        assert left_in_panel >= 0
        assert left_in_panel + frozen.columnWidth(column) <= panel.width()
    assert frozen.horizontalHeader().visualIndex(model.total_column) == 2  # right after the name
    assert not page.rounds.isColumnHidden(FIRST_ROUND_COLUMN)
    scrolling = page.rounds.horizontalHeader()
    assert scrolling.sectionViewportPosition(FIRST_ROUND_COLUMN) == 0  # the rounds come first
    assert scrolling.visualIndex(COL_CHASSIS) > scrolling.visualIndex(model.total_column - 1)
    page.rounds.horizontalScrollBar().setValue(page.rounds.horizontalScrollBar().maximum())
    assert frozen.columnViewportPosition(model.total_column) >= 0  # scrolling leaves it


@pytest.mark.parametrize(
    ("chosen", "shown"),
    [
        ("LMP900", "LMP900"),
        ("GT", "GT"),
        ("All classes", "GT"),  # not one class: the tab stays where it was
    ],
)
def test_the_tab_follows_the_class_being_edited(
    window: MainWindow, chosen: str, shown: str
) -> None:
    window.results.set_class("GT")
    window.results.set_class(None if chosen == "All classes" else chosen)
    tabs = window.standings._tabs
    assert tabs.tabText(tabs.currentIndex()) == shown


def test_ctrl_c_copies_the_whole_table_as_tsv(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    page = _page(window, "GT")
    model = page.model
    page.rounds.setFocus()
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(page.rounds, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = QGuiApplication.clipboard().text()
    assert text == window.standings.table_text()
    lines = text.rstrip("\n").split("\n")
    assert len(lines) == model.rowCount() + 1
    header = lines[0].split("\t")
    assert header[:2] == ["Pos", "Team"]
    assert header[-2:] == ["Gap", "Total"]
    first = lines[1].split("\t")
    assert len(first) == model.columnCount()
    assert first[0] == "1"
    assert first[-2] == "Leader"
    assert first[-1] == model.index(0, model.total_column).data()


def _fill_hex(fill: object) -> str:
    return f"#{fill.fgColor.rgb[-6:]}".upper()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("1st", _fill_hex(PLACE_FILLS[1])),
        ("2nd", _fill_hex(PLACE_FILLS[2])),
        ("3rd", _fill_hex(PLACE_FILLS[3])),
        ("points", _fill_hex(POINTS_FILL)),
    ],
)
def test_round_cells_have_the_workbooks_colours(
    window: MainWindow, kind: str, expected: str
) -> None:
    model = window.standings.model_for("GT")
    found = []
    for row in range(model.rowCount()):
        standing = model._rows[row]
        for offset, round_cell in enumerate(standing.cells):
            if round_cell.points:
                cell_kind = {1: "1st", 2: "2nd", 3: "3rd"}.get(round_cell.position or 0, "points")
            else:
                cell_kind = "no points" if round_cell.raced else "empty"
            if cell_kind == kind:
                found.append(model.index(row, FIRST_ROUND_COLUMN + offset))
    if not found:
        pytest.skip(f"the sample's GT table has no {kind} cell")
    for index in found:
        brush = index.data(Qt.ItemDataRole.BackgroundRole)
        assert brush.color() == QColor(expected)


def test_names_and_totals_are_not_coloured(window: MainWindow) -> None:
    model = window.standings.model_for("GT")
    for column in (COL_POS, COL_NAME, model.total_column, model.gap_column):
        assert model.index(0, column).data(Qt.ItemDataRole.BackgroundRole) is None


def test_an_empty_drivers_table_says_why(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    window.standings.set_championship(Championship.DRIVERS)
    page = _page(window, "GT")
    if page.model.rowCount():
        pytest.skip("the sample records drivers in GT")
    assert page.empty.isVisible()
    assert page.empty.text().startswith("No drivers recorded:")
    assert not page.frozen.isVisible()
    window.standings.set_championship(Championship.TEAMS)
    assert not page.empty.isVisible()
    assert page.frozen.isVisible()


def test_an_edit_shows_who_moved_for_a_while(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.standings
    page = _page(window, "GT")
    model = page.model
    panel.moves_timer.setInterval(100)
    second = line_of(window, "GT", 2)
    with qtbot.wait_signal(model.dataChanged, timeout=2000):
        set_cell(window, second.result_id, "class_pos", 1)
    assert model.moves.get(GT_TEAM) == "+4"
    row = next(r for r in range(model.rowCount()) if model.index(r, COL_NAME).data() == GT_TEAM)
    assert model.index(row, model.move_column).data() == "+4"
    assert panel.moves_timer.isActive()
    assert not page.frozen.isColumnHidden(model.move_column)
    third = next(
        line
        for line in window.results.model.rows()
        if line.team == "Unidentified GT team 3" and line.class_pos
    )
    set_cell(window, third.result_id, "class_pos", 30)  # out of the points: below Petersen
    assert model.moves[GT_TEAM] == "▲1"
    assert model.moves["Unidentified GT team 3"].startswith("▼1 -")
    qtbot.waitUntil(lambda: not model.moves, timeout=3000)
    assert model.index(row, model.move_column).data() == ""
