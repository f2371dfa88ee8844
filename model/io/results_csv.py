"""Reading race results from CSV files in Pitboard's own column layout.

The layout is that of the bundled sample: round, class, class_pos, car, team, chassis, engine,
laps, status, and optionally overall_pos, drivers (separated by ';') and note. Every fault is
reported with the file, line and field, and nothing is returned from a file with a fault.

The columns the championships' own rules need are optional too:

- `pole`, `fastest_lap`: `1`, `yes`, `y`, `true` or `x` for the car that took it; empty, `0`,
  `no`, `n` or `false` for the others (any case).
- `qualifying_pos`: the car's qualifying position (a whole number from 1), or empty.
- `eligible`: the championships the car is registered for, and so scores in. Empty or `yes`:
  every one; `no`: none. Otherwise either the championships it scores in (`drivers`,
  `drivers teams`) or those it does not, each with `no-` in front (`no-teams`,
  `no-teams no-manufacturers`), never both kinds in one cell. The names are `teams`,
  `drivers` and `manufacturers` (or `team`, `driver`, `manufacturer`), in any case, separated
  by spaces, `+`, `/`, `;` or commas (a cell with commas is quoted).
- `manufacturer`: the entry's manufacturer (empty: the first word of the chassis). It is set
  on an entry the file adds; for an entry the season has, it must be the one that entry has.
- In `drivers`, a name with a `*` after it (`Tom Kristensen*`) is a driver who missed the
  minimum drive time: the name is kept without the star, and that driver scores nothing.

A results file replaces the results it names. Where the file has no `pole`, `fastest_lap`,
`qualifying_pos` or `eligible` column at all, a replaced result keeps what it had for it (as
it keeps its drivers when the file names none); an empty cell in such a column means no pole,
no fastest lap, no qualifying position, eligible everywhere.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from model.errors import InputError, quoted
from model.io.limits import MAX_RESULT_ROWS, MAX_RESULTS_CSV_BYTES
from model.io.textfiles import (
    csv_cells,
    csv_header,
    named_twice,
    read_text,
    whole_number,
)
from model.scoring.rules import Championship, Status

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
    "pole",
    "fastest_lap",
    "qualifying_pos",
    "eligible",
    "manufacturer",
)
# Columns that, when a file leaves them out, leave a replaced result's value as it was.
KEPT_WHEN_ABSENT = ("pole", "fastest_lap", "qualifying_pos", "eligible")
DRIVER_SEPARATOR = ";"
SHORT_DRIVE_MARK = "*"
_YES = frozenset({"1", "yes", "y", "true", "x"})
_NO = frozenset({"", "0", "no", "n", "false"})
_CHAMPIONSHIP_WORDS = {
    **{c.value: c for c in Championship},
    **{c.value.removesuffix("s"): c for c in Championship},
}
_ELIGIBLE_SEPARATORS = re.compile(r"[\s+/;,]+")
_NOT = "no-"
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
    pole: bool = False
    fastest_lap: bool = False
    qualifying_pos: int | None = None
    ineligible: frozenset[Championship] = frozenset()  # the championships it does not score in
    short_drives: frozenset[str] = frozenset()  # drivers short of the minimum drive time
    manufacturer: str = ""
    given: frozenset[str] = frozenset()  # which of KEPT_WHEN_ABSENT the file has


def read_results_csv(path: Path) -> list[ResultRow]:
    """Every result row of the file; raises InputError on the first fault found."""
    text = read_text(path, limit=MAX_RESULTS_CSV_BYTES, what="results files")
    return parse_results_csv(text, source=path.name)


def parse_results_csv(text: str, *, source: str) -> list[ResultRow]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[ResultRow] = []
    try:
        header = _read_header(next(reader), source)
        ended = reader.line_num
        for record in reader:
            line, ended = ended + 1, reader.line_num  # a quoted cell may span several lines
            if any(cell.strip() for cell in record):
                if len(rows) == MAX_RESULT_ROWS:
                    raise InputError(
                        f"more than {MAX_RESULT_ROWS:,} results; split the file",
                        source=source,
                        line=line,
                    )
                cells = _fit(record, header, source, line)
                rows.append(_parse_row(cells, source, line))
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", source=source, line=reader.line_num) from exc
    if not rows:
        raise InputError("the file has a header but no results", source=source, line=2)
    return rows


def _read_header(record: list[str], source: str) -> list[str]:
    return csv_header(record, source=source, required=REQUIRED_COLUMNS, optional=OPTIONAL_COLUMNS)


def _fit(record: list[str], header: list[str], source: str, line: int) -> dict[str, str]:
    return csv_cells(record, header, source=source, line=line, multiline=MULTILINE_COLUMNS)


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
    try:
        drivers, short_drives = parse_drivers(text("drivers"))
        pole = parse_flag(text("pole"), "pole")
        fastest_lap = parse_flag(text("fastest_lap"), "fastest_lap")
    except _CellError as exc:
        raise error(exc.column, str(exc)) from None
    try:
        ineligible = parse_eligible(text("eligible"))
    except ValueError as exc:
        raise error("eligible", str(exc)) from None
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
        pole=pole,
        fastest_lap=fastest_lap,
        qualifying_pos=number("qualifying_pos", minimum=1),
        ineligible=ineligible,
        short_drives=short_drives,
        manufacturer=text("manufacturer"),
        given=frozenset(KEPT_WHEN_ABSENT).intersection(cells),
    )


class _CellError(ValueError):
    """What is wrong with a cell, and the column it is in."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def parse_flag(text: str, column: str) -> bool:
    """A yes/no cell (`pole`, `fastest_lap`); _CellError names what it may hold."""
    value = text.strip().lower()
    if value in _YES or value in _NO:
        return value in _YES
    raise _CellError(
        column,
        f"expected 1 (or yes, y, true, x) or empty (or 0, no, n, false), found {quoted(text)}",
    )


