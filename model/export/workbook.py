"""Standings workbooks laid out like the published tables, ready to print and publish."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from model.export.sheets import (
    BOLD,
    CENTER,
    DROPPED_FONT,
    DROPPED_FORMAT,
    GRID,
    HEADER_FILL,
    HEADER_FONT,
    NO_POINTS_FILL,
    NOTE_FONT,
    PLACE_FILLS,
    PLAIN,
    POINTS_FILL,
    SUBTITLE_FONT,
    TEXT,
    TITLE_FONT,
    fit_columns,
    number,
    text,
    text_width,
)
from model.season_data import SeasonData
from model.standings import Championship, RoundCell, StandingsTable

HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
FROZEN = f"C{FIRST_ROW}"  # header rows and the position and name columns stay in view
KEY = (
    ("1st", PLACE_FILLS[1]),
    ("2nd", PLACE_FILLS[2]),
    ("3rd", PLACE_FILLS[3]),
    ("Points", POINTS_FILL),
    ("No points", NO_POINTS_FILL),
)


def championship_title(championship: Championship) -> str:
    return "Teams Championship" if championship is Championship.TEAMS else "Drivers Championship"


def write_standings(
    ws: Worksheet, data: SeasonData, table: StandingsTable, notes: Sequence[str], published: dt.date
) -> None:
    """One class's championship table, with title, colour key and the rules beneath it."""
    title = f"{data.series} {data.year} — {table.class_name}"
    subtitle = championship_title(table.championship)
    text(ws, 1, 1, title, font=TITLE_FONT)
    text(ws, 2, 1, subtitle, font=SUBTITLE_FONT)
    name = "Team" if table.championship is Championship.TEAMS else "Driver"
    headers = ["Pos", name, "Chassis", "Engine", *(f"Rd {n}" for n in table.round_numbers), "Total"]
    widths = {column: len(header) for column, header in enumerate(headers, start=1)}
    for column, header in enumerate(headers, start=1):
        text(
            ws,
            HEADER_ROW,
            column,
            header,
            font=HEADER_FONT,
            fill=HEADER_FILL,
            alignment=CENTER,
            border=GRID,
        )
    for offset, standing in enumerate(table.rows):
        row = FIRST_ROW + offset
        number(ws, row, 1, standing.pos, alignment=CENTER, border=GRID, font=PLAIN)
        for column, value in (
            (2, standing.name),
            (3, "\n".join(standing.chassis)),
            (4, "\n".join(standing.engine)),
        ):
            text(ws, row, column, value, alignment=TEXT, border=GRID, font=PLAIN)
            widths[column] = max(widths[column], text_width(value))
        lines = max(len(standing.chassis), len(standing.engine), 1)
        if lines > 1:
            ws.row_dimensions[row].height = 15 * lines
        for index, cell in enumerate(standing.cells):
            _round_cell(ws, row, 5 + index, cell)
        number(ws, row, len(headers), standing.total, font=BOLD, alignment=CENTER, border=GRID)
    fit_columns(ws, widths)
    ws.freeze_panes = FROZEN
    if not table.rows:
        text(ws, FIRST_ROW, 2, f"No points scored yet ({_nobody(table)}).", font=NOTE_FONT)
    below = FIRST_ROW + max(len(table.rows), 1) + 1
    _colour_key(ws, below)
    for offset, line in enumerate(notes):
        text(ws, below + 2 + offset, 1, line, font=NOTE_FONT)
    set_print(ws, f"{title} — {subtitle}", published)


def _nobody(table: StandingsTable) -> str:
    if table.championship is Championship.DRIVERS:
        return "no drivers are recorded for this class's results"
    return "no results in this class"


def _round_cell(ws: Worksheet, row: int, column: int, cell: RoundCell) -> None:
    fill = None
    if cell.points:
        fill = PLACE_FILLS.get(cell.position or 0, POINTS_FILL)
    elif cell.raced:
        fill = NO_POINTS_FILL
    number(ws, row, column, cell.points, alignment=CENTER, border=GRID, font=PLAIN)
    target = ws.cell(row=row, column=column)
    if fill is not None:
        target.fill = fill
    if cell.dropped:
        target.number_format = DROPPED_FORMAT
        target.font = DROPPED_FONT


def _colour_key(ws: Worksheet, row: int) -> None:
    text(ws, row, 1, "Key:", font=NOTE_FONT)
    for offset, (label, fill) in enumerate(KEY):
        text(ws, row, 5 + offset, label, font=NOTE_FONT, fill=fill, alignment=CENTER, border=GRID)


def set_print(ws: Worksheet, heading: str, published: dt.date) -> None:
    """Landscape, one page wide, with the table's name above and the date below each page."""
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
    header.center.text = heading.replace("&", "&&")  # '&' starts a code in headers
    footer.left.text = f"Published {published.isoformat()}"
    footer.right.text = "Page &P of &N"


def new_workbook(title: str, author: str, published: dt.date) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    workbook.properties.title = title
    workbook.properties.creator = author or "Pitboard"
    workbook.properties.lastModifiedBy = author or "Pitboard"
    moment = dt.datetime.combine(published, dt.time(12, 0))
    workbook.properties.created = moment
    workbook.properties.modified = moment
    return workbook
