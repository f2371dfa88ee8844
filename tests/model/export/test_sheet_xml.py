"""Cells written as XML are exactly the cells openpyxl would write, value by value and style
by style: a reader (and a byte comparison) cannot tell the two workbooks apart."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from model.io.export.sheet_xml import Book, SheetXmlError, Value, _splice
from model.io.export.sheets import (
    CELL_DATE,
    CELL_TEXT,
    CELL_TOTAL,
    HEADER,
    NOTE,
    STYLES,
    number,
    round_style,
    text,
)
from model.io.export.text_guards import starts_like_formula

# (what, value, style, written as text): one row of a sheet each
CELLS: list[tuple[str, Value, str, bool]] = [
    ("plain text", "Alex Job Racing", CELL_TEXT, True),
    ("empty text", "", CELL_TEXT, True),
    ("only spaces", "   ", CELL_TEXT, True),
    ("leading space", " Risi", CELL_TEXT, True),
    ("trailing line break", "Porsche\n", CELL_TEXT, True),
    ("two lines", "Lola B2K/10\nRiley & Scott Mk III C", CELL_TEXT, True),
    ("markup characters", "<b>Team</b> & \"Sons\" 'Ltd'", HEADER, True),
    ("formula-like", "=1+1", CELL_TEXT, True),
    ("formula-like, other style", "-2", NOTE, True),
    ("tab inside", "a\tb", CELL_TEXT, True),
    ("non-ASCII", "Mäntsälä 🏁 Ω", CELL_TEXT, True),
    ("zero", 0, round_style("no points"), False),
    ("points", 26, round_style("1st"), False),
    ("dropped points", 7, round_style("points", dropped=True), False),
    ("no value", None, round_style("empty"), False),
    ("large number", 100_000, CELL_TOTAL, False),
    ("fraction", 12.5, CELL_TOTAL, False),
    ("date", dt.date(2003, 3, 15), CELL_DATE, False),
    ("no date", None, CELL_DATE, False),
]


def through_openpyxl(cells: list[tuple[str, Value, str, bool]], heights: dict[int, int]) -> bytes:
    """The reference: the same cells set one by one on openpyxl cells."""
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    for row, (_what, value, style, as_text) in enumerate(cells, start=2):
        cell = ws.cell(row=row, column=2 + row % 3)
        cell.value = value
        if as_text:
            cell.data_type = "s"
        for attribute, setting in STYLES[style].items():
            setattr(cell, attribute, setting)
        if isinstance(value, str) and starts_like_formula(value):
            cell.quotePrefix = True
    for row, height in heights.items():
        ws.row_dimensions[row].height = height
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def through_book(cells: list[tuple[str, Value, str, bool]], heights: dict[int, int]) -> bytes:
    book = Book(Workbook(), STYLES)
    book.workbook.remove(book.workbook.active)  # type: ignore[arg-type]
    sheet = book.create_sheet("Sheet")
    for row, (_what, value, style, as_text) in enumerate(cells, start=2):
        if as_text:
            assert isinstance(value, str)
            text(sheet, row, 2 + row % 3, value, style)
        else:
            assert not isinstance(value, str)
            number(sheet, row, 2 + row % 3, value, style)
    for row, height in heights.items():
        sheet.set_height(row, height)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def parts(workbook: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if name != "docProps/core.xml"  # holds the time of saving
        }


@pytest.mark.parametrize(
    ("what", "value", "style", "as_text"), CELLS, ids=[cell[0] for cell in CELLS]
)
def test_each_kind_of_cell_is_written_as_openpyxl_writes_it(
    what: str, value: Value, style: str, as_text: bool
) -> None:
    cell = [(what, value, style, as_text)]
    assert parts(through_book(cell, {})) == parts(through_openpyxl(cell, {}))


def test_a_whole_sheet_of_them_with_taller_rows_is_the_same_workbook() -> None:
    heights = {3: 30, 7: 45, 40: 30}  # the last one on a row without cells
    assert parts(through_book(CELLS, heights)) == parts(through_openpyxl(CELLS, heights))


def test_what_a_reader_sees(tmp_path: Path) -> None:
    path = tmp_path / "cells.xlsx"
    path.write_bytes(through_book(CELLS, {3: 30}))
    ws = openpyxl.load_workbook(path).active
    assert ws is not None
    read = {what: ws.cell(row=row, column=2 + row % 3) for row, (what, *_) in enumerate(CELLS, 2)}
    assert read["two lines"].value == "Lola B2K/10\nRiley & Scott Mk III C"
    assert read["markup characters"].value == "<b>Team</b> & \"Sons\" 'Ltd'"
    assert (read["formula-like"].value, read["formula-like"].data_type) == ("=1+1", "s")
    assert read["formula-like"].quotePrefix
    assert read["empty text"].value is None
    assert read["zero"].value == 0
    assert read["date"].value == dt.datetime(2003, 3, 15)
    assert read["points"].fill.fgColor.rgb == STYLES[round_style("1st")]["fill"].fgColor.rgb
    assert read["no value"].border.left.style == "thin"
    assert ws.row_dimensions[3].height == 30
    assert ws.dimensions == f"B2:D{len(CELLS) + 1}"


# What a sheet's part may hold that this module must refuse rather than splice blindly.
UNKNOWN_PARTS = [
    ("cells already there", b'<dimension ref="A1:A1" /><sheetData><row r="1" /></sheetData>'),
    ("no dimension", b"<sheetData></sheetData>"),
    ("two sheetData", b'<dimension ref="A1:A1" /><sheetData></sheetData><sheetData />'),
]


@pytest.mark.parametrize("part", [p[1] for p in UNKNOWN_PARTS], ids=[p[0] for p in UNKNOWN_PARTS])
def test_a_sheet_part_of_an_unknown_shape_is_refused(part: bytes) -> None:
    with pytest.raises(SheetXmlError, match=r"sheet1\.xml"):
        _splice(part, "A1:B2", b"<sheetData></sheetData>", "xl/worksheets/sheet1.xml")
