"""Every write the editor offers goes through the one door: it is recorded in the history,
undone by Edit > Undo where it is an undo step, and refused for a read-only document."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlmodel import Session

from gui.main_window import MainWindow
from gui.penalties.penalty_dialog import PenaltyDialog
from model.store.history_log import history
from tests.gui.conftest import read_only_window
from tests.gui.helpers import line_of, set_cell
from tests.gui.prompts import ScriptedPrompts, scripted
from tests.helpers import dump
from tests.write_inputs import changed_season_file, results_file


def set_laps(window: MainWindow, tmp_path: Path) -> None:
    set_cell(window, line_of(window, "GT", 1).result_id, "laps", 301)


def paste_laps(window: MainWindow, tmp_path: Path) -> None:
    window.results.set_class("GT")
    view = window.results.view
    view.setCurrentIndex(view.model().index(0, window.results.model.column_of("laps")))
    view.paste_text("300\tClassified\n299\tDNF\n")


def move_down(window: MainWindow, tmp_path: Path) -> None:
    window.results.set_class("GT")
    view = window.results.view
    view.setCurrentIndex(view.model().index(0, 0))
    view.nudge_current(1)


def set_drivers(window: MainWindow, tmp_path: Path) -> None:
    set_cell(window, line_of(window, "GT", 1).result_id, "drivers", "Lucas Luhr*; Sascha Maassen")


def toggle_pole(window: MainWindow, tmp_path: Path) -> None:
    window.results.view.select_result(line_of(window, "GT", 1).result_id)
    window.results.view.toggle_flag("pole")


def add_entry(window: MainWindow, tmp_path: Path) -> None:
    window.entries.add_entry("GT")


def import_season(window: MainWindow, tmp_path: Path) -> None:
    window.files.import_season_file(changed_season_file(tmp_path))


def import_results(window: MainWindow, tmp_path: Path) -> None:
    window.files.import_results_file(results_file(tmp_path))


def add_penalty(window: MainWindow, tmp_path: Path) -> None:
    def fill(dialog: PenaltyDialog) -> int:
        dialog.class_name.setCurrentText("GT")
        dialog.competitor.setText("Alex Job Racing")
        dialog.points.setText("-10")
        return int(QDialog.DialogCode.Accepted) if not dialog.property("seen") else 0

    def once(dialog: PenaltyDialog) -> int:
        answer = fill(dialog)
        dialog.setProperty("seen", True)
        return answer

    scripted(window).dialogs[PenaltyDialog] = once
    window.penalties.add_penalty()


# (what, the action, whether it is an undo step)
WRITES: list[tuple[str, Callable[[MainWindow, Path], None], bool]] = [
    ("a cell edit", set_laps, True),
    ("a paste", paste_laps, True),
    ("a move within the class", move_down, True),
    ("a race's drivers", set_drivers, True),
    ("a pole toggled", toggle_pole, True),
    ("a new entry", add_entry, True),
    ("a season definition import", import_season, True),
    ("a results CSV import", import_results, True),
    ("a penalty added in the panel", add_penalty, True),
]


def log_size(window: MainWindow) -> int:
    with Session(window.document.engine) as session:
        return len(history(session=session, season_id=1))


@pytest.mark.parametrize(("what", "action", "undoable"), WRITES, ids=[w[0] for w in WRITES])
def test_a_write_is_recorded_and_undone(
    window: MainWindow,
    prompts: ScriptedPrompts,
    tmp_path: Path,
    what: str,
    action: Callable[..., None],
    undoable: bool,
) -> None:
    path = window.document.path
    assert path is not None
    before, logged = dump(path, history=False), log_size(window)
    action(window, tmp_path)
    assert prompts.said("warning") == []
    assert dump(path, history=False) != before
    assert log_size(window) > logged
    if undoable:
        window.document.undo_stack.undo()
        assert dump(path, history=False) == before


@pytest.mark.parametrize(("what", "action", "undoable"), WRITES, ids=[w[0] for w in WRITES])
def test_a_write_is_refused_for_a_read_only_document(
    qtbot: QtBot,
    sample_path: Path,
    settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    what: str,
    action: Callable[..., None],
    undoable: bool,
) -> None:
    prompts = ScriptedPrompts()
    window = read_only_window(qtbot, sample_path, settings, monkeypatch, prompts)
    assert window.document.read_only
    failed: list[str] = []
    window.document.failed.connect(failed.append)
    before = dump(sample_path)
    action(window, tmp_path)
    said = [*prompts.said("warning"), *failed]
    assert dump(sample_path) == before
    assert any("read-only" in text for text in said), said
    assert window.document.undo_stack.count() == 0
    window.document.close()
