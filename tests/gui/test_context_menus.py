"""Every table's right-click menu holds the same actions as the menu bar and the panel's
buttons (one handler each), disabled ones shown disabled; one action of each is triggered."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.penalties.penalty_dialog import PenaltyDialog
from gui.tables.context_menu import ContextMenu, context_menu_of
from tests.gui.helpers import class_order, line_of
from tests.gui.penalty_forms import filled, once
from tests.gui.prompts import scripted


def menu_of(view: QAbstractItemView) -> ContextMenu:
    menu = context_menu_of(view)
    assert menu is not None
    return menu


def titles(menu: ContextMenu) -> list[str]:
    return [a.text().split("\t")[0].replace("&", "") for a in menu.menu().actions() if a.text()]


def named(menu: ContextMenu, title: str) -> QAction:
    return next(a for a in menu.actions() if a.text().split("\t")[0].replace("&", "") == title)


def edit_menu_actions(window: MainWindow) -> list[QAction]:
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    return edit.actions()


# (table, its view, titles its menu holds at least)
TABLES: list[tuple[str, Callable[[MainWindow], QAbstractItemView], list[str]]] = [
    (
        "results",
        lambda w: w.results.view,
        ["Copy rows", "Paste rows", "Delete results", "Move up", "Move down", "Toggle pole"],
    ),
    (
        "results, frozen part",
        lambda w: w.results.view.frozen,  # type: ignore[return-value]
        ["Copy rows", "Paste rows", "Delete results", "Move up", "Move down", "Toggle pole"],
    ),
    ("entry list", lambda w: w.entries.view, ["Add entry", "Changed car…", "Copy"]),
    ("calendar", lambda w: w.calendar_view, ["Add round…", "Edit round…", "Cancel round"]),
    ("penalties", lambda w: w.penalties.view, ["Add penalty…", "Change penalty…", "Copy"]),
    ("history", lambda w: w.history.view, ["Copy", "Show the results as they stood then…"]),
]


@pytest.mark.parametrize(("view_of", "wanted"), [t[1:] for t in TABLES], ids=[t[0] for t in TABLES])
def test_each_table_has_its_menu(
    window: MainWindow, view_of: Callable[[MainWindow], QAbstractItemView], wanted: list[str]
) -> None:
    window.results.view.select_result(line_of(window, "GT", 1).result_id)
    shown = titles(menu_of(view_of(window)))
    assert set(wanted) <= set(shown), shown


def test_the_results_menu_moves_a_row_with_the_edit_menus_action(window: MainWindow) -> None:
    view = window.results.view
    menu = menu_of(view)
    assert set(view.edit_actions) <= set(edit_menu_actions(window))
    assert window.undo_action in menu.actions()  # the window's own Undo, not a copy
    first, second = line_of(window, "GT", 1), line_of(window, "GT", 2)
    view.select_result(first.result_id)
    count = window.document.undo_stack.count()
    named(menu, "Move down").trigger()
    assert window.document.undo_stack.count() == count + 1
    assert [team for _pos, _car, team in class_order(window, "GT")][:2] == [
        second.team,
        first.team,
    ]


def test_the_frozen_part_shares_the_tables_menu(window: MainWindow) -> None:
    frozen = window.results.view.frozen
    assert frozen is not None
    assert menu_of(frozen).actions()[:5] == window.results.view.edit_actions


def test_the_entry_lists_menu_adds_an_entry(window: MainWindow) -> None:
    menu = menu_of(window.entries.view)
    assert set(window.entries.menu_actions) <= set(edit_menu_actions(window))
    before = window.entries.model.rowCount()
    named(menu, "Add entry").trigger()
    assert window.entries.model.rowCount() == before + 1


def test_the_calendars_menu_holds_the_season_menus_actions(window: MainWindow) -> None:
    menu = menu_of(window.calendar_view)
    assert menu.actions() == window.calendar_editor.actions
    window.calendar_view.selectRow(0)
    count = window.document.undo_stack.count()
    named(menu, "Move round down").trigger()
    assert window.document.undo_stack.count() == count + 1


def test_the_penalties_menu_adds_a_penalty(window: MainWindow) -> None:
    window.penalties.set_on_screen(True)
    scripted(window).dialogs[PenaltyDialog] = once(filled())
    named(menu_of(window.penalties.view), "Add penalty…").trigger()
    assert len(window.penalties.model.rows()) == 1


def test_the_history_menu_copies_a_line(qtbot: QtBot, window: MainWindow) -> None:
    assert window.entries.add_entry("GT")  # a change the history lists
    window.show()
    window.dock("History").raise_()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.history.model.rowCount() > 0)
    view = window.history.view
    view.selectRow(0)
    named(menu_of(view), "Copy").trigger()
    copied = QGuiApplication.clipboard().text()
    assert copied
    assert all(
        str(view.model().index(0, c).data() or "") in copied
        for c in range(view.model().columnCount())
    )


def test_a_disabled_action_is_shown_disabled(window: MainWindow) -> None:
    menu = menu_of(window.calendar_view)
    window.calendar_editor.up.setEnabled(False)
    shown = {a.text(): a.isEnabled() for a in menu.menu().actions() if a.text()}
    assert shown["Move round &up"] is False
