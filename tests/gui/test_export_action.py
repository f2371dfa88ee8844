"""File > Export standings…: folder chosen, workbooks written, folder offered."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from gui.main_window import MainWindow


def test_export_from_the_editor(window: MainWindow, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    opened: list[Path] = []
    window.settings.setValue("author", "Editor Person")
    window.export.ask_folder = lambda: str(out)
    window.export.offer_to_open = lambda written: len(written) == 4
    window.export.open_folder = opened.append
    written = window.export.run()
    assert len(written) == 4
    assert opened == [out]
    workbook = openpyxl.load_workbook(written[0])
    assert workbook.properties.creator == "Editor Person"


def test_export_reports_a_bad_folder(window: MainWindow, tmp_path: Path) -> None:
    shown: list[str] = []
    window.export.ask_folder = lambda: str(tmp_path / "missing")
    window.export.show_error = shown.append
    assert window.export.run() == []
    assert "does not exist" in shown[0]


def test_cancelling_the_folder_choice_writes_nothing(window: MainWindow) -> None:
    window.export.ask_folder = lambda: ""
    assert window.export.run() == []
