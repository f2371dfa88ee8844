"""Worksheets whose cells are written straight as XML, spliced in when the workbook is saved.

openpyxl keeps each sheet's layout (columns, frozen panes, page setup, headers and footers),
the styles and the workbook's properties. The cells themselves are kept here and rendered as
the very XML openpyxl would write for them, which is several times cheaper than building a
cell object per cell and serialising it through openpyxl's element writer: a season of
thousands of results has tens of thousands of styled cells.

Style ids are handed out in the order openpyxl would hand them out (sheet by sheet, row by
row, at save), and fonts, fills and borders are registered when a style is first used, so
a workbook is byte for byte the one openpyxl would have written cell by cell.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.compat import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.worksheet import Worksheet

Value = str | int | float | dt.date | None
StyleKey = tuple[str, bool]  # a named style, and whether the cell is marked as text ('=1)
# What openpyxl writes for a sheet without cells, which the sheet's own cells then replace.
_EMPTY_DIMENSION = re.compile(rb'<dimension ref="A1:A1"\s*/>')
_EMPTY_SHEET_DATA = re.compile(rb"<sheetData\s*/>|<sheetData></sheetData>")


class SheetXmlError(RuntimeError):
    """openpyxl wrote a sheet in a shape this module does not know (another version?)."""


class Book:
    """An openpyxl workbook whose sheets keep their cells as XML until it is saved."""

    def __init__(self, workbook: Workbook, styles: dict[str, dict[str, object]]) -> None:
        self.workbook = workbook
        self._specs = styles
        self._templates: dict[StyleKey, Cell] = {}
        self.sheets: list[Sheet] = []

    def create_sheet(self, title: str) -> Sheet:
        sheet = Sheet(self, self.workbook.create_sheet(title))
        self.sheets.append(sheet)
        return sheet

    def template(self, key: StyleKey) -> Cell:
        """A detached cell carrying the style: made (and its font, fill and border registered
        with the workbook) when the style is first used, as setting them on a cell would."""
        found = self._templates.get(key)
        if found is None:
            name, quoted = key
            found = Cell(self.sheets[0].ws, row=1, column=1)  # never put in the sheet
            for attribute, value in self._specs[name].items():
                setattr(found, attribute, value)
            found.quotePrefix = quoted
            self._templates[key] = found
        return found

    def save(self, target: Path | io.BytesIO) -> None:
        rendered = [(sheet, sheet.render()) for sheet in self.sheets]  # style ids first
        layout = io.BytesIO()
        self.workbook.save(layout)
        parts = {sheet.ws.path.lstrip("/"): (sheet, xml) for sheet, xml in rendered}
        with (
            zipfile.ZipFile(layout) as source,
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as out,
        ):
            for info in source.infolist():
                data = source.read(info)
                if info.filename in parts:
                    sheet, xml = parts.pop(info.filename)
                    data = _splice(data, sheet.dimension(), xml, info.filename)
                out.writestr(info, data)
        if parts:
            raise SheetXmlError(f"openpyxl wrote no part for {', '.join(parts)}")


class Sheet:
    """One worksheet: its openpyxl layout (`ws`) and its cells as XML to be."""

    def __init__(self, book: Book, ws: Worksheet) -> None:
        self.book = book
        self.ws = ws
        self._rows: dict[int, dict[int, tuple[Value, bool, StyleKey]]] = {}
        self._heights: dict[int, float] = {}

    def put(self, row: int, column: int, value: Value, style: StyleKey, *, text: bool) -> None:
        """A cell's value and style (a later put replaces an earlier one, as in openpyxl)."""
        self.book.template(style)
        self._rows.setdefault(row, {})[column] = (value, text, style)

    def set_height(self, row: int, height: float) -> None:
        self._heights[row] = height

    def dimension(self) -> str:
        if not self._rows:
            return "A1:A1"
        columns = [column for cells in self._rows.values() for column in cells]
        first, last = get_column_letter(min(columns)), get_column_letter(max(columns))
        return f"{first}{min(self._rows)}:{last}{max(self._rows)}"

    def render(self) -> bytes:
        """The sheetData element, handing out style ids in the order the cells are written."""
        ids: dict[StyleKey, tuple[int, bool]] = {}
        parts = ["<sheetData>"]
        for row in sorted(self._rows.keys() | self._heights.keys()):
            parts.append(self._row_start(row))
            cells = self._rows.get(row, {})
            for column in sorted(cells):
                value, text, style = cells[column]
                xf = ids.get(style)
                if xf is None:
                    template = self.book.template(style)
                    xf = ids[style] = (template.style_id, template.has_style)
                reference = f"{get_column_letter(column)}{row}"
                parts.append(_cell(reference, xf, value, text, self.book.workbook))
            parts.append("</row>")
        parts.append("</sheetData>")
        return "".join(parts).encode()

    def _row_start(self, row: int) -> str:
        height = self._heights.get(row)
        if height is None:
            return f'<row r="{row}">'
        attributes = dict(RowDimension(self.ws, index=row, ht=height))
        extra = "".join(f' {name}="{value}"' for name, value in attributes.items())
        return f'<row r="{row}"{extra}>'


def _cell(reference: str, xf: tuple[int, bool], value: Value, text: bool, book: Workbook) -> str:
    style = f' s="{xf[0]}"' if xf[1] else ""
    if text:
        start = f'<c r="{reference}"{style} t="inlineStr"'
        if not value:
            return f"{start} />"
        assert isinstance(value, str)
        stripped = value.strip()
        space = ' xml:space="preserve"' if stripped and stripped != value else ""
        return f"{start}><is><t{space}>{_escaped(value)}</t></is></c>"
    start = f'<c r="{reference}"{style} t="n"'
    if value is None:
        return f"{start} />"
    if isinstance(value, dt.date):
        value = to_excel(value, book.epoch)  # type: ignore[no-untyped-call]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"a number cell cannot hold {value!r}")
    return f"{start}><v>{safe_string(value)}</v></c>"


def _escaped(value: str) -> str:
    # As ElementTree escapes text: a line break stays a line break inside the cell.
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


def _splice(part: bytes, dimension: str, sheet_data: bytes, name: str) -> bytes:
    """The sheet's part with its real dimension and its cells in place of the empty ones."""
    part, dimensions = _EMPTY_DIMENSION.subn(f'<dimension ref="{dimension}" />'.encode(), part)
    part, datas = _EMPTY_SHEET_DATA.subn(lambda _match: sheet_data, part)
    if (dimensions, datas) != (1, 1):
        raise SheetXmlError(f"{name} is not the empty sheet openpyxl writes")
    return part
