"""Reading a user's file: a regular file within its size limit, UTF-8 text (with or without a
BOM), and fields free of control characters."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from model.errors import CONTROL_CHARACTERS, InputError, printable, quoted
from model.io.limits import MAX_FIELD_CHARS, MAX_WHOLE_NUMBER, MB

# Opening without blocking: a named pipe with no writer would otherwise wait for ever.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_WHOLE = re.compile(r"[+-]?[0-9]+", re.ASCII)


@contextmanager
def open_regular(path: Path) -> Iterator[BinaryIO]:
    """The file opened for reading; InputError when it is missing, unreadable or not a regular
    file (a folder, a pipe, a device such as /dev/zero)."""
    try:
        _check_regular(path, os.stat(path).st_mode)  # refused before opening: no side effects
        handle = os.fdopen(os.open(path, _OPEN_FLAGS), "rb")
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", source=str(path)) from exc
    with handle:
        _check_regular(path, os.fstat(handle.fileno()).st_mode)  # the same file, still
        yield handle


def _check_regular(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = (
        "a folder"
        if stat.S_ISDIR(mode)
        else "a named pipe"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a regular file"
    )
    raise InputError(f"this is {kind}, not a file Pitboard can read", source=str(path))


def read_bytes(path: Path, *, limit: int, what: str) -> bytes:
    """The whole file, refused when it is larger than `limit` bytes (at most limit + 1 are read)."""
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        data = b"" if size > limit else handle.read(limit + 1)
    if size > limit or len(data) > limit:
        shown = f"{size / MB:,.1f} MB" if size > limit else f"more than {limit / MB:g} MB"
        raise InputError(
            f"the file is {shown}; Pitboard reads {what} of at most {limit / MB:g} MB",
            source=path.name,
        )
    return data


def read_text(path: Path, *, limit: int, what: str) -> str:
    """The file's text; InputError names the file (and line) when it cannot be used."""
    return decode_text(read_bytes(path, limit=limit, what=what), source=path.name)


def decode_text(data: bytes, *, source: str) -> str:
    if not data.strip():
        raise InputError("the file is empty", source=source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError("the file is not UTF-8 text", source=source, line=line) from exc
    if not text.strip():  # a byte order mark and nothing else
        raise InputError("the file is empty", source=source)
    return text


def split_lines(text: str) -> list[str]:
    """Lines split at line breaks only: str.splitlines also splits at form feeds and other
    controls, which would shift every line number after them."""
    lines = _LINE_BREAK.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def line_of(text: str, index: int) -> int:
    """The line number of position `index` in `text`."""
    return len(_LINE_BREAK.findall(text, 0, index)) + 1


def control_character(text: str, *, allowed: str = "") -> int | None:
    """The position of the first control character not in `allowed`, or None."""
    for match in CONTROL_CHARACTERS.finditer(text):
        if match.group() not in allowed:
            return match.start()
    return None


def field_problem(value: str, *, allowed: str = "") -> str | None:
    """What is wrong with one text field, or None: a control character, or too many characters."""
    if value.isprintable() and len(value) <= MAX_FIELD_CHARS:  # the usual case, checked fast
        return None
    position = control_character(value, allowed=allowed)
    if position is not None:
        character = printable(value[position])
        return f"contains a control character ({character}) at character {position + 1}"
    if len(value) > MAX_FIELD_CHARS:
        return f"{len(value):,} characters is too long (at most {MAX_FIELD_CHARS})"
    return None


def check_field(value: str, *, source: str, line: int | None, field: str, allowed: str = "") -> str:
    """`value` back, or InputError naming the file, line and field when it cannot be stored."""
    problem = field_problem(value, allowed=allowed)
    if problem is not None:
        raise InputError(problem, source=source, line=line, field=field)
    return value


def whole_number(text: str, *, minimum: int, maximum: int = MAX_WHOLE_NUMBER) -> int:
    """A whole number written with the digits 0-9, within bounds; ValueError says what is wrong.

    str.isdigit() and int() accept more than that ('²' is a digit to one and not the other),
    and SQLite refuses integers past 2**63, so the text is checked before it is converted.
    """
    value = text.strip()
    if _WHOLE.fullmatch(value) is None:
        raise ValueError(f"expected a whole number, found {quoted(text)}")
    if len(value.lstrip("+-").lstrip("0")) > len(str(maximum)):  # never convert 5,000 digits
        bound = f"at least {minimum}" if value.startswith("-") else f"at most {maximum:,}"
        raise ValueError(f"must be {bound}, found {quoted(value)}")
    number = int(value)
    if number < minimum:
        raise ValueError(f"must be at least {minimum}, found {number}")
    if number > maximum:
        raise ValueError(f"must be at most {maximum:,}, found {number:,}")
    return number


def named_twice(names: Sequence[str]) -> str | None:
    """A problem with a list of drivers: the first name given twice, or None."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            return f"{quoted(name)} is named twice"
        seen.add(name)
    return None


def csv_header(
    record: Sequence[str], *, source: str, required: Sequence[str], optional: Sequence[str]
) -> list[str]:
    """A CSV file's column names (any case), each known, none twice, every required one
    there; InputError names the column."""
    for index, name in enumerate(record, start=1):
        check_field(name, source=source, line=1, field=f"column {index}")
    header = [name.strip().lower() for name in record]
    known = (*required, *optional)
    for name in header:
        if name not in known:
            message = f"unknown column {quoted(name)} (columns: {', '.join(known)})"
            raise InputError(message, source=source, line=1, field=name)
        if header.count(name) > 1:
            raise InputError("the column appears twice", source=source, line=1, field=name)
    for name in required:
        if name not in header:
            raise InputError("required column is missing", source=source, line=1, field=name)
    return header


def csv_cells(
    record: Sequence[str],
    header: Sequence[str],
    *,
    source: str,
    line: int,
    multiline: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """One CSV record by column name: as many fields as columns, no control character
    (`multiline` names the ones a column may hold)."""
    if len(record) != len(header):
        message = f"expected {len(header)} fields, found {len(record)}"
        raise InputError(message, source=source, line=line)
    allowed = multiline or {}
    for name, cell in zip(header, record, strict=True):
        check_field(cell, source=source, line=line, field=name, allowed=allowed.get(name, ""))
    return dict(zip(header, record, strict=True))
