"""JSON reading that remembers the line each object started on, for error messages."""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from model.errors import InputError
from model.io.limits import MAX_JSON_DEPTH, MAX_SEASON_BYTES
from model.io.textfiles import line_of, read_text

# A string runs to its closing quote, or to the end when it has none (so the scan stays linear).
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]')
# Where a refused number stands: a very long one, or a constant in a value's place.
_REFUSED_NUMBER = re.compile(r"[0-9]{31,}|[:\[,]\s*(?:-?Infinity|NaN)")
MAX_NUMBER_DIGITS = 30  # far past any value Pitboard stores; int() slows down on thousands


class LocatedDict(dict[str, Any]):
    """A JSON object that knows the line of its opening brace."""

    line: int | None = None


class _NumberError(ValueError):
    pass


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _NumberError(f"a number of {len(text):,} digits")
    return int(text)


def _refuse_constant(name: str) -> Any:
    raise _NumberError(f"{name} is not a number JSON allows")


class _LocatingDecoder(json.JSONDecoder):
    def __init__(self) -> None:
        super().__init__(
            object_pairs_hook=LocatedDict, parse_int=_parse_int, parse_constant=_refuse_constant
        )
        plain: Callable[..., tuple[LocatedDict, int]] = json.decoder.JSONObject  # type: ignore[attr-defined]
        counted = [0, 1]  # position and line reached: objects are met in the order they start

        def parse_object(
            s_and_end: tuple[str, int], *args: Any, **kwargs: Any
        ) -> tuple[LocatedDict, int]:
            text, start = s_and_end
            counted[1] += text.count("\n", counted[0], start)
            counted[0] = start
            line = counted[1]
            obj, end = plain(s_and_end, *args, **kwargs)
            obj.line = line
            return obj, end

        self.parse_object = parse_object
        # The C scanner ignores parse_object; the Python one calls it.
        self.scan_once = json.scanner.py_make_scanner(self)  # type: ignore[attr-defined]


def read_json(path: Path) -> Any:
    """Parse a UTF-8 JSON file; every object in it is a LocatedDict."""
    text = read_text(path, limit=MAX_SEASON_BYTES, what="season definitions")
    return parse_json(text, source=path.name)


def parse_json(text: str, *, source: str) -> Any:
    _check_depth(text, source)
    try:
        return _LocatingDecoder().decode(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", source=source, line=exc.lineno) from None
    except _NumberError as exc:
        found = _REFUSED_NUMBER.search(text)
        line = line_of(text, found.end() - 1) if found else None
        message = f"not a number Pitboard can use: {exc}"
        raise InputError(message, source=source, line=line) from None
    except RecursionError:  # a last guard: the depth is checked first
        raise InputError("objects and lists are nested too deeply", source=source) from None


def _check_depth(text: str, source: str) -> None:
    """Refuse deep nesting before parsing: the parser recurses once per level."""
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise InputError(
                    f"objects and lists are nested more than {MAX_JSON_DEPTH} deep",
                    source=source,
                    line=line_of(text, match.start()),
                )
        elif token in ("]", "}"):
            depth -= 1
