"""Workbooks written through openpyxl's write-only mode, one row after another.

openpyxl's fast path for big sheets: each row is written out as it is appended, and the
worksheet keeps no cells. It imposes an order, which `Sheet` enforces instead of leaving
openpyxl to drop what comes too late: column widths and frozen panes are written with the
sheet's first row, and rows are written top to bottom, each with its height.

Cell styles are openpyxl named styles, registered in the workbook the first time a sheet
uses them; a cell is made with its style in one step.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, cast

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import NamedStyle
from openpyxl.styles.borders import DEFAULT_BORDER
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.dimensions import ColumnDimension, DimensionHolder, RowDimension
from openpyxl.worksheet.page import PrintOptions, PrintPageSetup
from openpyxl.worksheet.properties import WorksheetProperties

Value = str | float | dt.date | None


class SheetLayout(Protocol):
    """What a write-only sheet shares with a normal one for its layout and printing (set up
    by the same code in openpyxl; its type stubs leave them out)."""

    row_dimensions: DimensionHolder[int, RowDimension]
    column_dimensions: DimensionHolder[str, ColumnDimension]
    page_setup: PrintPageSetup
    print_options: PrintOptions
    sheet_properties: WorksheetProperties


class SheetOrderError(RuntimeError):
    """A sheet was written out of order: a row above one already written, or its layout after
    its first row (openpyxl would silently leave that out)."""


class Book:
    """A write-only workbook and the named cell styles its sheets may use.

    Use as a context manager around building and saving it: a write-only sheet holds an open
    stream from its first row until the workbook is saved, and one left open when building
    fails is closed on the way out rather than left to the garbage collector.
    """

    def __init__(self, workbook: Workbook, styles: Mapping[str, Mapping[str, Any]]) -> None:
        if not workbook.write_only:
            raise ValueError("a Book writes through openpyxl's write-only mode")
        self.workbook = workbook
        self._specs = styles
        self._arrays: dict[str, StyleArray] = {}

    def __enter__(self) -> Book:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for ws in self.workbook.worksheets:
            if isinstance(ws, WriteOnlyWorksheet) and not ws.closed:
                # Only a workbook abandoned by an error has one: that error is the one to tell.
                with contextlib.suppress(OSError):
                    ws.close()

    def create_sheet(self, title: str) -> Sheet:
        ws = self.workbook.create_sheet(title)
        assert isinstance(ws, WriteOnlyWorksheet)
        return Sheet(self, ws)

    def style(self, name: str) -> StyleArray:
        """The named style's settings, registered with the workbook when first asked for."""
        found = self._arrays.get(name)
        if found is None:
            # What a style leaves unset is the workbook's default, as on a cell; a NamedStyle's
            # own default border (no sides at all) would be another, if invisible, border.
            spec = {"font": DEFAULT_FONT, "border": DEFAULT_BORDER, **self._specs[name]}
            named = NamedStyle(name=name, **spec)
            self.workbook.add_named_style(named)
            found = self._arrays[name] = named.as_tuple()
        return found

    def save(self, target: Path) -> None:
        self.workbook.save(target)


class Sheet:
    """One write-only worksheet, written from its first row down."""

    def __init__(self, book: Book, ws: WriteOnlyWorksheet) -> None:
        self.book = book
        self.ws = ws
        self._next_row = 1

    @property
    def layout(self) -> SheetLayout:
        return cast(SheetLayout, self.ws)

    def cell(self, value: Value, style: str) -> Cell:
        """A write-only cell in a named style. Given the style's settings as it is made, it
        is the cell `WriteOnlyCell` gives with `.style = name` set, without a look-up by name
        for each of a season's tens of thousands of cells."""
        return Cell(self.ws, row=1, column=1, value=value, style_array=self.book.style(style))

    def set_widths(self, widths: Mapping[int, float]) -> None:
        self._check_layout("column widths")
        for column, width in widths.items():
            self.layout.column_dimensions[get_column_letter(column)].width = width

    def freeze(self, top_left: str) -> None:
        """Rows above and columns left of `top_left` stay in view."""
        self._check_layout("frozen panes")
        self.ws.freeze_panes = top_left

    def write_row(
        self, row: int, cells: Sequence[Cell | None], *, height: float | None = None
    ) -> None:
        """Row `row`'s cells from column A on (None leaves a cell empty); the rows skipped
        since the last one written stay empty."""
        if row < self._next_row:
            raise SheetOrderError(
                f"sheet {self.ws.title!r}: row {row} comes after row {self._next_row - 1}"
            )
        while self._next_row < row:
            self.ws.append([])
            self._next_row += 1
        if height is not None:
            self.layout.row_dimensions[row].height = height
        self.ws.append(list(cells))
        self._next_row += 1

    def _check_layout(self, what: str) -> None:
        if self._next_row > 1:
            raise SheetOrderError(f"sheet {self.ws.title!r}: {what} set after its first row")
