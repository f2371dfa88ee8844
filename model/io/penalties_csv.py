"""Reading penalties from CSV: the same fields as a season definition's `penalties`.

Columns: championship (teams, drivers, manufacturers or all; empty means all), class,
competitor, round (a round number; empty means the season), points (such as -10 or -2.5; may
be empty for an exclusion), excluded (yes/no, 1/0, true/false; empty means no) and reason.
Only class and competitor are required columns. The file is read in two steps: first on its
own (layout, text, numbers), then against the season it is imported into (classes, rounds),
through the one penalty check season definitions use. Every fault names the file, line and
field, and a file with a fault gives nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from model.errors import InputError, quoted
from model.io.limits import MAX_SEASON_BYTES, MAX_TABLE_ROWS
from model.io.season_definition import FieldReader, PenaltyDefinition, parse_penalty
from model.io.textfiles import csv_cells, csv_header, read_text, whole_number

REQUIRED_COLUMNS = ("class", "competitor")
OPTIONAL_COLUMNS = ("championship", "round", "points", "excluded", "reason")
YES, NO = ("yes", "1", "true"), ("no", "0", "false", "")
# Points as digits 0-9 with an optional sign and decimals: Decimal() alone would also take
# "1e3", "NaN" or digits of other scripts.
_POINTS = re.compile(r"[+-]?[0-9]{1,9}(?:\.[0-9]{1,9})?", re.ASCII)


@dataclass(frozen=True, slots=True)
class PenaltyRow:
    """One penalty as the file gives it, before it is checked against a season."""

    line: int
    championship: str | None  # None: every championship
    class_name: str
    competitor: str
    round_number: int | None  # None: the season
    points: str | None  # None: not given (an exclusion)
    excluded: bool
    reason: str


@dataclass(frozen=True)
class PenaltiesFile:
    source: str
    rows: tuple[PenaltyRow, ...]


def read_penalties_csv(path: Path) -> PenaltiesFile:
    """Every penalty row of the file; InputError on the first fault found."""
    text = read_text(path, limit=MAX_SEASON_BYTES, what="penalties files")
    return parse_penalties_csv(text, source=path.name)


def parse_penalties_csv(text: str, *, source: str) -> PenaltiesFile:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[PenaltyRow] = []
    try:
        header = _read_header(next(reader), source)
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) == MAX_TABLE_ROWS:
                raise InputError(
                    f"more than {MAX_TABLE_ROWS:,} penalties; split the file",
                    source=source,
                    line=reader.line_num,
                )
            cells = _fit(record, header, source, reader.line_num)
            rows.append(_parse_row(cells, source, reader.line_num))
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", source=source, line=reader.line_num) from exc
    if not rows:
        raise InputError("the file has a header but no penalties", source=source, line=2)
    return PenaltiesFile(source, tuple(rows))


def _read_header(record: list[str], source: str) -> list[str]:
    return csv_header(record, source=source, required=REQUIRED_COLUMNS, optional=OPTIONAL_COLUMNS)


def _fit(record: list[str], header: list[str], source: str, line: int) -> dict[str, str]:
    cells = csv_cells(record, header, source=source, line=line)
    return {name: cells.get(name, "").strip() for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS}


def _parse_row(cells: dict[str, str], source: str, line: int) -> PenaltyRow:
    def error(name: str, message: str) -> InputError:
        return InputError(message, source=source, line=line, field=name)

    excluded = cells["excluded"].lower()
    if excluded not in YES + NO:
        raise error("excluded", f"expected yes or no, found {quoted(cells['excluded'])}")
    points = cells["points"]
    if not points and excluded not in YES:
        raise error("points", "is empty (points such as -10, or excluded: yes)")
    if points and _POINTS.fullmatch(points) is None:
        raise error("points", f"expected points such as -10 or -2.5, found {quoted(points)}")
    round_number = None
    if cells["round"]:
        try:
            round_number = whole_number(cells["round"], minimum=1)
        except ValueError as exc:
            raise error("round", str(exc)) from None
    return PenaltyRow(
        line=line,
        championship=cells["championship"] or None,
        class_name=cells["class"],
        competitor=cells["competitor"],
        round_number=round_number,
        points=points or None,
        excluded=excluded in YES,
        reason=cells["reason"],
    )


def penalty_definitions(
    penalties: PenaltiesFile, *, classes: tuple[str, ...], rounds: Collection[int]
) -> tuple[PenaltyDefinition, ...]:
    """The file's penalties checked against a season's classes and round numbers, the way a
    season definition's are; a penalty given twice in the file is refused."""
    checked: list[PenaltyDefinition] = []
    first_line: dict[PenaltyDefinition, int] = {}
    for row in penalties.rows:
        fields = {
            "championship": row.championship,
            "class": row.class_name,
            "competitor": row.competitor,
            "round": row.round_number,
            "points": row.points,
            "excluded": row.excluded,
            "reason": row.reason,
        }
        reader = FieldReader(fields, penalties.source, "", row.line)
        penalty = parse_penalty(reader, classes, set(rounds))
        if penalty in first_line:
            raise InputError(
                f"the same penalty as on line {first_line[penalty]}",
                source=penalties.source,
                line=row.line,
            )
        first_line[penalty] = row.line
        checked.append(penalty)
    return tuple(checked)
