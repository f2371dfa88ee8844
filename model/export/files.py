"""Safe file names and whole-or-nothing writes for files the user owns."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from model.errors import PitboardError

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{n}" for n in range(1, 10)),
    *(f"LPT{n}" for n in range(1, 10)),
}


class ExportError(PitboardError):
    """A file could not be written; the message names it and says why."""


def safe_file_name(text: str, *, fallback: str = "export") -> str:
    """`text` as one file name on any system: no folders, no reserved names or characters."""
    name = _UNSAFE.sub("-", text).strip(" .-")
    name = re.sub(r"\s+", " ", name)
    if not name:
        name = fallback
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = f"_{name}"
    return name[:150]


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Call `write` on a temporary file beside `target`, then move it into place.

    A failure at any point leaves `target` as it was (or absent) and no temporary file behind.
    """
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"cannot write {target}: the folder {folder} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".partial", dir=folder
        )
    except OSError as exc:
        raise ExportError(f"cannot write in {folder}: {exc.strerror or exc}") from exc
    os.close(handle)
    partial = Path(temporary)
    try:
        write(partial)
        with partial.open("rb+") as written:
            os.fsync(written.fileno())  # on disk before it takes the place of the old file
        os.replace(partial, target)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
