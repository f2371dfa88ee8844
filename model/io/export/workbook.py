"""Standings workbooks laid out like the published tables, ready to print and publish."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.worksheet.properties import PageSetupProperties

from model.io.export.naming import fit, utf16_units
from model.io.export.sheet_xml import Book, Sheet
from model.io.export.sheets import (
    CELL_CENTRED,
    CELL_TEXT,
    CELL_TOTAL,
    HEADER,
    NOTE,
    STYLES,
    SUBTITLE,
    TITLE,
    fit_columns,
    key_style,
    number,
    round_style,
    text,
    text_width,
)
from model.io.export.text_guards import printable
from model.scoring.standings import Championship, RoundCell, StandingsTable
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
    text(sheet, 1, 1, title, TITLE)
    text(sheet, 2, 1, subtitle, SUBTITLE)
    name = "Team" if table.championship is Championship.TEAMS else "Driver"
    headers = ["Pos", name, "Chassis", "Engine", *(f"Rd {n}" for n in table.round_numbers), "Total"]
    widths = {column: len(header) for column, header in enumerate(headers, start=1)}
    for column, header in enumerate(headers, start=1):
        text(sheet, HEADER_ROW, column, header, HEADER)
    for offset, standing in enumerate(table.rows):
        row = FIRST_ROW + offset
        number(sheet, row, 1, standing.pos, CELL_CENTRED)
        for column, value in (
            (2, standing.name),
            (3, "\n".join(standing.chassis)),
            (4, "\n".join(standing.engine)),
        ):
            text(sheet, row, column, value, CELL_TEXT)
            widths[column] = max(widths[column], text_width(value))
        lines = max(len(standing.chassis), len(standing.engine), 1)
        if lines > 1:
            sheet.set_height(row, 15 * lines)
        for index, cell in enumerate(standing.cells):
            _round_cell(sheet, row, 5 + index, cell)
        number(sheet, row, len(headers), standing.total, CELL_TOTAL)
    fit_columns(sheet, widths)
    sheet.ws.freeze_panes = FROZEN
    if not table.rows:
        text(sheet, FIRST_ROW, 2, f"No points scored yet ({_nobody(table)}).", NOTE)
    below = FIRST_ROW + max(len(table.rows), 1) + 1
    _colour_key(sheet, below)
    for offset, line in enumerate(notes):
        text(sheet, below + 2 + offset, 1, line, NOTE)
    set_print(sheet, f"{title} — {subtitle}", published)


def _nobody(table: StandingsTable) -> str:
    if table.championship is Championship.DRIVERS:
        return "no drivers are recorded for this class's results"
    return "no results in this class"


def _round_cell(sheet: Sheet, row: int, column: int, cell: RoundCell) -> None:
    if cell.points:
        kind = PLACES.get(cell.position or 0, "points")
    else:
        kind = "no points" if cell.raced else "empty"
    number(sheet, row, column, cell.points, round_style(kind, dropped=cell.dropped))


def _colour_key(sheet: Sheet, row: int) -> None:
    text(sheet, row, 1, "Key:", NOTE)
    for offset, kind in enumerate(KEY):
        text(sheet, row, 5 + offset, kind.capitalize(), key_style(kind))


def set_print(sheet: Sheet, heading: str, published: dt.date) -> None:
    """Landscape, one page wide, with the table's name above and the date below each page."""
    ws = sheet.ws
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_options.horizontalCentered = True
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
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    workbook.properties.title = printable(title)
    workbook.properties.creator = printable(author) or "Pitboard"
    workbook.properties.lastModifiedBy = printable(author) or "Pitboard"
    moment = dt.datetime.combine(published, dt.time(12, 0))
    workbook.properties.created = moment
    workbook.properties.modified = moment
    return Book(workbook, STYLES)
