"""JSON reading that remembers the line each object started on, for error messages."""

from __future__ import annotations

import json
import json.decoder
import json.scanner
from collections.abc import Callable
from pathlib import Path
from typing import Any

from model.errors import InputError
from model.textfiles import read_text


class LocatedDict(dict[str, Any]):
    """A JSON object that knows the line of its opening brace."""

    line: int | None = None


class _LocatingDecoder(json.JSONDecoder):
    def __init__(self) -> None:
        super().__init__(object_pairs_hook=LocatedDict)
        plain: Callable[..., tuple[LocatedDict, int]] = json.decoder.JSONObject  # type: ignore[attr-defined]

        def parse_object(
            s_and_end: tuple[str, int], *args: Any, **kwargs: Any
        ) -> tuple[LocatedDict, int]:
            text, start = s_and_end
            obj, end = plain(s_and_end, *args, **kwargs)
            obj.line = text.count("\n", 0, start) + 1
            return obj, end

        self.parse_object = parse_object
        # The C scanner ignores parse_object; the Python one calls it.
        self.scan_once = json.scanner.py_make_scanner(self)  # type: ignore[attr-defined]


def read_json(path: Path) -> Any:
    """Parse a UTF-8 JSON file; every object in it is a LocatedDict."""
    text = read_text(path)
    try:
        return _LocatingDecoder().decode(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", source=path.name, line=exc.lineno) from exc
