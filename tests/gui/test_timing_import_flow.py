"""Importing timing files in the editor: preview, mapping, one undo step per file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from gui.imports.timing_dialog import TimingImportDialog
from gui.main_window import MainWindow
from model.edits.seasons import import_season
from model.io.season_definition import parse_season_definition
from model.scoring.rules import Status
from model.store.db import open_engine, transaction, url_for_path
from tests.gui.conftest import open_window
from tests.gui.prompts import ScriptedPrompts
from tests.helpers import dump
from tests.model.timing_files import FIXTURES, TIMING_SEASON


@pytest.fixture
def endurance(
    qtbot: QtBot, tmp_path: Path, settings: QSettings, prompts: ScriptedPrompts
) -> MainWindow:
    path = tmp_path / "endurance.pitboard"
    engine = open_engine(url_for_path(path))
    with transaction(engine) as session:
        import_season(
            session=session, definition=parse_season_definition(TIMING_SEASON, source="s")
        )
    engine.dispose()
    return open_window(qtbot, path, settings, prompts)


def accept(dialog: TimingImportDialog) -> int:
    assert dialog.import_button.isEnabled()
    return QDialog.DialogCode.Accepted


def test_a_file_is_previewed_then_imported_as_one_step(
    endurance: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    window = endurance
    seen: list[str] = []

    def look(dialog: TimingImportDialog) -> int:
        seen.append(dialog.summary.toPlainText())
        dialog.grab().save(str(tmp_path / "timing-dialog.png"))
        return accept(dialog)

    prompts.files_answer = [str(FIXTURES / "layout-a.csv")]
    prompts.dialogs[TimingImportDialog] = look
    assert window.timing_import.run() == 1
    assert seen[0].startswith("6 results will be written.\n\nNew entries (6):")
    assert "LMP2: car 007, Secret Service Racing (Oreca 07)" in seen[0]
    lines = {line.car: (line.class_pos, line.status) for line in window.results.model.rows()}
    assert lines["7"] == (1, Status.CLASSIFIED)
    assert lines["88"] == (None, Status.NOT_CLASSIFIED)
    assert window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    assert window.results.model.rows() == []
    assert window.entries.model.rowCount() == 0


def test_unknown_classes_and_statuses_must_be_chosen(
    endurance: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    window = endurance
    odd = tmp_path / "odd.csv"
    odd.write_bytes(
        (FIXTURES / "layout-a.csv")
        .read_bytes()
        .replace(b"LMGTE", b"GTE-PRO")
        .replace(b";Retired;", b";Black flag;")
    )

    def choose(dialog: TimingImportDialog) -> int:
        assert not dialog.import_button.isEnabled()
        assert "classes not in this season: GTE-PRO" in dialog.summary.toPlainText()
        dialog.choose_class("GTE-PRO", "LMGTE")
        assert not dialog.import_button.isEnabled()
        assert "statuses Pitboard does not know: Black flag" in dialog.summary.toPlainText()
        dialog.choose_status("Black flag", Status.DISQUALIFIED)
        return accept(dialog)

    prompts.files_answer = [str(odd)]
    prompts.dialogs[TimingImportDialog] = choose
    assert window.timing_import.run() == 1
    statuses = {line.car: line.status for line in window.results.model.rows()}
    assert statuses["91"] is Status.DISQUALIFIED
    second = tmp_path / "odd-again.csv"
    second.write_bytes(odd.read_bytes().replace(b";Black flag;", b";Retired;"))
    prompts.files_answer = [str(second)]
    prompts.dialogs[TimingImportDialog] = accept  # the class mapping was remembered for the series
    assert window.timing_import.run() == 1


def test_several_files_go_to_successive_rounds(
    endurance: MainWindow, prompts: ScriptedPrompts
) -> None:
    window = endurance
    prompts.files_answer = [
        str(FIXTURES / "layout-a.csv"),
        str(FIXTURES / "layout-b.csv"),
    ]
    prompts.dialogs[TimingImportDialog] = accept
    assert window.timing_import.run() == 2
    data = window.document.data
    assert data is not None
    rounds = {r.round_id for r in data.results}
    assert rounds == {data.numbered_rounds[0].id, data.numbered_rounds[1].id}
    assert window.document.undo_stack.count() == 2


def test_cancelling_the_preview_imports_nothing(
    endurance: MainWindow, prompts: ScriptedPrompts
) -> None:
    window = endurance
    before = dump(window.document.path)  # type: ignore[arg-type]
    prompts.files_answer = [str(FIXTURES / "layout-a.csv")]
    prompts.dialogs[TimingImportDialog] = lambda dialog: QDialog.DialogCode.Rejected
    assert window.timing_import.run() == 0
    assert dump(window.document.path) == before  # type: ignore[arg-type]


def test_a_broken_file_is_reported(
    endurance: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\xef\xbb\xbfPOSITION;NUMBER;TEAM\n1;7;A\n")
    prompts.files_answer = [str(broken)]
    assert endurance.timing_import.run() == 0
    assert "not an Al Kamel classification" in prompts.said("error")[0]


def test_a_spreadsheet_goes_through_the_column_mapping(
    endurance: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    from gui.imports.column_mapping_dialog import ColumnMappingDialog

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in (
        ["Place", "Car", "Entrant", "Category", "Laps"],
        [1, 7, "Blue", "LMP2", 100],
        [2, 56, "Grey", "LMGTE", 90],
    ):
        sheet.append(row)
    path = tmp_path / "hand-kept.xlsx"
    workbook.save(path)
    window = endurance
    choices: list[dict[str, str]] = []

    def map_columns(dialog: ColumnMappingDialog) -> int:
        choices.append(dialog.mapping())
        dialog.set_mapping(
            {
                "position": "Place",
                "car": "Car",
                "team": "Entrant",
                "class": "Category",
                "laps": "Laps",
            }
        )
        dialog.accept()
        return QDialog.DialogCode.Accepted

    prompts.files_answer = [str(path)]
    prompts.dialogs[ColumnMappingDialog] = map_columns
    prompts.dialogs[TimingImportDialog] = accept
    assert window.timing_import.run() == 1
    assert choices[0] == {"car": "Car", "team": "Entrant", "class": "Category", "laps": "Laps"}
    assert {(line.car, line.team, line.class_pos) for line in window.results.model.rows()} == {
        ("7", "Blue", 1),
        ("56", "Grey", 1),
    }
    remembered: list[dict[str, str]] = []

    def look_only(dialog: ColumnMappingDialog) -> int:
        remembered.append(dialog.mapping())
        return QDialog.DialogCode.Rejected

    prompts.dialogs[ColumnMappingDialog] = look_only
    assert window.timing_import.run() == 0
    assert remembered[0]["class"] == "Category"  # the mapping came back for the same columns
