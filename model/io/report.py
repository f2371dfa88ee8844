"""Standings as text for the command line: an aligned table, CSV or JSON.

Every output shows what the table counts: points as published (72, 71.5), a 'Pen.' column
where a competitor has a penalty, a round's penalty beside its points ('16 (-5)'), excluded
competitors after the ranked ones (position 'EXC'), and each penalty's reason. Given who can
still win, each row ends with the most points the competitor can still reach and its title mark
(champion, can still win, out of contention; nothing for an excluded competitor).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any

from model.io.export.penalty_text import (
    cell_text,
    every_row,
    has_penalty_column,
    penalty_notes,
    penalty_round,
    position_text,
    shown_penalties,
    signed_points,
)
from model.io.export.text_guards import csv_cell, printable_on_a_line
from model.scoring.contention import Contention
from model.scoring.points import format_points, plain_points
from model.scoring.standings import Championship, StandingsRow, StandingsTable
from model.store.season_data import RoundInfo

LIST_SEPARATOR = " / "
NAME_KEYS = {
    Championship.TEAMS: "team",
    Championship.DRIVERS: "driver",
    Championship.MANUFACTURERS: "manufacturer",
}
PENALTY_HEADER = "Pen."
NUMBER = re.compile(r"-?\d+(\.\d+)?")
TEXT_COLUMNS = frozenset({1, 2, 3})  # name, chassis and engine: what users typed
REASONS_HEADER = "Penalty reasons"
CONTENTION_HEADERS = ["Max", "Title"]
Marks = Mapping[str, tuple[Decimal, Contention]]


class OutputFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


def render(
    table: StandingsTable,
    output: OutputFormat,
    *,
    rounds: Iterable[RoundInfo] = (),
    marks: Marks | None = None,
) -> str:
    """The table as text; `rounds` (the season's) name the round a penalty was given for;
    `marks` (who can still win) add the Max and Title columns at the end."""
    known = tuple(rounds)
    if output is OutputFormat.JSON:
        return json.dumps(standings_json(table, known, marks), indent=2, ensure_ascii=False) + "\n"
    rows = [_header(table), *(_text_row(table, row) for row in every_row(table))]
    texts = set(TEXT_COLUMNS)
    if output is OutputFormat.CSV and shown_penalties(table):
        # A CSV file has no room below its rows: each competitor's reasons end its row.
        reasons = _notes_by_competitor(table, known)
        rows[0].append(REASONS_HEADER)
        texts.add(len(rows[0]) - 1)
        for row, standing in zip(rows[1:], every_row(table), strict=True):
            row.append(" ".join(reasons.get(standing.name, [])))
    if marks is not None:
        rows[0].extend(CONTENTION_HEADERS)
        texts.add(len(rows[0]) - 1)  # the title mark, in words
        for row, standing in zip(rows[1:], every_row(table), strict=True):
            row.extend(_contention_cells(marks.get(standing.name)))
    if output is OutputFormat.CSV:
        # Opened in a spreadsheet, a name such as =cmd|... must stay text, as in the workbooks;
        # the numbers Pitboard writes (-5, a penalty) must stay numbers.
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(
            [_csv_field(cell, i in texts) for i, cell in enumerate(row)] for row in rows
        )
        return buffer.getvalue()
    # On a terminal, a control character in a name must not become an escape sequence.
    text = _aligned([[printable_on_a_line(cell) for cell in row] for row in rows], texts)
    notes = [printable_on_a_line(note) for note in penalty_notes(table, known)]
    return text + ("\n" + "\n".join(notes) + "\n" if notes else "")


def standings_json(
    table: StandingsTable, rounds: Iterable[RoundInfo] = (), marks: Marks | None = None
) -> list[dict[str, Any]]:
    """Rows as plain data, the excluded competitors last (`pos` null, `excluded` true);
    `rounds` holds one value or None per numbered round, and `penalties` each penalty the
    competitor was given, with its round (null: the season) and reason; given `marks`, `max`
    and `title` close each row (null for an excluded competitor)."""
    known = tuple(rounds)
    name_key = NAME_KEYS[table.championship]
    rows = [
        {
            "pos": None if row.excluded else row.pos,
            name_key: row.name,
            "chassis": list(row.chassis),
            "engine": list(row.engine),
            "rounds": [None if p is None else plain_points(p) for p in row.round_points],
            "penalty": plain_points(row.penalty),
            "total": plain_points(row.total),
            "excluded": row.excluded,
            "penalties": [
                {
                    "round": penalty_round(p, table, known),
                    "points": plain_points(p.points),
                    "excluded": p.excluded,
                    "reason": p.reason,
                }
                for p in table.penalties
                if p.competitor == row.name
            ],
        }
        for row in every_row(table)
    ]
    if marks is not None:
        for found, row in zip(rows, every_row(table), strict=True):
            mark = marks.get(row.name)
            found["max"] = None if mark is None else plain_points(mark[0])
            found["title"] = None if mark is None else mark[1].value
    return rows


def _contention_cells(mark: tuple[Decimal, Contention] | None) -> list[str]:
    """The most the competitor can reach and its title mark ('' for an excluded one)."""
    return ["", ""] if mark is None else [format_points(mark[0]), mark[1].value]


def _header(table: StandingsTable) -> list[str]:
    rounds = [f"Rd {table.label(i)}" for i in range(len(table.round_numbers))]
    penalty = [PENALTY_HEADER] if has_penalty_column(table) else []
    name = NAME_KEYS[table.championship].title()
    return ["Pos", name, "Chassis", "Engine", *rounds, *penalty, "Total"]


def _text_row(table: StandingsTable, row: StandingsRow) -> list[str]:
    cells = [cell_text(cell) for cell in row.cells]
    chassis = LIST_SEPARATOR.join(row.chassis)
    engine = LIST_SEPARATOR.join(row.engine)
    penalty = [signed_points(row.penalty) if row.penalty else ""]
    shown = penalty if has_penalty_column(table) else []
    return [position_text(row), row.name, chassis, engine, *cells, *shown, format_points(row.total)]


def _notes_by_competitor(
    table: StandingsTable, rounds: tuple[RoundInfo, ...]
) -> dict[str, list[str]]:
    """Each competitor's penalty sentences, in the table's order of penalties."""
    notes: dict[str, list[str]] = {}
    for penalty, note in zip(shown_penalties(table), penalty_notes(table, rounds), strict=True):
        notes.setdefault(penalty.competitor, []).append(note)
    return notes


def _csv_field(cell: str, typed: bool) -> str:
    """A CSV field: guarded as text, but for a number Pitboard wrote ('-5', '71.5')."""
    return cell if not typed and NUMBER.fullmatch(cell) else csv_cell(cell)


def _aligned(rows: list[list[str]], texts: set[int]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.ljust(widths[i]) if i in texts else cell.rjust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"
