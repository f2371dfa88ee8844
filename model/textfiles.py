"""Reading a user's text file: readable, not empty, UTF-8 (with or without a BOM)."""

from __future__ import annotations

from pathlib import Path

from model.errors import InputError


def read_text(path: Path) -> str:
    """The file's text; InputError names the file (and line) when it cannot be used."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", source=str(path)) from exc
    return decode_text(data, source=path.name)


def decode_text(data: bytes, *, source: str) -> str:
    if not data.strip():
        raise InputError("the file is empty", source=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError("the file is not UTF-8 text", source=source, line=line) from exc
