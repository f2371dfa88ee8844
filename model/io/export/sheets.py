"""Writing cells with meaning: user text that stays text, numbers that stay numbers, styles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from model.io.export.book import Sheet
from model.io.export.colours import PLACES, ROUND_COLOURS
from model.io.export.naming import fit, utf16_units
from model.io.export.text_guards import printable, starts_like_formula
from model.scoring.points import plain_points

CELL_CHARACTERS = 32767  # the most a cell holds; Excel refuses a file with more
FONT_NAME = "Calibri"  # named everywhere: a font without a name renders in a serif face

TITLE_FONT = Font(name=FONT_NAME, bold=True, size=14)
SUBTITLE_FONT = Font(name=FONT_NAME, bold=True, size=12)
HEADER_FONT = Font(name=FONT_NAME, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
PLAIN = Font(name=FONT_NAME)
BOLD = Font(name=FONT_NAME, bold=True)
NOTE_FONT = Font(name=FONT_NAME, italic=True, size=9, color="404040")
STATUS_FONT = Font(name=FONT_NAME, bold=True, size=10, color="000000")
# A dropped score is in brackets (its number format) and italic; its grey stays dark enough
# to read on every fill (4.5:1 or more), the brackets being the mark that survives any print.
DROPPED_FONT = Font(name=FONT_NAME, italic=True, color="333333")
BOLD_ROUND = Font(name=FONT_NAME, bold=True)
CODE_FONT = Font(name=FONT_NAME, size=9)
PENALTY_FONT = Font(name=FONT_NAME, color="C00000")
THIN = Side(style="thin", color="BFBFBF")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WIN_SIDE = Side(style="medium", color="000000")
BOXED = Border(left=WIN_SIDE, right=WIN_SIDE, top=WIN_SIDE, bottom=WIN_SIDE)  # a win
CENTER = Alignment(horizontal="center", vertical="center")
TEXT = Alignment(horizontal="left", vertical="center", wrap_text=True)

# Round cells coloured by the class position that earned them, as published tables do.
PLACE_FILLS = {
    place: PatternFill("solid", fgColor=ROUND_COLOURS[kind]) for place, kind in PLACES.items()
}
POINTS_FILL = PatternFill("solid", fgColor=ROUND_COLOURS["points"])
NO_POINTS_FILL = PatternFill("solid", fgColor=ROUND_COLOURS["no points"])
# Points show as published: 72 (never 72.0) and 71.5, still numbers a spreadsheet adds up.
POINTS_FORMAT = "General"
DROPPED_FORMAT = '"("General")"'  # a dropped score shown in brackets, still a number
PENALTY_FORMAT = "+General;-General;General"  # a penalty with its sign: -10, +5
EXCLUDED_FONT = Font(name=FONT_NAME, italic=True, color="595959")  # greyed, still 7:1
DATE_FORMAT = "yyyy-mm-dd"
DATE_CHARACTERS = len("2003-03-15")


# Cell styles by name (see STYLES): named styles in the workbook (model/io/export/book.py).
TITLE = "Pitboard title"
SUBTITLE = "Pitboard subtitle"
HEADER = "Pitboard header"
CELL_TEXT = "Pitboard text"
CELL_CENTRED = "Pitboard centred"
CELL_TOTAL = "Pitboard total"
CELL_PENALTY = "Pitboard penalty"
EXCLUDED_TEXT = "Pitboard excluded text"
EXCLUDED_CENTRED = "Pitboard excluded"
CELL_WINNER = "Pitboard winner"
CELL_DATE = "Pitboard date"
NOTE = "Pitboard note"
STATUS_LINE = "Pitboard status line"
KEY_NOTE = "Pitboard key note"  # what the key's marks mean, apart from the rules' footnote
ROUND_FILLS: dict[str, PatternFill | None] = {
    "1st": PLACE_FILLS[1],
    "2nd": PLACE_FILLS[2],
    "3rd": PLACE_FILLS[3],
    "points": POINTS_FILL,
    "no points": NO_POINTS_FILL,
    "status": PatternFill("solid", fgColor=ROUND_COLOURS["status"]),
    "empty": None,
}
PODIUM = ("1st", "2nd", "3rd")


def round_style(kind: str, *, dropped: bool = False) -> str:
    return f"Pitboard round {kind}{' dropped' if dropped else ''}"


def key_style(kind: str) -> str:
    return f"Pitboard key {kind}"


def _style_specs() -> dict[str, dict[str, Any]]:
    """What each named style sets: font, fill, alignment, border, number format."""
    grid: dict[str, Any] = {"border": GRID}
    specs: dict[str, dict[str, Any]] = {
        TITLE: {"font": TITLE_FONT},
        SUBTITLE: {"font": SUBTITLE_FONT},
        HEADER: {"font": HEADER_FONT, "fill": HEADER_FILL, "alignment": CENTER, **grid},
        CELL_TEXT: {"font": PLAIN, "alignment": TEXT, **grid},
        CELL_CENTRED: {"font": PLAIN, "alignment": CENTER, **grid},
        CELL_TOTAL: {"font": BOLD, "alignment": CENTER, "number_format": POINTS_FORMAT, **grid},
        CELL_PENALTY: {
            "font": PENALTY_FONT,
            "alignment": CENTER,
            "number_format": PENALTY_FORMAT,
            **grid,
        },
        EXCLUDED_TEXT: {"font": EXCLUDED_FONT, "alignment": TEXT, **grid},
        EXCLUDED_CENTRED: {
            "font": EXCLUDED_FONT,
            "alignment": CENTER,
            "number_format": POINTS_FORMAT,
            **grid,
        },
        CELL_WINNER: {"font": BOLD, "alignment": TEXT, **grid},
        CELL_DATE: {"font": PLAIN, "alignment": CENTER, "number_format": DATE_FORMAT, **grid},
        NOTE: {"font": NOTE_FONT},
        STATUS_LINE: {"font": STATUS_FONT},
        KEY_NOTE: {"font": NOTE_FONT},
    }
    for kind, fill in ROUND_FILLS.items():
        filled: dict[str, Any] = {"fill": fill} if fill is not None else {}
        # A win is bold and boxed, 2nd and 3rd bold: marks that print without colour.
        edged: dict[str, Any] = {"border": BOXED if kind == "1st" else GRID}
        font = CODE_FONT if kind == "status" else BOLD_ROUND if kind in PODIUM else PLAIN
        common: dict[str, Any] = {"alignment": CENTER, **edged, **filled}
        specs[round_style(kind)] = {"font": font, "number_format": POINTS_FORMAT, **common}
        specs[round_style(kind, dropped=True)] = {
            "font": Font(name=FONT_NAME, italic=True, bold=font.b, color=DROPPED_FONT.color),
            "number_format": DROPPED_FORMAT,
            **common,
        }
        key_font = Font(name=FONT_NAME, size=9, bold=font.b)
        specs[key_style(kind)] = {"font": key_font, **common}
    return specs


STYLES = _style_specs()


def text(sheet: Sheet, value: str, style: str) -> Cell:
    """A cell holding `value` as text, never as a formula, whatever it starts with.

    Characters a workbook cannot hold are replaced visibly: a document from before imports
    refused them must still export. Text that looks like a formula is marked as text, so it
    stays text if someone edits the cell in a spreadsheet.
    """
    value = printable(value)
    if len(value) > CELL_CHARACTERS // 2 and utf16_units(value) > CELL_CHARACTERS:
        value = fit(value, CELL_CHARACTERS, utf16_units)
    cell = sheet.cell(value, style)
    cell.data_type = "s"  # openpyxl reads '=1+1' as a formula and '#N/A' as an error
    if starts_like_formula(value):
        cell.quotePrefix = True
    return cell


def number(sheet: Sheet, value: float | Decimal | dt.date | None, style: str) -> Cell:
    """A number (points as a whole number where they are whole: 72, 71.5) or a date."""
    shown = plain_points(value) if isinstance(value, Decimal) else value
    return sheet.cell(shown, style)


def text_widths(headers: Sequence[str], rows: Iterable[Sequence[Cell | None]]) -> dict[int, int]:
    """Characters in each column's widest header or line of text, by column number."""
    widths = {column: len(header) for column, header in enumerate(headers, start=1)}
    for cells in rows:
        for column, cell in enumerate(cells, start=1):
            if cell is not None and isinstance(cell.value, str):
                widths[column] = max(widths.get(column, 0), text_width(cell.value))
    return widths


def column_widths(widths: dict[int, int], *, minimum: int = 4) -> dict[int, float]:
    """Column widths, in a spreadsheet's units, for columns of the given characters."""
    return {column: max(minimum, width) * 1.15 + 2 for column, width in widths.items()}


def text_width(value: str) -> int:
    """Characters on the widest line of a (possibly multi-line) cell."""
    return max((len(line) for line in value.split("\n")), default=0)
