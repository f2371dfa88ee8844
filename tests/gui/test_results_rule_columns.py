"""The results table's rule columns: the drivers of each race (with short drives), pole,
fastest lap, qualifying place and the championships a car is not registered for."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QStyleOptionViewItem, QWidget
from pytestqt.qtbot import QtBot
from sqlmodel import Session, select

from gui.main_window import MainWindow
from gui.results.results_model import PROBLEM_BRUSH
from gui.tables.delegates import ChampionshipsEditor, ListCompleter
from model.edits.names import set_entry_drivers
from model.scoring.problems import ProblemKind
from model.scoring.rules import Championship, SeasonRules
from model.store import tables as t
from model.store.db import open_engine, transaction, url_for_path
from model.store.history_log import history
from model.store.queries import ResultLine
from tests.gui.conftest import open_window, read_only_window
from tests.gui.helpers import cell, check_undo_redo, line_of, set_cell, standings_total
from tests.gui.prompts import ScriptedPrompts
from tests.helpers import dump

WINNER_DRIVERS = ("Timo Bernhard", "Jörg Bergmeister")
RULES = {"pole_points": Decimal(1), "fastest_lap_points": Decimal(1)}


def with_rules_and_drivers(path: Path) -> Path:
    """The sample with a point for pole and fastest lap, and the GT winners' drivers named."""
    engine = open_engine(url_for_path(path))
    with transaction(engine) as session:
        season = session.exec(select(t.Season)).one()
        season.rules = replace(SeasonRules.from_json(season.rules), **RULES).to_json()
        session.add(season)
        team = session.exec(select(t.Team).where(t.Team.name == "Alex Job Racing")).one()
        for entry in session.exec(select(t.Entry).where(t.Entry.team_id == team.id)):
            set_entry_drivers(session, entry.id or 0, WINNER_DRIVERS)
    engine.dispose()
    return path


@pytest.fixture
def rules_window(
    qtbot: QtBot, sample_path: Path, settings: QSettings, prompts: ScriptedPrompts
) -> Iterator[MainWindow]:
    window = open_window(qtbot, with_rules_and_drivers(sample_path), settings, prompts)
    window.results.set_class("GT")
    yield window
    window.document.close()


def winner(window: MainWindow) -> ResultLine:
    return line_of(window, "GT", 1)


def now(window: MainWindow, result_id: int) -> ResultLine:
    row = window.results.model.row_of(result_id)
    assert row is not None
    return window.results.model.row_at(row)


def failures(window: MainWindow) -> list[str]:
    said: list[str] = []
    window.document.failed.connect(said.append)
    return said


def path_of(window: MainWindow) -> Path:
    assert window.document.path is not None
    return window.document.path


# --- showing ----------------------------------------------------------------------------------


def test_the_new_columns_are_there_and_narrow(rules_window: MainWindow) -> None:
    model = rules_window.results.model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert {"Drivers", "Q", "Pole", "FL", "Eligible"} <= set(titles)
    rules_window.resize(1366, 768)
    rules_window.show()
    view = rules_window.results.view
    view.resizeColumnsToContents()
    for field in ("pole", "fastest_lap"):
        assert view.columnWidth(model.column_of(field)) <= 48
    assert view.columnWidth(model.column_of("drivers")) <= 250


def test_the_entrys_drivers_are_shown_greyed_until_the_race_names_its_own(
    rules_window: MainWindow,
) -> None:
    line = winner(rules_window)
    drivers = cell(rules_window, line.result_id, "drivers")
    assert (line.drivers, line.own_drivers) == (WINNER_DRIVERS, False)
    assert drivers.data() == "Timo Bernhard; Jörg Bergmeister"
    assert isinstance(drivers.data(Qt.ItemDataRole.FontRole), QFont)
    assert drivers.data(Qt.ItemDataRole.FontRole).italic()
    set_cell(rules_window, line.result_id, "drivers", "Timo Bernhard; Lucas Luhr")
    drivers = cell(rules_window, line.result_id, "drivers")
    assert drivers.data(Qt.ItemDataRole.FontRole) is None
    assert now(rules_window, line.result_id).own_drivers


# --- edits through the model, each one undo step ----------------------------------------------

