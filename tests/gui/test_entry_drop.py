"""An entry list row dropped on a round's results adds that car where it was dropped: the
way in for cars without a number, as one undo step that moves the cars below it down."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from gui.entries.entries_model import ENTRY_MIME, dropped_entries, entries_mime
from gui.main_window import MainWindow
from model.edits.entries import add_entry
from model.edits.paste import insert_positions
from model.store.db import open_engine, transaction, url_for_path
from model.store.queries import ResultLine
from tests.gui.conftest import open_window
from tests.gui.helpers import class_order
from tests.helpers import dump


@pytest.fixture
def gt_window(qtbot: QtBot, empty_round_path: Path, settings: QSettings) -> Iterator[MainWindow]:
    """The empty GT round with a car of Solo Racing without a number, and cars 45, 23 and 66
    entered in that order."""
    engine = open_engine(url_for_path(empty_round_path))
    with transaction(engine) as session:
        add_entry(session=session, season_id=1, class_name="GT", team="Solo Racing", car=None)
    engine.dispose()
    window = open_window(qtbot, empty_round_path, settings)
    window.results.set_class("GT")
    for car in ("45", "23", "66"):
        assert window.results.add_finisher(car)
    yield window
    window.document.close()


def entry_id(window: MainWindow, team: str) -> int:
    data = window.document.data
    assert data is not None
    return next(entry.id for entry in data.entries.values() if entry.team == team)


def drop(window: MainWindow, entry_ids: list[int], row: int | None) -> None:
    """Entry list rows dropped on visible row `row` of the results (None: below the rows)."""
    view = window.results.view
    if row is None:
        point = QPointF(5, view.viewport().height() - 2)
    else:
        rect = view.visualRect(view.model().index(row, 3))
        point = QPointF(rect.center())
    mime = entries_mime(entry_ids)  # kept alive here: the event does not own it
    event = QDropEvent(
        point,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dropEvent(event)
    assert event.isAccepted()


def test_the_entry_list_drags_its_rows_as_entry_ids(window: MainWindow) -> None:
    panel = window.entries
    indexes = [panel.view.model().index(row, 0) for row in (0, 1)]
    mime = panel.view.model().mimeData(indexes)
    assert mime.hasFormat(ENTRY_MIME)
    data = window.document.data
    assert data is not None
    dragged = dropped_entries(mime)
    assert len(dragged) == 2
    assert all(entry in data.entries for entry in dragged)
    assert panel.view.dragEnabled()


def test_a_car_without_a_number_dropped_on_a_row_takes_its_place(gt_window: MainWindow) -> None:
    window = gt_window
    before = dump(window.document.path, history=False)
    drop(window, [entry_id(window, "Solo Racing")], 1)  # on car 23, second
    assert [(pos, car or team) for pos, car, team in class_order(window, "GT")] == [
        (1, "45"),
        (2, "Solo Racing"),
        (3, "23"),
        (4, "66"),
    ]
    assert window.document.undo_stack.count() == 4  # three typed, one dropped
    window.document.undo_stack.undo()
    assert dump(window.document.path, history=False) == before


def test_a_car_dropped_below_the_rows_is_the_next_finisher(gt_window: MainWindow) -> None:
    drop(gt_window, [entry_id(gt_window, "Solo Racing")], None)
    assert class_order(gt_window, "GT")[-1] == (4, None, "Solo Racing")


def test_a_car_that_already_has_a_result_is_refused(gt_window: MainWindow) -> None:
    window = gt_window
    before = dump(window.document.path)
    taken = window.results.model.rows()[0]
    drop(window, [taken.entry_id], 0)  # entered already
    assert dump(window.document.path) == before
    said = f"car {taken.car} ({taken.team}) already has a result"
    assert said in window.results.finisher_error.text()


def line(result_id: int, class_pos: int | None) -> ResultLine:
    return ResultLine(
        result_id,
        1,
        result_id,
        "GT",
        class_pos,
        None,
        "",
        "",
        "",
        (),
        None,
        "classified",
        None,
        None,
    )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("positions", "at", "count", "first", "moved"),
    [
        ((1, 2, 3), 1, 1, 2, {2: 3, 3: 4}),  # before the second: it and the third move down
        ((1, 2, 3), 3, 2, 4, {}),  # past the end: nobody moves
        ((1, 2, 3), 0, 2, 1, {1: 3, 2: 4, 3: 5}),
        ((1, 2, None), 2, 1, 3, {}),  # before an unplaced car: after the last placed one
        ((1, 2, 5), 2, 1, 3, {3: 6}),  # a gap below stays a gap
        ((), 0, 1, 1, {}),  # the first car of the class
    ],
)
def test_room_for_dropped_cars(
    positions: tuple[int | None, ...], at: int, count: int, first: int, moved: dict[int, int]
) -> None:
    ordered = [line(number, pos) for number, pos in enumerate(positions, start=1)]
    assert insert_positions(ordered, at, count) == (first, moved)
