"""The export dialog: paper, as-of round, status line and kinds of file, and what reaches the
written workbooks and PDFs."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from gui.files.export_dialog import PAPER_KEY, ExportOptionsDialog
from gui.main_window import MainWindow
from model.io.export.edition import Paper
from model.io.export.manifest import MANIFEST_NAME
from model.io.export.status import standings_as_of
from model.scoring.standings import Championship, compute_standings
from tests.gui.conftest import open_window
from tests.gui.prompts import ScriptedPrompts, accept

PDFINFO = shutil.which("pdfinfo")
# openpyxl's paper codes, and the landscape page size pdfinfo reports
SHEET_PAPER = {Paper.A4: "9", Paper.LETTER: "1"}
PDF_SIZE = {Paper.A4: "842 x 595 pts", Paper.LETTER: "792 x 612 pts"}


def choose(
    *, paper: Paper | None = None, round_key: int | None = None, kinds: str = ""
) -> Callable[[ExportOptionsDialog], int]:
    """A handler filling the dialog in as a user would and pressing Export."""

    def handler(dialog: ExportOptionsDialog) -> int:
        if paper is not None:
            dialog.paper.setCurrentIndex(dialog.paper.findData(paper))
        if round_key is not None:
            dialog.round.setCurrentIndex(dialog.round.findData(round_key))
        if kinds:
            dialog.workbooks.setChecked("xlsx" in kinds)
            dialog.pdfs.setChecked("pdf" in kinds)
        return accept(dialog)

    return handler


def export(window: MainWindow, prompts: ScriptedPrompts, folder: Path, handler: Any) -> list[Path]:
    folder.mkdir(exist_ok=True)
    prompts.dialogs[ExportOptionsDialog] = handler
    prompts.folder_answer = str(folder)
    return window.export.run()


def status_cells(path: Path) -> set[str]:
    """The status lines written in a workbook (every cell starting 'Provisional' or 'Final')."""
    workbook = openpyxl.load_workbook(path)
    return {
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if str(cell.value or "").startswith(("Provisional ·", "Final ·"))
    }


@pytest.mark.parametrize("paper", list(Paper))
def test_the_paper_reaches_every_sheet_and_pdf(
    window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path, paper: Paper
) -> None:
    written = export(window, prompts, tmp_path / "out", choose(paper=paper, kinds="xlsx pdf"))
    workbooks = [path for path in written if path.suffix == ".xlsx"]
    pdfs = [path for path in written if path.suffix == ".pdf"]
    assert (len(workbooks), len(pdfs)) == (4, 4)
    for path in workbooks:
        book = openpyxl.load_workbook(path)
        for sheet in [*book.worksheets, *book.chartsheets]:
            assert str(sheet.page_setup.paperSize) == SHEET_PAPER[paper], (path.name, sheet.title)
    if PDFINFO is not None:
        for path in pdfs:
            info = subprocess.run([PDFINFO, str(path)], capture_output=True, text=True).stdout
            assert PDF_SIZE[paper] in info
    listed = json.loads((tmp_path / "out" / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert sorted(item["name"] for item in listed["files"]) == sorted(p.name for p in written)


def totals(path: Path, sheet: str) -> dict[str, object]:
    """Each row's name (column B) and the last number in it, of one sheet of a workbook."""
    rows = openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True)
    found: dict[str, object] = {}
    for row in rows:
        numbers = [value for value in row if isinstance(value, (int, float))]
        if len(row) > 1 and isinstance(row[1], str) and numbers:
            found[row[1]] = numbers[-1]
    return found