EDITS: list[tuple[str, str, Any, Callable[[ResultLine], object]]] = [
    ("pole", "pole", True, lambda line: line.pole),
    ("pole typed x", "pole", "x", lambda line: line.pole),
    ("pole pasted as a check mark", "pole", "✓", lambda line: line.pole),
    ("fastest lap", "fastest_lap", "yes", lambda line: line.fastest_lap),
    ("qualifying place", "qualifying_pos", 3, lambda line: line.qualifying_pos == 3),
    ("qualifying place typed", "qualifying_pos", " 12 ", lambda line: line.qualifying_pos == 12),
    (
        "not for teams, from the check boxes",
        "ineligible",
        ["teams"],
        lambda line: line.ineligible == "teams",
    ),
    (
        "not for two, typed",
        "ineligible",
        "Not manufacturers teams",
        lambda line: line.ineligible == "manufacturers teams",
    ),
    (
        "a short drive on the entry's driver",
        "drivers",
        "Timo Bernhard*; Jörg Bergmeister",
        lambda line: line.own_drivers and line.short_drives == {"Timo Bernhard"},
    ),
    (
        "a driver new to the register",
        "drivers",
        "Lucas Luhr;Timo Bernhard",
        lambda line: line.drivers == ("Lucas Luhr", "Timo Bernhard") and not line.short_drives,
    ),
    (
        "a spaced star",
        "drivers",
        " Jörg Bergmeister * ",
        lambda line: (
            line.drivers == ("Jörg Bergmeister",) and line.short_drives == {"Jörg Bergmeister"}
        ),
    ),
]


@pytest.mark.parametrize(("what", "field", "value", "done"), EDITS, ids=[e[0] for e in EDITS])
def test_a_rule_cell_is_one_undo_step(
    rules_window: MainWindow,
    what: str,
    field: str,
    value: Any,
    done: Callable[[ResultLine], object],
) -> None:
    result_id = winner(rules_window).result_id
    check_undo_redo(
        rules_window,
        lambda: set_cell(rules_window, result_id, field, value),
        lambda: done(now(rules_window, result_id)) or pytest.fail(f"{what} not shown"),
    )


def test_clearing_the_drivers_gives_the_race_back_to_the_entrys(rules_window: MainWindow) -> None:
    result_id = winner(rules_window).result_id
    set_cell(rules_window, result_id, "drivers", "Lucas Luhr")
    check_undo_redo(
        rules_window,
        lambda: set_cell(rules_window, result_id, "drivers", ""),
        lambda: now(rules_window, result_id).own_drivers and pytest.fail("drivers kept"),
    )
    assert now(rules_window, result_id).drivers == WINNER_DRIVERS


def test_typing_the_entrys_drivers_back_names_no_one_of_its_own(rules_window: MainWindow) -> None:
    result_id = winner(rules_window).result_id
    before = dump(path_of(rules_window), history=False)
    set_cell(rules_window, result_id, "drivers", "Lucas Luhr")
    set_cell(rules_window, result_id, "drivers", "Timo Bernhard; Jörg Bergmeister")
    assert not now(rules_window, result_id).own_drivers
    assert dump(path_of(rules_window), history=False) == before  # Lucas Luhr left no trace


def test_an_unchanged_cell_is_no_step(rules_window: MainWindow) -> None:
    line = winner(rules_window)
    count = rules_window.document.undo_stack.count()
    for field in ("drivers", "pole", "qualifying_pos", "ineligible"):
        set_cell(
            rules_window,
            line.result_id,
            field,
            cell(rules_window, line.result_id, field).data(Qt.ItemDataRole.EditRole),
        )
    assert rules_window.document.undo_stack.count() == count


# --- the keyboard and the context menu --------------------------------------------------------


def current_on_winner(window: MainWindow, field: str = "class_pos") -> int:
    view = window.results.view
    assert view.select_result(winner(window).result_id, window.results.model.column_of(field))
    return winner(window).result_id


def ctrl_shift(view: QWidget, key: Qt.Key) -> None:
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(view, key, modifiers)
    # QTest leaves Shift held in the application's state: a later selectRow would extend.
    QTest.keyRelease(view, Qt.Key.Key_Shift)


KEYS = [
    ("pole", Qt.Key.Key_P, "pole"),
    ("fastest lap", Qt.Key.Key_F, "fastest_lap"),
]


