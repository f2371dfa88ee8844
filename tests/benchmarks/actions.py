"""Switching what the editor shows, timed with the window on screen until the view is
refreshed and every event it caused has been handled (app.processEvents()).

Each action is driven through the handle a user's click ends in: the calendar's row
(MainWindow.select_round), the standings' tab and championship (StandingsPanel.show_class and
set_championship, which set the tab and the combo box), the results panel's class filter
(ResultsPanel.set_class sets its combo box) and the History panel's round filter (its
round_filter combo box; the panel is raised with its dock, MainWindow.dock("History")).

Floor: a bare Qt table shows the same cells (tests/benchmarks/bare_table.py); for the
History panel, which reads its lines from the document, sqlite3 reads as many of the log's
lines first.
"""

from __future__ import annotations

import sqlite3
import statistics
from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QWidget

from gui.history.history_panel import ALL_ROUNDS
from gui.main_window import MainWindow
from model.scoring.standings import Championship
from tests.benchmarks.bare_table import (
    FLOOR_NAME,
    Cells,
    bare_alternating,
    bare_between,
    cells_after,
)
from tests.benchmarks.documents import SEASON_ID
from tests.benchmarks.stage import Stage, WinnerEdit, pooled
from tests.benchmarks.timing import Measurement, alternating_times, times_between

PICK_ROUND = "pick another round, results shown"
CLASS_TAB = "switch standings class tab, its class just edited"
CHAMPIONSHIP = "switch teams/drivers championship"
ALL_CLASSES = "choose All classes in results"
HISTORY_ALL_ROUNDS = "History: All rounds, dock raised"


# --- the actions ------------------------------------------------------------------------


def pick_round(stage: Stage) -> Measurement:
    """Another round picked in the calendar (both ways: the next round and back)."""
    window = stage.window
    shown = window.results.round_id
    other = next(r for r in _usable_rounds(window) if r != shown)
    assert shown is not None

    def picker(round_id: int) -> Callable[[], None]:
        def pick() -> None:
            window.select_round(round_id)
            stage.settle()
            assert window.results.round_id == round_id

        return pick

    there, back = picker(other), picker(shown)
    proxy = window.results.proxy
    cells = cells_after(there, lambda: proxy), cells_after(back, lambda: proxy)
    times = alternating_times(there, back, repeat=stage.repeat, warmup=stage.warmup)
    floor = bare_alternating(stage, window.results.view, cells)
    return stage.row(PICK_ROUND, pooled(times), FLOOR_NAME, floor)


def switch_class_tab(stage: Stage, edit: WinnerEdit) -> Measurement:
    """The standings tab of a class whose results were just edited (the tab is filled as it
    is shown), from another class's tab; the edit and its undo are not timed."""
    standings, classes = stage.window.standings, _classes(stage.window)
    edited, other = edit.class_name, next(c for c in classes if c != edit.class_name)

    def prepare() -> None:
        standings.show_class(other)
        stage.settle()
        edit.edit()

    def switch() -> None:
        standings.show_class(edited)
        stage.settle()

    before = cells_after(lambda: standings.show_class(other), lambda: _shown_standings(stage))
    after = cells_after(switch, lambda: _shown_standings(stage))
    switch_times, _undo_times = times_between(
        prepare, (switch, edit.undo), repeat=stage.repeat, warmup=stage.warmup
    )
    floor = bare_between(stage, standings, before, after)
    return stage.row(CLASS_TAB, statistics.median(switch_times), FLOOR_NAME, floor)


def switch_championship(stage: Stage) -> Measurement:
    """The teams' and the drivers' championship in turn, on the class tab shown."""
    standings = stage.window.standings

    def chooser(championship: Championship) -> Callable[[], None]:
        def choose() -> None:
            standings.set_championship(championship)
            stage.settle()
            assert standings.championship is championship

        return choose

    drivers, teams = chooser(Championship.DRIVERS), chooser(Championship.TEAMS)
    cells = (
        cells_after(drivers, lambda: _shown_standings(stage)),
        cells_after(teams, lambda: _shown_standings(stage)),
    )
    assert all(cells), "both championships have rows"
    times = alternating_times(drivers, teams, repeat=stage.repeat, warmup=stage.warmup)
    floor = bare_alternating(stage, standings, cells)
    return stage.row(CHAMPIONSHIP, pooled(times), FLOOR_NAME, floor)


def choose_all_classes(stage: Stage, class_name: str) -> Measurement:
    """ "All classes" in the results panel's class filter, `class_name` having been chosen."""
    results = stage.window.results

    def one_class() -> None:
        results.set_class(class_name)
        stage.settle()

    def all_classes() -> None:
        results.set_class(None)
        stage.settle()
        assert results.proxy.class_name is None

    proxy = results.proxy
    before, after = cells_after(one_class, lambda: proxy), cells_after(all_classes, lambda: proxy)
    (times,) = times_between(one_class, (all_classes,), repeat=stage.repeat, warmup=stage.warmup)
    floor = bare_between(stage, results.view, before, after)
    return stage.row(ALL_CLASSES, statistics.median(times), FLOOR_NAME, floor)


def history_all_rounds(stage: Stage) -> Measurement:
    """The History panel raised, its round filter set from the first round to All rounds."""
    window = stage.window
    panel, round_filter = window.history, window.history.round_filter
    window.dock("History").raise_()
    stage.settle()
    try:
        assert panel.on_screen(), "the History dock is raised"
        assert round_filter.itemText(0) == ALL_ROUNDS
        first_round = round_filter.findData(_usable_rounds(window)[0])

        def one_round() -> None:
            round_filter.setCurrentIndex(first_round)
            stage.settle()

        def all_rounds() -> None:
            round_filter.setCurrentIndex(0)
            stage.settle()

        before = cells_after(one_round, lambda: panel.model)
        after = cells_after(all_rounds, lambda: panel.model)
        assert after, "the history has lines"
        (times,) = times_between(one_round, (all_rounds,), repeat=stage.repeat, warmup=stage.warmup)
        floor = _history_floor(stage, panel.view, before, after)
    finally:
        window.dock("Entry list").raise_()  # the layout the other rows are timed in
        stage.settle()
    name = "sqlite3 reads the lines + " + FLOOR_NAME
    return stage.row(HISTORY_ALL_ROUNDS, statistics.median(times), name, floor)


# --- helpers ----------------------------------------------------------------------------


def _usable_rounds(window: MainWindow) -> list[int]:
    calendar = window.calendar_model
    lines = (calendar.row_at(row) for row in range(calendar.rowCount()))
    return [line.round_id for line in lines if not line.cancelled]


def _classes(window: MainWindow) -> tuple[str, ...]:
    data = window.document.data
    assert data is not None
    return data.classes


def _shown_standings(stage: Stage) -> QAbstractItemModel:
    model = stage.window.standings.shown_model()
    assert model is not None
    return model


def _history_floor(stage: Stage, like: QWidget, before: Cells, after: Cells) -> float:
    """Read as many of the season's newest log lines as the panel shows, then show them."""
    connection = sqlite3.connect(stage.path)
    sql = "SELECT * FROM change_log WHERE season_id = ? ORDER BY id DESC LIMIT ?"
    try:
        return bare_between(
            stage,
            like,
            before,
            after,
            lambda: connection.execute(sql, (SEASON_ID, len(after))).fetchall(),
        )
    finally:
        connection.close()
