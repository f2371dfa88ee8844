"""File names from user text, and writes that never leave a half-written file."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from model.io.export.files import ExportError, write_atomically
from model.io.export.naming import safe_file_name
from model.io.export.standings_export import export_standings
from model.scoring.standings import compute_standings
from model.store.season_data import SeasonData
from tests.model.export.hostile import season_with_classes, synthetic


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GT/GTS", "GT-GTS"),
        ("..\\..\\evil", "evil"),
        ("Le Mans: 24 Hours?", "Le Mans- 24 Hours"),
        ("CON", "_CON"),
        ("nul.xlsx", "_nul.xlsx"),
        ("   ", "export"),
        ("tab\there", "tab-here"),
        ("Élan 6L8", "Élan 6L8"),
        ("E\u0301lan", "Élan"),  # composed, as every system will show it
        ("invoice\u202eslx.exe", "invoice-slx.exe"),  # no right-to-left override
        ("COM¹", "_COM¹"),
        ("conin$", "_conin$"),
        ("a\x85b\x9bc", "a-b-c"),  # C1 controls
        ("x" * 300, "x" * 237),
        ("漢" * 100, "漢" * 79),
        ("x" * 236 + ". y", "x" * 236),  # never ends in a dot or space after a cut
    ],
)
def test_safe_file_names(text: str, expected: str) -> None:
    assert safe_file_name(text) == expected
    assert "/" not in safe_file_name(text)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "standings.xlsx"
    target.write_bytes(b"the published version")

    def crash(partial: Path) -> None:
        partial.write_bytes(b"half a workb")
        raise OSError(28, "No space left on device")

    with pytest.raises(
        ExportError, match=r"cannot write .*standings.xlsx: No space left on device"
    ):
        write_atomically(target, crash)
    assert target.read_bytes() == b"the published version"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["standings.xlsx"]


def test_a_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        write_atomically(tmp_path / "gone" / "x.xlsx", lambda p: None)


def test_a_target_that_cannot_be_replaced_is_reported(tmp_path: Path) -> None:
    data = synthetic()
    blocker = tmp_path / "Test Series 2003 GT-GTS standings.xlsx"
    blocker.mkdir()  # something that is not a file is in the way, as a locked file would be
    with pytest.raises(ExportError, match=r"cannot write .*GT-GTS standings\.xlsx"):
        export_standings(data, compute_standings(data), tmp_path)
    assert blocker.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == [blocker.name]


def test_a_folder_that_is_a_file_is_reported(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    data = synthetic()
    with pytest.raises(ExportError, match="does not exist"):
        export_standings(data, compute_standings(data), not_a_folder)


def test_exporting_again_replaces_the_workbook(tmp_path: Path) -> None:
    data = synthetic()
    (first,) = export_standings(
        data, compute_standings(data), tmp_path, published=dt.date(2003, 1, 1)
    )
    (second,) = export_standings(
        data, compute_standings(data), tmp_path, published=dt.date(2003, 2, 1)
    )
    assert first == second
    assert openpyxl.load_workbook(second)["Teams"].oddFooter.left.text == "Published 2003-02-01"


def hostile() -> SeasonData:
    """Names at every limit: clashing, long non-Latin, ampersands, formulas, controls."""
    return season_with_classes(
        ("勒芒原型车" * 40, "GT/1", "GT:1", "gt/1", "A&B " * 80),
        team="=cmd|' /C calc'!A0\x1b[31m",
        driver="Jörg\x00Bergmeister",
        series="Série & Co",
    )


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("season", [synthetic, hostile], ids=["plain", "hostile names"])
def test_libreoffice_converts_a_workbook_to_pdf(
    season: Callable[[], SeasonData], tmp_path: Path
) -> None:
    data = season()
    (path,) = export_standings(data, compute_standings(data), tmp_path, single_workbook=True)
    completed = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    pdf = path.with_suffix(".pdf")
    assert pdf.exists()
    assert pdf.read_bytes().startswith(b"%PDF")


def test_workbook_save_is_what_write_atomically_calls(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active["A1"] = "ok"  # type: ignore[index]
    target = tmp_path / "plain.xlsx"
    write_atomically(target, workbook.save)
    assert openpyxl.load_workbook(target).active["A1"].value == "ok"  # type: ignore[index]
