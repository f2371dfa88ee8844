"""The History panel reads the log only while it is on screen, the newest page first, older
pages as its table is scrolled down, and after an edit only the lines the edit added."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select
from sqlmodel import Session

import gui.history.history_panel as history_panel
from gui.history.history_model import PAGE_LINES, HistoryModel
from gui.main_window import MainWindow
from gui.tables.table_model import RESIZE_SAMPLE_ROWS
from model.store import tables as t
from model.store.db import open_engine, url_for_path
from model.store.history_log import HistoryLine, history
from tests.gui.conftest import open_window
from tests.gui.helpers import line_of, set_cell
from tests.gui.prompts import ScriptedPrompts

LONG_LOG_LINES = 1_234  # two full pages and a part
ROUND_1_LINES = 900  # of them at Sebring: more than a page there too

Read = tuple[str, dict[str, Any]]  # the reading function the panel called, and how


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Read]:
    """Every read of the log the panel makes, as it makes it."""
    calls: list[Read] = []
    for name in ("history", "history_lines", "newest_change", "renamed_since"):
        original = getattr(history_panel, name)

        def counted(*, _name: str = name, _read: Any = original, **kwargs: Any) -> Any:
            calls.append((_name, kwargs))
            return _read(**kwargs)

        monkeypatch.setattr(history_panel, name, counted)
    return calls


def write_log_lines(path: Path, lines: int, *, at_round_1: int) -> None:
    """Lines as another Pitboard wrote them: laps of the sample's results, the first
    `at_round_1` of them at Sebring (round id 1), the rest at Atlanta (round id 3)."""
    engine = open_engine(url_for_path(path), create=False)
    with Session(engine) as session, session.begin():
        sebring = list(session.scalars(select(t.Result.id).where(t.Result.round_id == 1)))
        atlanta = list(session.scalars(select(t.Result.id).where(t.Result.round_id == 3)))
        start = dt.datetime(2003, 3, 1, tzinfo=dt.UTC)
        rows = []
        for n in range(lines):
            round_id, results = (1, sebring) if n < at_round_1 else (3, atlanta)
            rows.append(
                {
                    "at": (start + dt.timedelta(minutes=n)).isoformat(),
                    "author": "Timing desk",
                    "step": f"Set laps ({n})",
                    "season_id": 1,
                    "round_id": round_id,
                    "subject": "result",
                    "subject_id": results[n % len(results)],
                    "action": "changed",
                    "field": "laps",
                    "old": str(n),
                    "new": str(n + 1),
                }
            )
        session.execute(insert(t.ChangeLog), rows)
    engine.dispose()


@pytest.fixture
def long_log_window(
    qtbot: QtBot, sample_path: Path, settings: QSettings, prompts: ScriptedPrompts
) -> Iterator[MainWindow]:
    """The editor on the sample with a history of LONG_LOG_LINES lines."""
    write_log_lines(sample_path, LONG_LOG_LINES, at_round_1=ROUND_1_LINES)
    window = open_window(qtbot, sample_path, settings, prompts)
    yield window
    window.document.close()


def history_current(window: MainWindow, qtbot: QtBot) -> HistoryModel:
    window.show()
    window.dock("History").raise_()
    qtbot.wait_exposed(window)
    return window.history.model


def the_log(window: MainWindow, round_id: int | None = None) -> list[HistoryLine]:
    """The log as a full reload reads it."""
    with Session(window.document.engine) as session:
        return history(session=session, season_id=1, round_id=round_id)


def winner_laps(window: MainWindow, laps: int) -> None:
    assert set_cell(window, line_of(window, "GT", 1).result_id, "laps", laps)


def pick_round(window: MainWindow, round_id: int | None) -> None:
    panel = window.history
    panel.round_filter.setCurrentIndex(panel.round_filter.findData(round_id))


def scroll_to_the_end(window: MainWindow, qtbot: QtBot) -> None:
    """As the user drags the scroll bar down: the view asks for the next page."""
    model, view = window.history.model, window.history.view
    shown = model.rowCount()
    view.scrollToBottom()
    qtbot.wait_until(lambda: model.rowCount() > shown)


# --- when the log is read ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("history_tab_current", "reads_at_start"),
    [
        pytest.param(False, [], id="History behind another tab"),
        pytest.param(True, [("newest_change", None), ("history", PAGE_LINES)], id="current"),
    ],
)
def test_start_up_reads_the_log_only_when_the_history_tab_is_current(
    qtbot: QtBot,
    sample_path: Path,
    settings: QSettings,
    reads: list[Read],
    history_tab_current: bool,
    reads_at_start: list[tuple[str, int | None]],
) -> None:
    first = open_window(qtbot, sample_path, settings)
    if history_tab_current:
        first.show()
        first.dock("History").raise_()
    first.close()  # the layout (which tab is current) is kept in the settings
    reads.clear()
    window = open_window(qtbot, sample_path, settings)
    assert reads == []  # built, the document opened and its season loaded: nothing read yet
    window.show()
    qtbot.wait_exposed(window)
    assert [(name, kwargs.get("limit")) for name, kwargs in reads] == reads_at_start
    window.document.close()


def test_an_edit_while_the_history_tab_is_behind_another_reads_nothing(
    window: MainWindow, qtbot: QtBot, reads: list[Read]
) -> None:
    model = history_current(window, qtbot)
    winner_laps(window, 301)
    window.dock("Entry list").raise_()  # the History tab is behind it, which Qt calls visible
    assert window.history.isVisible()
    assert not window.history.on_screen()
    reads.clear()
    winner_laps(window, 302)
    window.document.undo_stack.undo()
    assert reads == []
    window.dock("History").raise_()
    assert [name for name, _kwargs in reads] == ["renamed_since", "history"]
    assert reads[1][1]["newer_than"] == the_log(window)[2].change_id  # the two new lines only
    assert model.lines() == the_log(window)


# --- what an edit does ---------------------------------------------------------------------


def test_an_edit_inserts_its_lines_at_the_top(
    long_log_window: MainWindow, qtbot: QtBot, reads: list[Read]
) -> None:
    window = long_log_window
    model = history_current(window, qtbot)
    newest = model.lines()[0].change_id
    reads.clear()
    with (
        qtbot.assert_not_emitted(model.modelReset),
        qtbot.wait_signal(model.rowsInserted) as inserted,
    ):
        winner_laps(window, 301)
    assert inserted.args is not None
    assert inserted.args[1:] == [0, 0]
    assert [(name, kwargs["newer_than"]) for name, kwargs in reads] == [
        ("renamed_since", newest),
        ("history", newest),
    ]
    assert model.rowCount() == PAGE_LINES + 1
    assert model.lines() == the_log(window)[: PAGE_LINES + 1]


def test_lines_naming_a_renamed_car_are_reworded_in_place(window: MainWindow, qtbot: QtBot) -> None:
    model = history_current(window, qtbot)
    winner_laps(window, 301)
    assert "(Alex Job Racing)" in model.line_at(0).description
    entries = window.entries.model
    row = entries.row_of(line_of(window, "GT", 1).entry_id)
    assert row is not None
    with (
        qtbot.assert_not_emitted(model.modelReset),
        qtbot.wait_signal(model.dataChanged) as reworded,
    ):
        assert entries.setData(
            entries.index(row, entries.column_of("team")),
            "Renamed Racing",
            Qt.ItemDataRole.EditRole,
        )
    assert reworded.args is not None
    assert reworded.args[0].row() == model.rowCount() - 1
    assert "(Renamed Racing)" in model.line_at(model.rowCount() - 1).description
    assert model.lines() == the_log(window)


def rename_winner_team(window: MainWindow) -> None:
    entries = window.entries.model
    row = entries.row_of(line_of(window, "GT", 1).entry_id)
    assert row is not None
    index = entries.index(row, entries.column_of("team"))
    assert entries.setData(index, f"{index.data()} II", Qt.ItemDataRole.EditRole)


def renumber_winner(window: MainWindow) -> None:
    entries = window.entries.model
    row = entries.row_of(line_of(window, "GT", 1).entry_id)
    assert row is not None
    index = entries.index(row, entries.column_of("car"))
    assert entries.setData(index, "123", Qt.ItemDataRole.EditRole)


def winner_out(window: MainWindow) -> None:
    assert set_cell(window, line_of(window, "GT", 1).result_id, "status", "dnf")


# Edits one after another, each a row: after each, the table is what a reload would show.
EDITS: list[tuple[str, Callable[[MainWindow], None]]] = [
    ("laps", lambda w: winner_laps(w, 301)),
    ("status", winner_out),
    ("the winner's team renamed", rename_winner_team),
    ("undo the rename", lambda w: w.document.undo_stack.undo()),
    ("redo the rename", lambda w: w.document.undo_stack.redo()),
    ("car number", renumber_winner),
    ("laps again", lambda w: winner_laps(w, 280)),
    ("undo twice", lambda w: (w.document.undo_stack.undo(), w.document.undo_stack.undo())),
    ("note", lambda w: set_cell(w, line_of(w, "GT", 2).result_id, "note", "penalty")),
]


@pytest.mark.parametrize("round_id", [None, 1])
def test_after_every_edit_the_table_shows_what_a_reload_shows(
    long_log_window: MainWindow, qtbot: QtBot, round_id: int | None
) -> None:
    window = long_log_window
    model = history_current(window, qtbot)
    pick_round(window, round_id)
    scroll_to_the_end(window, qtbot)  # a second page shown: a renamed car is named there too
    with qtbot.assert_not_emitted(model.modelReset):
        for what, edit in EDITS:
            edit(window)
            assert model.lines() == the_log(window, round_id)[: model.rowCount()], what
    window.history.reload()
    assert model.lines() == the_log(window, round_id)[:PAGE_LINES]


def test_more_new_lines_than_a_page_are_read_as_the_newest_page(
    long_log_window: MainWindow, qtbot: QtBot, sample_path: Path
) -> None:
    window = long_log_window
    model = history_current(window, qtbot)
    write_log_lines(sample_path, PAGE_LINES + 5, at_round_1=0)  # e.g. a whole season imported
    with qtbot.wait_signal(model.modelReset):
        winner_laps(window, 301)
    assert model.lines() == the_log(window)[:PAGE_LINES]


# --- pages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("round_id", "lines"),
    [
        pytest.param(None, LONG_LOG_LINES, id="All rounds"),
        pytest.param(1, ROUND_1_LINES, id="Sebring"),
    ],
)
def test_scrolling_to_the_end_shows_the_next_page(
    long_log_window: MainWindow, qtbot: QtBot, reads: list[Read], round_id: int | None, lines: int
) -> None:
    window = long_log_window
    model = history_current(window, qtbot)
    pick_round(window, round_id)
    assert model.rowCount() == PAGE_LINES
    reads.clear()
    while model.canFetchMore(QModelIndex()):
        scroll_to_the_end(window, qtbot)
    assert model.rowCount() == lines
    assert model.lines() == the_log(window, round_id)
    pages = [kwargs for _name, kwargs in reads]
    assert [page["older_than"] for page in pages] == [
        model.line_at(row - 1).change_id for row in range(PAGE_LINES, lines, PAGE_LINES)
    ]
    assert {(page["round_id"], page["limit"]) for page in pages} == {(round_id, PAGE_LINES)}


def test_columns_are_fitted_once_from_a_sample(long_log_window: MainWindow, qtbot: QtBot) -> None:
    window = long_log_window
    model = history_current(window, qtbot)
    header = window.history.view.horizontalHeader()
    assert header.resizeContentsPrecision() == RESIZE_SAMPLE_ROWS
    fitted = range(model.columnCount() - 1)  # the last one fills what the others leave
    widths = [header.sectionSize(column) for column in fitted]
    winner_laps(window, 301)
    scroll_to_the_end(window, qtbot)
    pick_round(window, 1)
    assert [header.sectionSize(column) for column in fitted] == widths


# --- Qt's model tester -------------------------------------------------------------------


def winner_laps_undone(window: MainWindow) -> None:
    winner_laps(window, 301)
    window.document.undo_stack.undo()


def round_1_scrolled(window: MainWindow) -> None:
    pick_round(window, 1)
    window.history.model.fetchMore(QModelIndex())  # as its view asks at the last row


STAGES: list[tuple[str, Callable[[MainWindow], None], int]] = [
    ("nothing more", lambda _w: None, LONG_LOG_LINES),
    ("an edit's lines inserted", lambda w: winner_laps(w, 301), LONG_LOG_LINES + 1),
    ("a round picked", lambda w: pick_round(w, 1), PAGE_LINES),
    ("a round picked and its next page", round_1_scrolled, ROUND_1_LINES),
    ("a rename reworded", rename_winner_team, LONG_LOG_LINES + 1),
    ("an edit undone", winner_laps_undone, LONG_LOG_LINES + 2),
]


@pytest.mark.parametrize(("what", "stage", "rows"), STAGES, ids=[stage[0] for stage in STAGES])
def test_the_model_passes_qt_model_tester(
    long_log_window: MainWindow,
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    what: str,
    stage: Callable[[MainWindow], None],
    rows: int,
) -> None:
    model = history_current(long_log_window, qtbot)
    # Attached from here on: each later reset, insert or change is checked as it is announced,
    # and the whole model again once it is done.
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == LONG_LOG_LINES  # the tester fetched every page itself
    stage(long_log_window)
    assert model.rowCount() == rows, what
