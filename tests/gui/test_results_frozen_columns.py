"""Pos, Car and Team stay in view while the results table scrolls right, and the finisher
field has room for a team name, on a 1366x768 screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QSpinBox, QTableView
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.results.finisher_field import ROOM_FOR
from gui.results.frozen_columns import FrozenColumns
from tests.gui.helpers import line_of

FROZEN_TITLES = ["Pos", "Car", "Team"]


def on_laptop(qtbot: QtBot, window: MainWindow) -> FrozenColumns:
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    frozen = window.results.view.frozen
    assert frozen is not None
    return frozen


def shown_titles(view: QTableView) -> list[str]:
    model = view.model()
    header = view.horizontalHeader()
    logical = [header.logicalIndex(v) for v in range(header.count())]
    return [
        model.headerData(c, Qt.Orientation.Horizontal)
        for c in logical
        if not view.isColumnHidden(c)
    ]


def proxy_index(window: MainWindow, class_name: str, class_pos: int, field: str) -> QModelIndex:
    view = window.results.view
    result_id = line_of(window, class_name, class_pos).result_id
    assert view.select_result(result_id, window.results.model.column_of(field))
    return view.currentIndex()


def test_pos_car_and_team_stay_in_view_scrolled_right(qtbot: QtBot, window: MainWindow) -> None:
    frozen = on_laptop(qtbot, window)
    view = window.results.view
    bar = view.horizontalScrollBar()
    assert bar.maximum() > 0  # at 1366 the table does not fit: it scrolls
    bar.setValue(bar.maximum())
    assert frozen.isVisible()
    assert shown_titles(frozen) == FROZEN_TITLES
    assert frozen.geometry().left() <= view.frameWidth()
    assert frozen.width() == sum(view.columnWidth(c) for c in range(3))
    assert frozen.selectionModel() is view.selectionModel()


@pytest.mark.parametrize("moved", ["table", "frozen"])
def test_both_parts_scroll_up_and_down_together(
    qtbot: QtBot, window: MainWindow, moved: str
) -> None:
    frozen = on_laptop(qtbot, window)
    view = window.results.view
    first, other = (view, frozen) if moved == "table" else (frozen, view)
    first.verticalScrollBar().setValue(4)
    assert other.verticalScrollBar().value() == 4
    assert frozen.rowViewportPosition(10) == view.rowViewportPosition(10)


def test_a_cell_right_of_the_frozen_part_is_scrolled_out_from_under_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    frozen = on_laptop(qtbot, window)
    view = window.results.view
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    index = proxy_index(window, "GT", 1, "Team")
    chassis = index.sibling(index.row(), window.results.model.column_of("Chassis"))
    view.scrollTo(chassis)
    assert view.visualRect(chassis).left() >= frozen.width()


def commit(editor: QSpinBox, value: int) -> None:
    """As typed: Enter hands the value to the table once back in the event loop."""
    editor.setValue(value)
    QTest.keyClick(editor, Qt.Key.Key_Return)


@pytest.mark.parametrize(
    ("field", "value", "in_frozen"), [("laps", 321, False), ("class_pos", 1, True)]
)
def test_editing_beside_the_frozen_part_is_one_undo_step(
    qtbot: QtBot, window: MainWindow, field: str, value: int, in_frozen: bool
) -> None:
    frozen = on_laptop(qtbot, window)
    view = window.results.view
    index = proxy_index(window, "GT", 2, field)
    result_id = line_of(window, "GT", 2).result_id
    stack = window.document.undo_stack
    count = stack.count()
    view.edit(index)
    editor = (frozen if in_frozen else view).viewport().findChild(QSpinBox)
    assert isinstance(editor, QSpinBox)
    commit(editor, value)
    qtbot.waitUntil(lambda: stack.count() > count)
    assert stack.count() == count + 1
    line = next(r for r in window.results.model.rows() if r.result_id == result_id)
    assert getattr(line, field) == value
    stack.undo()
    assert (
        getattr(next(r for r in window.results.model.rows() if r.result_id == result_id), field)
        != value
    )


def test_keys_in_the_frozen_part_copy_the_shared_selection(
    qtbot: QtBot, window: MainWindow
) -> None:
    frozen = on_laptop(qtbot, window)
    proxy_index(window, "GT", 1, "Team")
    QTest.keyClick(frozen, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text().strip() == line_of(window, "GT", 1).team


def test_the_finisher_field_has_room_for_a_team_name(qtbot: QtBot, window: MainWindow) -> None:
    on_laptop(qtbot, window)
    field = window.results.car_entry
    assert field.width() >= field.fontMetrics().averageCharWidth() * ROOM_FOR
