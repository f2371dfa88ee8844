"""The import preview says everything before anything is written: the positions each row gets,
every result it replaces or removes, a file of another year, a sheet of one class without a
class column, and it is never hidden behind the progress box."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QProgressDialog
from pytestqt.qtbot import QtBot

from gui.imports.column_mapping_dialog import ColumnMappingDialog
from gui.imports.timing_dialog import COLUMNS, TimingImportDialog
from gui.main_window import MainWindow
from model.edits.seasons import import_season
from model.io.season_definition import parse_season_definition
from model.scoring.rules import Status
from model.store.db import open_engine, transaction, url_for_path
from tests.gui.conftest import open_window
from tests.gui.prompts import ScriptedPrompts
from tests.helpers import dump
from tests.model.timing_files import FIXTURES, TIMING_SEASON

ACCEPTED, REJECTED = QDialog.DialogCode.Accepted, QDialog.DialogCode.Rejected
NINE = [f"{n}" for n in range(21, 30)]


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, settings: QSettings, prompts: ScriptedPrompts
) -> MainWindow:
    path = tmp_path / "endurance.pitboard"
    engine = open_engine(url_for_path(path))
    with transaction(engine) as session:
        import_season(
            session=session, definition=parse_season_definition(TIMING_SEASON, source="s")
        )
    engine.dispose()
    shown = open_window(qtbot, path, settings, prompts)
    shown.show()
    return shown


def write_sheet(
    folder: Path, name: str, cars: list[str], header: str = "Pos,Class,Car,Team"
) -> Path:
    lines = [header]
    for place, car in enumerate(cars, start=1):
        cells = {"Pos": str(place), "Class": "LMGT3", "Car": car, "Team": f"Team {car}"}
        lines.append(",".join(cells[name] for name in header.split(",")))
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def mapped(dialog: ColumnMappingDialog) -> int:
    dialog.accept()
    return ACCEPTED


def import_sheet(window: MainWindow, prompts: ScriptedPrompts, path: Path) -> None:
    prompts.files_answer = [str(path)]
    prompts.dialogs[ColumnMappingDialog] = mapped
    prompts.dialogs[TimingImportDialog] = lambda dialog: ACCEPTED
    assert window.timing_import.run() == 1


def shown_progress(window: MainWindow) -> list[QProgressDialog]:
    return [p for p in window.findChildren(QProgressDialog) if p.isVisible()]


def test_the_progress_box_is_hidden_while_the_preview_shows(
    window: MainWindow, prompts: ScriptedPrompts
) -> None:
    seen: list[int] = []

    def look(dialog: TimingImportDialog) -> int:
        seen.append(len(shown_progress(window)))
        return ACCEPTED

    prompts.files_answer = [str(FIXTURES / "layout-a.csv"), str(FIXTURES / "layout-b.csv")]
    prompts.dialogs[TimingImportDialog] = look
    assert window.timing_import.run() == 2
    assert seen == [0, 0]
    assert shown_progress(window) == []  # and gone once the files are imported


def test_the_preview_table_shows_the_positions_that_will_be_written(
    window: MainWindow, prompts: ScriptedPrompts
) -> None:
    cells: list[list[str]] = []

    def look(dialog: TimingImportDialog) -> int:
        table = dialog.table
        for row in range(table.rowCount()):
            cells.append([table.item(row, c).text() for c in range(table.columnCount())])
        return REJECTED

    prompts.files_answer = [str(FIXTURES / "layout-a.csv")]
    prompts.dialogs[TimingImportDialog] = look
    window.timing_import.run()
    by_car = {row[COLUMNS.index("Car")]: row for row in cells}
    pos, overall = COLUMNS.index("Class pos"), COLUMNS.index("Overall")
    assert (by_car["7"][pos], by_car["7"][overall]) == ("1", "1")
    assert (by_car["007"][pos], by_car["007"][overall]) == ("2", "2")
    assert (by_car["56"][pos], by_car["56"][overall]) == ("1", "3")
    assert (by_car["88"][pos], by_car["88"][COLUMNS.index("Status")]) == ("", "Not classified")


def test_a_short_sheet_names_every_result_it_replaces_or_removes(
    window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    import_sheet(window, prompts, write_sheet(tmp_path, "gt-full.csv", NINE))
    before = dump(window.document.path)  # type: ignore[arg-type]
    said: list[str] = []

    def look(dialog: TimingImportDialog) -> int:
        said.append(dialog.summary.toPlainText())
        dialog.grab().save(str(tmp_path / "import-preview.png"))
        return REJECTED

    five = write_sheet(tmp_path, "2003_GT_results.csv", NINE[::2])
    prompts.files_answer = [str(five)]
    prompts.dialogs[TimingImportDialog] = look
    assert window.timing_import.run() == 0
    assert (
        "4 results of Rd 1 LMGT3 not in the file will be removed: #22 Team 22, now P2; "
        "#24 Team 24, now P4; #26 Team 26, now P6; #28 Team 28, now P8"
    ) in said[0]
    assert "Results replaced by the file's (5):" in said[0]
    assert "LMGT3: #29 Team 29, now P9, will be P5" in said[0]
    assert "the file's name says 2003, but Rd 1 (Race One) is in 2026" in said[0]
    assert said[0].index("Warnings:") < said[0].index("Removed") < said[0].index("replaced")
    assert dump(window.document.path) == before  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("header", "choose", "ready"),
    [
        ("Pos,Car,Team", None, False),  # no class anywhere: Import cannot be pressed
        ("Pos,Car,Team", "LMGT3", True),
        ("Pos,Class,Car,Team", None, True),  # the column says it; the picker is not needed
    ],
)
def test_a_sheet_without_a_class_column_offers_one_class_for_all_rows(
    window: MainWindow,
    prompts: ScriptedPrompts,
    tmp_path: Path,
    header: str,
    choose: str | None,
    ready: bool,
) -> None:
    states: list[tuple[bool, bool]] = []

    def map_columns(dialog: ColumnMappingDialog) -> int:
        if choose:
            dialog.choose_class_for_all(choose)
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        states.append((ok.isEnabled(), dialog.class_for_all.isEnabled()))
        if not ok.isEnabled():
            return REJECTED
        dialog.accept()
        return ACCEPTED

    prompts.files_answer = [str(write_sheet(tmp_path, "gt.csv", ["5", "6"], header))]
    prompts.dialogs[ColumnMappingDialog] = map_columns
    prompts.dialogs[TimingImportDialog] = lambda dialog: ACCEPTED
    assert window.timing_import.run() == (1 if ready else 0)
    assert states == [(ready, "Class" not in header)]
    rows = {(line.car, line.class_name, line.class_pos) for line in window.results.model.rows()}
    if ready:
        assert rows == {("5", "LMGT3", 1), ("6", "LMGT3", 2)}
    else:
        assert rows == set()


def test_running_needs_no_question_and_is_not_classified(
    window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    running = tmp_path / "running.csv"
    running.write_bytes(
        (FIXTURES / "layout-a.csv").read_bytes().replace(b";Not classified;", b";Running;")
    )
    asked: list[tuple[list[str], str]] = []

    def look(dialog: TimingImportDialog) -> int:
        asked.append((list(dialog.status_pickers), dialog.summary.toPlainText()))
        return ACCEPTED

    prompts.files_answer = [str(running)]
    prompts.dialogs[TimingImportDialog] = look
    assert window.timing_import.run() == 1
    assert asked[0][0] == []
    assert "car 88 is 'Running'" in asked[0][1]
    statuses = {line.car: line.status for line in window.results.model.rows()}
    assert statuses["88"] is Status.NOT_CLASSIFIED