@pytest.mark.parametrize(("what", "key", "field"), KEYS, ids=[k[0] for k in KEYS])
def test_ctrl_shift_key_toggles_on_the_current_row(
    rules_window: MainWindow, what: str, key: Qt.Key, field: str
) -> None:
    result_id = current_on_winner(rules_window)
    view = rules_window.results.view
    check_undo_redo(
        rules_window,
        lambda: ctrl_shift(view, key),
        lambda: getattr(now(rules_window, result_id), field) or pytest.fail(f"no {what}"),
    )
    ctrl_shift(view, key)
    assert not getattr(now(rules_window, result_id), field)


def test_space_on_a_pole_cell_toggles_it(rules_window: MainWindow) -> None:
    result_id = current_on_winner(rules_window, "pole")
    QTest.keyClick(rules_window.results.view, Qt.Key.Key_Space)
    assert now(rules_window, result_id).pole


def test_a_double_click_on_a_fastest_lap_cell_toggles_it(rules_window: MainWindow) -> None:
    result_id = current_on_winner(rules_window, "fastest_lap")
    view = rules_window.results.view
    rules_window.resize(1366, 768)
    rules_window.show()
    view.scrollTo(view.currentIndex())
    spot = view.visualRect(view.currentIndex()).center()
    assert view.viewport().rect().contains(spot)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=spot)  # as a hand does
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert now(rules_window, result_id).fastest_lap
    assert view.state() != view.State.EditingState  # a toggle, no editor left open


def test_the_context_menu_marks_a_short_drive(rules_window: MainWindow) -> None:
    result_id = current_on_winner(rules_window, "drivers")
    view = rules_window.results.view
    texts = [a.text() for a in view.row_actions()]
    assert texts[:2] == ["Toggle pole\tCtrl+Shift+P", "Toggle fastest lap\tCtrl+Shift+F"]
    short = next(a for a in view.row_actions() if a.text() == "Short drive: Jörg Bergmeister")
    check_undo_redo(
        rules_window,
        short.trigger,
        lambda: (
            now(rules_window, result_id).short_drives == {"Jörg Bergmeister"}
            or pytest.fail("no star")
        ),
    )
    marked = next(a for a in view.row_actions() if a.text() == "Short drive: Jörg Bergmeister")
    assert marked.isChecked()
    marked.trigger()
    assert now(rules_window, result_id).short_drives == frozenset()


def test_the_drivers_cell_completes_the_name_being_typed(rules_window: MainWindow) -> None:
    view = rules_window.results.view
    index = view.model().index(0, rules_window.results.model.column_of("drivers"))
    delegate = view.itemDelegateForIndex(index)
    editor = delegate.createEditor(view.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, QLineEdit)
    completer = editor.completer()
    assert isinstance(completer, ListCompleter)
    assert "Timo Bernhard" in completer.model().stringList()
    editor.setText("Timo Bernhard; Jö")
    assert completer.splitPath(editor.text()) == ["Jö"]
    completer.setCompletionPrefix("Jö")
    assert completer.pathFromIndex(completer.currentIndex()) == "Timo Bernhard; Jörg Bergmeister"


def test_the_eligible_editor_checks_the_championships_it_scores_in(
    rules_window: MainWindow,
) -> None:
    result_id = winner(rules_window).result_id
    set_cell(rules_window, result_id, "ineligible", "not teams")
    index = cell(rules_window, result_id, "ineligible")
    assert index.data() == "not teams"
    assert "Not registered for: teams" in index.data(Qt.ItemDataRole.ToolTipRole)
    delegate = rules_window.results.view.itemDelegateForColumn(index.column())
    editor = delegate.createEditor(
        rules_window.results.view.viewport(), QStyleOptionViewItem(), index
    )
    assert isinstance(editor, ChampionshipsEditor)
    delegate.setEditorData(editor, index)
    assert [box.isChecked() for box in editor.boxes.values()] == [False, True, True]
    editor.boxes[Championship.TEAMS].setChecked(True)
    editor.boxes[Championship.DRIVERS].setChecked(False)
    delegate.setModelData(editor, index.model(), index)  # type: ignore[arg-type]
    assert now(rules_window, result_id).ineligible == "drivers"


