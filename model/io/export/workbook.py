"""Standings workbooks laid out like the published tables, ready to print and publish."""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Sequence
from typing import Literal

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from model.io.export.book import Book, Sheet
from model.io.export.cell_coding import KEY_CELLS, key_lines, position_text, round_look
from model.io.export.contention_text import contention_note
from model.io.export.edition import Edition, Paper
from model.io.export.naming import fit, utf16_units
from model.io.export.penalty_text import (
    cell_text,
    every_row,
    has_penalty_column,
    penalty_notes,
    signed_points,
)
from model.io.export.sheets import (
    CELL_CENTRED,
    CELL_PENALTY,
    CELL_TEXT,
    CELL_TOTAL,
    DROPPED_FORMAT,
    EXCLUDED_CENTRED,
    EXCLUDED_TEXT,
    HEADER,
    KEY_NOTE,
    NOTE,
    PENALTY_FORMAT,
    POINTS_FORMAT,
    STATUS_LINE,
    STYLES,
    SUBTITLE,
    TITLE,
    column_widths,
    key_style,
    number,
    round_style,
    text,
    text_widths,
)
from model.io.export.text_guards import printable
from model.io.export.titles import PENALTY_HEADER, TITLES
from model.scoring.standings import Championship, RoundCell, StandingsRow, StandingsTable
from model.store.season_data import SeasonData

HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
FIRST_ROUND_COLUMN = 5  # after position, name, chassis and engine
FROZEN = f"C{FIRST_ROW}"  # header rows and the position and name columns stay in view
HEADER_CHARACTERS = 255  # Excel's limit for a page header or footer, codes included
ELLIPSIS = "…"
STATUS_ROW = 3  # the status line, under the subtitle
LINE_HEIGHT = 15  # points a line of table text takes
# Name, chassis and engine columns wrap at these many characters instead of widening the table.
WRAPPED_COLUMNS = {2: 30, 3: 24, 4: 24}
# The footer holds the date (left), the status (centre) and 'Page &P of &N' (right).
FOOTER_ROOM = HEADER_CHARACTERS - len("&LPublished 2003-10-20&C&RPage &P of &N")
SMALLEST_SCALE = 0.6  # below this a table fitted to the page's width is too small to read


def championship_title(championship: Championship) -> str:
    return TITLES[championship][0]


def write_standings(
    sheet: Sheet, data: SeasonData, table: StandingsTable, notes: Sequence[str], edition: Edition
) -> None:
    """One class's championship table, with title, status line, key and the rules beneath it;
    the excluded competitors are listed after the ranked ones, and each penalty is explained."""
    title = f"{data.series} {data.year} — {table.class_name}"
    subtitle, name = TITLES[table.championship]
    penalty = [PENALTY_HEADER] if has_penalty_column(table) else []
    rounds = [f"Rd {table.label(i)}" for i in range(len(table.round_numbers))]
    headers = ["Pos", name, "Chassis", "Engine", *rounds, *penalty, "Total"]
    standings = every_row(table)
    rows = [_standing_cells(sheet, standing, bool(penalty)) for standing in standings]
    # A write-only sheet takes its layout before its first row.
    widths = text_widths(headers, rows)
    for column, width in _marked_widths(standings).items():
        widths[column] = max(widths.get(column, 0), width)
    widths = capped_widths(widths, WRAPPED_COLUMNS)
    sheet.set_widths(column_widths(widths))
    sheet.freeze(FROZEN)
    contenders = contention_note(data, table)
    who = [contenders] if contenders is not None else []
    meanings = key_lines()
    explained = [*notes, *who, *penalty_notes(table, data.rounds)]
    heights = [row_height(cells, widths) for cells in rows]
    # Title, subtitle, status, blank and header rows; a blank, the key, a blank, the notes.
    lines = HEADER_ROW + (0 if rows else 1) + 3 + len(meanings) + len(explained)
    set_print(
        sheet,
        f"{title} — {subtitle}",
        edition,
        width=sum(column_widths(widths).values()),
        height=table_height(heights, lines),
    )
    sheet.write_row(1, [text(sheet, title, TITLE)])
    sheet.write_row(2, [text(sheet, subtitle, SUBTITLE)])
    write_status_line(sheet, edition)
    sheet.write_row(HEADER_ROW, [text(sheet, header, HEADER) for header in headers])
    for offset, (cells, height) in enumerate(zip(rows, heights, strict=True)):
        sheet.write_row(FIRST_ROW + offset, cells, height=height)
    if not standings:
        nobody = f"No points scored yet ({_nobody(table)})."
        sheet.write_row(FIRST_ROW, [None, text(sheet, nobody, NOTE)])
    below = FIRST_ROW + max(len(standings), 1) + 1
    _colour_key(sheet, below)
    for offset, line in enumerate(meanings, start=1):  # under the key, then a blank line
        sheet.write_row(below + offset, [text(sheet, line, KEY_NOTE)])
    for offset, line in enumerate(explained, start=len(meanings) + 2):
        sheet.write_row(below + offset, [text(sheet, line, NOTE)])


