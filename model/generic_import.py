"""Results from other timing systems and hand-kept spreadsheets: CSV, TSV or .xlsx, read
through a column mapping, and handed to the same import planner as Al Kamel files."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from model.alkamel import Layout, TimingFile, TimingFileError, TimingRow, check_size
from model.textfiles import decode_text

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
    if check_size(path).suffix.lower() in (".xlsx", ".xlsm"):
        return _read_workbook(path)
    try:
        text = decode_text(path.read_bytes(), source=path.name)
    except OSError as exc:
        raise TimingFileError(
            f"cannot read the file: {exc.strerror or exc}", source=str(path)
        ) from exc
    return parse_delimited(text, source=path.name)


def parse_delimited(text: str, *, source: str) -> Table:
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    separator = max(("\t", ";", ","), key=first.count)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error as exc:
        raise TimingFileError(f"malformed file: {exc}", source=source) from None
    numbered = [
        (n, tuple(cell.strip() for cell in r))
        for n, r in enumerate(records, start=1)
        if any(c.strip() for c in r)
    ]
    return _table(source, numbered)


def _read_workbook(path: Path) -> Table:
    from openpyxl import load_workbook  # only when a workbook is imported

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TimingFileError(
            f"not a readable workbook ({exc.__class__.__name__})", source=path.name
        ) from None
    try:
        sheet = workbook.worksheets[0]
        numbered = [
            (n, tuple("" if v is None else str(v).strip() for v in row))
            for n, row in enumerate(sheet.iter_rows(values_only=True), start=1)
            if any(v not in (None, "") for v in row)
        ]
    finally:
        workbook.close()
    return _table(path.name, numbered)


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


def table_to_timing(table: Table, mapping: dict[str, str]) -> TimingFile:
    """The table as a timing file, so the same planner maps classes, entries and positions."""
    missing = [FIELDS[f] for f in REQUIRED_FIELDS if f not in mapping]
    if missing:
        raise TimingFileError(f"choose the column for: {', '.join(missing)}", source=table.source)
    unknown = [column for column in mapping.values() if column not in table.header]
    if unknown:
        raise TimingFileError(f"no column '{unknown[0]}' in the file", source=table.source, line=1)
    index = {field: table.header.index(column) for field, column in mapping.items()}
    rows = tuple(_row(table.source, line, cells, index) for line, cells in table.rows)
    return TimingFile(table.source, Layout.GENERIC, rows, ())


def _row(source: str, line: int, cells: tuple[str, ...], index: dict[str, int]) -> TimingRow:
    def get(field: str) -> str:
        column = index.get(field)
        return cells[column].strip() if column is not None and column < len(cells) else ""

    def number(field: str) -> int | None:
        value = get(field)
        if not value:
            return None
        try:
            return int(float(value))  # spreadsheets hand over 3 as '3.0'
        except ValueError:
            raise TimingFileError(
                f"expected a whole number, found '{value}'", source=source, line=line, field=field
            ) from None

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
    return TimingRow(
        line=line,
        position=number("position"),
        number=car,
        team=get("team"),
        class_name=get("class"),
        status=get("status") or "Classified",
        laps=number("laps"),
        vehicle=get("vehicle"),
        drivers=tuple(d for d in drivers if d),
        total_time=None,
        gap="",
        fastest_lap=None,
        class_pos=number("class_pos"),
    )
