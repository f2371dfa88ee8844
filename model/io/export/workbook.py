"""Standings workbooks laid out like the published tables, ready to print and publish."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from model.io.export.book import Book, Sheet
from model.io.export.naming import fit, utf16_units
from model.io.export.sheets import (
    CELL_CENTRED,
    CELL_TEXT,
    CELL_TOTAL,
    HEADER,
    NOTE,
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
FROZEN = f"C{FIRST_ROW}"  # header rows and the position and name columns stay in view
HEADER_CHARACTERS = 255  # Excel's limit for a page header or footer, codes included
ELLIPSIS = "…"
KEY = ("1st", "2nd", "3rd", "points", "no points")
PLACES = {1: "1st", 2: "2nd", 3: "3rd"}


def championship_title(championship: Championship) -> str:
    return "Teams Championship" if championship is Championship.TEAMS else "Drivers Championship"


def write_standings(
    sheet: Sheet, data: SeasonData, table: StandingsTable, notes: Sequence[str], published: dt.date
) -> None:
    """One class's championship table, with title, colour key and the rules beneath it."""
    title = f"{data.series} {data.year} — {table.class_name}"
    subtitle = championship_title(table.championship)
    name = "Team" if table.championship is Championship.TEAMS else "Driver"
    headers = ["Pos", name, "Chassis", "Engine", *(f"Rd {n}" for n in table.round_numbers), "Total"]
    rows = [_standing_cells(sheet, standing) for standing in table.rows]
    # A write-only sheet takes its layout before its first row.
    sheet.set_widths(column_widths(text_widths(headers, rows)))
    sheet.freeze(FROZEN)
    set_print(sheet, f"{title} — {subtitle}", published)
    sheet.write_row(1, [text(sheet, title, TITLE)])
    sheet.write_row(2, [text(sheet, subtitle, SUBTITLE)])
    sheet.write_row(HEADER_ROW, [text(sheet, header, HEADER) for header in headers])
    for offset, (standing, cells) in enumerate(zip(table.rows, rows, strict=True)):
        lines = max(len(standing.chassis), len(standing.engine), 1)
        sheet.write_row(FIRST_ROW + offset, cells, height=15 * lines if lines > 1 else None)
    if not table.rows:
        nobody = f"No points scored yet ({_nobody(table)})."
        sheet.write_row(FIRST_ROW, [None, text(sheet, nobody, NOTE)])
    below = FIRST_ROW + max(len(table.rows), 1) + 1
    _colour_key(sheet, below)
    for offset, line in enumerate(notes):
        sheet.write_row(below + 2 + offset, [text(sheet, line, NOTE)])


def _standing_cells(sheet: Sheet, standing: StandingsRow) -> list[Cell | None]:
    """A table row: position, name, chassis and engine (one a line), rounds and total."""
    return [
        number(sheet, standing.pos, CELL_CENTRED),
        text(sheet, standing.name, CELL_TEXT),
        text(sheet, "\n".join(standing.chassis), CELL_TEXT),
        text(sheet, "\n".join(standing.engine), CELL_TEXT),
        *(_round_cell(sheet, cell) for cell in standing.cells),
        number(sheet, standing.total, CELL_TOTAL),
    ]


def _nobody(table: StandingsTable) -> str:
    if table.championship is Championship.DRIVERS:
        return "no drivers are recorded for this class's results"
    return "no results in this class"


def _round_cell(sheet: Sheet, cell: RoundCell) -> Cell:
    if cell.points:
        kind = PLACES.get(cell.position or 0, "points")
    else:
        kind = "no points" if cell.raced else "empty"
    return number(sheet, cell.points, round_style(kind, dropped=cell.dropped))


def _colour_key(sheet: Sheet, row: int) -> None:
    keys = [text(sheet, kind.capitalize(), key_style(kind)) for kind in KEY]
    sheet.write_row(row, [text(sheet, "Key:", NOTE), None, None, None, *keys])


def set_print(sheet: Sheet, heading: str, published: dt.date) -> None:
    """Landscape, one page wide, with the table's name above and the date below each page."""
    ws, layout = sheet.ws, sheet.layout
    layout.page_setup.orientation = "landscape"
    layout.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    layout.page_setup.fitToWidth = 1
    layout.page_setup.fitToHeight = 0
    layout.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    layout.print_options.horizontalCentered = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    header, footer = ws.oddHeader, ws.oddFooter
    assert header is not None
    assert footer is not None
    header.center.text = header_text(heading)
    footer.left.text = f"Published {published.isoformat()}"
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
