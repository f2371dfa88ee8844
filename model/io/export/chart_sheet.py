"""The points-progression chart of a class's table: a sheet holding the leaders' running
totals round by round, and a native line chart of them drawn from those cells.

The numbers sit on the sheet, above the chart, so a reader can check a line against them
and the chart stays live if someone edits a cell. A table in which no round has been run
has nothing to draw, and gets no chart sheet.
"""

from __future__ import annotations

from typing import cast

from openpyxl.cell import Cell
from openpyxl.chart import LineChart, Reference
from openpyxl.chart.legend import Legend
from openpyxl.worksheet.worksheet import Worksheet

from model.io.export.book import Book, Sheet
from model.io.export.edition import Edition
from model.io.export.sheets import (
    CELL_CENTRED,
    CELL_TEXT,
    HEADER,
    NOTE,
    SUBTITLE,
    TITLE,
    column_widths,
    number,
    text,
    text_widths,
)
from model.io.export.titles import TITLES
from model.io.export.workbook import set_print
from model.scoring.progression import Series, progression
from model.scoring.standings import StandingsTable
from model.store.season_data import SeasonData

TOP = 10
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
NAME_COLUMN = 2  # after the position
FIRST_POINTS_COLUMN = NAME_COLUMN + 1
CHART_WIDTH_CM = 25  # with the table above, fits one landscape A4 or Letter page
CHART_HEIGHT_CM = 12
# Each line has its own marker and dash as well as its colour, so the lines can be told
# apart on a page printed in grey.
MARKERS = ("circle", "square", "triangle", "diamond", "x", "star", "plus", "dash", "dot")
DASHES = ("solid", "dash", "sysDot")


def write_chart_sheet(
    book: Book, data: SeasonData, table: StandingsTable, edition: Edition, *, title: str = "Chart"
) -> Sheet | None:
    """The sheet `title` with the table's top 10 running totals and their line chart; None,
    and no sheet, when no round of the table has been run."""
    lines = progression(table, top=TOP)
    if not lines:
        return None
    heading = f"{data.series} {data.year} — {table.class_name}"
    subtitle = f"{TITLES[table.championship][0]}: points after each round"
    name = TITLES[table.championship][1]
    labels = lines[0].labels
    headers = ["Pos", name, *(f"Rd {label}" for label in labels)]
    sheet = book.create_sheet(title)
    rows = [_line_cells(sheet, line) for line in lines]
    sheet.set_widths(column_widths(text_widths(headers, rows)))
    set_print(sheet, f"{heading} — {subtitle}", edition)
    sheet.layout.page_setup.fitToHeight = 1  # the chart is not cut in two across pages
    sheet.write_row(1, [text(sheet, heading, TITLE)])
    sheet.write_row(2, [text(sheet, subtitle, SUBTITLE)])
    sheet.write_row(HEADER_ROW, [text(sheet, header, HEADER) for header in headers])
    for offset, cells in enumerate(rows):
        sheet.write_row(FIRST_ROW + offset, cells)
    below = FIRST_ROW + len(rows) + 1
    sheet.write_row(below, [text(sheet, _explained(len(lines)), NOTE)])
    chart = _chart(sheet, subtitle, len(lines), len(labels))
    # A write-only sheet takes charts as a normal one does (openpyxl's stubs leave it out).
    cast(Worksheet, sheet.ws).add_chart(chart, f"A{below + 2}")
    return sheet


def _line_cells(sheet: Sheet, line: Series) -> list[Cell | None]:
    return [
        number(sheet, line.pos, CELL_CENTRED),
        text(sheet, line.name, CELL_TEXT),
        *(number(sheet, points, CELL_CENTRED) for points in line.points),
    ]


def _explained(shown: int) -> str:
    who = "The leader's" if shown == 1 else f"The top {shown}'s"
    return (
        f"{who} points as they count in the standings now, added up round by round "
        "(a dropped score adds nothing; a penalty is taken in its round)."
    )


def _chart(sheet: Sheet, title: str, lines: int, rounds: int) -> LineChart:
    """A line for each row of running totals, named by its name cell, over the rounds."""
    chart = LineChart()
    chart.title = title
    chart.y_axis.title = "Points"
    chart.x_axis.title = "Round"
    chart.width, chart.height = CHART_WIDTH_CM, CHART_HEIGHT_CM
    last_row = FIRST_ROW + lines - 1
    last_column = FIRST_POINTS_COLUMN + rounds - 1
    values = Reference(
        sheet.ws, min_col=NAME_COLUMN, max_col=last_column, min_row=FIRST_ROW, max_row=last_row
    )
    chart.add_data(values, from_rows=True, titles_from_data=True)
    rounds_ref = Reference(
        sheet.ws, min_col=FIRST_POINTS_COLUMN, max_col=last_column, min_row=HEADER_ROW
    )
    chart.set_categories(rounds_ref)
    for index, line in enumerate(chart.series):
        line.smooth = False  # points are added round by round: straight steps, no curves
        line.marker.symbol = MARKERS[index % len(MARKERS)]
        line.graphicalProperties.line.dashStyle = DASHES[index // len(MARKERS) % len(DASHES)]
        line.graphicalProperties.line.width = 22000  # EMU: 1.75 pt
    # openpyxl leaves both axes hidden ('delete') unless told otherwise.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = Legend(legendPos="b")  # under the plot, which keeps the page's width
    return chart