def test_the_as_of_round_reaches_the_totals(
    window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    data = window.document.data
    assert data is not None
    written = export(window, prompts, tmp_path / "out", choose(round_key=2, kinds="xlsx"))
    gt = next(path for path in written if path.name.endswith(" GT standings.xlsx"))
    expected = compute_standings(standings_as_of(data, 2)).table("GT", Championship.TEAMS)
    whole = compute_standings(data).table("GT", Championship.TEAMS)
    leader = expected.rows[0]
    assert leader.total != next(r.total for r in whole.rows if r.name == leader.name)
    assert totals(gt, "Teams")[leader.name] == leader.total
    (line,) = status_cells(gt)
    assert line.startswith("Provisional · after round 2 of 9 · ")


@pytest.mark.parametrize("round_key", [None, 1, 5, 9])
def test_the_status_shown_is_the_status_written(
    window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path, round_key: int | None
) -> None:
    shown: list[str] = []

    def handler(dialog: ExportOptionsDialog) -> int:
        choose(round_key=round_key)(dialog)
        shown.append(dialog.status.text())
        return accept(dialog)

    written = export(window, prompts, tmp_path / "out", handler)
    assert shown
    assert shown[0].startswith(("Provisional · after round", "Final · after round"))
    for path in written:
        assert status_cells(path) == {shown[0]}, path.name


def test_the_dialog_offers_the_latest_round_with_results(
    window: MainWindow, prompts: ScriptedPrompts
) -> None:
    seen: list[tuple[object, int]] = []

    def look(dialog: ExportOptionsDialog) -> int:
        seen.append((dialog.round.currentData(), dialog.round.count()))
        return 0  # cancelled

    prompts.dialogs[ExportOptionsDialog] = look
    assert window.export.run() == []
    assert seen == [(9, 9)]


def test_the_remembered_paper_comes_back_in_a_new_window(
    qtbot: QtBot,
    window: MainWindow,
    prompts: ScriptedPrompts,
    settings: QSettings,
    sample_path: Path,
    tmp_path: Path,
) -> None:
    export(window, prompts, tmp_path / "out", choose(paper=Paper.LETTER))
    window.document.close()
    offered: list[object] = []
    again = ScriptedPrompts()

    def look(dialog: ExportOptionsDialog) -> int:
        offered.append(dialog.paper.currentData())
        return 0

    again.dialogs[ExportOptionsDialog] = look
    second = open_window(
        qtbot, sample_path, QSettings(settings.fileName(), settings.format()), again
    )
    try:
        second.export.run()
    finally:
        second.document.close()
    assert offered == [Paper.LETTER]


@pytest.mark.parametrize(
    ("locale", "paper"), [("en_US.UTF-8", Paper.LETTER), ("de_DE.UTF-8", Paper.A4)]
)
def test_the_paper_defaults_to_the_locale(
    window: MainWindow,
    prompts: ScriptedPrompts,
    monkeypatch: pytest.MonkeyPatch,
    locale: str,
    paper: Paper,
) -> None:
    monkeypatch.setenv("LC_ALL", locale)
    offered: list[object] = []
    prompts.dialogs[ExportOptionsDialog] = lambda d: offered.append(d.paper.currentData()) or 0
    window.export.run()
    assert offered == [paper]


@pytest.mark.parametrize("action", ["export", "export_pdf"])
def test_a_cancelled_dialog_writes_nothing(
    window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path, action: str
) -> None:
    prompts.folder_answer = str(tmp_path)
    before = sorted(tmp_path.iterdir())
    run = window.export.run if action == "export" else window.publishing.export_pdf
    assert run() == []
    assert prompts.said("run") == ["ExportOptionsDialog"]
    assert prompts.said("folder") == []
    assert sorted(tmp_path.iterdir()) == before
    assert window.settings.value(PAPER_KEY) is None


def test_pdf_menu_entry_ticks_pdfs_and_nothing_ticked_cannot_export(
    window: MainWindow, prompts: ScriptedPrompts
) -> None:
    seen: list[tuple[bool, bool, bool]] = []

    def look(dialog: ExportOptionsDialog) -> int:
        ticked = (dialog.workbooks.isChecked(), dialog.pdfs.isChecked())
        dialog.workbooks.setChecked(False)
        dialog.pdfs.setChecked(False)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen.append((*ticked, ok.isEnabled()))
        return 0

    prompts.dialogs[ExportOptionsDialog] = look
    window.publishing.export_pdf()
    window.export.run()
    assert seen == [(False, True, False), (True, False, False)]
