"""Hostile spreadsheets and tables from other timing systems: refused with the file, line and
field, read as they stream past, and never larger than the documented limits."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from model.errors import InputError
from model.io import generic_import
from model.io.alkamel import TimingFileError
from model.io.generic_import import guess_mapping, read_table, table_to_timing
from model.io.limits import MAX_TABLE_COLUMNS, MAX_WORKBOOK_BYTES
from model.io.textfiles import read_bytes

HEADER = ["Pos", "No.", "Team", "Class", "Laps", "Drivers", "Status"]
FIRST = ["1", "7", "Blue Racing", "LMP2", "120", "Anna Blue / Ben Blau", "Classified"]


def with_cell(column: str, value: str) -> list[list[str]]:
    first = list(FIRST)
    first[HEADER.index(column)] = value
    return [HEADER, first, ["2", "8", "Red", "LMP2", "119", "Carl Red", "Classified"]]


def write(path: Path, rows: list[list[str]]) -> Path:
    if path.suffix == ".xlsx":
        workbook = Workbook()
        for row in rows:
            workbook.active.append(row)  # type: ignore[union-attr]
        workbook.save(path)
    else:
        path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    return path


# (case, column, value, what the message must say)
CELLS: list[tuple[str, str, str, str]] = [
    ("position 0", "Pos", "0", "line 2, field 'position': must be at least 1, found 0"),
    ("an infinite position", "Pos", "1e400", "field 'position': expected a whole number"),
    ("laps of 10**20", "Laps", "1" + "0" * 20, "line 2, field 'laps': must be at most 100,000"),
    ("laps of 2**63", "Laps", str(2**63), "field 'laps': must be at most 100,000"),
    ("a fraction of a lap", "Laps", "119.5", "field 'laps': expected a whole number"),
    ("laps as nan", "Laps", "nan", "field 'laps': expected a whole number"),
    ("a superscript", "Pos", "²", "field 'position': expected a whole number"),
    ("a driver named twice", "Drivers", "Ann / Ann", "field 'drivers': 'Ann' is named twice"),
]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize(
    ("column", "value", "message"), [c[1:] for c in CELLS], ids=[c[0] for c in CELLS]
)
def test_hostile_cells(tmp_path: Path, suffix: str, column: str, value: str, message: str) -> None:
    table = read_table(write(tmp_path / f"race{suffix}", with_cell(column, value)))
    with pytest.raises(TimingFileError) as raised:
        table_to_timing(table, guess_mapping(table.header))
    assert str(raised.value).startswith(f"race{suffix}")
    assert message in str(raised.value)


# Cells refused as they are read. (case, file suffix, column, value, what the message must
# say). A workbook's XML cannot hold most C0 controls, but line breaks, tabs and C1 controls
# pass through it.
CONTROLS: list[tuple[str, str, str, str, str]] = [
    ("an escape in a team", ".csv", "Team", "Blue\x1b[31m", "line 2, field 'Team': contains a"),
    ("NUL in a driver", ".csv", "Drivers", "Anna\x00", "line 2, field 'Drivers': contains a"),
    ("a vertical tab in a class", ".csv", "Class", "LM\x0bP2", "field 'Class': contains"),
    ("a C1 control in a status", ".csv", "Status", "Class\x85ified", "field 'Status': contains"),
    ("a line break in a team", ".xlsx", "Team", "Blue\nRacing", "line 2, field 'Team': contains"),
    ("a tab in a driver", ".xlsx", "Drivers", "Anna\tBlue", "field 'Drivers': contains a"),
    ("a CSI control in a class", ".xlsx", "Class", "\x9b31mLMP2", "field 'Class': contains a"),
    ("a C1 control in a status", ".xlsx", "Status", "Class\x85ified", "field 'Status': contains"),
    ("a team of 600 characters", ".csv", "Team", "T" * 600, "field 'Team': 600 characters is"),
    ("a team of 600 characters", ".xlsx", "Team", "T" * 600, "field 'Team': 600 characters is"),
]


@pytest.mark.parametrize(
    ("suffix", "column", "value", "message"),
    [c[1:] for c in CONTROLS],
    ids=[f"{c[0]} ({c[1]})" for c in CONTROLS],
)
def test_control_characters_in_cells(
    tmp_path: Path, suffix: str, column: str, value: str, message: str
) -> None:
    path = write(tmp_path / f"race{suffix}", with_cell(column, value))
    with pytest.raises(TimingFileError) as raised:
        read_table(path)
    assert str(raised.value).startswith(f"race{suffix}")
    assert message in str(raised.value)
    assert not any(c in str(raised.value) for c in "\x1b\x00\x0b\x85\n\t\x9b")  # escaped


def test_an_escape_written_into_the_workbook_xml_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "race.xlsx", with_cell("Team", "Blue"))
    rewrite_part(path, "xl/sharedStrings.xml", lambda xml: xml.replace(b">Blue<", b">Blue\x1b<"))
    with pytest.raises(TimingFileError, match=r"race\.xlsx: not a readable workbook"):
        read_table(path)


def rewrite_part(path: Path, name: str, change: object) -> None:
    """Rewrite one part of a workbook (the sheet's XML, say) as another program might."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    if name not in parts:  # openpyxl writes inline strings in some versions
        name = "xl/worksheets/sheet1.xml"
    parts[name] = change(parts[name])  # type: ignore[operator]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for part, data in parts.items():
            target.writestr(part, data)


def rewrite_sheet(path: Path, change: object) -> Path:
    rewrite_part(path, "xl/worksheets/sheet1.xml", change)
    return path


def test_a_sheet_claiming_every_column_is_read_as_wide_as_it_is(tmp_path: Path) -> None:
    path = write(tmp_path / "wide.xlsx", with_cell("Team", "Blue"))
    rewrite_sheet(
        path,
        lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml),
    )
    table = read_table(path)
    assert table.header == tuple(HEADER)
    assert [len(cells) for _, cells in table.rows] == [7, 7]


