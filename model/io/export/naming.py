"""Names for files and worksheets made from user text: legal everywhere, short enough, unique.

Names are compared ignoring case and Unicode normalisation on every system, because Windows
and macOS do so: the same document then exports the same file names everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

NAME_MAX = 255  # bytes in a file name (ext4, APFS); NTFS and HFS+ allow 255 UTF-16 units
PARTIAL_SUFFIX = ".partial"
PARTIAL_TOKEN_LENGTH = 8
# A file is written as ".<name>.<token>.partial" beside its target: that name must fit too.
PARTIAL_DECORATION = len("..") + PARTIAL_TOKEN_LENGTH + len(PARTIAL_SUFFIX)
FILE_NAME_BYTES = NAME_MAX - PARTIAL_DECORATION
SHEET_TITLE_UNITS = 31  # Excel's limit, in UTF-16 units

_ZWJ = "\u200d"
_VIRAMA = 9  # the combining class of a mark that joins the next letter to the previous one
_SKIN_TONES = ("\U0001f3fb", "\U0001f3ff")
_INVISIBLE = r"\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_BIDI_CONTROLS = r"\u200e\u200f\u202a-\u202e\u2066-\u2069"  # can make 'x.exe' read 'exe.x'
_FILE_UNSAFE = re.compile(rf'[\\/:*?"<>|{_INVISIBLE}{_BIDI_CONTROLS}]+')
_SHEET_UNSAFE = re.compile(rf"[\[\]:*?/\\{_INVISIBLE}]")
_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    "CONIN$",
    "CONOUT$",
    *(f"{device}{n}" for device in ("COM", "LPT") for n in [*"0123456789", "¹", "²", "³"]),
}


def name_key(name: str) -> str:
    """What two names have in common when a file system or Excel would take them as one."""
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", name).casefold())


def file_name_bytes(text: str) -> int:
    """Bytes `text` takes in a file name stored as given or decomposed (as HFS+ stores it)."""
    return max(len(text.encode("utf-8")), len(unicodedata.normalize("NFD", text).encode("utf-8")))


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def fit(text: str, limit: int, cost: Callable[[str], int]) -> str:
    """The longest start of `text` whose characters cost at most `limit` in all.

    The cut falls between whole characters and never inside a cluster: a letter keeps its
    marks, and emoji joined into one picture stay joined.
    """
    total = 0
    for index, char in enumerate(text):
        total += cost(char)
        if total > limit:
            return text[: _cluster_start(text, index)]
    return text


def _cluster_start(text: str, index: int) -> int:
    while index > 0 and (_continues(text[index]) or _joins(text[index - 1])):
        index -= 1
    return index


def _continues(char: str) -> bool:
    return (
        unicodedata.category(char) in ("Mn", "Mc", "Me")
        or char == _ZWJ
        or _SKIN_TONES[0] <= char <= _SKIN_TONES[1]
    )


def _joins(char: str) -> bool:
    return char == _ZWJ or unicodedata.combining(char) == _VIRAMA


def safe_file_name(text: str, *, fallback: str = "export", max_bytes: int = FILE_NAME_BYTES) -> str:
    """`text` as one file name on any system: no folders, no reserved names or characters,
    at most `max_bytes` long."""
    name = _FILE_UNSAFE.sub("-", unicodedata.normalize("NFC", text)).strip(" .-")
    name = re.sub(r"\s+", " ", name)
    if name.split(".")[0].strip().upper() in _WINDOWS_RESERVED:
        name = f"_{name}"
    return fit(name, max_bytes, file_name_bytes).rstrip(" .-") or fallback


def unique_file_names(
    texts: Sequence[str], *, extension: str, fallback: str = "export"
) -> list[str]:
    """A safe file name for each of `texts`, no two alike; a clash gets " (2)", " (3)", …
    in the order given."""
    taken: set[str] = set()
    room = FILE_NAME_BYTES - file_name_bytes(extension)

    def named(text: str) -> Callable[[str], str]:
        def candidate(suffix: str) -> str:
            stem = safe_file_name(text, fallback=fallback, max_bytes=room - len(suffix))
            return f"{stem}{suffix}{extension}"

        return candidate

    return [_first_free(taken, named(text)) for text in texts]


def sheet_title(text: str, *, fallback: str = "Sheet", limit: int = SHEET_TITLE_UNITS) -> str:
    """A worksheet name Excel accepts: short enough, none of []:*?/\\ or control characters,
    no apostrophe first or last."""
    title = _SHEET_UNSAFE.sub("-", text).strip("'")
    return fit(title, limit, utf16_units).strip("'") or fallback


def unique_sheet_prefixes(texts: Sequence[str], *, room: int, fallback: str) -> list[str]:
    """Sheet-name beginnings of at most `room` units for each of `texts`, no two alike as
    Excel compares them (ignoring case); a clash gets " (2)", " (3)", … in the order given."""
    taken: set[str] = set()

    def named(text: str) -> Callable[[str], str]:
        def candidate(suffix: str) -> str:
            limit = room - utf16_units(suffix)
            return sheet_title(text, fallback=fallback, limit=limit) + suffix

        return candidate

    return [_first_free(taken, named(text)) for text in texts]


def _first_free(taken: set[str], candidate: Callable[[str], str]) -> str:
    """The first of candidate(""), candidate(" (2)"), … whose key is not taken; takes it."""
    number = 1
    while True:
        name = candidate("" if number == 1 else f" ({number})")
        if name_key(name) not in taken:
            taken.add(name_key(name))
            return name
        number += 1
