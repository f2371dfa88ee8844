"""The window's toolbar: the frequent actions, the same objects as the menus', readable and
within the window at 1366x768, its place saved with the window's state."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar, QToolButton
from pytestqt.qtbot import QtBot

from gui.main_toolbar import TOOLBAR_NAME
from gui.main_window import MainWindow

WORDS = ["Undo", "Redo", "Finishers", "Timing file", "Results", "Export", "New round", "Problems"]


def toolbar(window: MainWindow) -> QToolBar:
    found = window.findChild(QToolBar, TOOLBAR_NAME)
    assert isinstance(found, QToolBar)
    return found


def menu_bar_actions(window: MainWindow) -> list[QAction]:
    return [a for top in window.menuBar().actions() for a in top.menu().actions()]


def test_the_toolbar_holds_the_frequent_actions(window: MainWindow) -> None:
    shown = [a for a in toolbar(window).actions() if not a.isSeparator()]
    assert [a.iconText() for a in shown] == WORDS
    in_menus = menu_bar_actions(window)
    assert all(a in in_menus for a in shown if a is not window.problems_action)
    assert shown[0] is window.undo_action
    assert window.calendar_editor.add in shown


def test_check_problems_brings_the_problems_panel_up(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.problems_action.trigger()
    dock = window.dock("Problems")
    qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty())


def test_every_button_is_readable_within_the_window_at_1366(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    bar = toolbar(window)
    buttons = [b for b in bar.findChildren(QToolButton) if b.defaultAction() in bar.actions()]
    assert len(buttons) == len(WORDS)
    for button in buttons:
        assert button.isVisible(), button.text()
        assert button.width() >= button.fontMetrics().horizontalAdvance(button.text())
        assert bar.mapTo(window, button.geometry().topRight()).x() <= window.width()


def test_the_toolbar_is_saved_with_the_window(window: MainWindow) -> None:
    """Saved by its name: hidden, saved, shown again, restored: hidden again."""
    bar = toolbar(window)
    bar.setHidden(True)
    state = window.saveState()
    bar.setHidden(False)
    assert window.restoreState(state)
    assert bar.isHidden()
