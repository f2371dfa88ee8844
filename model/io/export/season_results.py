"""The 'Season results' sheet: every round's class winners, the overall winner in bold."""

from __future__ import annotations

from openpyxl.cell import Cell

from model.io.export.book import Sheet
from model.io.export.edition import Edition
from model.io.export.sheets import (
    CELL_CENTRED,
    CELL_DATE,
    CELL_TEXT,
    CELL_WINNER,
    DATE_CHARACTERS,
    HEADER,
    NOTE,
    SUBTITLE,
    TITLE,
    column_widths,
    number,
    text,
    text_widths,
)
from model.io.export.winners import class_winners, winner_text
from model.io.export.workbook import (
    HEADER_ROW,
    PAGE_WIDTHS,
    capped_widths,
    row_height,
    set_print,
    write_status_line,
)
from model.store.season_data import ResultInfo, RoundInfo, SeasonData

DATE_COLUMN = 4  # after the round, the event and the circuit
WINNER_CHARACTERS = 16  # a winner's team and car number wrap onto lines this wide
PLACE_CHARACTERS = 20  # the event's and the circuit's names likewise


def write_season_results(sheet: Sheet, data: SeasonData, edition: Edition) -> None:
    """The season's calendar with each class's winner, laid out to be read on one page:
    names wrap in sized columns, and the page turns to portrait where the table fits so."""
    title = f"{data.series} {data.year}"
    headers = ["Rd", "Event", "Circuit", "Date", *data.classes]
    winners = class_winners(data)
    rows = [_round_cells(sheet, data, rnd, winners.get(rnd.id, {})) for rnd in data.rounds]
    # A write-only sheet takes its layout before its first row.
    widths = _wrapped_widths(text_widths(headers, rows), len(headers))
    if rows:
        widths[DATE_COLUMN] = max(widths[DATE_COLUMN], DATE_CHARACTERS)
    sheet.set_widths(column_widths(widths))
    sheet.freeze(f"C{HEADER_ROW + 1}")
    across = sum(column_widths(widths).values())
    portrait = across <= PAGE_WIDTHS[(edition.paper, "portrait")]
    set_print(
        sheet,
        f"{title} — Season results",
        edition,
        width=across,
        orientation="portrait" if portrait else "landscape",
        one_page=True,
    )
    sheet.write_row(1, [text(sheet, title, TITLE)])
    sheet.write_row(2, [text(sheet, "Season results: class winners", SUBTITLE)])
    write_status_line(sheet, edition)
    sheet.write_row(HEADER_ROW, [text(sheet, header, HEADER) for header in headers])
    for offset, cells in enumerate(rows):
        sheet.write_row(HEADER_ROW + 1 + offset, cells, height=row_height(cells, widths))
    notes_row = HEADER_ROW + len(data.rounds) + 2
    sheet.write_row(notes_row, [text(sheet, "Overall winner in bold.", NOTE)])


def _wrapped_widths(widths: dict[int, int], columns: int) -> dict[int, int]:
    """Event, circuit and winners' columns held to a width their names wrap in."""
    wrapped = {column: WINNER_CHARACTERS for column in range(DATE_COLUMN + 1, columns + 1)}
    wrapped.update({2: PLACE_CHARACTERS, 3: PLACE_CHARACTERS})
    return capped_widths(widths, wrapped)


def _round_cells(
    sheet: Sheet, data: SeasonData, rnd: RoundInfo, winners: dict[str, ResultInfo]
) -> list[Cell | None]:
    """A round's row: number, event, circuit, date, then each class's winner."""
    label = "C" if rnd.cancelled else str(rnd.number or "")
    event = f"{rnd.name} (cancelled)" if rnd.cancelled else rnd.name
    cells: list[Cell | None] = [
        text(sheet, label, CELL_CENTRED),
        text(sheet, event, CELL_TEXT),
        text(sheet, rnd.circuit, CELL_TEXT),
        number(sheet, rnd.date, CELL_DATE),
    ]
    for class_name in data.classes:
        result = None if rnd.cancelled else winners.get(class_name)
        value = winner_text(data, result) if result else ""
        overall = result is not None and result.overall_pos == 1
        cells.append(text(sheet, value, CELL_WINNER if overall else CELL_TEXT))
    return cells
