"""Every kind of change is one undo step: push, check, undo, check, redo, check."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from model.scoring.rules import Status
from tests.gui.helpers import (
    check_undo_redo,
    class_order,
    line_of,
    set_cell,
    standings_total,
)
from tests.gui.prompts import scripted
from tests.helpers import dump


def test_edit_a_cell(window: MainWindow) -> None:
    winner = line_of(window, "GT", 1)
    check_undo_redo(
        window,
        lambda: set_cell(window, winner.result_id, "laps", 301),
        lambda: assert_laps(window, winner.result_id, 301),
    )


def assert_laps(window: MainWindow, result_id: int, laps: int) -> None:
    row = window.results.model.row_of(result_id)
    assert row is not None
    assert window.results.model.row_at(row).laps == laps


def test_change_status_to_dnf_refreshes_standings(window: MainWindow) -> None:
    winner = line_of(window, "GT", 1)
    assert standings_total(window, "GT", "Alex Job Racing") == 182
    check_undo_redo(
        window,
        lambda: set_cell(window, winner.result_id, "status", Status.DNF.value),
        lambda: None,
    )
    assert standings_total(window, "GT", "Alex Job Racing") == 182 - 26
    window.document.undo_stack.undo()
    assert standings_total(window, "GT", "Alex Job Racing") == 182


def test_delete_rows_is_one_step(window: MainWindow) -> None:
    window.results.set_class("GT")
    view = window.results.view
    view.selectRow(0)
    view.selectionModel().select(
        view.model().index(1, 0), view.selectionModel().SelectionFlag.Select
    )
    check_undo_redo(
        window,
        view.delete_selected,
        lambda: len(class_order(window, "GT")) == 6 or pytest.fail("two rows not deleted"),
    )


def test_reorder_is_one_step(window: MainWindow) -> None:
    before = class_order(window, "GT")
    window.results.set_class("GT")
    view = window.results.view
    view.drop_rows_at([2], 0)  # third place dragged to the top

    expected = [before[2], before[0], before[1], *before[3:]]
    after = class_order(window, "GT")
    assert [(car, team) for _, car, team in after] == [(car, team) for _, car, team in expected]
    assert [pos for pos, _, _ in after] == list(range(1, len(after) + 1))
    window.document.undo_stack.undo()
    assert class_order(window, "GT") == before


def test_exclusion_moves_the_cars_behind_up_in_one_step(window: MainWindow) -> None:
    # Trois-Rivières 2003: a GT Porsche in 3rd was excluded and the cars behind moved up.
    window.select_round(5)  # calendar row of round 4
    assert window.results.title.text().startswith("Round 4")
    before = class_order(window, "GT")
    third = line_of(window, "GT", 3)
    scripted(window).confirm_answer = lambda _question: True
    check_undo_redo(
        window,
        lambda: set_cell(window, third.result_id, "status", Status.EXCLUDED.value),
        lambda: None,
    )
    after = class_order(window, "GT")
    assert (None, third.car, third.team) in after
    assert [p for p, _, _ in after if p is not None] == [
        p if p < 3 else p - 1 for p, _, _ in before if p is not None and p != 3
    ]


def test_exclusion_without_moving_up(window: MainWindow) -> None:
    third = line_of(window, "GT", 3)
    scripted(window).confirm_answer = lambda _question: False
    before = class_order(window, "GT")
    set_cell(window, third.result_id, "status", Status.DISQUALIFIED.value)
    after = class_order(window, "GT")
    assert [p for p, _, _ in after] == [p for p, _, _ in before]
    assert line_of(window, "GT", 3).status is Status.DISQUALIFIED


def select_entry(window: MainWindow, team: str) -> None:
    view = window.entries.view
    proxy = view.model()
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 1).data() == team)
    view.setCurrentIndex(proxy.index(row, 0))


def test_entry_edits_add_and_remove(window: MainWindow) -> None:
    model = window.entries.model
    row = next(r for r in range(model.rowCount()) if model.row_at(r).team == "Alex Job Racing")
    drivers = model.index(row, model.column_of("drivers"))
    check_undo_redo(
        window,
        lambda: model.setData(drivers, "Timo Bernhard; Jörg Bergmeister", Qt.ItemDataRole.EditRole),
        lambda: None,
    )
    assert model.row_at(row).drivers == ("Timo Bernhard", "Jörg Bergmeister")
    count = model.rowCount()
    check_undo_redo(window, lambda: window.entries.add_entry("GT"), lambda: None)
    assert model.rowCount() == count + 1
    select_entry(window, "New team")
    check_undo_redo(window, window.entries.remove_current, lambda: None)
    assert model.rowCount() == count


def test_an_entry_with_results_cannot_be_removed(window: MainWindow, qtbot: QtBot) -> None:
    select_entry(window, "Alex Job Racing")
    with qtbot.wait_signal(window.document.failed) as failed:
        assert not window.entries.remove_current()
    assert failed.args == ["this entry has results; delete its results first"]


def test_undo_and_redo_from_the_edit_menu(window: MainWindow, qtbot: QtBot) -> None:
    winner = line_of(window, "GT", 1)
    set_cell(window, winner.result_id, "note", "fastest lap record")
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "&Undo Set note of car 23"
    window.undo_action.trigger()
    assert line_of(window, "GT", 1).note is None
    window.redo_action.trigger()
    assert line_of(window, "GT", 1).note == "fastest lap record"


def test_a_refused_edit_changes_nothing_and_says_why(window: MainWindow, qtbot: QtBot) -> None:
    winner = line_of(window, "GT", 1)
    before = dump(window.document.path)  # type: ignore[arg-type]
    with qtbot.wait_signal(window.document.failed) as failed:
        assert not set_cell(window, winner.result_id, "laps", "-3")
    assert failed.args == ["Laps: must be at least 0, found -3"]
    with qtbot.wait_signal(window.document.failed) as failed:
        assert not set_cell(window, winner.result_id, "car", "999")
    assert failed.args == ["No car 999 in GT's entry list"]
    assert dump(window.document.path) == before  # type: ignore[arg-type]
    assert window.document.undo_stack.count() == 0
    assert "Not changed: No car 999" in window.statusBar().currentMessage()
