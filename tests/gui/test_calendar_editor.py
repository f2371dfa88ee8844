"""The calendar editor: every action through the window (Season menu, the calendar's context
menu) is one undo step in the history, refused for a read-only document; bad fields keep the
round dialog open and change nothing; an official round's results change only after a yes,
and the change is flagged in the history."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from sqlmodel import Session

from gui.calendar.round_dialog import AT_THE_END, RoundDialog
from gui.main_window import MainWindow
from model.edits.round_status import OFFICIAL_CHANGED
from model.store.history_log import history
from tests.gui.conftest import read_only_window
from tests.gui.helpers import check_undo_redo, line_of, set_cell
from tests.gui.prompts import ScriptedPrompts
from tests.helpers import dump
from tests.write_inputs import results_file

SEBRING, MEXICO, ATLANTA, SONOMA, PETIT = 0, 1, 2, 3, 9  # rows of the sample's calendar


def choose(window: MainWindow, row: int) -> None:
    window.calendar_view.selectRow(row)
    assert window.calendar_editor.current() == window.calendar_model.row_at(row)


def calendar(window: MainWindow) -> list[tuple[int | None, str]]:
    return [(line.number, line.name) for line in window.calendar_model.rows()]


def filled(seen: list[RoundDialog] | None = None, **typed: str) -> Callable[[Any], int]:
    """A dialog handler that types `typed` into the round dialog and presses OK."""

    def handler(dialog: RoundDialog) -> int:
        if seen is not None:
            seen.append(dialog)
        for field, value in typed.items():
            if field == "scale":
                if dialog.scale.findData(value) < 0:  # a scale the season does not have
                    dialog.scale.addItem(value, value)
                dialog.scale.setCurrentIndex(dialog.scale.findData(value))
            elif field == "place":
                dialog.place.setCurrentIndex(dialog.place.findText(value))
            else:
                getattr(dialog, field).setText(value)
        dialog.accept()
        return dialog.result()

    return handler


def log_size(window: MainWindow) -> int:
    with Session(window.document.engine) as session:
        return len(history(session=session, season_id=1))


# --- every action, undone exactly --------------------------------------------------------

Action = Callable[[MainWindow, ScriptedPrompts], object]


def add_at_end(window: MainWindow, prompts: ScriptedPrompts) -> object:
    prompts.dialogs[RoundDialog] = filled(
        name="Season Finale", circuit="Sebring", date="2003-11-01", place=AT_THE_END
    )
    return window.calendar_editor.add.trigger()


def add_after_sebring(window: MainWindow, prompts: ScriptedPrompts) -> object:
    choose(window, SEBRING)  # a new round goes after the round chosen, unless told otherwise
    prompts.dialogs[RoundDialog] = filled(name="Daytona", factor="0.5")
    return window.calendar_editor.add.trigger()


def edit_petit(window: MainWindow, prompts: ScriptedPrompts) -> object:
    choose(window, PETIT)
    prompts.dialogs[RoundDialog] = filled(
        name="Petit Le Mans powered by Audi", circuit="Road Atlanta", date="2003-10-19",
        scale="standard", factor="2",
    )  # fmt: skip
    return window.calendar_editor.edit.trigger()


def circuit_only(window: MainWindow, prompts: ScriptedPrompts) -> object:
    choose(window, PETIT)
    prompts.dialogs[RoundDialog] = filled(circuit="Michelin Raceway Road Atlanta")
    return window.calendar_editor.edit.trigger()


def move_up(window: MainWindow, prompts: ScriptedPrompts) -> object:
    choose(window, ATLANTA)
    return window.calendar_editor.up.trigger()


def move_down(window: MainWindow, prompts: ScriptedPrompts) -> object:
    choose(window, SEBRING)
    return window.calendar_editor.down.trigger()


def cancel_sonoma(window: MainWindow, prompts: ScriptedPrompts) -> object:
    choose(window, SONOMA)
    return window.calendar_editor.cancel.trigger()


def reinstate_mexico(window: MainWindow, prompts: ScriptedPrompts) -> object:
    choose(window, MEXICO)
    return window.calendar_editor.cancel.trigger()


def delete_mexico(window: MainWindow, prompts: ScriptedPrompts) -> object:
    choose(window, MEXICO)
    return window.calendar_editor.delete.trigger()


def delete_sonoma_cancels_it(window: MainWindow, prompts: ScriptedPrompts) -> object:
    choose(window, SONOMA)  # it has results: cancelling it is offered instead
    return window.calendar_editor.delete.trigger()


def mark_official(window: MainWindow, prompts: ScriptedPrompts) -> object:
    window.document.author = "Ann"
    choose(window, ATLANTA)
    return window.calendar_editor.official.trigger()


def official_by_name_asked(window: MainWindow, prompts: ScriptedPrompts) -> object:
    window.document.author = ""
    prompts.text_answer = "Bob"
    choose(window, ATLANTA)
    return window.calendar_editor.official.trigger()


# (what, the action, what the calendar shows once it is done, its row)
ACTIONS: list[tuple[str, Action, Callable[[MainWindow], object], object]] = [
    ("add a round at the end", add_at_end, lambda w: calendar(w)[-1], (10, "Season Finale")),
    ("add a round after the one chosen", add_after_sebring, lambda w: calendar(w)[1], (2, "Daytona")),
    ("edit a round", edit_petit, lambda w: calendar(w)[PETIT], (9, "Petit Le Mans powered by Audi")),
    ("change only the circuit", circuit_only, lambda w: w.calendar_model.row_at(PETIT).circuit, "Michelin Raceway Road Atlanta"),
    ("move a round up", move_up, lambda w: calendar(w)[1][0], 2),
    ("move a round down", move_down, lambda w: calendar(w)[:2], [(None, "Grand Prix of Mexico"), (1, "Mobil 1 12 Hours of Sebring")]),
    ("cancel a round", cancel_sonoma, lambda w: calendar(w)[SONOMA][0], None),
    ("reinstate a round", reinstate_mexico, lambda w: calendar(w)[MEXICO][0], 2),
    ("delete a round without results", delete_mexico, lambda w: len(calendar(w)), 9),
    ("delete a round with results: cancelled instead", delete_sonoma_cancels_it, lambda w: calendar(w)[SONOMA][0], None),
    ("mark a round official", mark_official, lambda w: w.calendar_model.index(ATLANTA, 4).data()[:9], "Official "),
    ("mark official, asking who", official_by_name_asked, lambda w: w.calendar_model.index(ATLANTA, 4).data()[-6:], "by Bob"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("what", "action", "shown", "expected"), ACTIONS, ids=[a[0] for a in ACTIONS]
)
def test_each_action_is_one_step_in_the_history_undone_exactly(
    window: MainWindow,
    prompts: ScriptedPrompts,
    what: str,
    action: Action,
    shown: Callable[[MainWindow], object],
    expected: object,
) -> None:
    logged = log_size(window)

    def check() -> None:
        assert shown(window) == expected

    check_undo_redo(window, lambda: action(window, prompts), check)
    assert prompts.said("warning") == []
    assert log_size(window) > logged


def test_the_season_menu_and_the_calendars_context_menu_hold_the_actions(
    window: MainWindow,
) -> None:
    menu = window.season_menu
    texts = [action.text() for action in menu.actions()]
    assert texts[:8] == [
        "&Add round…",
        "Add a &race to this round…",
        "&Edit round…",
        "Move round &up",
        "Move round &down",
        "&Cancel round",
        "De&lete round",
        "Mark results &official",
    ]
    assert set(window.calendar_editor.actions) <= set(window.calendar_view.actions())
    choose(window, MEXICO)
    assert window.calendar_editor.cancel.text() == "&Reinstate round"
    assert not window.calendar_editor.official.isEnabled()
    choose(window, SEBRING)
    assert not window.calendar_editor.up.isEnabled()
    choose(window, PETIT)
    assert not window.calendar_editor.down.isEnabled()


def test_the_calendar_shows_each_rounds_status(
    window: MainWindow, prompts: ScriptedPrompts
) -> None:
    model = window.calendar_model
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Status"
    assert [model.index(row, 4).data() for row in (SEBRING, MEXICO)] == [
        "Provisional",
        "Cancelled",
    ]
    window.document.author = "Ann"
    choose(window, SEBRING)
    window.calendar_editor.official.trigger()
    status = model.index(SEBRING, 4).data()
    assert status.startswith("Official 20")
    assert status.endswith(" by Ann")
    assert window.calendar_editor.official.text() == "Make results &provisional"
    window.calendar_editor.official.trigger()
    assert model.index(SEBRING, 4).data() == "Provisional"


# --- the cancellation warning --------------------------------------------------------------


@pytest.mark.parametrize("answer", [True, False], ids=["yes", "no"])
def test_cancelling_a_round_with_results_says_they_are_kept(
    window: MainWindow, prompts: ScriptedPrompts, answer: bool
) -> None:
    path = window.document.path
    assert path is not None
    before = dump(path, history=False)
    prompts.confirm_answer = lambda _text: answer
    cancel_sonoma(window, prompts)
    results = sum(1 for r in window.document.data.results if r.round_id == 4)  # type: ignore[union-attr]
    assert prompts.said("confirm") == [
        f"Round 3 has {results} results; they are kept and no longer count.\n\n"
        "Cancel Infineon Grand Prix of Sonoma?"
    ]
    assert (dump(path, history=False) != before) is answer
    assert (calendar(window)[SONOMA][0] is None) is answer
    if answer:  # the results of a cancelled round are not shown for entering
        assert window.results.round_id is None


def test_a_round_without_results_is_cancelled_without_a_question(
    window: MainWindow, prompts: ScriptedPrompts
) -> None:
    add_at_end(window, prompts)
    choose(window, 10)
    assert window.calendar_editor.cancel.trigger() is None
    assert prompts.said("confirm") == []
    assert calendar(window)[10] == (None, "Season Finale")


# --- hostile input -----------------------------------------------------------------------

# (what is typed into the dialog, the field the message names)
HOSTILE_DIALOG: list[tuple[dict[str, str], str]] = [
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "Petit Le Mans"}, "name"),  # another round's name
    ({"name": "Finale\x1b[2J"}, "name"),
    ({"name": "F" * 501}, "name"),
    ({"circuit": "Road\tAtlanta"}, "circuit"),
    ({"date": "2003-02-30"}, "date"),
    ({"date": "1/11/2003"}, "date"),
    ({"date": "next week"}, "date"),
    ({"scale": "sprint"}, "points scale"),
    ({"factor": "0"}, "points factor"),
    ({"factor": "-0.5"}, "points factor"),
    ({"factor": "x2"}, "points factor"),
    ({"factor": "0.125"}, "points factor"),
]


@pytest.mark.parametrize(
    ("typed", "field"), HOSTILE_DIALOG, ids=[repr(h[0])[:40] for h in HOSTILE_DIALOG]
)
@pytest.mark.parametrize("adding", [True, False], ids=["add", "edit"])
def test_a_bad_field_keeps_the_dialog_open_and_changes_nothing(
    window: MainWindow, prompts: ScriptedPrompts, typed: dict[str, str], field: str, adding: bool
) -> None:
    path = window.document.path
    assert path is not None
    before = dump(path)
    seen: list[RoundDialog] = []
    prompts.dialogs[RoundDialog] = filled(seen, **{"name": "Finale", **typed})
    choose(window, ATLANTA)
    failed: list[str] = []
    window.document.failed.connect(failed.append)
    (window.calendar_editor.add if adding else window.calendar_editor.edit).trigger()
    if field == "name" and typed["name"] == "Petit Le Mans":
        assert any("already has a round called" in text for text in failed), failed
    else:
        assert f"field '{field}'" in seen[0].error.text()
        assert seen[0].result() != RoundDialog.DialogCode.Accepted
    assert dump(path) == before
    assert window.document.undo_stack.count() == 0


# (what, the action, the row chosen, what the refusal says)
REFUSED: list[tuple[str, Callable[[MainWindow], object], int, str]] = [
    ("the first round moved up", lambda w: w.calendar_editor.up.trigger(), SEBRING, ""),
    ("the last round moved down", lambda w: w.calendar_editor.down.trigger(), PETIT, ""),
    ("moved up by the method", lambda w: w.calendar_editor.move_round(-1), SEBRING, "already first"),
    ("moved past the end", lambda w: w.calendar_editor.move_round(5), PETIT, "already last"),
    ("a round with results deleted, no", lambda w: w.calendar_editor.delete.trigger(), SONOMA, ""),
    ("a cancelled round with results deleted", lambda w: w.calendar_editor.delete_round(), SONOMA, ""),
]  # fmt: skip


@pytest.mark.parametrize(("what", "action", "row", "words"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_refused_action_changes_nothing(
    window: MainWindow,
    prompts: ScriptedPrompts,
    what: str,
    action: Callable[[MainWindow], object],
    row: int,
    words: str,
) -> None:
    path = window.document.path
    assert path is not None
    if what.startswith("a cancelled round"):  # cancel it first; deleting it is still refused
        prompts.confirm_answer = lambda _text: True
        cancel_sonoma(window, prompts)
    prompts.confirm_answer = lambda _text: False
    before, steps = dump(path), window.document.undo_stack.count()
    failed: list[str] = []
    window.document.failed.connect(failed.append)
    choose(window, row)
    action(window)
    assert dump(path) == before
    assert window.document.undo_stack.count() == steps
    assert all(words in text for text in failed[-1:]), failed
    if what.startswith("a cancelled round"):
        assert "cannot be deleted" in prompts.said("warning")[-1]


# --- a read-only document ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("what", "action", "shown", "expected"), ACTIONS, ids=[a[0] for a in ACTIONS]
)
def test_each_action_is_refused_for_a_read_only_document(
    qtbot: QtBot,
    sample_path: Path,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
    what: str,
    action: Action,
    shown: Callable[[MainWindow], object],
    expected: object,
) -> None:
    prompts = ScriptedPrompts()
    window = read_only_window(qtbot, sample_path, settings, monkeypatch, prompts)
    assert window.document.read_only
    failed: list[str] = []
    window.document.failed.connect(failed.append)
    before = dump(sample_path)
    action(window, prompts)
    said = [*prompts.said("warning"), *failed]
    assert dump(sample_path) == before
    assert any("read-only" in text for text in said), said
    assert window.document.undo_stack.count() == 0
    assert prompts.said("run") == []  # no dialog is filled in only to be refused
    window.document.close()


# --- an official round's results -----------------------------------------------------------


def set_laps(window: MainWindow, tmp_path: Path) -> object:
    return set_cell(window, line_of(window, "GT", 1).result_id, "laps", 301)


def paste_laps(window: MainWindow, tmp_path: Path) -> object:
    window.results.set_class("GT")
    view = window.results.view
    view.setCurrentIndex(view.model().index(0, window.results.model.column_of("laps")))
    return view.paste_text("300\tClassified\n299\tDNF\n")


def delete_result(window: MainWindow, tmp_path: Path) -> object:
    view = window.results.view
    view.select_result(line_of(window, "GT", 1).result_id)
    return view.delete_selected()


def import_into_round(window: MainWindow, tmp_path: Path) -> object:
    return window.files.import_results_file(results_file(tmp_path))  # round 2


# (what, the write, the round made official first)
OFFICIAL_WRITES: list[tuple[str, Callable[[MainWindow, Path], object], int]] = [
    ("a cell edit", set_laps, SEBRING),
    ("a paste", paste_laps, SEBRING),
    ("a delete", delete_result, SEBRING),
    ("a results import into the round", import_into_round, ATLANTA),
]


@pytest.mark.parametrize("answer", [True, False], ids=["yes", "no"])
@pytest.mark.parametrize(
    ("what", "write", "row"), OFFICIAL_WRITES, ids=[w[0] for w in OFFICIAL_WRITES]
)
def test_an_official_rounds_results_change_only_after_a_yes(
    window: MainWindow,
    prompts: ScriptedPrompts,
    tmp_path: Path,
    what: str,
    write: Callable[[MainWindow, Path], object],
    row: int,
    answer: bool,
) -> None:
    path = window.document.path
    assert path is not None
    window.document.author = "Ann"
    choose(window, row)
    window.calendar_editor.official.trigger()
    choose(window, SEBRING)
    date = window.calendar_model.index(row, 4).data().split()[1]
    number = window.calendar_model.row_at(row).number
    prompts.confirm_answer = lambda _text: answer
    before, steps = dump(path, history=False), window.document.undo_stack.count()
    write(window, tmp_path)
    assert prompts.said("confirm") == [
        f"Round {number} is official (by Ann, {date}). Change its results?"
    ]
    assert (dump(path, history=False) != before) is answer
    assert window.document.undo_stack.count() == steps + answer
    with Session(window.document.engine) as session:
        flagged = [
            line for line in history(session=session, season_id=1)
            if line.step.startswith(f"{OFFICIAL_CHANGED} ")
        ]  # fmt: skip
    assert bool(flagged) is answer


def test_a_provisional_rounds_results_change_without_a_question(
    window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    set_laps(window, tmp_path)
    assert prompts.said("confirm") == []
    with Session(window.document.engine) as session:
        steps = {line.step for line in history(session=session, season_id=1)}
    assert not any(step.startswith(OFFICIAL_CHANGED) for step in steps)


def test_a_finisher_typed_into_an_official_round_asks_first(
    empty_window: MainWindow, prompts: ScriptedPrompts
) -> None:
    window = empty_window
    window.document.author = "Ann"
    choose(window, 0)
    window.calendar_editor.official.trigger()
    prompts.confirm_answer = lambda _text: False
    window.results.set_class("GT")
    assert not window.results.add_finisher("23")
    assert window.results.model.rowCount() == 0
    prompts.confirm_answer = lambda _text: True
    assert window.results.add_finisher("23")
    assert window.results.model.rowCount() == 1
    assert window.document.undo_stack.undoText().startswith(OFFICIAL_CHANGED)
    assert len(prompts.said("confirm")) == 2
