"""File > Export standings…: folder chosen, workbooks written, folder offered."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from gui.files.export_dialog import ExportOptionsDialog
from gui.main_window import MainWindow
from gui.prompts import written_files
from tests.gui.prompts import ScriptedPrompts, accept


def test_export_from_the_editor(
    window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    window.settings.setValue("author", "Editor Person")
    prompts.dialogs[ExportOptionsDialog] = accept
    prompts.folder_answer = str(out)
    prompts.offer_answer = lambda written: len(written) == 4
    written = window.export.run()
    assert len(written) == 4
    assert prompts.opened_folders == [out]
    workbook = openpyxl.load_workbook(written[0])
    assert workbook.properties.creator == "Editor Person"


def test_export_reports_a_bad_folder(
    window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    prompts.dialogs[ExportOptionsDialog] = accept
    prompts.folder_answer = str(tmp_path / "missing")
    assert window.export.run() == []
    assert "does not exist" in prompts.said("error")[0]


def test_cancelling_the_folder_choice_writes_nothing(
    window: MainWindow, prompts: ScriptedPrompts
) -> None:
    prompts.dialogs[ExportOptionsDialog] = accept
    prompts.folder_answer = ""
    assert window.export.run() == []
    assert prompts.said("offer_to_open") == []


@pytest.mark.parametrize(
    ("names", "said"),
    [
        (["a.xlsx"], "1 workbook"),
        (["a.xlsx", "b.xlsx"], "2 workbooks"),
        (["a.pdf"], "1 PDF"),
        (["a.xlsx", "b.xlsx", "a.pdf", "b.PDF"], "2 workbooks and 2 PDFs"),
        (["notes.txt"], "1 file"),
    ],
)
def test_the_export_says_what_it_wrote_by_kind(names: list[str], said: str) -> None:
    assert written_files([Path("/out") / name for name in names]) == said