def write_status_line(sheet: Sheet, edition: Edition) -> None:
    """'Provisional · after round 5 of 9 …' under the subtitle, where the edition has one."""
    if edition.status:
        sheet.write_row(STATUS_ROW, [text(sheet, edition.status, STATUS_LINE)])


def _standing_cells(sheet: Sheet, standing: StandingsRow, penalties: bool) -> list[Cell | None]:
    """A table row: position, name, chassis and engine (one a line), rounds, penalty, total;
    an excluded competitor's row is greyed, with 'EXC' for its position; a shared one '=3'."""
    excluded = standing.excluded
    words, centred = (EXCLUDED_TEXT, EXCLUDED_CENTRED) if excluded else (CELL_TEXT, CELL_CENTRED)
    shown = position_text(standing)
    pos = number(sheet, standing.pos, centred) if shown.isdigit() else text(sheet, shown, centred)
    penalty = number(
        sheet, standing.penalty or None, EXCLUDED_CENTRED if excluded else CELL_PENALTY
    )
    if excluded and standing.penalty:
        penalty.number_format = PENALTY_FORMAT
    return [
        pos,
        text(sheet, standing.name, words),
        text(sheet, "\n".join(standing.chassis), words),
        text(sheet, "\n".join(standing.engine), words),
        *(_round_cell(sheet, cell, excluded) for cell in standing.cells),
        *([penalty] if penalties else []),
        number(sheet, standing.total, EXCLUDED_CENTRED if excluded else CELL_TOTAL),
    ]


def _marked_widths(standings: Sequence[StandingsRow]) -> dict[int, int]:
    """Characters of the round cells that show more than their number ('16 (-5)')."""
    widths: dict[int, int] = {}
    for standing in standings:
        for column, cell in enumerate(standing.cells, start=FIRST_ROUND_COLUMN):
            if cell.penalty is not None:
                widths[column] = max(widths.get(column, 0), len(cell_text(cell)))
    return widths


def _nobody(table: StandingsTable) -> str:
    if table.championship is Championship.DRIVERS:
        return "no drivers are recorded for this class's results"
    return "no results in this class"


def _round_cell(sheet: Sheet, cell: RoundCell, excluded: bool = False) -> Cell:
    """A round's points, a number coloured and marked by the place that earned them; a
    dropped score in brackets and a penalty for the round after it ('16 (-5)'), both by its
    number format; a round that scored nothing through a retirement, its code ('DNF')."""
    look = round_look(cell, excluded)
    style = EXCLUDED_CENTRED if excluded else round_style(look.fill, dropped=look.dropped)
    if look.value is None:
        # Nothing scored: the status code and the penalty alone, as text (or an empty cell).
        return text(sheet, look.text, style) if look.text else number(sheet, None, style)
    written = number(sheet, look.value, style)
    if cell.penalty is not None or (excluded and cell.dropped):
        shown = DROPPED_FORMAT if cell.dropped else POINTS_FORMAT
        if cell.penalty is not None:
            shown += f'" ({signed_points(cell.penalty)})"'
        written.number_format = shown
    return written


def _colour_key(sheet: Sheet, row: int) -> None:
    keys = [text(sheet, label, key_style(kind)) for kind, label in KEY_CELLS]
    sheet.write_row(row, [text(sheet, "Key:", NOTE), None, None, None, *keys])


def capped_widths(widths: dict[int, int], wrapped: dict[int, int]) -> dict[int, int]:
    """Column characters with the wrapping columns held to their most (long names wrap)."""
    return {
        column: min(width, wrapped[column]) if column in wrapped else width
        for column, width in widths.items()
    }


def row_height(cells: Sequence[Cell | None], widths: dict[int, int]) -> float | None:
    """The height of a row whose text wraps or holds several lines (None: one line)."""
    lines = 1
    for column, cell in enumerate(cells, start=1):
        if cell is not None and isinstance(cell.value, str) and cell.value:
            lines = max(lines, wrapped_lines(cell.value, widths.get(column, 0)))
    return LINE_HEIGHT * lines if lines > 1 else None


def wrapped_lines(value: str, width: int) -> int:
    """The lines a spreadsheet wraps `value` into, in a column `width` characters wide."""
    room = max(width, 1)
    return sum(len(textwrap.wrap(line, room)) or 1 for line in value.split("\n"))


