"""What kind of file is being imported, decided in one place.

Each kind of input Pitboard imports is an `Importer`: how a file of that kind is recognised
from its first bytes, and how it is read into what its import needs. They stand in one ordered
table, and the command line and the editor both ask `recognise`, so a file is the same kind
wherever it is imported. Applying what was read stays with the callers (through the Door).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from model.errors import InputError
from model.io.alkamel import TimingFile, is_timing_file, read_timing_file
from model.io.generic_import import Table, read_table
from model.io.jsonlines import read_json
from model.io.results_csv import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, ResultRow, read_results_csv
from model.io.season_definition import SeasonDefinition, parse_season_definition
from model.io.textfiles import open_regular

HEAD_BYTES = 64 * 1024  # far more than any header line or a season's opening keys
_BOM = b"\xef\xbb\xbf"
_SEASON_KEY = re.compile(rb'"season"\s*:')

T_co = TypeVar("T_co", covariant=True)


@dataclass(frozen=True)
class Peek:
    """The start of a file, as recognisers see it (the byte order mark removed)."""

    path: Path
    head: bytes

    def first_line(self) -> str | None:
        """The first non-blank line as text, or None when the start is not UTF-8 text."""
        cut = self.head if len(self.head) < HEAD_BYTES else self.head.rsplit(b"\n", 1)[0]
        try:
            text = cut.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return next((line for line in text.splitlines() if line.strip()), None)


@dataclass(frozen=True)
class Importer(Generic[T_co]):
    """One kind of input: its name as messages say it, how it is recognised, how it is read.

    `by_content` says the recogniser looks at what the file holds; one that goes by the file's
    name alone (a table) yields to a caller's own reader when that caller does not take it.
    """

    name: str
    sign: str  # how a file of this kind is told, for the message when nothing recognises one
    suffixes: tuple[str, ...]  # what the file dialogs offer
    recognises: Callable[[Peek], bool]
    read: Callable[[Path], T_co]
    by_content: bool = True


def _is_alkamel(peek: Peek) -> bool:
    return is_timing_file(peek.path)


def _is_pitboard_csv(peek: Peek) -> bool:
    line = peek.first_line()
    if line is None:
        return False
    try:
        names = {name.strip().lower() for name in next(csv.reader([line]))}
    except (csv.Error, StopIteration):
        return False
    # Every column Pitboard's own: a hand-kept sheet with a Round and a Class is still a table.
    return set(REQUIRED_COLUMNS) <= names <= set(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)


def _is_season(peek: Peek) -> bool:
    return peek.head.lstrip().startswith(b"{") and _SEASON_KEY.search(peek.head) is not None


def _read_season(path: Path) -> SeasonDefinition:
    return parse_season_definition(read_json(path), source=path.name)


TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")


def _is_table(peek: Peek) -> bool:
    return peek.path.suffix.lower() in TABLE_SUFFIXES


AL_KAMEL: Importer[TimingFile] = Importer(
    "an Al Kamel timing file",
    "a header starting POSITION;NUMBER;",
    (".csv",),
    _is_alkamel,
    read_timing_file,
)
PITBOARD_CSV: Importer[list[ResultRow]] = Importer(
    "a Pitboard results CSV",
    f"only Pitboard's columns, with {', '.join(REQUIRED_COLUMNS)}",
    (".csv",),
    _is_pitboard_csv,
    read_results_csv,
)
SEASON_JSON: Importer[SeasonDefinition] = Importer(
    "a season definition",
    'a JSON object with a "season"',
    (".json",),
    _is_season,
    _read_season,
)
GENERIC_TABLE: Importer[Table] = Importer(
    "a table read through a column mapping",
    "a name ending " + ", ".join(TABLE_SUFFIXES),
    TABLE_SUFFIXES,
    _is_table,
    read_table,
    by_content=False,
)

# The order matters: the first that recognises a file decides, and a table is the fallback.
IMPORTERS: tuple[Importer[Any], ...] = (AL_KAMEL, PITBOARD_CSV, SEASON_JSON, GENERIC_TABLE)


def peek(path: Path) -> Peek:
    """The file's start; InputError when it cannot be read or is empty."""
    with open_regular(path) as handle:
        head = handle.read(HEAD_BYTES)
    head = head.removeprefix(_BOM)
    if not head.strip():
        raise InputError("the file is empty", source=path.name)
    return Peek(path, head)


def recognise(
    path: Path,
    *,
    among: Sequence[Importer[Any]] = IMPORTERS,
    otherwise: Importer[Any] | None = None,
) -> Importer[Any]:
    """The importer for the file, from those `among`.

    A file recognised by its content as another kind is refused, naming that kind. A file only
    a name-based importer takes, or none, goes to `otherwise` when the caller has one (its
    reader then says precisely what is wrong), and is refused otherwise."""
    start = peek(path)
    found = next((importer for importer in IMPORTERS if importer.recognises(start)), None)
    if found is not None and found in among:
        return found
    if found is not None and found.by_content:
        wanted = " or ".join(importer.name for importer in among)
        raise InputError(f"this is {found.name}, not {wanted}", source=path.name)
    if otherwise is not None:
        return otherwise
    signs = "; ".join(f"{importer.name} ({importer.sign})" for importer in among)
    raise InputError(f"Pitboard cannot tell what this file is; it reads {signs}", source=path.name)


def dialog_filter(title: str, among: Sequence[Importer[Any]]) -> str:
    """A file dialog's filter for the kinds `among`, then all files."""
    suffixes = [suffix for importer in among for suffix in importer.suffixes]
    patterns = dict.fromkeys(f"*{s}" for suffix in suffixes for s in (suffix, suffix.upper()))
    return f"{title} ({' '.join(patterns)});;All files (*)"