def test_styled_empty_cells_far_to_the_right_cost_nothing(tmp_path: Path) -> None:
    # The shape of a 514 kB workbook that took 92 s and 766 MB: every row reaching column XFD.
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in with_cell("Team", "Blue"):
        sheet.append(row)
    for row in range(1, 4):
        sheet.cell(row=row, column=16384).number_format = "0.00"
    path = tmp_path / "far.xlsx"
    workbook.save(path)
    table = read_table(path)
    assert table.header == tuple(HEADER)
    assert [len(cells) for _, cells in table.rows] == [7, 7]


def test_a_value_past_the_last_column_read_is_refused(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in with_cell("Team", "Blue"):
        sheet.append(row)
    sheet.cell(row=2, column=MAX_TABLE_COLUMNS + 1, value="x")
    path = tmp_path / "wide.xlsx"
    workbook.save(path)
    with pytest.raises(TimingFileError, match="line 2: more than 256 columns"):
        read_table(path)


def test_a_workbook_that_unpacks_past_the_limit_is_refused_unopened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generic_import, "MAX_WORKBOOK_UNPACKED_BYTES", 50_000)
    path = write(tmp_path / "bomb.xlsx", with_cell("Team", "Blue"))
    rewrite_sheet(path, lambda xml: xml.replace(b"</worksheet>", b" " * 100_000 + b"</worksheet>"))
    with pytest.raises(TimingFileError, match="unpacks to 0 MB; Pitboard reads workbooks of"):
        read_table(path)


def test_a_sheet_going_on_past_the_last_row_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generic_import, "MAX_SHEET_ROW", 50)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in with_cell("Team", "Blue"):
        sheet.append(row)
    sheet.cell(row=60, column=1, value="3")
    path = tmp_path / "long.xlsx"
    workbook.save(path)
    with pytest.raises(TimingFileError, match="line 51: the sheet goes on past row 50"):
        read_table(path)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_more_rows_than_one_race_has_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    monkeypatch.setattr(generic_import, "MAX_TABLE_ROWS", 5)
    rows = [HEADER] + [[str(n), str(n), "T", "GT", "1", "D", "Classified"] for n in range(1, 9)]
    with pytest.raises(TimingFileError, match="line 7: more than 5 rows: far too many"):
        read_table(write(tmp_path / f"many{suffix}", rows))


@pytest.mark.parametrize(
    ("name", "limit"), [("big.xlsx", MAX_WORKBOOK_BYTES), ("big.csv", 5_000_000)]
)
def test_a_table_file_past_its_limit_is_refused_unread(
    tmp_path: Path, name: str, limit: int
) -> None:
    path = tmp_path / name
    with path.open("wb") as handle:
        handle.truncate(limit + 1)  # sparse: reading it would take time, refusing it none
    with pytest.raises(TimingFileError, match=f"{name}: the file is {(limit + 1) / 1e6:.1f} MB"):
        read_table(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_not_a_table(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.xlsx"
    os.mkfifo(pipe)
    with pytest.raises(TimingFileError, match="this is a named pipe"):
        read_table(pipe)


def test_no_more_than_the_limit_is_read_from_a_file_that_says_it_is_empty() -> None:
    # Files in /proc report a size of 0 and hold more; the reader stops at limit + 1 bytes.
    path = Path("/proc/self/status")
    if not path.exists():
        pytest.skip("no /proc here")
    with pytest.raises(InputError, match=re.escape("the file is more than 0.0001 MB")):
        read_bytes(path, limit=100, what="tests")


def test_a_table_read_from_text_keeps_its_lines(tmp_path: Path) -> None:
    text = "Car,Class\n1,GT\n" + '2,"G\nT"\n'
    path = tmp_path / "quoted.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TimingFileError, match="line 4, field 'Class': contains a control"):
        read_table(path)
    assert read_table(write(tmp_path / "ok.csv", with_cell("Team", "Blue"))).rows[0][0] == 2


def test_a_workbook_read_from_memory_needs_no_file() -> None:
    workbook = Workbook()
    for row in with_cell("Team", "Blue"):
        workbook.active.append(row)  # type: ignore[union-attr]
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = generic_import.read_workbook(buffer.getvalue(), source="memory.xlsx")
    assert table.header == tuple(HEADER)
