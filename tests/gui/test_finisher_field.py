"""The finisher field: a car number is taken as typed, a team name is completed, Ctrl+Z takes
back the last finisher, and a refusal stays beside the field until an entry is accepted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from model.edits.entries import add_entry
from model.store.db import open_engine, transaction, url_for_path
from model.store.queries import ResultLine
from tests.gui.conftest import open_window


@pytest.fixture
def gt_window(qtbot: QtBot, empty_round_path: Path, settings: QSettings) -> Iterator[MainWindow]:
    """The empty GT round (cars 23 … 69, car 63 among them) with a car 6 and three cars
    without a number: one of Solo Racing, two of Twin Racing."""
    engine = open_engine(url_for_path(empty_round_path))
    with transaction(engine) as session:
        season_id = 1
        extra = [("Six Racing", "6", ()), ("Solo Racing", None, ())]
        extra += [("Twin Racing", None, ("Ann Ash",)), ("Twin Racing", None, ("Bo Birch",))]
        for team, car, drivers in extra:
            add_entry(
                session=session,
                season_id=season_id,
                class_name="GT",
                team=team,
                car=car,
                chassis="Ferrari 360",
                drivers=drivers,
            )
    engine.dispose()
    window = open_window(qtbot, empty_round_path, settings)
    window.results.set_class("GT")
    window.show()  # the field completes only with the keyboard focus, as when typed into
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window
    window.document.close()


def enter(qtbot: QtBot, window: MainWindow, text: str) -> None:
    field = window.results.car_entry
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def added(window: MainWindow) -> list[tuple[int | None, str | None, str]]:
    lines: list[ResultLine] = window.results.model.rows()
    return sorted((line.class_pos, line.car, line.team) for line in lines)


# (case, what is typed, the finishers after it: (pos, car, team))
ACCEPTED = [
    ("an exact number wins over 63", "6", [(1, "6", "Six Racing")]),
    ("spaces around the number", " 6 ", [(1, "6", "Six Racing")]),
    ("63 typed whole", "63", [(1, "63", "GT Team 8")]),
    ("a team with one car without a number", "Solo Racing", [(1, None, "Solo Racing")]),
    ("a team name in other case", "solo racing", [(1, None, "Solo Racing")]),
    ("a team name completed", "Sol", [(1, None, "Solo Racing")]),
    ("a numbered team's name", "GT Team 5", [(1, "45", "GT Team 5")]),
]


@pytest.mark.parametrize(
    ("typed", "after"), [c[1:] for c in ACCEPTED], ids=[c[0] for c in ACCEPTED]
)
def test_an_entry_adds_the_car_it_names(
    qtbot: QtBot, gt_window: MainWindow, typed: str, after: list[tuple[int, str | None, str]]
) -> None:
    enter(qtbot, gt_window, typed)
    assert added(gt_window) == after
    assert gt_window.results.car_entry.text() == ""
    assert gt_window.results.finisher_error.text() == ""
    assert gt_window.document.undo_stack.count() == 1


# (case, what is typed, words of the refusal)
REFUSED = [
    ("an unknown number is not completed", "64", "No car 64 in GT in the entry list"),
    ("a number's prefix is not completed", "4", "No car 4 in GT in the entry list"),
    ("a car of another class", "2", "No car 2 in GT in the entry list"),
    ("an unknown team", "Nobody Racing", "No car Nobody Racing in GT"),
    (
        "a team with two cars without a number",
        "Twin Racing",
        "Twin Racing has 2 cars in GT (no number, Ferrari 360, Ann Ash; "
        "no number, Ferrari 360, Bo Birch)",
    ),
]


@pytest.mark.parametrize(("typed", "words"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_a_refused_entry_changes_nothing_and_says_why_beside_the_field(
    qtbot: QtBot, gt_window: MainWindow, typed: str, words: str
) -> None:
    with qtbot.wait_signal(gt_window.document.failed):
        enter(qtbot, gt_window, typed)
    assert added(gt_window) == []
    assert gt_window.document.undo_stack.count() == 0
    assert words in gt_window.results.finisher_error.text()
    assert gt_window.results.car_entry.text().strip() == typed.strip()  # kept to correct


def test_the_refusal_stays_until_the_next_entry_is_accepted(
    qtbot: QtBot, gt_window: MainWindow
) -> None:
    label = gt_window.results.finisher_error
    enter(qtbot, gt_window, "64")
    refusal = label.text()
    assert refusal == "No car 64 in GT in the entry list"
    qtbot.keyClicks(gt_window.results.car_entry, "6")  # typing again does not hide it
    gt_window.document.failed.emit("some other part of the editor refused something")
    assert label.text() == refusal
    qtbot.keyClick(gt_window.results.car_entry, Qt.Key.Key_Return)
    assert added(gt_window) == [(1, "6", "Six Racing")]
    assert label.text() == ""


def test_ctrl_z_in_the_field_takes_back_the_last_finisher(
    qtbot: QtBot, gt_window: MainWindow
) -> None:
    enter(qtbot, gt_window, "6")
    enter(qtbot, gt_window, "Solo Racing")
    field = gt_window.results.car_entry
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert added(gt_window) == [(1, "6", "Six Racing")]
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert added(gt_window) == []
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # nothing left
    assert "No finisher to take back" in gt_window.results.finisher_error.text()
    gt_window.document.undo_stack.redo()
    assert added(gt_window) == [(1, "6", "Six Racing")]
