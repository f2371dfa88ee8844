"""export --pdf: one PDF per class, drawn by Qt with no window, on the chosen paper."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.gui.pdf_reading import needs_pdftotext, pdf_pages
from tests.helpers import run

pytestmark = [needs_pdftotext, pytest.mark.usefixtures("qapp")]


def export(capsys: pytest.CaptureFixture[str], db: Path, out: Path, *extra: str) -> list[Path]:
    code, stdout, err = run(
        capsys, "export", "--db", str(db), "--season", "2003", "--out", str(out), "--pdf", *extra
    )
    assert code == 0, err
    return [Path(line) for line in stdout.splitlines()]


def test_export_pdf_writes_one_per_class(
    capsys: pytest.CaptureFixture[str], sample_path: Path, tmp_path: Path
) -> None:
    written = export(capsys, sample_path, tmp_path / "out", "--paper", "Letter")
    assert [path.name for path in written] == [
        f"American Le Mans Series 2003 {name} standings.pdf"
        for name in ("LMP900", "LMP675", "GTS", "GT")
    ]
    names = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert [Path(name).suffix for name in names] == [".pdf"] * 4 + [".json"]
    assert names[-1] == "pitboard-export.json"  # the manifest beside them
    info = subprocess.run(["pdfinfo", str(written[0])], capture_output=True, text=True).stdout
    assert "792 x 612 pts" in info  # Letter, landscape
    pages = pdf_pages(written[0])
    assert len(pages) == 3
    assert "Infineon Team Joest" in pages[0]
    assert "Page 1 of 1" in pages[0]


def test_export_pdf_of_one_class(
    capsys: pytest.CaptureFixture[str], sample_path: Path, tmp_path: Path
) -> None:
    (written,) = export(capsys, sample_path, tmp_path, "--class", "GT")
    assert written.name == "American Le Mans Series 2003 GT standings.pdf"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--single-workbook"], "--single-workbook is for workbooks"),
        (["--class", "LMP1"], "no class 'LMP1'"),
    ],
    ids=["single-workbook", "unknown-class"],
)
def test_export_pdf_refuses(
    capsys: pytest.CaptureFixture[str],
    sample_path: Path,
    tmp_path: Path,
    extra: list[str],
    message: str,
) -> None:
    out = tmp_path / "out"
    code, _, err = run(
        capsys,
        "export",
        "--db",
        str(sample_path),
        "--season",
        "2003",
        "--out",
        str(out),
        "--pdf",
        *extra,
    )
    assert code != 0
    assert message in err
    assert list(out.iterdir()) == []