def parse_drivers(text: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The drivers in seat order, and those marked short of the minimum drive time."""
    drivers: list[str] = []
    short: set[str] = set()
    for part in text.split(DRIVER_SEPARATOR):
        name = part.strip()
        if not name:
            continue
        marked = name.endswith(SHORT_DRIVE_MARK)
        name = name.removesuffix(SHORT_DRIVE_MARK).rstrip()
        if not name:
            raise _CellError("drivers", f"{quoted(part.strip())}: a star needs a driver's name")
        if SHORT_DRIVE_MARK in name:
            raise _CellError(
                "drivers",
                f"{quoted(part.strip())}: one star, after the name, marks a short drive",
            )
        drivers.append(name)
        if marked:
            short.add(name)
    twice = named_twice(drivers)
    if twice is not None:
        raise _CellError("drivers", twice)
    return tuple(drivers), frozenset(short)


def parse_eligible(text: str) -> frozenset[Championship]:
    """The championships a car is NOT registered for, from an `eligible` cell (see the module's
    description); ValueError says what is wrong."""
    words = [word for word in _ELIGIBLE_SEPARATORS.split(text.strip().lower()) if word]
    if not words or words == ["yes"]:
        return frozenset()
    if words == ["no"]:
        return frozenset(Championship)
    negated = [word.startswith(_NOT) for word in words]
    if any(negated) and not all(negated):
        raise ValueError(
            f"{quoted(text)} mixes championships the car scores in with ones it does not "
            f"({_NOT}...); name one kind"
        )
    named = {_championship(word, text, negated=all(negated)) for word in words}
    return frozenset(named) if all(negated) else frozenset(Championship) - named


def _championship(word: str, text: str, *, negated: bool) -> Championship:
    found = _CHAMPIONSHIP_WORDS.get(word.removeprefix(_NOT) if negated else word)
    if found is None:
        names = ", ".join(c.value for c in Championship)
        raise ValueError(
            f"unknown championship {quoted(word)} in {quoted(text)} (expected empty, yes, no, "
            f"or some of {names}, or of them with {_NOT} in front)"
        )
    return found
