"""The entry list editor: filter and search, an entry added in the class shown, the
manufacturer and registration columns, the changed-car command and the team and driver
registers. Each change is one undo step, undone to the byte, and refused read-only."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPainter
from pytestqt.qtbot import QtBot
from sqlmodel import Session, col, select

from gui.entries.changed_car_dialog import ChangedCarDialog
from gui.entries.entries_model import EntriesTableModel, matches
from gui.entries.registers_dialog import RegistersDialog
from gui.main_window import MainWindow
from model.edits.entries import add_entry
from model.edits.names import set_entry_drivers, set_result_drivers
from model.store import tables as t
from model.store.db import open_engine, url_for_path
from model.store.history_log import history
from tests.gui.conftest import open_window, read_only_window
from tests.gui.prompts import ScriptedPrompts
from tests.helpers import dump

ALEX_JOB, PETERSEN = 17, 18  # cars 23 and 31 of GT
PETERSEN_TEAM = "Petersen Motorsports / White Lightning Racing"


@pytest.fixture
def drivers_path(sample_path: Path) -> Path:
    """The sample with drivers (one of them written two ways) and a car yet to race."""
    engine = open_engine(url_for_path(sample_path))
    with Session(engine) as session:
        set_entry_drivers(session, ALEX_JOB, ["Timo Bernhard", "Jörg Bergmeister"])
        set_entry_drivers(session, PETERSEN, ["T. Bernhard", "Craig Stanton"])
        first = session.exec(
            select(t.Result.id).where(t.Result.entry_id == ALEX_JOB).order_by(col(t.Result.id))
        ).first()
        assert first is not None
        set_result_drivers(session, first, ["T. Bernhard", "Jörg Bergmeister"])
        add_entry(session=session, season_id=1, class_name="GT", team="Spare Team", car="99")
        session.commit()
    engine.dispose()
    return sample_path


@pytest.fixture
def editor(
    qtbot: QtBot, drivers_path: Path, settings: QSettings, prompts: ScriptedPrompts
) -> Iterator[MainWindow]:
    window = open_window(qtbot, drivers_path, settings, prompts)
    yield window
    window.document.close()


def row_of(model: EntriesTableModel, car: str, team: str) -> int:
    return next(
        r
        for r in range(model.rowCount())
        if model.row_at(r).car == car and model.row_at(r).team == team
    )


def set_entry_cell(window: MainWindow, car: str, team: str, field: str, value: Any) -> bool:
    model = window.entries.model
    index = model.index(row_of(model, car, team), model.column_of(field))
    return model.setData(index, value, Qt.ItemDataRole.EditRole)


def registers(window: MainWindow, kind: str) -> RegistersDialog:
    dialog = RegistersDialog(window.document, window)
    dialog.set_kind(kind)  # type: ignore[arg-type]
    return dialog


def set_register_cell(dialog: RegistersDialog, name: str, field: str, value: Any) -> bool:
    model = dialog.model
    row = next(r for r in range(model.rowCount()) if model.row_at(r).name == name)
    return model.setData(model.index(row, model.column_of(field)), value)


def choose_entry(window: MainWindow, car: str, team: str) -> None:
    view, model = window.entries.view, window.entries.model
    source = model.index(row_of(model, car, team), 0)
    view.setCurrentIndex(view.model().mapFromSource(source))  # type: ignore[attr-defined]


def change_car_23(window: MainWindow, chassis: str, round_id: int) -> bool:
    def fill(dialog: ChangedCarDialog) -> int:
        dialog.chassis.setText(chassis)
        dialog.set_round(round_id)
        return 1

    prompts = window.prompts
    assert isinstance(prompts, ScriptedPrompts)
    prompts.dialogs[ChangedCarDialog] = fill
    choose_entry(window, "23", "Alex Job Racing")
    return window.entries.changed_car()


# --- the actions, each through the editor's own path ------------------------------------


def add_in_class_shown(window: MainWindow) -> None:
    window.entries.set_class("GTS")
    assert window.entries.shown_class == "GTS"
    assert window.entries.add_entry()


def set_manufacturer(window: MainWindow) -> None:
    assert set_entry_cell(window, "23", "Alex Job Racing", "manufacturer", "Stuttgart")


def not_registered_for_teams(window: MainWindow) -> None:
    assert set_entry_cell(window, "23", "Alex Job Racing", "ineligible", "teams manufacturers")


def changed_car(window: MainWindow) -> None:
    assert change_car_23(window, "Porsche 911 GT3-RSR", 6)


def team_nationality(window: MainWindow) -> None:
    assert set_register_cell(registers(window, "team"), "Alex Job Racing", "nationality", "usa")


def driver_short_name(window: MainWindow) -> None:
    assert set_register_cell(registers(window, "driver"), "Timo Bernhard", "short_name", "BER")


def merge_drivers(window: MainWindow) -> None:
    dialog = registers(window, "driver")
    dialog.merged.setCurrentIndex(dialog.merged.findText("T. Bernhard"))
    dialog.kept.setCurrentIndex(dialog.kept.findText("Timo Bernhard"))
    dialog.merge_button.click()
    assert dialog.row_id("T. Bernhard") is None


def merge_teams(window: MainWindow) -> None:
    dialog = registers(window, "team")
    kept, merged = dialog.row_id("Alex Job Racing"), dialog.row_id("Risi Competizione")
    assert kept is not None
    assert merged is not None
    assert dialog.merge(kept, merged)


ACTIONS: list[tuple[str, Callable[[MainWindow], None]]] = [
    ("an entry added in the class shown", add_in_class_shown),
    ("a manufacturer typed", set_manufacturer),
    ("not registered for two championships", not_registered_for_teams),
    ("a changed car", changed_car),
    ("a team's nationality", team_nationality),
    ("a driver's short name", driver_short_name),
    ("two drivers merged", merge_drivers),
    ("two teams merged", merge_teams),
]


def log_size(window: MainWindow) -> int:
    with Session(window.document.engine) as session:
        return len(history(session=session, season_id=1))


@pytest.mark.parametrize("action", [a[1] for a in ACTIONS], ids=[a[0] for a in ACTIONS])
def test_an_action_is_one_step_in_the_history_undone_to_the_byte(
    editor: MainWindow, prompts: ScriptedPrompts, action: Callable[[MainWindow], None]
) -> None:
    path = editor.document.path
    assert path is not None
    before, logged, steps = dump(path, history=False), log_size(editor), editor.document.undo_stack
    action(editor)
    assert steps.count() == 1
    assert log_size(editor) > logged
    assert dump(path, history=False) != before
    steps.undo()
    assert dump(path, history=False) == before
    steps.redo()
    assert dump(path, history=False) != before
    assert prompts.said("warning") == []


@pytest.mark.parametrize("action", [a[1] for a in ACTIONS], ids=[a[0] for a in ACTIONS])
def test_an_action_is_refused_for_a_read_only_document(
    qtbot: QtBot,
    drivers_path: Path,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
    action: Callable[[MainWindow], None],
) -> None:
    window = read_only_window(qtbot, drivers_path, settings, monkeypatch, ScriptedPrompts())
    assert window.document.read_only
    failed: list[str] = []
    window.document.failed.connect(failed.append)
    before = dump(drivers_path)
    with pytest.raises(AssertionError):
        action(window)  # each action asserts it was done
    assert dump(drivers_path) == before
    assert any("read-only" in text for text in failed), failed
    assert window.document.undo_stack.count() == 0
    window.document.close()


# --- what the list shows ------------------------------------------------------------------


def shown(window: MainWindow) -> list[tuple[str | None, str]]:
    model = window.entries.model
    return [(model.row_at(r).car, model.row_at(r).team) for r in range(model.rowCount())]


def test_the_list_is_filtered_by_class_and_searched_ignoring_case(editor: MainWindow) -> None:
    panel = editor.entries
    everything = len(shown(editor))
    panel.set_class("GT")
    assert {panel.model.row_at(r).class_name for r in range(panel.model.rowCount())} == {"GT"}
    panel.search.setText("bernhard")  # a driver of car 23 and, written otherwise, of car 31
    assert shown(editor) == [("23", "Alex Job Racing"), ("31", shown(editor)[1][1])]
    panel.search.setText("FERRARI")  # chassis
    chassis = {panel.model.row_at(r).chassis for r in range(panel.model.rowCount())}
    assert chassis == {"Ferrari 360GT Modena"}
    panel.set_class(None)
    panel.search.setText("")
    assert len(shown(editor)) == everything


# (case, class shown, search, whether car 23 of Alex Job Racing matches)
SEARCHES: list[tuple[str, str | None, str, bool]] = [
    ("all classes, nothing searched", None, "", True),
    ("its class", "GT", "", True),
    ("another class", "LMP1", "", False),
    ("the car number", None, "23", True),
    ("the team in capitals", None, "ALEX JOB", True),
    ("a driver", None, "bergmeister", True),
    ("the chassis", None, "gt3-rs", True),
    ("spaces around", None, "  alex  ", True),
    ("a control character", None, "\x1b", False),
    ("a name it does not have", None, "Risi", False),
]


@pytest.mark.parametrize(
    ("class_name", "search", "found"), [c[1:] for c in SEARCHES], ids=[c[0] for c in SEARCHES]
)
def test_a_search_matches_car_team_driver_and_chassis(
    editor: MainWindow, class_name: str | None, search: str, found: bool
) -> None:
    model = editor.entries.model
    row = model.row_at(row_of(model, "23", "Alex Job Racing"))
    assert matches(row, class_name, search) is found


def test_an_entry_is_added_in_the_class_shown_and_in_sight(editor: MainWindow) -> None:
    editor.entries.set_class("GTS")
    editor.entries.search.setText("nothing like it")
    assert editor.entries.add_entry()
    assert editor.entries.search.text() == ""
    model = editor.entries.model
    added = [model.row_at(r) for r in range(model.rowCount()) if model.row_at(r).team == "New team"]
    assert [row.class_name for row in added] == ["GTS"]


def test_a_manufacturer_not_set_shows_the_chassis_make_greyed(editor: MainWindow) -> None:
    model = editor.entries.model
    index = model.index(row_of(model, "23", "Alex Job Racing"), model.column_of("manufacturer"))
    assert index.data() == "Porsche"
    assert index.data(Qt.ItemDataRole.EditRole) == ""
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None
    set_manufacturer(editor)
    index = model.index(row_of(model, "23", "Alex Job Racing"), model.column_of("manufacturer"))
    assert index.data() == "Stuttgart"
    assert index.data(Qt.ItemDataRole.ForegroundRole) is None


def test_registration_is_set_on_every_result_of_the_entry(editor: MainWindow) -> None:
    not_registered_for_teams(editor)
    data = editor.document.data
    assert data is not None
    registered = {
        " ".join(sorted(c.value for c in r.ineligible))
        for r in data.results
        if r.entry_id == ALEX_JOB
    }
    assert registered == {"manufacturers teams"}
    model = editor.entries.model
    index = model.index(row_of(model, "23", "Alex Job Racing"), model.column_of("ineligible"))
    assert index.data() == "manufacturers, teams"


def test_a_car_typed_in_later_is_registered_as_its_other_races(
    editor: MainWindow, qtbot: QtBot
) -> None:
    assert set_entry_cell(editor, "31", PETERSEN_TEAM, "ineligible", "teams")
    editor.results.show_round(4)  # Sonoma: car 31 did not race there
    editor.results.set_class("GT")
    finisher = editor.results.car_entry
    qtbot.keyClicks(finisher, "31")
    qtbot.keyClick(finisher, Qt.Key.Key_Return)
    data = editor.document.data
    assert data is not None
    added = [r for r in data.results if r.entry_id == PETERSEN and r.round_id == 4]
    assert [sorted(c.value for c in r.ineligible) for r in added] == [["teams"]]
    editor.document.undo_stack.undo()
    data = editor.document.data
    assert data is not None
    assert not [r for r in data.results if r.entry_id == PETERSEN and r.round_id == 4]


def test_a_changed_car_splits_the_entry_at_the_round(editor: MainWindow) -> None:
    changed_car(editor)
    model = editor.entries.model
    cars = [model.row_at(r) for r in range(model.rowCount()) if model.row_at(r).car == "23"]
    assert sorted((row.chassis, row.results) for row in cars) == [
        ("Porsche 911 GT3-RS", 4),
        ("Porsche 911 GT3-RSR", 5),
    ]
    assert {row.drivers for row in cars} == {("Timo Bernhard", "Jörg Bergmeister")}


# --- hostile input: refused with a message, nothing changed, no undo step -----------------


# (case, the attempt, words of the refusal)
HOSTILE: list[tuple[str, Callable[[MainWindow], bool], str]] = [
    ("an empty team name", lambda w: set_register_cell(registers(w, "team"), "Alex Job Racing", "name", "  "), "cannot be empty"),
    ("a driver name with an escape", lambda w: set_register_cell(registers(w, "driver"), "Timo Bernhard", "name", "Timo\x1b[31m"), "control character"),
    ("a nationality XX1", lambda w: set_register_cell(registers(w, "team"), "Alex Job Racing", "nationality", "XX1"), "not an ISO 3166"),
    ("a nationality of digits", lambda w: set_register_cell(registers(w, "driver"), "Timo Bernhard", "nationality", "123"), "not an ISO 3166"),
    ("a team renamed onto another", lambda w: set_register_cell(registers(w, "team"), "Alex Job Racing", "name", "Risi Competizione"), "merge the two instead"),
    ("a team merged into itself", lambda w: registers(w, "team").merge(1, 1), "into itself"),
    ("a short name with a tab", lambda w: set_register_cell(registers(w, "team"), "Alex Job Racing", "short_name", "A\tJ"), "control character"),
    ("a manufacturer with a line break", lambda w: set_entry_cell(w, "23", "Alex Job Racing", "manufacturer", "Por\nsche"), "control character"),
    ("an unknown championship", lambda w: set_entry_cell(w, "23", "Alex Job Racing", "ineligible", "nations"), "unknown championship"),
    ("registration of a car yet to race", lambda w: set_entry_cell(w, "99", "Spare Team", "ineligible", "teams"), "no results yet"),
    ("a changed car from its first race", lambda w: change_car_23(w, "Porsche 911 GT3-RSR", 1), "every result would move"),
    ("a changed car with the same chassis", lambda w: change_car_23(w, "Porsche 911 GT3-RS", 6), "give the new chassis"),
    ("a changed chassis with an escape", lambda w: change_car_23(w, "RSR\x1b", 6), "control character"),
    ("a changed car with no car chosen", lambda w: w.entries.changed_car(), "Choose the car"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("attempt", "words"), [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE]
)
def test_hostile_input_is_refused_and_changes_nothing(
    editor: MainWindow, attempt: Callable[[MainWindow], bool], words: str
) -> None:
    path = editor.document.path
    assert path is not None
    failed: list[str] = []
    editor.document.failed.connect(failed.append)
    before_steps = editor.document.undo_stack.count()
    before = dump(path)
    assert not attempt(editor)
    assert dump(path) == before
    assert editor.document.undo_stack.count() == before_steps
    assert any(words in text for text in failed), failed


def test_the_registers_dialog_says_why_a_value_was_refused(editor: MainWindow) -> None:
    dialog = registers(editor, "team")
    assert not set_register_cell(dialog, "Alex Job Racing", "nationality", "XX1")
    assert "not an ISO 3166" in dialog.message.text()


def test_item_models_pass_the_model_tester(editor: MainWindow, qtmodeltester: Any) -> None:
    editor.entries.set_class("GT")
    qtmodeltester.check(editor.entries.model)
    qtmodeltester.check(registers(editor, "driver").model)


# --- screens ------------------------------------------------------------------------------

SCREENS = (
    Path(os.environ.get("PITBOARD_SCREENS", "")) if os.environ.get("PITBOARD_SCREENS") else None
)


@pytest.mark.skipif(SCREENS is None, reason="set PITBOARD_SCREENS to a folder to grab screens")
def test_grab_the_entry_list_and_the_registers(editor: MainWindow, qtbot: QtBot) -> None:
    assert SCREENS is not None
    SCREENS.mkdir(parents=True, exist_ok=True)
    editor.resize(1366, 768)
    editor.show()
    editor.entries.set_class("GT")
    editor.entries.search.setText("porsche")
    qtbot.wait_exposed(editor)
    editor.grab().save(str(SCREENS / "entry-list-filtered.png"))
    dialog = registers(editor, "driver")
    dialog.show()
    qtbot.wait_exposed(dialog)
    dialog.grab().save(str(SCREENS / "registers-drivers.png"))
    dialog.set_kind("team")
    set_register_cell(dialog, "Alex Job Racing", "nationality", "USA")
    dialog.grab().save(str(SCREENS / "registers-teams.png"))
    screen = editor.grab()  # the dialog drawn over the window, where it would open
    painter = QPainter(screen)
    painter.drawPixmap((1366 - dialog.width()) // 2, (768 - dialog.height()) // 2, dialog.grab())
    painter.end()
    screen.save(str(SCREENS / "registers-over-window.png"))
