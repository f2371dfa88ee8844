"""The 'Season results' sheet: every round's class winners, the overall winner in bold."""

from __future__ import annotations

import datetime as dt

from openpyxl.worksheet.worksheet import Worksheet

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


def class_winners(data: SeasonData, round_id: int) -> dict[str, ResultInfo]:
    """Each class's classified winner in the round."""
    winners: dict[str, ResultInfo] = {}
    for result in data.results:
        if (
            result.round_id == round_id
            and result.class_pos == 1
            and result.status is Status.CLASSIFIED
        ):
            winners.setdefault(data.entries[result.entry_id].class_name, result)
    return winners


def winner_text(data: SeasonData, result: ResultInfo) -> str:
    entry = data.entries[result.entry_id]
    car = f" #{entry.car_number}" if entry.car_number else ""
    return f"{entry.team}{car}"


def write_season_results(ws: Worksheet, data: SeasonData, published: dt.date) -> None:
    title = f"{data.series} {data.year}"
    text(ws, 1, 1, title, TITLE)
    text(ws, 2, 1, "Season results: class winners", SUBTITLE)
    headers = ["Rd", "Event", "Circuit", "Date", *data.classes]
    widths = {column: len(header) for column, header in enumerate(headers, start=1)}
    for column, header in enumerate(headers, start=1):
        text(ws, HEADER_ROW, column, header, HEADER)
    for offset, rnd in enumerate(data.rounds):
        row = HEADER_ROW + 1 + offset
        label = "C" if rnd.cancelled else str(rnd.number or "")
        text(ws, row, 1, label, CELL_CENTRED)
        event = f"{rnd.name} (cancelled)" if rnd.cancelled else rnd.name
        for column, value in ((2, event), (3, rnd.circuit)):
            text(ws, row, column, value, CELL_TEXT)
            widths[column] = max(widths[column], text_width(value))
        number(ws, row, 4, rnd.date, CELL_DATE)
        widths[4] = max(widths[4], 10)
        winners = {} if rnd.cancelled else class_winners(data, rnd.id)
        for index, class_name in enumerate(data.classes):
            result = winners.get(class_name)
            value = winner_text(data, result) if result else ""
            overall = result is not None and result.overall_pos == 1
            text(ws, row, 5 + index, value, CELL_WINNER if overall else CELL_TEXT)
            widths[5 + index] = max(widths[5 + index], text_width(value))
    fit_columns(ws, widths)
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    notes_row = HEADER_ROW + len(data.rounds) + 2
    text(ws, notes_row, 1, "Overall winner in bold.", NOTE)
    set_print(ws, f"{title} — Season results", published)
