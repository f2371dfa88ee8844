"""Results from other timing systems and hand-kept spreadsheets: CSV, TSV or .xlsx, read
through a column mapping, and handed to the same import planner as Al Kamel files."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from model.errors import InputError, quoted
from model.io.alkamel import Layout, TimingFile, TimingFileError, TimingRow, as_timing_error
from model.io.limits import (
    MAX_SHEET_ROW,
    MAX_TABLE_COLUMNS,
    MAX_TABLE_ROWS,
    MAX_TIMING_BYTES,
    MAX_WORKBOOK_BYTES,
    MAX_WORKBOOK_UNPACKED_BYTES,
    MB,
)
from model.io.results_csv import SHORT_DRIVE_MARK
from model.io.textfiles import (
    decode_text,
    field_problem,
    named_twice,
    read_bytes,
    split_lines,
    whole_number,
)

FIELDS = {
    "position": "Overall position",
    "class_pos": "Class position",
    "car": "Car number",
    "team": "Team",
    "class": "Class",
    "status": "Status",
    "laps": "Laps",
    "vehicle": "Car (chassis - engine)",
    "drivers": "Drivers",
}
REQUIRED_FIELDS = ("car", "class")
_GUESSES = {
    "position": ("pos", "position", "overall", "pos.", "overall position", "rank"),
    "class_pos": ("class pos", "class_pos", "pic", "class position", "pos in class"),
    "car": ("car", "no", "no.", "number", "#", "car no", "car number", "nr"),
    "team": ("team", "entrant"),
    "class": ("class", "cat", "category"),
    "status": ("status", "state"),
    "laps": ("laps", "lap"),
    "vehicle": ("vehicle", "car model", "chassis", "make", "model"),
    "drivers": ("drivers", "driver", "pilots", "crew"),
}
DRIVER_SEPARATORS = (";", "/", "|")


@dataclass(frozen=True)
class Table:
    source: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (line or spreadsheet row, cells)


def read_table(path: Path) -> Table:
    """The first sheet of a workbook, or a CSV/TSV file with its separator worked out."""
    workbook = path.suffix.lower() in (".xlsx", ".xlsm")
    limit, what = (MAX_WORKBOOK_BYTES, "workbooks") if workbook else (MAX_TIMING_BYTES, "tables")
    try:
        data = read_bytes(path, limit=limit, what=what)
        if workbook:
            return read_workbook(data, source=path.name)
        return parse_delimited(decode_text(data, source=path.name), source=path.name)
    except TimingFileError:
        raise
    except InputError as exc:
        raise as_timing_error(exc) from None


def parse_delimited(text: str, *, source: str) -> Table:
    first = next((line for line in split_lines(text) if line.strip()), "")
    separator = max(("\t", ";", ","), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        numbered = _table_rows(((reader.line_num, record) for record in reader), source)
    except csv.Error as exc:
        raise TimingFileError(
            f"malformed file: {exc}", source=source, line=reader.line_num
        ) from None
    return _table(source, numbered)


def read_workbook(data: bytes, *, source: str) -> Table:
    """The first worksheet, read as it streams past: the size the sheet claims for itself is
    ignored (it may claim a million rows), and reading stops at the limits."""
    from openpyxl import load_workbook  # only when a workbook is imported

    _check_unpacked_size(data, source)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TimingFileError(
            f"not a readable workbook ({exc.__class__.__name__})", source=source
        ) from None
    try:
        if not workbook.worksheets:
            raise TimingFileError("the workbook has no worksheet", source=source)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        rows = sheet.iter_rows(max_col=MAX_TABLE_COLUMNS + 1, values_only=True)
        numbered = _table_rows(_sheet_rows(rows, source), source)
    except TimingFileError:
        raise
    except Exception as exc:  # a damaged sheet fails only once it is read
        raise TimingFileError(
            f"not a readable workbook ({exc.__class__.__name__})", source=source
        ) from None
    finally:
        workbook.close()
    return _table(source, numbered)


def _check_unpacked_size(data: bytes, source: str) -> None:
    """A few megabytes of zip can hold gigabytes of XML; the sizes are checked before opening."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TimingFileError(
            "not a readable workbook (not a zip archive)", source=source
        ) from None
    if unpacked > MAX_WORKBOOK_UNPACKED_BYTES:
        raise TimingFileError(
            f"the workbook unpacks to {unpacked / MB:,.0f} MB; Pitboard reads workbooks of at "
            f"most {MAX_WORKBOOK_UNPACKED_BYTES / MB:g} MB unpacked",
            source=source,
        )


def _sheet_rows(rows: Iterable[tuple[object, ...]], source: str) -> Iterable[tuple[int, list[str]]]:
    for number, row in enumerate(rows, start=1):
        if number > MAX_SHEET_ROW:
            raise TimingFileError(
                f"the sheet goes on past row {MAX_SHEET_ROW:,}; copy the results to a new sheet",
                source=source,
                line=number,
            )
        yield number, ["" if value is None else str(value) for value in row]


