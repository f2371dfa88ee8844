"""export --pdf: the PDFs carry the status line, follow --as-of-round and are listed in the
folder's manifest; a workbook export and a PDF export into one folder are one export only
when they publish the same results."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from model.io.export.manifest import MANIFEST_NAME, pdf_digest
from tests.gui.pdf_reading import needs_pdftotext, pdf_pages
from tests.helpers import run

pytestmark = needs_pdftotext
Capture = pytest.CaptureFixture[str]


def export(capsys: Capture, db: Path, out: Path, *more: str) -> int:
    argv = ["--db", str(db), "export", "--season", "2003", "--out", str(out), *more]
    code, _, err = run(capsys, *argv)
    assert code == 0, err
    return code


def verify(capsys: Capture, out: Path) -> tuple[int, str, str]:
    return run(capsys, "verify-export", str(out))


def listed(out: Path) -> list[str]:
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    return sorted(item["name"] for item in manifest["files"])


def test_pdfs_sit_in_the_manifest_and_verify(
    capsys: Capture, sample_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    export(capsys, sample_path, out, "--pdf", "--as-of-round", "5")
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 4
    assert listed(out) == [path.name for path in pdfs]
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    status = manifest["edition"]["status"]
    assert status.startswith("Provisional · after round 5 of 9 · ")
    for path in pdfs:
        assert status in pdf_pages(path)[0].replace("\n", " ")
        assert pdf_digest(path) == manifest["digest"]
    assert verify(capsys, out)[:2] == (0, f"OK: {out} holds one whole export\n")


def test_as_of_round_reaches_the_pdf_totals(
    capsys: Capture, sample_path: Path, tmp_path: Path
) -> None:
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    export(capsys, sample_path, whole, "--pdf", "--class", "GT")
    export(capsys, sample_path, cut, "--pdf", "--class", "GT", "--as-of-round", "2")
    (whole_pdf,), (cut_pdf,) = whole.glob("*.pdf"), cut.glob("*.pdf")
    assert pdf_pages(whole_pdf)[0] != pdf_pages(cut_pdf)[0]
    assert "after round 2 of 9" in pdf_pages(cut_pdf)[0]


def same_results(capsys: Capture, db: Path, out: Path) -> None:
    export(capsys, db, out, "--pdf")


def other_results(capsys: Capture, db: Path, out: Path) -> None:
    export(capsys, db, out, "--pdf", "--as-of-round", "5")


@pytest.mark.parametrize(
    ("second", "kinds_listed", "stale"),
    [
        (same_results, {".xlsx", ".pdf"}, 0),
        (other_results, {".pdf"}, 4),
    ],
    ids=["same results: one export of both kinds", "other results: workbooks named stale"],
)
def test_workbooks_then_pdfs_into_one_folder(
    capsys: Capture,
    sample_path: Path,
    tmp_path: Path,
    second: Callable[[Capture, Path, Path], None],
    kinds_listed: set[str],
    stale: int,
) -> None:
    out = tmp_path / "out"
    export(capsys, sample_path, out)
    second(capsys, sample_path, out)
    assert {Path(name).suffix for name in listed(out)} == kinds_listed
    code, _, err = verify(capsys, out)
    others = [line for line in err.splitlines() if line.startswith("from another export: ")]
    assert len(others) == stale
    assert all(line.endswith(".xlsx") for line in others)
    assert code == (1 if stale else 0)


def test_pdfs_then_workbooks_of_other_results_name_the_pdfs(
    capsys: Capture, sample_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    export(capsys, sample_path, out, "--pdf")
    export(capsys, sample_path, out, "--as-of-round", "5")
    code, _, err = verify(capsys, out)
    assert code == 1
    others = [line for line in err.splitlines() if line.startswith("from another export: ")]
    assert len(others) == 4
    assert all(line.endswith(".pdf") for line in others)
