"""Reading Al Kamel race classifications (the timing files of IMSA, WEC, ELMS and others).

The layout is recognised from the header, never from the file name. Values are read by column
name, rows shorter than the header are padded, and anything the reader cannot make sense of
raises TimingFileError naming the file, line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from model.errors import InputError, quoted
from model.io.limits import (
    MAX_FIELD_CHARS,
    MAX_RACE_SECONDS,
    MAX_TABLE_ROWS,
    MAX_TIMING_BYTES,
    MB,
)
from model.io.textfiles import (
    decode_text,
    field_problem,
    named_twice,
    open_regular,
    read_bytes,
    split_lines,
    whole_number,
)

REQUIRED = ("POSITION", "NUMBER", "TEAM", "CLASS", "STATUS", "LAPS")


class TimingFileError(InputError):
    """A timing file that cannot be read; nothing has been imported."""


class Layout(StrEnum):
    WEC_ELMS = "A"  # POSITION;NUMBER;TEAM;DRIVER_1..4;VEHICLE;...
    WEC_2021 = "B"  # as A, with DRIVER_5 after FL_KPH
    IMSA = "C"  # IMSA_* ids and six DRIVERn_ blocks
    ECM = "D"  # ECM ids, DRIVERn_ or single DRIVER_ names
    GENERIC = "generic"  # another timing system or a spreadsheet, read through a column mapping

    @property
    def marks_every_starter_classified(self) -> bool:
        """IMSA layouts call every starter Classified; eligibility must come from laps."""
        return self in (Layout.IMSA, Layout.ECM)


@dataclass(frozen=True)
class TimingRow:
    line: int
    position: int | None
    number: str
    team: str
    class_name: str
    status: str
    laps: int | None
    vehicle: str
    drivers: tuple[str, ...]
    total_time: float | None
    gap: str
    fastest_lap: float | None
    class_pos: int | None = None  # given by spreadsheets; Al Kamel files leave it to be counted
    fastest_lap_number: int | None = None  # the lap the car's fastest lap was set on (FL_LAPNUM)


@dataclass(frozen=True)
class TimingFile:
    source: str
    layout: Layout
    rows: tuple[TimingRow, ...]
    garbled_lines: tuple[int, ...]  # lines whose names look double-encoded (UTF-8 read as Latin-1)

    @property
    def classes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(row.class_name for row in self.rows))

    @property
    def statuses(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(row.status for row in self.rows))


def is_timing_file(path: Path) -> bool:
    """Whether the file starts like an Al Kamel classification (POSITION;NUMBER;...).

    Anything that is not a regular file is not one, and is never waited on (a named pipe)."""
    try:
        with open_regular(path) as handle:
            start = handle.read(200)
    except (InputError, OSError):
        return False
    return start.removeprefix(b"\xef\xbb\xbf").lstrip().upper().startswith(b"POSITION;")


def as_timing_error(error: InputError) -> TimingFileError:
    """The same fault, as the timing importers report it."""
    return TimingFileError(error.message, source=error.source, line=error.line, field=error.field)


def read_timing_file(path: Path) -> TimingFile:
    try:
        data = read_bytes(path, limit=MAX_TIMING_BYTES, what="timing files")
    except InputError as exc:
        raise as_timing_error(exc) from None
    return parse_timing_file(data, source=path.name)


def parse_timing_file(data: bytes, *, source: str) -> TimingFile:
    if len(data) > MAX_TIMING_BYTES:
        raise TimingFileError(
            f"more than {MAX_TIMING_BYTES / MB:g} MB: far too large for a race classification",
            source=source,
        )
    try:
        text = decode_text(data, source=source)
    except InputError as exc:
        raise as_timing_error(exc) from None
    lines = split_lines(text)
    header = [name.strip() for name in lines[0].split(";")]
    while header and not header[-1]:
        header.pop()
    _check_line(lines[0], header, 1, source)
    layout = detect_layout(header, source)
    columns = {name: index for index, name in enumerate(header) if name}
    rows: list[TimingRow] = []
    garbled: list[int] = []
    for number, raw in enumerate(lines[1:], start=2):
        if not raw.strip():
            continue
        if len(rows) == MAX_TABLE_ROWS:
            raise TimingFileError(
                f"more than {MAX_TABLE_ROWS:,} cars: far too many for one race",
                source=source,
                line=number,
            )
        _check_line(raw, header, number, source)
        fields = raw.split(";")
        if len(fields) > len(header) and any(f.strip() for f in fields[len(header) :]):
            raise TimingFileError(
                f"{len(fields)} fields where the header has {len(header)}",
                source=source,
                line=number,
            )
        fields += [""] * (len(header) - len(fields))
        row = _row(fields, columns, layout, number, source)
        if any(looks_garbled(value) for value in (row.team, row.vehicle, *row.drivers)):
            garbled.append(number)
        rows.append(row)
    if not rows:
        raise TimingFileError("the file has a header but no cars", source=source, line=2)
    return TimingFile(source, layout, tuple(rows), tuple(garbled))


def _check_line(raw: str, header: list[str], line: int, source: str) -> None:
    """Every field of the line, used or not, must be free of control characters."""
    if raw.isprintable() and len(raw) <= MAX_FIELD_CHARS:  # the usual line, checked fast
        return
    for index, value in enumerate(raw.split(";")):
        problem = field_problem(value)
        if problem is not None:
            name = header[index] if index < len(header) and header[index] else f"{index + 1}"
            raise TimingFileError(problem, source=source, line=line, field=name)


def detect_layout(header: list[str], source: str) -> Layout:
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        found = ", ".join(header[:12]) + (", …" if len(header) > 12 else "")
        raise TimingFileError(
            f"not an Al Kamel classification: no {', '.join(missing)} column "
            f"(columns found: {found}); use the generic import with a column mapping",
            source=source,
            line=1,
        )
    if any(name.startswith("ECM ") for name in header):
        return Layout.ECM
    if any(name.startswith("IMSA_") for name in header):
        return Layout.IMSA
    return Layout.WEC_2021 if "DRIVER_5" in header else Layout.WEC_ELMS


def _row(
    fields: list[str], columns: dict[str, int], layout: Layout, line: int, source: str
) -> TimingRow:
    def get(name: str) -> str:
        index = columns.get(name)
        return fields[index].strip() if index is not None else ""

    def whole(name: str, minimum: int) -> int | None:
        value = get(name)
        if not value:
            return None
        try:
            return whole_number(value, minimum=minimum)
        except ValueError as exc:
            raise TimingFileError(str(exc), source=source, line=line, field=name) from None

    def time(name: str) -> float | None:
        try:
            return parse_time(get(name))
        except ValueError as exc:
            raise TimingFileError(str(exc), source=source, line=line, field=name) from None

    number = get("NUMBER")
    if not number:
        raise TimingFileError("a car without a number", source=source, line=line, field="NUMBER")
    for name, what in (("CLASS", "class"), ("STATUS", "status")):
        if not get(name):  # also what a file cut off in the middle of a row looks like
            raise TimingFileError(f"a car without a {what}", source=source, line=line, field=name)
    total, fastest = time("TOTAL_TIME"), time("FL_TIME")
    drivers = _drivers(get, columns)
    twice = named_twice(drivers)
    if twice is not None:
        raise TimingFileError(twice, source=source, line=line, field="drivers")
    return TimingRow(
        line=line,
        position=whole("POSITION", 1),
        number=number,
        team=get("TEAM"),
        class_name=get("CLASS"),
        status=get("STATUS"),
        laps=whole("LAPS", 0),
        vehicle=get("VEHICLE"),
        drivers=drivers,
        total_time=total,
        gap=get("GAP_FIRST"),
        fastest_lap=fastest,
        fastest_lap_number=whole("FL_LAPNUM", 0),
    )


def _drivers(read: Callable[[str], str], columns: dict[str, int]) -> tuple[str, ...]:
    names: list[str] = []
    for n in range(1, 9):
        whole_name = read(f"DRIVER_{n}")
        split = " ".join(
            part for part in (read(f"DRIVER{n}_FIRSTNAME"), read(f"DRIVER{n}_SECONDNAME")) if part
        )
        if whole_name or split:
            names.append(whole_name or split)
    if not names and "DRIVER_FIRSTNAME" in columns:
        single = " ".join(p for p in (read("DRIVER_FIRSTNAME"), read("DRIVER_SECONDNAME")) if p)
        names += [single] if single else []
    return tuple(" ".join(name.split()) for name in names)


# Hours, minutes and seconds in the digits 0-9 (re's \d also takes other scripts' digits);
# at most 9 digits a part, so no part takes long to convert.
_TIME = re.compile(r"^(?:([0-9]{1,9}):)?(?:([0-9]{1,9})[:'])?([0-9]{1,9}(?:\.[0-9]{1,9})?)$")


def parse_time(text: str) -> float | None:
    """Seconds in `6:00'26.462` (WEC), `24:00:14.673` (IMSA), `1'36.144` or `28.869`."""
    value = text.strip().lstrip("+")
    if not value or value == "-":
        return None
    match = _TIME.match(value)
    if match is None:
        raise ValueError(f"{quoted(text)} is not a time")
    hours, minutes, seconds = match.groups()
    if hours is not None and minutes is None:  # two parts: minutes and seconds
        hours, minutes = None, hours
    total = int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds)
    if total > MAX_RACE_SECONDS:
        raise ValueError(f"{quoted(text)} is longer than {MAX_RACE_SECONDS // 3600:,} hours")
    return total


def parse_gap(text: str) -> tuple[int, float | None]:
    """(laps behind, seconds behind): `1 Lap`, `-12 Laps`, `+13.366`, `1'00.569`, `-`."""
    value = text.strip()
    laps = re.match(r"^[+-]?([0-9]{1,9})\s+Laps?$", value, re.IGNORECASE)
    if laps:
        return int(laps.group(1)), None
    return 0, parse_time(value)


def looks_garbled(text: str) -> bool:
    """UTF-8 that was decoded as Latin-1 once too often (`MÃ¤ntsÃ¤lÃ¤`)."""
    return repair_garbled(text) != text


def repair_garbled(text: str) -> str:
    if "Ã" not in text and "Â" not in text:
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
