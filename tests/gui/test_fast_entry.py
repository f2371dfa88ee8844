"""Typing a class's finishing order, pasting blocks from a spreadsheet, copying them out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from tests.gui.conftest import GT_CARS
from tests.gui.helpers import check_undo_redo, class_order, set_cell, standings_total
from tests.helpers import dump

FINISHING_ORDER = ("45", "23", "66", "31", "69", "24", "35", "61", "51", "63")


def type_finishers(qtbot: QtBot, window: MainWindow, cars: tuple[str, ...]) -> int:
    """Type each car number and Enter into the finisher box; returns the keystrokes used."""
    entry = window.results.car_entry
    entry.setFocus()
    keystrokes = 0
    for car in cars:
        qtbot.keyClicks(entry, car)
        qtbot.keyClick(entry, Qt.Key.Key_Return)
        keystrokes += len(car) + 1
    return keystrokes


def test_a_ten_car_class_is_typed_in_at_most_four_keys_a_car(
    qtbot: QtBot, empty_window: MainWindow
) -> None:
    window = empty_window
    assert window.results.model.rowCount() == 0
    window.results.set_class("GT")
    keystrokes = type_finishers(qtbot, window, FINISHING_ORDER)
    assert keystrokes <= 4 * len(FINISHING_ORDER)
    order = class_order(window, "GT")
    assert [(pos, car) for pos, car, _ in order] == list(enumerate(FINISHING_ORDER, start=1))
    teams = {car: f"GT Team {n}" for n, car in enumerate(GT_CARS, start=1)}
    assert [team for _, _, team in order] == [teams[car] for car in FINISHING_ORDER]
    first = window.results.model.row_at(0)
    assert (first.chassis, first.engine) == ("Porsche 911 GT3-RSR", "Porsche 3.6L Flat-6")
    assert standings_total(window, "GT", "GT Team 5") == 26  # car 45 won the endurance opener
    assert window.results.car_entry.text() == ""
    assert window.document.undo_stack.count() == len(FINISHING_ORDER)


def test_with_all_classes_shown_typing_fills_class_and_overall_places(
    qtbot: QtBot, empty_window: MainWindow
) -> None:
    type_finishers(qtbot, empty_window, ("2", "45", "23"))
    lines = sorted(empty_window.results.model.rows(), key=lambda line: line.overall_pos or 0)
    assert [(line.car, line.class_name, line.class_pos, line.overall_pos) for line in lines] == [
        ("2", "LMP1", 1, 1),
        ("45", "GT", 1, 2),
        ("23", "GT", 2, 3),
    ]


def test_an_unknown_or_repeated_car_is_refused(qtbot: QtBot, empty_window: MainWindow) -> None:
    window = empty_window
    window.results.set_class("GT")
    type_finishers(qtbot, window, ("45",))
    with qtbot.wait_signal(window.document.failed) as failed:
        type_finishers(qtbot, window, ("45",))
    assert failed.args == ["car 45 already has a result in this round"]
    with qtbot.wait_signal(window.document.failed) as failed:
        type_finishers(qtbot, window, ("2",))  # an LMP1 car, not in GT
    assert failed.args == ["No car 2 in GT in the entry list"]
    assert window.results.car_entry.text() == "2"  # kept for correction, selected
    assert len(window.results.model.rows()) == 1


def test_paste_a_block_from_a_spreadsheet_adds_rows_in_one_step(empty_window: MainWindow) -> None:
    window = empty_window
    window.results.set_class("GT")
    view = window.results.view
    block = "1\t45\n2\t23\n3\t66\n"  # Pos, Car as copied from LibreOffice
    view.paste_text(block)
    assert [(p, car) for p, car, _ in class_order(window, "GT")] == [
        (1, "45"),
        (2, "23"),
        (3, "66"),
    ]
    assert window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    assert class_order(window, "GT") == []


def test_paste_over_existing_rows_changes_their_cells(window: MainWindow) -> None:
    window.results.set_class("GT")
    view = window.results.view
    laps_column = window.results.model.column_of("laps")
    view.setCurrentIndex(view.model().index(0, laps_column))
    view.paste_text("300\tClassified\n299\tDNF\n")
    order = [line for line in view.visible_lines()[:2]]
    assert [(line.laps, line.status.value) for line in order] == [(300, "classified"), (299, "dnf")]
    assert window.document.undo_stack.count() == 1


def test_a_bad_cell_refuses_the_whole_paste(qtbot: QtBot, window: MainWindow) -> None:
    window.results.set_class("GT")
    view = window.results.view
    view.setCurrentIndex(view.model().index(0, window.results.model.column_of("laps")))
    before = dump(window.document.path)  # type: ignore[arg-type]
    with qtbot.wait_signal(window.document.failed) as failed:
        view.paste_text("300\n-1\n")
    assert failed.args == ["pasted row 2, column Laps: must be at least 0, found -1"]
    assert dump(window.document.path) == before  # type: ignore[arg-type]
    assert window.document.undo_stack.count() == 0


def test_copy_a_selection_as_tab_separated_text(window: MainWindow) -> None:
    window.results.set_class("GT")
    view = window.results.view
    proxy = view.model()
    selection = view.selectionModel()
    for column in range(3):  # Pos, Car, Team of the first two rows
        for row in range(2):
            selection.select(proxy.index(row, column), selection.SelectionFlag.Select)
    text = view.copy_selection()
    assert text == "1\t23\tAlex Job Racing\n2\t31\tPetersen Motorsports / White Lightning Racing\n"
    assert QGuiApplication.clipboard().text() == text


def test_keyboard_nudges_a_row_down_its_class(qtbot: QtBot, window: MainWindow) -> None:
    window.results.set_class("GT")
    view = window.results.view
    before = class_order(window, "GT")
    view.setCurrentIndex(view.model().index(0, 0))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    after = class_order(window, "GT")
    assert [car for _, car, _ in after[:2]] == [before[1][1], before[0][1]]
    assert [pos for pos, _, _ in after[:2]] == [1, 2]


def test_delete_key_removes_the_selected_results(qtbot: QtBot, window: MainWindow) -> None:
    window.results.set_class("GT")
    view = window.results.view
    view.setCurrentIndex(view.model().index(0, 2))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert len(class_order(window, "GT")) == 7


def test_adding_a_finisher_and_correcting_its_car_undo_and_redo(
    qtbot: QtBot, empty_window: MainWindow
) -> None:
    window = empty_window
    window.results.set_class("GT")
    check_undo_redo(
        window,
        lambda: type_finishers(qtbot, window, ("45",)),
        lambda: None,
    )
    assert [(p, car) for p, car, _ in class_order(window, "GT")] == [(1, "45")]
    result_id = window.results.model.row_at(0).result_id
    check_undo_redo(
        window,
        lambda: set_cell(window, result_id, "car", "66"),
        lambda: None,
    )
    assert [(p, car) for p, car, _ in class_order(window, "GT")] == [(1, "66")]
