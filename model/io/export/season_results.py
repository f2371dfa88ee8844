"""The 'Season results' sheet: every round's class winners, the overall winner in bold."""

from __future__ import annotations

import datetime as dt

from model.io.export.sheet_xml import Sheet
from model.io.export.sheets import (
    CELL_CENTRED,
    CELL_DATE,
    CELL_TEXT,
    CELL_WINNER,
    HEADER,
    NOTE,
    SUBTITLE,
    TITLE,
    fit_columns,
    number,
    text,
    text_width,
)
from model.io.export.workbook import HEADER_ROW, set_print
from model.scoring.rules import Status
from model.store.season_data import ResultInfo, SeasonData


def class_winners(data: SeasonData) -> dict[int, dict[str, ResultInfo]]:
    """Each round's classified class winners (by round id, then class), in one pass over the
    season's results: a season of thousands of results is not read again for every round."""
    winners: dict[int, dict[str, ResultInfo]] = {}
    for result in data.results:
        if result.class_pos == 1 and result.status is Status.CLASSIFIED:
            in_round = winners.setdefault(result.round_id, {})
            in_round.setdefault(data.entries[result.entry_id].class_name, result)
    return winners


def winner_text(data: SeasonData, result: ResultInfo) -> str:
    entry = data.entries[result.entry_id]
    car = f" #{entry.car_number}" if entry.car_number else ""
    return f"{entry.team}{car}"


def write_season_results(sheet: Sheet, data: SeasonData, published: dt.date) -> None:
    title = f"{data.series} {data.year}"
    text(sheet, 1, 1, title, TITLE)
    text(sheet, 2, 1, "Season results: class winners", SUBTITLE)
    headers = ["Rd", "Event", "Circuit", "Date", *data.classes]
    widths = {column: len(header) for column, header in enumerate(headers, start=1)}
    for column, header in enumerate(headers, start=1):
        text(sheet, HEADER_ROW, column, header, HEADER)
    winners_by_round = class_winners(data)
    for offset, rnd in enumerate(data.rounds):
        row = HEADER_ROW + 1 + offset
        label = "C" if rnd.cancelled else str(rnd.number or "")
        text(sheet, row, 1, label, CELL_CENTRED)
        event = f"{rnd.name} (cancelled)" if rnd.cancelled else rnd.name
        for column, value in ((2, event), (3, rnd.circuit)):
            text(sheet, row, column, value, CELL_TEXT)
            widths[column] = max(widths[column], text_width(value))
        number(sheet, row, 4, rnd.date, CELL_DATE)
        widths[4] = max(widths[4], 10)
        winners = {} if rnd.cancelled else winners_by_round.get(rnd.id, {})
        for index, class_name in enumerate(data.classes):
            result = winners.get(class_name)
            value = winner_text(data, result) if result else ""
            overall = result is not None and result.overall_pos == 1
            text(sheet, row, 5 + index, value, CELL_WINNER if overall else CELL_TEXT)
            widths[5 + index] = max(widths[5 + index], text_width(value))
    fit_columns(sheet, widths)
    sheet.ws.freeze_panes = f"C{HEADER_ROW + 1}"
    notes_row = HEADER_ROW + len(data.rounds) + 2
    text(sheet, notes_row, 1, "Overall winner in bold.", NOTE)
    set_print(sheet, f"{title} — Season results", published)