Orientation = Literal["portrait", "landscape"]
PAPER_SIZES = {Paper.A4: Worksheet.PAPERSIZE_A4, Paper.LETTER: Worksheet.PAPERSIZE_LETTER}
# What a page holds across, in column-width units (about 1.9 mm each at Calibri 11), inside
# the default margins of 0.7 inch at each side.
# What a page holds down, in points, inside the default top and bottom margins of 0.75 inch.
# A row is counted at LibreOffice's default height (the smaller), so a table is never
# counted onto more pages than it takes: fitted to the count, it shrinks a little instead.
PAGE_HEIGHTS: dict[tuple[Paper, Orientation], float] = {
    (Paper.A4, "landscape"): 487.0,
    (Paper.A4, "portrait"): 734.0,
    (Paper.LETTER, "landscape"): 504.0,
    (Paper.LETTER, "portrait"): 684.0,
}
ROW_POINTS = 12.8
PAGE_WIDTHS: dict[tuple[Paper, Orientation], float] = {
    (Paper.A4, "landscape"): 146.0,
    (Paper.A4, "portrait"): 99.0,
    (Paper.LETTER, "landscape"): 138.0,
    (Paper.LETTER, "portrait"): 105.0,
}


def set_print(
    sheet: Sheet,
    heading: str,
    edition: Edition,
    *,
    width: float = 0.0,
    height: float = 0.0,
    orientation: Orientation = "landscape",
    one_page: bool = False,
) -> None:
    """The edition's paper, one page wide where the table's `width` (column units) prints at
    a readable scale that way, with the table's name above each page and the date, the
    status line and 'Page 1 of 2' below. The pages are counted from `height` (points of the
    table's rows) and the table fitted to that count, so the count printed is the table's
    own, whatever else is printed with it; `one_page` keeps the table to a single page."""
    ws, layout = sheet.ws, sheet.layout
    setup = layout.page_setup
    setup.orientation = orientation
    setup.paperSize = PAPER_SIZES[edition.paper]
    across, scale = pages_across(width, PAGE_WIDTHS[(edition.paper, orientation)])
    if across > 1:
        ws.print_title_cols = "A:B"  # the position and name repeated on every page across
    down = (
        1
        if one_page
        else max(1, math.ceil(height * scale / PAGE_HEIGHTS[(edition.paper, orientation)]))
    )
    setup.fitToWidth, setup.fitToHeight = across, down
    layout.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    # Each table numbers its pages from 1, also when a whole workbook is printed at once.
    setup.firstPageNumber, setup.useFirstPageNumber = 1, True
    layout.print_options.horizontalCentered = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    header, footer = ws.oddHeader, ws.oddFooter
    assert header is not None
    assert footer is not None
    header.center.text = header_text(heading)
    footer.left.text = f"Published {edition.published.isoformat()}"
    if edition.status:
        footer.center.text = header_text(edition.status, FOOTER_ROOM)
    footer.right.text = f"Page &P of {across * down}"


def pages_across(width: float, room: float) -> tuple[int, float]:
    """Pages a table `width` wide takes across a page `room` wide, and the scale it prints
    at: one page, shrunk to fit, while that stays readable; else full size over several."""
    if width <= room:
        return 1, 1.0
    if width * SMALLEST_SCALE <= room:
        return 1, room / width
    return math.ceil(width / room), 1.0


def table_height(rows: Sequence[float | None], lines: int) -> float:
    """Points a table's rows take printed: the given heights, and `lines` rows of one line."""
    return sum(row or ROW_POINTS for row in rows) + lines * ROW_POINTS


def header_text(heading: str, room: int = HEADER_CHARACTERS - len("&C")) -> str:
    """`heading` as the centre of a page header: '&' doubled (it starts a code there), and
    cut, with an ellipsis, to fit the 255 characters Excel allows a whole header (`room`
    of them for this part)."""
    heading = printable(heading)
    if _header_units(heading) > room:
        heading = fit(heading, room - len(ELLIPSIS), _header_units).rstrip() + ELLIPSIS
    return heading.replace("&", "&&")


def _header_units(text: str) -> int:
    return sum(utf16_units(char) * (2 if char == "&" else 1) for char in text)


def new_workbook(title: str, author: str, published: dt.date) -> Book:
    workbook = Workbook(write_only=True)
    workbook.properties.title = printable(title)
    workbook.properties.creator = printable(author) or "Pitboard"
    workbook.properties.lastModifiedBy = printable(author) or "Pitboard"
    moment = dt.datetime.combine(published, dt.time(12, 0))
    workbook.properties.created = moment
    workbook.properties.modified = moment
    return Book(workbook, STYLES)