def _table_rows(
    records: Iterable[tuple[int, Sequence[str]]], source: str
) -> list[tuple[int, tuple[str, ...]]]:
    """The non-empty rows with their line, each cell stripped and checked."""
    numbered: list[tuple[int, tuple[str, ...]]] = []
    for line, record in records:
        cells = [cell.strip() for cell in record]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if len(cells) > MAX_TABLE_COLUMNS:
            raise TimingFileError(
                f"more than {MAX_TABLE_COLUMNS} columns", source=source, line=line
            )
        if len(numbered) > MAX_TABLE_ROWS:  # the header and MAX_TABLE_ROWS cars
            raise TimingFileError(
                f"more than {MAX_TABLE_ROWS:,} rows: far too many for one race",
                source=source,
                line=line,
            )
        header = numbered[0][1] if numbered else ()
        for index, cell in enumerate(cells):
            problem = field_problem(cell)
            if problem is not None:
                name = header[index] if index < len(header) and header[index] else index + 1
                raise TimingFileError(problem, source=source, line=line, field=f"{name}")
        numbered.append((line, tuple(cells)))
    return numbered


def _table(source: str, numbered: list[tuple[int, tuple[str, ...]]]) -> Table:
    if not numbered:
        raise TimingFileError("the file is empty", source=source)
    (_, header), *rows = numbered
    if not rows:
        raise TimingFileError("the file has a header but no cars", source=source, line=2)
    return Table(source, header, tuple(rows))


def guess_mapping(header: tuple[str, ...]) -> dict[str, str]:
    """Pitboard field → column, for the columns whose names say what they hold."""
    mapping: dict[str, str] = {}
    for field, names in _GUESSES.items():
        for column in header:
            if column.strip().lower() in names and column not in mapping.values():
                mapping[field] = column
                break
    return mapping


def table_to_timing(
    table: Table, mapping: dict[str, str], *, every_row_class: str | None = None
) -> TimingFile:
    """The table as a timing file, so the same planner maps classes, entries and positions.
    A sheet of one class may have no class column: `every_row_class` names it then."""
    every_row_class = (every_row_class or "").strip() or None
    if every_row_class is not None and "class" in mapping:
        raise TimingFileError(
            f"the class column '{mapping['class']}' and 'all rows are class "
            f"{every_row_class}' were both chosen: choose one",
            source=table.source,
            line=1,
            field="class",
        )
    given = set(mapping) | ({"class"} if every_row_class else set())
    missing = [FIELDS[f] for f in REQUIRED_FIELDS if f not in given]
    if missing:
        raise TimingFileError(f"choose the column for: {', '.join(missing)}", source=table.source)
    unknown = [column for column in mapping.values() if column not in table.header]
    if unknown:
        raise TimingFileError(f"no column '{unknown[0]}' in the file", source=table.source, line=1)
    index = {field: table.header.index(column) for field, column in mapping.items()}
    rows = tuple(
        _row(table.source, line, cells, index, every_row_class) for line, cells in table.rows
    )
    return TimingFile(table.source, Layout.GENERIC, rows, ())


def _row(
    source: str,
    line: int,
    cells: tuple[str, ...],
    index: dict[str, int],
    every_row_class: str | None = None,
) -> TimingRow:
    def get(field: str) -> str:
        if field == "class" and every_row_class is not None:
            return every_row_class
        column = index.get(field)
        return cells[column].strip() if column is not None and column < len(cells) else ""

    def number(field: str, minimum: int) -> int | None:
        value = get(field)
        if not value:
            return None
        if value.endswith(".0"):  # spreadsheets hand over 3 as '3.0'
            value = value[:-2]
        try:
            return whole_number(value, minimum=minimum)
        except ValueError as exc:
            raise TimingFileError(str(exc), source=source, line=line, field=field) from None

    car = get("car")
    car = car[:-2] if car.endswith(".0") and car[:-2].isdigit() else car
    if not car or not get("class"):
        field = "car" if not car else "class"
        raise TimingFileError(
            f"a row without a {FIELDS[field].lower()}", source=source, line=line, field=field
        )
    drivers_text = get("drivers")
    separator = next((s for s in DRIVER_SEPARATORS if s in drivers_text), None)
    drivers = (
        tuple(d.strip() for d in drivers_text.split(separator))
        if separator
        else ((drivers_text,) if drivers_text else ())
    )
    twice = named_twice([d for d in drivers if d])
    if twice is not None:
        raise TimingFileError(twice, source=source, line=line, field="drivers")
    _refuse_short_drives(drivers, source, line)
    return TimingRow(
        line=line,
        position=number("position", 1),
        number=car,
        team=get("team"),
        class_name=get("class"),
        status=get("status") or "Classified",
        laps=number("laps", 0),
        vehicle=get("vehicle"),
        drivers=tuple(d for d in drivers if d),
        total_time=None,
        gap="",
        fastest_lap=None,
        class_pos=number("class_pos", 1),
    )


def _refuse_short_drives(drivers: Sequence[str], source: str, line: int) -> None:
    """A star marks a short drive in Pitboard's results CSV; a timing import cannot carry that
    mark, and a driver stored as "Name*" would read as one in the history."""
    for name in drivers:
        if SHORT_DRIVE_MARK in name:
            raise TimingFileError(
                f"{quoted(name)}: a driver marked {SHORT_DRIVE_MARK} (short of the minimum "
                "drive time) is imported from Pitboard's results CSV only",
                source=source,
                line=line,
                field="drivers",
            )
