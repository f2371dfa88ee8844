"""Standings as text for the command line: an aligned table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from typing import Any

from model.io.export.text_guards import csv_cell, printable_on_a_line
from model.scoring.points import format_points, plain_points
from model.scoring.standings import Championship, RoundCell, StandingsTable

LIST_SEPARATOR = " / "


class OutputFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


def render(table: StandingsTable, output: OutputFormat) -> str:
    if output is OutputFormat.JSON:
        return json.dumps(standings_json(table), indent=2, ensure_ascii=False) + "\n"
    rows = [_header(table), *(_text_row(table, row_index) for row_index in range(len(table.rows)))]
    if output is OutputFormat.CSV:
        # Opened in a spreadsheet, a cell such as =cmd|... must stay text, as in the workbooks.
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(
            [csv_cell(cell) for cell in row] for row in rows
        )
        return buffer.getvalue()
    # On a terminal, a control character in a name must not become an escape sequence.
    return _aligned([[printable_on_a_line(cell) for cell in row] for row in rows])


def standings_json(table: StandingsTable) -> list[dict[str, Any]]:
    """Rows as plain data; `rounds` holds one value or None per numbered round."""
    name_key = _name_key(table)
    return [
        {
            "pos": row.pos,
            name_key: row.name,
            "chassis": list(row.chassis),
            "engine": list(row.engine),
            "rounds": [None if p is None else plain_points(p) for p in row.round_points],
            "total": plain_points(row.total),
        }
        for row in table.rows
    ]


def _name_key(table: StandingsTable) -> str:
    return "team" if table.championship is Championship.TEAMS else "driver"


def _header(table: StandingsTable) -> list[str]:
    rounds = [f"Rd {n}" for n in table.round_numbers]
    return ["Pos", _name_key(table).title(), "Chassis", "Engine", *rounds, "Total"]


def _text_row(table: StandingsTable, index: int) -> list[str]:
    row = table.rows[index]
    pos = f"={row.pos}" if row.tied else str(row.pos)
    cells = [_cell_text(cell) for cell in row.cells]
    chassis = LIST_SEPARATOR.join(row.chassis)
    engine = LIST_SEPARATOR.join(row.engine)
    return [pos, row.name, chassis, engine, *cells, format_points(row.total)]


def _cell_text(cell: RoundCell) -> str:
    if cell.points is None:
        return ""
    points = format_points(cell.points)
    return f"({points})" if cell.dropped else points


def _aligned(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    text_columns = {1, 2, 3}
    lines = []
    for row in rows:
        cells = [
            cell.ljust(widths[i]) if i in text_columns else cell.rjust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"
