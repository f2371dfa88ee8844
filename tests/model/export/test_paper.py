"""The paper an export is laid out for: A4 or Letter, chosen or from the user's locale."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from model.io.export.edition import Paper, default_paper, paper_for_locale
from tests.helpers import SAMPLE, run


@pytest.mark.parametrize(
    ("name", "paper"),
    [
        ("en_US.UTF-8", Paper.LETTER),
        ("en_GB.UTF-8", Paper.A4),
        ("fr_CA.UTF-8", Paper.LETTER),
        ("fr_FR", Paper.A4),
        ("es-MX", Paper.LETTER),
        ("de_DE@euro", Paper.A4),
        ("en_PH.ISO-8859-1", Paper.LETTER),
        ("C", Paper.A4),
        ("C.UTF-8", Paper.A4),
        ("POSIX", Paper.A4),
        ("", Paper.A4),
        (None, Paper.A4),
        ("en_us.utf8", Paper.LETTER),  # as some systems spell it
        ("_", Paper.A4),  # garbage in the environment is no reason to fail
    ],
)
def test_the_locale_chooses_the_paper(name: str | None, paper: Paper) -> None:
    assert paper_for_locale(name) is paper


def test_lc_all_wins_over_lc_paper(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    monkeypatch.setenv("LC_PAPER", "de_DE.UTF-8")
    assert default_paper() is Paper.LETTER
    monkeypatch.delenv("LC_ALL")
    assert default_paper() is Paper.A4


@pytest.mark.parametrize(
    ("option", "size"),
    [
        (["--paper", "Letter"], Worksheet.PAPERSIZE_LETTER),
        (["--paper", "A4"], Worksheet.PAPERSIZE_A4),
    ],
)
def test_every_sheet_is_set_up_for_the_paper_chosen(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: list[str], size: str
) -> None:
    db = tmp_path / "sample.pitboard"
    assert run(capsys, "--db", str(db), "import-season", str(SAMPLE / "season.json"))[0] == 0
    code, out, err = run(
        capsys, "--db", str(db), "export", "--season", "2003", "--out", str(tmp_path), *option
    )
    assert (code, err) == (0, "")
    for line in out.splitlines():
        workbook = load_workbook(line)
        assert {ws.page_setup.paperSize for ws in workbook.worksheets} == {int(size)}


def test_an_unknown_paper_is_refused_by_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as refused:
        run(capsys, "export", "--season", "2003", "--out", str(tmp_path), "--paper", "A3")
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert "--paper" in err
    assert "'A3'" in err
    assert not any(tmp_path.iterdir())
