"""Standings workbooks laid out like the published tables, ready to print and publish."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from model.io.export.book import Book, Sheet
from model.io.export.colours import PLACES
from model.io.export.contention_text import contention_note
from model.io.export.edition import Edition, Paper
from model.io.export.naming import fit, utf16_units
from model.io.export.penalty_text import (
    EXCLUDED_POS,
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
    NOTE,
    PENALTY_FORMAT,
    POINTS_FORMAT,
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
from model.scoring.standings import Championship, RoundCell, StandingsRow, StandingsTable
from model.store.season_data import SeasonData

HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
FIRST_ROUND_COLUMN = 5  # after position, name, chassis and engine
FROZEN = f"C{FIRST_ROW}"  # header rows and the position and name columns stay in view
HEADER_CHARACTERS = 255  # Excel's limit for a page header or footer, codes included
ELLIPSIS = "…"
KEY = ("1st", "2nd", "3rd", "points", "no points")


TITLES = {
    Championship.TEAMS: ("Teams Championship", "Team"),
    Championship.DRIVERS: ("Drivers Championship", "Driver"),
    Championship.MANUFACTURERS: ("Manufacturers Championship", "Manufacturer"),
}
PENALTY_HEADER = "Pen."


def championship_title(championship: Championship) -> str:
    return TITLES[championship][0]


def write_standings(
    sheet: Sheet, data: SeasonData, table: StandingsTable, notes: Sequence[str], edition: Edition
) -> None:
    """One class's championship table, with title, colour key and the rules beneath it; the
    excluded competitors are listed after the ranked ones, and each penalty is explained."""
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
    sheet.set_widths(column_widths(widths))
    sheet.freeze(FROZEN)
    set_print(sheet, f"{title} — {subtitle}", edition)
    sheet.write_row(1, [text(sheet, title, TITLE)])
    sheet.write_row(2, [text(sheet, subtitle, SUBTITLE)])
    sheet.write_row(HEADER_ROW, [text(sheet, header, HEADER) for header in headers])
    for offset, (standing, cells) in enumerate(zip(standings, rows, strict=True)):
        lines = max(len(standing.chassis), len(standing.engine), 1)
        sheet.write_row(FIRST_ROW + offset, cells, height=15 * lines if lines > 1 else None)
    if not standings:
        nobody = f"No points scored yet ({_nobody(table)})."
        sheet.write_row(FIRST_ROW, [None, text(sheet, nobody, NOTE)])
    below = FIRST_ROW + max(len(standings), 1) + 1
    _colour_key(sheet, below)
    contenders = contention_note(data, table)
    who = [contenders] if contenders is not None else []
    explained = [*notes, *who, *penalty_notes(table, data.rounds)]
    for offset, line in enumerate(explained):
        sheet.write_row(below + 2 + offset, [text(sheet, line, NOTE)])


def _standing_cells(sheet: Sheet, standing: StandingsRow, penalties: bool) -> list[Cell | None]:
    """A table row: position, name, chassis and engine (one a line), rounds, penalty, total;
    an excluded competitor's row is greyed, with 'EXC' for its position."""
    excluded = standing.excluded
    words, centred = (EXCLUDED_TEXT, EXCLUDED_CENTRED) if excluded else (CELL_TEXT, CELL_CENTRED)
    pos = text(sheet, EXCLUDED_POS, centred) if excluded else number(sheet, standing.pos, centred)
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
    """A round's points, a number coloured by the place that earned them; a dropped score in
    brackets and a penalty for the round after it ('16 (-5)'), both by its number format."""
    if excluded:
        style = EXCLUDED_CENTRED
    else:
        if cell.points:
            kind = PLACES.get(cell.position or 0, "points")
        else:
            kind = "no points" if cell.raced else "empty"
        style = round_style(kind, dropped=cell.dropped)
    if cell.points is None and cell.penalty is not None:
        return text(sheet, cell_text(cell), style)  # nothing scored: the penalty alone
    written = number(sheet, cell.points, style)
    if cell.penalty is not None or (excluded and cell.dropped):
        shown = DROPPED_FORMAT if cell.dropped else POINTS_FORMAT
        if cell.penalty is not None:
            shown += f'" ({signed_points(cell.penalty)})"'
        written.number_format = shown
    return written


def _colour_key(sheet: Sheet, row: int) -> None:
    keys = [text(sheet, kind.capitalize(), key_style(kind)) for kind in KEY]
    sheet.write_row(row, [text(sheet, "Key:", NOTE), None, None, None, *keys])


PAPER_SIZES = {Paper.A4: Worksheet.PAPERSIZE_A4, Paper.LETTER: Worksheet.PAPERSIZE_LETTER}


def set_print(sheet: Sheet, heading: str, edition: Edition) -> None:
    """Landscape on the edition's paper, one page wide, with the table's name above and the
    date below each page."""
    ws, layout = sheet.ws, sheet.layout
    layout.page_setup.orientation = "landscape"
    layout.page_setup.paperSize = PAPER_SIZES[edition.paper]
    layout.page_setup.fitToWidth = 1
    layout.page_setup.fitToHeight = 0
    layout.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    layout.print_options.horizontalCentered = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    header, footer = ws.oddHeader, ws.oddFooter
    assert header is not None
    assert footer is not None
    header.center.text = header_text(heading)
    footer.left.text = f"Published {edition.published.isoformat()}"
    footer.right.text = "Page &P of &N"


def header_text(heading: str) -> str:
    """`heading` as the centre of a page header: '&' doubled (it starts a code there), and
    cut, with an ellipsis, to fit the 255 characters Excel allows a whole header."""
    room = HEADER_CHARACTERS - len("&C")
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
