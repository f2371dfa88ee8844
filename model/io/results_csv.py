"""Reading race results from CSV files in Pitboard's own column layout.

The layout is that of the bundled sample: round, class, class_pos, car, team, chassis, engine,
laps, status, and optionally overall_pos, drivers (separated by ';') and note. Every fault is
reported with the file, line and field, and nothing is returned from a file with a fault.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from model.errors import InputError
from model.io.limits import MAX_RESULT_ROWS, MAX_RESULTS_CSV_BYTES
from model.io.textfiles import check_field, named_twice, read_text, whole_number
from model.scoring.rules import Status

REQUIRED_COLUMNS = ("round", "class", "team", "status")
OPTIONAL_COLUMNS = (
    "class_pos",
    "car",
    "chassis",
    "engine",
    "laps",
    "overall_pos",
    "drivers",
    "note",
)
DRIVER_SEPARATOR = ";"
MULTILINE_COLUMNS = {"note": "\t\r\n"}  # the control characters a column may hold


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One car's result as read from a file, with the line it came from."""

    line: int
    round_number: int
    class_name: str
    team: str
    status: Status
    class_pos: int | None = None
    car: str | None = None
    chassis: str = ""
    engine: str = ""
    laps: int | None = None
    overall_pos: int | None = None
    drivers: tuple[str, ...] = ()
    note: str | None = None


def read_results_csv(path: Path) -> list[ResultRow]:
    """Every result row of the file; raises InputError on the first fault found."""
    text = read_text(path, limit=MAX_RESULTS_CSV_BYTES, what="results files")
    return parse_results_csv(text, source=path.name)


def parse_results_csv(text: str, *, source: str) -> list[ResultRow]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[ResultRow] = []
    try:
        header = _read_header(next(reader), source)
        for record in reader:
            if any(cell.strip() for cell in record):
                if len(rows) == MAX_RESULT_ROWS:
                    raise InputError(
                        f"more than {MAX_RESULT_ROWS:,} results; split the file",
                        source=source,
                        line=reader.line_num,
                    )
                cells = _fit(record, header, source, reader.line_num)
                rows.append(_parse_row(cells, source, reader.line_num))
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", source=source, line=reader.line_num) from exc
    if not rows:
        raise InputError("the file has a header but no results", source=source, line=2)
    return rows


def _read_header(record: list[str], source: str) -> list[str]:
    for index, name in enumerate(record, start=1):
        check_field(name, source=source, line=1, field=f"column {index}")
    header = [name.strip().lower() for name in record]
    known = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
    for name in header:
        if name not in known:
            raise InputError(
                f"unknown column '{name}' (columns: {', '.join(known)})",
                source=source,
                line=1,
                field=name,
            )
        if header.count(name) > 1:
            raise InputError("the column appears twice", source=source, line=1, field=name)
    for name in REQUIRED_COLUMNS:
        if name not in header:
            raise InputError("required column is missing", source=source, line=1, field=name)
    return header


def _fit(record: list[str], header: list[str], source: str, line: int) -> dict[str, str]:
    if len(record) != len(header):
        raise InputError(
            f"expected {len(header)} fields, found {len(record)}", source=source, line=line
        )
    for name, cell in zip(header, record, strict=True):
        check_field(
            cell, source=source, line=line, field=name, allowed=MULTILINE_COLUMNS.get(name, "")
        )
    return dict(zip(header, record, strict=True))


def _parse_row(cells: dict[str, str], source: str, line: int) -> ResultRow:
    def text(name: str) -> str:
        return cells.get(name, "").strip()

    def number(name: str, *, minimum: int) -> int | None:
        if not text(name):
            return None
        try:
            return whole_number(text(name), minimum=minimum)
        except ValueError as exc:
            raise error(name, str(exc)) from None

    def error(name: str, message: str) -> InputError:
        return InputError(message, source=source, line=line, field=name)

    round_number = number("round", minimum=1)
    if round_number is None:
        raise error("round", "a round number is required")
    for name in ("class", "team"):
        if not text(name):
            raise error(name, "is empty")
    try:
        status = Status.parse(text("status"))
    except ValueError as exc:
        raise error("status", str(exc)) from None
    class_pos = number("class_pos", minimum=1)
    if status is Status.CLASSIFIED and class_pos is None:
        raise error("class_pos", "a classified car needs a class position")
    drivers = tuple(d.strip() for d in text("drivers").split(DRIVER_SEPARATOR) if d.strip())
    twice = named_twice(drivers)
    if twice is not None:
        raise error("drivers", twice)
    return ResultRow(
        line=line,
        round_number=round_number,
        class_name=text("class"),
        team=text("team"),
        status=status,
        class_pos=class_pos,
        car=text("car") or None,
        chassis=text("chassis"),
        engine=text("engine"),
        laps=number("laps", minimum=0),
        overall_pos=number("overall_pos", minimum=1),
        drivers=drivers,
        note=text("note") or None,
    )
