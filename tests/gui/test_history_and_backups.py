"""History of every change (undo included), the past on request, and restoring backups."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from sqlmodel import Session

from gui.files.backup_dialog import RestoreDialog
from gui.main_window import MainWindow
from model.scoring.rules import Status
from model.scoring.standings import Championship, compute_standings
from model.store.backups import list_backups
from model.store.history_log import history
from model.store.history_past import season_data_at
from tests.gui.conftest import open_window
from tests.gui.helpers import line_of, set_cell, standings_total
from tests.gui.prompts import ScriptedPrompts, accept
from tests.helpers import SAMPLE, dump


def log(window: MainWindow) -> list[tuple[str, str, str]]:
    with Session(window.document.engine) as session:
        lines = history(session=session, season_id=1)
    return [(h.author, h.step, h.description) for h in lines]


def test_every_change_and_its_undo_are_in_the_history(window: MainWindow) -> None:
    window.document.author = "Race Control"
    set_cell(window, line_of(window, "GT", 1).result_id, "laps", 301)
    window.document.undo_stack.undo()
    assert log(window)[:2] == [
        (
            "Race Control",
            "Undo: Set laps of car 23",
            "car 23 (Alex Job Racing) at Mobil 1 12 Hours of Sebring: laps 301 → —",
        ),
        (
            "Race Control",
            "Set laps of car 23",
            "car 23 (Alex Job Racing) at Mobil 1 12 Hours of Sebring: laps — → 301",
        ),
    ]


def test_the_past_is_reconstructed_from_the_history(window: MainWindow) -> None:
    winner = line_of(window, "GT", 1)
    set_cell(window, winner.result_id, "laps", 300)
    set_cell(window, winner.result_id, "status", Status.DNF.value)
    assert standings_total(window, "GT", "Alex Job Racing") == 182 - 26
    with Session(window.document.engine) as session:
        lines = history(session=session, season_id=1)
        laps_change = next(h for h in lines if "laps" in h.description)
        then = season_data_at(session=session, season_id=1, change_id=laps_change.change_id)
    table = compute_standings(then).table("GT", Championship.TEAMS)
    assert next(r.total for r in table.rows if r.name == "Alex Job Racing") == 182
    result = next(r for r in then.results if r.result_id == winner.result_id)
    assert (result.laps, result.status) == (300, Status.CLASSIFIED)


def test_history_panel_filters_by_round_and_shows_a_moment(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.show()
    window.dock("History").raise_()
    qtbot.wait_exposed(window)
    set_cell(window, line_of(window, "GT", 1).result_id, "note", "fastest lap")
    window.select_round(3)  # round 2
    set_cell(window, line_of(window, "GT", 1).result_id, "note", "pole")
    panel = window.history
    assert panel.model.rowCount() == 2
    panel.round_filter.setCurrentIndex(panel.round_filter.findData(1))
    assert panel.model.rowCount() == 1
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    change = panel.selected_change()
    assert change is not None
    dialog = panel.moment(change)
    assert dialog.results.rowCount() == 24
    assert dialog.standings.model_for("GT").rowCount() == 15


def test_restore_from_backup_after_confirmation(
    window: MainWindow, prompts: ScriptedPrompts
) -> None:
    path = window.document.path
    assert path is not None
    winner = line_of(window, "GT", 1)
    set_cell(window, winner.result_id, "laps", 777)
    opened = [b for b in list_backups(path) if b.reason == "opened"]
    assert opened
    prompts.dialogs[RestoreDialog] = accept
    prompts.confirm_answer = lambda question: "backed up first" in question
    assert window.files.restore_from_backup()
    assert line_of(window, "GT", 1).laps is None
    assert any(b.reason == "before restore" for b in list_backups(path))


def test_a_restore_is_in_the_history_and_keeps_the_newer_history(
    window: MainWindow, prompts: ScriptedPrompts
) -> None:
    path = window.document.path
    assert path is not None
    window.document.author = "Race Control"
    set_cell(window, line_of(window, "GT", 1).result_id, "laps", 777)
    prompts.dialogs[RestoreDialog] = accept
    assert window.files.restore_from_backup()
    lines = log(window)
    restored = [line for line in lines if line[1].startswith("Restored the backup of")]
    assert restored
    assert [text for _, _, text in restored] == [
        "car 23 (Alex Job Racing) at Mobil 1 12 Hours of Sebring: laps 777 → —",
        "the document was restored from a backup",
    ]
    assert ("Race Control", "Set laps of car 23") in [(a, step) for a, step, _ in lines]


def season_file(folder: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    data = json.loads((SAMPLE / "season.json").read_text(encoding="utf-8"))
    change(data)
    path = folder / "season.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_season_definition_imported_in_the_editor_is_in_the_history(
    window: MainWindow, tmp_path: Path
) -> None:
    window.document.author = "Race Control"
    path = season_file(tmp_path, lambda data: data["rules"].update(best_results=7))
    assert window.files.import_season_file(path)
    assert log(window)[0] == (
        "Race Control",
        "Import season definition season.json",
        "rule best_results: — → 7",
    )
    assert window.document.data is not None
    assert window.document.data.rules.best_results == 7


def remove_petit_le_mans(data: dict[str, Any]) -> None:
    data["rounds"].pop()


def not_a_json_number(data: dict[str, Any]) -> None:
    data["rounds"] = float("nan")  # json.dumps writes NaN, which JSON does not allow


# (what, change to the definition, what the warning says)
REFUSED_SEASONS = [
    ("a round with results removed", remove_petit_le_mans, "has results and cannot be removed"),
    ("a number JSON does not allow", not_a_json_number, "season.json, line 1"),
]


@pytest.mark.parametrize(
    ("what", "change", "message"), REFUSED_SEASONS, ids=[c[0] for c in REFUSED_SEASONS]
)
def test_a_refused_season_definition_changes_nothing(
    window: MainWindow,
    prompts: ScriptedPrompts,
    tmp_path: Path,
    what: str,
    change: Callable[[dict[str, Any]], None],
    message: str,
) -> None:
    before = dump(window.document.path)  # type: ignore[arg-type]
    assert not window.files.import_season_file(season_file(tmp_path, change))
    assert message in prompts.said("warning")[0]
    assert dump(window.document.path) == before  # type: ignore[arg-type]


def test_a_read_only_document_refuses_a_season_definition(
    qtbot: QtBot,
    sample_path: Path,
    settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # root may write anywhere
    prompts = ScriptedPrompts()
    window = open_window(qtbot, sample_path, settings, prompts)
    assert window.document.read_only
    before, backups = dump(sample_path), list_backups(sample_path)
    path = season_file(tmp_path, lambda data: data["rules"].update(best_results=7))
    assert not window.files.import_season_file(path)
    assert "read-only" in prompts.said("warning")[0]
    assert dump(sample_path) == before
    assert list_backups(sample_path) == backups
    window.document.close()


def test_the_history_tab_behind_another_reads_the_log_only_when_raised(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.show()
    qtbot.wait_exposed(window)
    window.dock("Entry list").raise_()  # the History tab is behind it
    read: list[int] = []
    window.history.model.modelReset.connect(lambda: read.append(1))
    set_cell(window, line_of(window, "GT", 1).result_id, "laps", 301)
    assert read == []
    window.dock("History").raise_()
    qtbot.wait_until(lambda: read == [1])
    assert window.history.model.rowCount() == 1
