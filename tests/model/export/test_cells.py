"""Cells as a reader gets them back: every kind of value the exports write keeps its value and
type, every named style its font, fill, border, alignment and number format; sheets written
out of order are refused rather than silently missing a row or their layout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles.borders import DEFAULT_BORDER
from openpyxl.worksheet.worksheet import Worksheet

from model.io.export.book import Book, SheetOrderError
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

Value = str | int | float | dt.date | None


class Case(NamedTuple):
    what: str
    value: Value  # as written
    style: str
    as_text: bool
    read: object  # as read back
    read_type: str  # as openpyxl reads it: text, number, or a number in a date format


CELLS = [
    Case("plain text", "Alex Job Racing", CELL_TEXT, True, "Alex Job Racing", "s"),
    Case("empty text", "", CELL_TEXT, True, None, "inlineStr"),
    Case("only spaces", "   ", CELL_TEXT, True, "   ", "s"),
    Case("leading space", " Risi", CELL_TEXT, True, " Risi", "s"),
    Case("trailing line break", "Porsche\n", CELL_TEXT, True, "Porsche\n", "s"),
    Case("two lines", "Lola B2K/10\nR&S Mk III", CELL_TEXT, True, "Lola B2K/10\nR&S Mk III", "s"),
    Case("markup characters", "<b>T</b> & \"S\" 'L'", HEADER, True, "<b>T</b> & \"S\" 'L'", "s"),
    Case("formula-like", "=1+1", CELL_TEXT, True, "=1+1", "s"),
    Case("formula-like, other style", "-2", NOTE, True, "-2", "s"),
    Case("an error code", "#N/A", CELL_TEXT, True, "#N/A", "s"),
    Case("a number as text", "12", CELL_TEXT, True, "12", "s"),
    Case("tab inside", "a\tb", CELL_TEXT, True, "a\tb", "s"),
    Case("non-ASCII", "Mäntsälä 🏁 Ω", CELL_TEXT, True, "Mäntsälä 🏁 Ω", "s"),
    Case("zero", 0, round_style("no points"), False, 0, "n"),
    Case("points", 26, round_style("1st"), False, 26, "n"),
    Case("dropped points", 7, round_style("points", dropped=True), False, 7, "n"),
    Case("no value", None, round_style("empty"), False, None, "n"),
    Case("large number", 100_000, CELL_TOTAL, False, 100_000, "n"),
    Case("fraction", 12.5, CELL_TOTAL, False, 12.5, "n"),
    Case("date", dt.date(2003, 3, 15), CELL_DATE, False, dt.datetime(2003, 3, 15), "d"),
    Case("no date", None, CELL_DATE, False, None, "n"),
]
CASE_IDS = [case.what for case in CELLS]


def written(path: Path, cases: list[Case]) -> Worksheet:
    """The cases written one a row from row 2, each in column B, and read back."""
    with Book(Workbook(write_only=True), STYLES) as book:
        sheet = book.create_sheet("Cells")
        for row, case in enumerate(cases, start=2):
            cell: Cell
            if case.as_text:
                assert isinstance(case.value, str)
                cell = text(sheet, case.value, case.style)
            else:
                assert not isinstance(case.value, str)
                cell = number(sheet, case.value, case.style)
            sheet.write_row(row, [None, cell])
        book.save(path)
    ws = openpyxl.load_workbook(path)["Cells"]
    assert isinstance(ws, Worksheet)
    return ws


@pytest.mark.parametrize("case", CELLS, ids=CASE_IDS)
def test_each_kind_of_cell_reads_back_as_written(case: Case, tmp_path: Path) -> None:
    cell = written(tmp_path / "cells.xlsx", [case])["B2"]
    assert (cell.value, cell.data_type) == (case.read, case.read_type)
    formula_like = isinstance(case.value, str) and starts_like_formula(case.value)
    assert cell.quotePrefix is formula_like  # stays text when edited in a spreadsheet
    border = STYLES[case.style].get("border")
    assert cell.border.left.style == (border.left.style if border is not None else None)


def test_a_whole_sheet_of_them_in_order(tmp_path: Path) -> None:
    ws = written(tmp_path / "cells.xlsx", CELLS)
    assert [ws.cell(row, 2).value for row in range(2, len(CELLS) + 2)] == [
        case.read for case in CELLS
    ]
    assert ws.cell(1, 1).value is None


@pytest.mark.parametrize("style", list(STYLES))
def test_each_named_style_reads_back_as_declared(style: str, tmp_path: Path) -> None:
    ws = written(tmp_path / "styles.xlsx", [Case("styled", "x", style, True, "x", "s")])
    cell, spec = ws["B2"], STYLES[style]
    assert (cell.font.name, cell.font.b, cell.font.i) == (
        spec["font"].name,
        spec["font"].b,
        spec["font"].i,
    )
    assert cell.font.sz == spec["font"].sz
    assert cell.fill.fgColor.rgb == (spec["fill"].fgColor.rgb if "fill" in spec else "00000000")
    assert cell.fill.fill_type == (spec["fill"].fill_type if "fill" in spec else None)
    border = spec.get("border", DEFAULT_BORDER)
    for side in ("left", "right", "top", "bottom"):
        assert getattr(cell.border, side).style == getattr(border, side).style
    alignment = spec.get("alignment")
    assert cell.alignment.horizontal == (alignment.horizontal if alignment else None)
    assert cell.alignment.wrap_text == (alignment.wrap_text if alignment else None)
    assert cell.number_format == spec.get("number_format", "General")
    assert cell.style == style  # a reader's style list names it


def test_layout_rows_heights_and_gaps(tmp_path: Path) -> None:
    path = tmp_path / "layout.xlsx"
    with Book(Workbook(write_only=True), STYLES) as book:
        sheet = book.create_sheet("Layout")
        sheet.set_widths({1: 12.5, 3: 40})
        sheet.freeze("C5")
        sheet.write_row(1, [text(sheet, "Title", CELL_TEXT)])
        sheet.write_row(4, [None, None, text(sheet, "two\nlines", CELL_TEXT)], height=30)
        sheet.write_row(9, [text(sheet, "after a gap", NOTE)])
        book.save(path)
    ws = openpyxl.load_workbook(path)["Layout"]
    assert (ws.column_dimensions["A"].width, ws.column_dimensions["C"].width) == (12.5, 40)
    assert ws.freeze_panes == "C5"
    assert ws.row_dimensions[4].height == 30
    assert ws.row_dimensions[1].height is None
    assert [(c.coordinate, c.value) for row in ws.iter_rows() for c in row if c.value] == [
        ("A1", "Title"),
        ("C4", "two\nlines"),
        ("A9", "after a gap"),
    ]


def _row_above(book: Book) -> None:
    sheet = book.create_sheet("S")
    sheet.write_row(3, [])
    sheet.write_row(2, [])


def _same_row_twice(book: Book) -> None:
    sheet = book.create_sheet("S")
    sheet.write_row(3, [])
    sheet.write_row(3, [])


def _widths_late(book: Book) -> None:
    sheet = book.create_sheet("S")
    sheet.write_row(1, [])
    sheet.set_widths({1: 10})


def _freeze_late(book: Book) -> None:
    sheet = book.create_sheet("S")
    sheet.write_row(2, [])
    sheet.freeze("A2")


# Writing a sheet in an order openpyxl's write-only mode would silently get wrong.
OUT_OF_ORDER = [
    pytest.param(_row_above, r"row 2 comes after row 3", id="a row above the last"),
    pytest.param(_same_row_twice, r"row 3 comes after row 3", id="the same row twice"),
    pytest.param(_widths_late, r"column widths set after its first row", id="widths late"),
    pytest.param(_freeze_late, r"frozen panes set after its first row", id="frozen panes late"),
]


@pytest.mark.parametrize(("write", "message"), OUT_OF_ORDER)
def test_writing_out_of_order_is_refused(write: Callable[[Book], None], message: str) -> None:
    book = Book(Workbook(write_only=True), STYLES)
    with pytest.raises(SheetOrderError, match=rf"sheet 'S': {message}"), book:
        write(book)


def _half_written(book: Book) -> None:
    started = book.create_sheet("Started")
    started.write_row(1, [text(started, "x", CELL_TEXT)])
    book.create_sheet("Untouched")
    raise RuntimeError("stopped")


def test_a_workbook_abandoned_half_written_closes_its_sheets() -> None:
    book = Book(Workbook(write_only=True), STYLES)
    with pytest.raises(RuntimeError, match="stopped"), book:
        _half_written(book)
    assert [ws.title for ws in book.workbook.worksheets] == ["Started", "Untouched"]
    assert all(ws.closed for ws in book.workbook.worksheets)


def test_only_a_write_only_workbook_is_accepted() -> None:
    with pytest.raises(ValueError, match="write-only"):
        Book(Workbook(), STYLES)