def test_a_copied_pole_pastes_onto_another_car(rules_window: MainWindow) -> None:
    first, second = winner(rules_window), line_of(rules_window, "GT", 2)
    set_cell(rules_window, first.result_id, "pole", True)
    view = rules_window.results.view
    view.select_result(first.result_id, rules_window.results.model.column_of("pole"))
    copied = view.copy_selection()
    assert copied == "✓\n"
    view.select_result(second.result_id, rules_window.results.model.column_of("pole"))
    view.paste_text(copied)
    assert now(rules_window, second.result_id).pole


def test_a_copied_registration_pastes_onto_another_car(rules_window: MainWindow) -> None:
    first, second = winner(rules_window), line_of(rules_window, "GT", 2)
    set_cell(rules_window, first.result_id, "ineligible", "not teams manufacturers")
    view, column = rules_window.results.view, rules_window.results.model.column_of("ineligible")
    view.select_result(first.result_id, column)
    copied = view.copy_selection()
    assert copied == "not manufacturers teams\n"
    view.select_result(second.result_id, column)
    view.paste_text(copied)
    assert now(rules_window, second.result_id).ineligible == "manufacturers teams"


def test_a_paste_over_the_drivers_column_leaves_the_drivers(rules_window: MainWindow) -> None:
    line = winner(rules_window)
    view = rules_window.results.view
    view.select_result(line.result_id, rules_window.results.model.column_of("drivers"))
    view.paste_text("Somebody Else\t400\n")
    assert now(rules_window, line.result_id).laps == 400
    assert now(rules_window, line.result_id).drivers == WINNER_DRIVERS


# --- hostile cells ----------------------------------------------------------------------------

HOSTILE: list[tuple[str, str, Any, str]] = [
    ("qualifying 0", "qualifying_pos", 0, "Q: must be at least 1, found 0"),
    ("qualifying minus", "qualifying_pos", "-3", "must be at least 1"),
    ("qualifying words", "qualifying_pos", "abc", "expected a whole number, found 'abc'"),
    ("qualifying huge", "qualifying_pos", "10000000000", "must be at most"),
    ("pole maybe", "pole", "maybe", "Pole: expected yes or no, found 'maybe'"),
    ("fastest lap number", "fastest_lap", "2", "FL: expected yes or no"),
    ("a control character", "drivers", "Timo\x07 Bernhard", "control character"),
    ("a line break", "drivers", "Timo\nBernhard", "control character"),
    ("a star alone", "drivers", "*", "a star needs a driver's name"),
    ("a star alone after a name", "drivers", "Timo Bernhard; *", "a star needs a driver's name"),
    ("two stars", "drivers", "Timo Bernhard**", "one star, after the name"),
    ("a star inside", "drivers", "Timo*Bernhard", "one star, after the name"),
    ("a driver twice", "drivers", "Timo Bernhard; Timo Bernhard*", "named twice"),
    ("a very long name", "drivers", "A" * 5000, "too long"),
    ("unknown championship", "ineligible", "not champions", "unknown championship 'champions'"),
    ("championships without not", "ineligible", "teams", "after 'not'"),
    ("unknown from a list", "ineligible", ["teams", "sprint"], "unknown championship 'sprint'"),
]


