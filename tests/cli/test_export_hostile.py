"""`export` and `standings` on documents whose names are hostile to files and spreadsheets.

The names are written straight into the document, as a document made before imports refused
them (or by another program) would hold them.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from tests.helpers import run

# (table, old name, new name): renames applied to the 2003 sample season
Rename = tuple[str, str, str]
HOSTILE_DOCUMENTS: list[tuple[str, list[Rename]]] = [
    (
        "classes differing only by punctuation",
        [
            ("season_class", "GT", "GT/1"),
            ("season_class", "GTS", "GT:1"),
            ("season_class", "LMP675", "GT-1"),
        ],
    ),
    (
        "classes differing only by case",
        [("season_class", "GT", "gt"), ("season_class", "GTS", "GT")],
    ),
    (
        "long classes equal in their first 150 characters",
        [("season_class", "GT", "G" * 150 + "T"), ("season_class", "GTS", "G" * 150 + "TS")],
    ),
    ("a 200-character Chinese class", [("season_class", "LMP900", "勒芒原型车" * 40)]),
    (
        "control characters in a class and a team",
        [("season_class", "GT", "GT\x1b[31m"), ("team", "Alex Job Racing", "Alex\x00Job")],
    ),
    (
        "formulas in names",
        [("season_class", "GTS", "=cmd|' /C calc'!A0"), ("team", "Corvette Racing", "@SUM(1)")],
    ),
]


def rename(document: Path, renames: list[Rename]) -> None:
    connection = sqlite3.connect(document)
    with connection:
        ids = [
            connection.execute(f"SELECT id FROM {table} WHERE name = ?", (old,)).fetchone()[0]
            for table, old, _ in renames
        ]
        for (table, _, new), row_id in zip(renames, ids, strict=True):
            connection.execute(f"UPDATE {table} SET name = ? WHERE id = ?", (new, row_id))
    connection.close()


@pytest.mark.parametrize(
    "renames", [case[1] for case in HOSTILE_DOCUMENTS], ids=[case[0] for case in HOSTILE_DOCUMENTS]
)
@pytest.mark.parametrize("single", [False, True], ids=["per class", "single workbook"])
def test_export_writes_every_class_whole(
    renames: list[Rename],
    single: bool,
    sample_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rename(sample_path, renames)
    out = tmp_path / "out"
    argv = ["export", "--db", str(sample_path), "--season", "2003", "--out", str(out)]
    code, stdout, err = run(capsys, *argv, *(["--single-workbook"] if single else []))
    assert (code, err) == (0, "")
    written = [Path(line) for line in stdout.splitlines()]
    assert len(written) == (1 if single else 4)
    assert sorted(p.name for p in out.glob("*.xlsx")) == sorted(p.name for p in written)
    assert len({p.name.casefold() for p in written}) == len(written)  # Windows and macOS too
    sheets = [name for path in written for name in openpyxl.load_workbook(path).sheetnames]
    assert len(sheets) == (13 if single else 16)  # three championships a class


@pytest.mark.parametrize(
    ("team", "field"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1+1", "'+1+1"),
        ("\x1b[31mRed", "\ufffd[31mRed"),
    ],
    ids=["DDE", "plus", "escape"],
)
def test_standings_csv_and_table_are_safe_to_open_and_print(
    team: str, field: str, sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rename(sample_path, [("team", "Alex Job Racing", team)])
    base = ["standings", "--db", str(sample_path), "--season", "2003", "--class", "GT"]
    code, text, err = run(capsys, *base, "--format", "csv")
    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][1] == field
    code, table, err = run(capsys, *base)
    assert (code, err) == (0, "")
    assert "\x1b" not in table
