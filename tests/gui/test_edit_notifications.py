"""An edit repaints only what it changed: the results table names the rows it touched (no
reset), and every panel ends up showing what reading the season afresh would show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QAbstractItemModel
from pytestqt.qtbot import QtBot

from gui.entries.entries_model import entry_rows
from gui.main_window import MainWindow
from gui.problems.problems_panel import ProblemsPanel
from model.scoring.rules import Status
from model.store.queries import ResultLine, lines_of_round
from tests.gui.helpers import line_of, set_cell


@dataclass
class Notifications:
    """What a model told its views."""

    resets: int = 0
    inserted: int = 0
    removed: int = 0
    changed_rows: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, model: QAbstractItemModel) -> Notifications:
        seen = cls()
        model.modelReset.connect(lambda: setattr(seen, "resets", seen.resets + 1))
        model.rowsInserted.connect(
            lambda _p, first, last: setattr(seen, "inserted", seen.inserted + last - first + 1)
        )
        model.rowsRemoved.connect(
            lambda _p, first, last: setattr(seen, "removed", seen.removed + last - first + 1)
        )
        model.dataChanged.connect(
            lambda top, bottom, *_: seen.changed_rows.update(range(top.row(), bottom.row() + 1))
        )
        return seen


def _laps(window: MainWindow) -> None:
    winner = line_of(window, "GT", 1)
    assert set_cell(window, winner.result_id, "laps", (winner.laps or 0) + 7)


def _shared_place(window: MainWindow) -> None:
    """A second car in first place: a problem appears on two rows."""
    assert set_cell(window, line_of(window, "GT", 2).result_id, "class_pos", 1)


def _out(window: MainWindow) -> None:
    assert set_cell(window, line_of(window, "GT", 1).result_id, "status", Status.DNS.value)


def _third(window: MainWindow) -> ResultLine:
    """A third-placed car that has a number."""
    return next(line for line in window.results.model.rows() if line.class_pos == 3 and line.car)


def _deleted(window: MainWindow) -> None:
    window.results.view.delete_requested.emit([_third(window).result_id])


def _deleted_and_entered_again(window: MainWindow) -> None:
    car = _third(window).car
    assert car is not None
    _deleted(window)
    assert window.results.add_finisher(car)


def _undone(window: MainWindow) -> None:
    _deleted(window)
    window.document.undo_stack.undo()


@dataclass(frozen=True)
class Case:
    action: Callable[[MainWindow], None]
    at_most_changed_rows: int  # rows repainted, counting every row a problem mark moved on
    inserted: int = 0
    removed: int = 0


CASES = {
    "laps of the GT winner": Case(_laps, 2),
    "two cars in first place": Case(_shared_place, 3),
    "the GT winner did not start": Case(_out, 12),
    "a result deleted": Case(_deleted, 12, removed=1),
    "deleted, then the car entered again": Case(_deleted_and_entered_again, 20, 1, 1),
    "deleted, then undone": Case(_undone, 20, 1, 1),
}


@pytest.mark.parametrize("name", list(CASES))
def test_an_edit_names_its_rows_and_shows_the_season_as_stored(
    name: str, qtbot: QtBot, window: MainWindow
) -> None:
    case = CASES[name]
    model = window.results.model
    seen = Notifications.of(model)
    case.action(window)
    assert seen.resets == 0
    assert (seen.inserted, seen.removed) == (case.inserted, case.removed)
    assert 0 < len(seen.changed_rows) <= case.at_most_changed_rows or case.inserted
    data, round_id = window.document.data, window.results.round_id
    assert data is not None
    assert round_id is not None
    shown = sorted(model.rows(), key=lambda line: line.result_id)
    assert shown == lines_of_round(data, round_id)
    assert window.entries.model.rows() == entry_rows(data)  # results per entry kept right
    afresh = ProblemsPanel(window.document)
    afresh.reload()
    assert window.problems.model.rows() == afresh.model.rows()


def test_the_problems_list_behind_another_tab_is_read_when_shown(window: MainWindow) -> None:
    panel = window.problems
    panel.set_on_screen(False)
    shown = panel.model.rows()
    _shared_place(window)  # a new problem
    assert panel.model.rows() == shown  # nothing read while it cannot be seen
    panel.set_on_screen(True)
    afresh = ProblemsPanel(window.document)
    afresh.reload()
    assert panel.model.rows() == afresh.model.rows() != shown