@pytest.mark.parametrize(("what", "field", "value", "said"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_cell_is_refused_and_changes_nothing(
    rules_window: MainWindow, what: str, field: str, value: Any, said: str
) -> None:
    line = winner(rules_window)
    before = dump(path_of(rules_window))
    failed = failures(rules_window)
    assert not set_cell(rules_window, line.result_id, field, value)
    assert dump(path_of(rules_window)) == before
    assert rules_window.document.undo_stack.count() == 0
    assert any(said in message for message in failed), failed
    assert now(rules_window, line.result_id) == line


# --- read-only --------------------------------------------------------------------------------


def toggle_pole_key(window: MainWindow) -> None:
    current_on_winner(window)
    ctrl_shift(window.results.view, Qt.Key.Key_P)


READ_ONLY_WRITES: list[tuple[str, Callable[[MainWindow], object]]] = [
    ("drivers", lambda w: set_cell(w, winner(w).result_id, "drivers", "Lucas Luhr*")),
    ("pole", lambda w: set_cell(w, winner(w).result_id, "pole", True)),
    ("fastest lap", lambda w: set_cell(w, winner(w).result_id, "fastest_lap", "x")),
    ("qualifying", lambda w: set_cell(w, winner(w).result_id, "qualifying_pos", 2)),
    ("eligible", lambda w: set_cell(w, winner(w).result_id, "ineligible", ["drivers"])),
    ("pole key", toggle_pole_key),
]


@pytest.mark.parametrize(("what", "write"), READ_ONLY_WRITES, ids=[w[0] for w in READ_ONLY_WRITES])
def test_a_rule_cell_is_refused_read_only(
    qtbot: QtBot,
    sample_path: Path,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
    what: str,
    write: Callable[[MainWindow], object],
) -> None:
    with_rules_and_drivers(sample_path)
    window = read_only_window(qtbot, sample_path, settings, monkeypatch, ScriptedPrompts())
    assert window.document.read_only
    failed = failures(window)
    before = dump(sample_path)
    write(window)
    assert dump(sample_path) == before
    assert any("read-only" in text for text in failed), failed
    assert window.document.undo_stack.count() == 0
    window.document.close()


# --- what the rules make of it ----------------------------------------------------------------


def driver_total(window: MainWindow, name: str) -> int | None:
    window.standings.set_championship(Championship.DRIVERS)
    try:
        return standings_total(window, "GT", name)
    finally:
        window.standings.set_championship(Championship.TEAMS)


def test_pole_and_fastest_lap_score_the_rules_points(rules_window: MainWindow) -> None:
    result_id = winner(rules_window).result_id
    team = standings_total(rules_window, "GT", "Alex Job Racing")
    assert team is not None
    set_cell(rules_window, result_id, "pole", True)
    assert standings_total(rules_window, "GT", "Alex Job Racing") == team + 1
    set_cell(rules_window, result_id, "fastest_lap", True)
    assert standings_total(rules_window, "GT", "Alex Job Racing") == team + 2
    rules_window.document.undo_stack.undo()
    rules_window.document.undo_stack.undo()
    assert standings_total(rules_window, "GT", "Alex Job Racing") == team


def test_a_short_drive_scores_nothing_for_that_driver(rules_window: MainWindow) -> None:
    result_id = winner(rules_window).result_id
    timo, jorg = (
        driver_total(rules_window, "Timo Bernhard"),
        driver_total(rules_window, "Jörg Bergmeister"),
    )
    assert timo is not None
    assert timo == jorg
    set_cell(rules_window, result_id, "drivers", "Timo Bernhard*; Jörg Bergmeister")
    assert driver_total(rules_window, "Jörg Bergmeister") == jorg
    assert driver_total(rules_window, "Timo Bernhard") == timo - 26  # Sebring's GT win
    rules_window.document.undo_stack.undo()
    assert driver_total(rules_window, "Timo Bernhard") == timo


def test_a_car_not_registered_for_teams_scores_no_team_points(rules_window: MainWindow) -> None:
    result_id = winner(rules_window).result_id
    team = standings_total(rules_window, "GT", "Alex Job Racing")
    assert team is not None
    set_cell(rules_window, result_id, "ineligible", "not teams")
    assert standings_total(rules_window, "GT", "Alex Job Racing") == team - 26


def test_two_poles_mark_both_pole_cells_and_the_problem_leads_there(
    rules_window: MainWindow,
) -> None:
    first, second = winner(rules_window), line_of(rules_window, "GT", 2)
    set_cell(rules_window, first.result_id, "pole", True)
    set_cell(rules_window, second.result_id, "pole", True)
    assert now(rules_window, first.result_id).pole  # the first keeps it: no pole is cleared
    for line in (first, second):
        pole = cell(rules_window, line.result_id, "pole")
        assert pole.data(Qt.ItemDataRole.BackgroundRole) == PROBLEM_BRUSH
    live = rules_window.document.live
    assert live is not None
    problem = next(
        p for p in live.problems_in(first.round_id) if p.kind == ProblemKind.SHARED_BONUS
    )
    rules_window.go_to_problem(problem)
    current = rules_window.results.view.currentIndex()
    assert current.column() == rules_window.results.model.column_of("pole")


def test_the_history_names_the_short_drive(rules_window: MainWindow) -> None:
    set_cell(
        rules_window, winner(rules_window).result_id, "drivers", "Timo Bernhard*; Jörg Bergmeister"
    )
    with Session(rules_window.document.engine) as session:
        logged = history(session=session, season_id=1)
    assert any("Timo Bernhard*" in str(entry) for entry in logged), logged[:3]
