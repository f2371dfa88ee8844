"""Writing cells with meaning: user text that stays text, numbers that stay numbers, styles."""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@")
FONT_NAME = "Calibri"  # named everywhere: a font without a name renders in a serif face

TITLE_FONT = Font(name=FONT_NAME, bold=True, size=14)
SUBTITLE_FONT = Font(name=FONT_NAME, bold=True, size=12)
HEADER_FONT = Font(name=FONT_NAME, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
PLAIN = Font(name=FONT_NAME)
BOLD = Font(name=FONT_NAME, bold=True)
NOTE_FONT = Font(name=FONT_NAME, italic=True, size=9, color="404040")
DROPPED_FONT = Font(name=FONT_NAME, italic=True, color="808080")
THIN = Side(style="thin", color="BFBFBF")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center")
TEXT = Alignment(horizontal="left", vertical="center", wrap_text=True)

# Round cells coloured by the class position that earned them, as published tables do.
PLACE_FILLS = {
    1: PatternFill("solid", fgColor="FFD966"),  # 1st: gold
    2: PatternFill("solid", fgColor="D9D9D9"),  # 2nd: silver
    3: PatternFill("solid", fgColor="F4B183"),  # 3rd: bronze
}
POINTS_FILL = PatternFill("solid", fgColor="C6EFCE")  # other points
NO_POINTS_FILL = PatternFill("solid", fgColor="EDEDED")  # raced, scored nothing
DROPPED_FORMAT = '"("0")"'  # a dropped score shown in brackets, still a number


def text(ws: Worksheet, row: int, column: int, value: str, **style: Any) -> None:
    """Write `value` as text, never as a formula, whatever it starts with."""
    cell = ws.cell(row=row, column=column)
    cell.value = value
    cell.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True  # stays text if someone edits the cell in a spreadsheet
    _style(cell, style)


def number(ws: Worksheet, row: int, column: int, value: int | float | None, **style: Any) -> None:
    cell = ws.cell(row=row, column=column)
    cell.value = value
    _style(cell, style)


def _style(cell: Any, style: dict[str, Any]) -> None:
    for name, value in style.items():
        setattr(cell, name, value)


def fit_columns(ws: Worksheet, widths: dict[int, int], *, minimum: int = 4) -> None:
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = max(minimum, width) * 1.15 + 2


def text_width(value: str) -> int:
    """Characters on the widest line of a (possibly multi-line) cell."""
    return max((len(line) for line in value.split("\n")), default=0)
