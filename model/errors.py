"""Errors that carry enough context for a statistician to fix the input."""

from __future__ import annotations

import re

# C0 controls, DEL and C1 controls: what can move a terminal's cursor, change its colours or
# hide text. Messages quote user text, so these are always shown escaped.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
QUOTE_LIMIT = 60  # characters of a value quoted in a message


def printable(text: str, *, keep: str = "") -> str:
    """`text` with control characters (except those in `keep`) escaped as `\\x1b`, `\\n`..."""
    return CONTROL_CHARACTERS.sub(
        lambda match: match.group() if match.group() in keep else repr(match.group())[1:-1], text
    )


def quoted(value: object) -> str:
    """A value as a message quotes it: escaped, and cut short when it is long."""
    text = printable(str(value))
    return f"'{text}'" if len(text) <= QUOTE_LIMIT else f"'{text[:QUOTE_LIMIT]}…'"


class PitboardError(Exception):
    """Base class for every error Pitboard reports to the user."""

    def __str__(self) -> str:
        return printable(super().__str__(), keep="\n")


class InputError(PitboardError):
    """Bad input, located by file, line and field where those are known."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.source:
            where.append(printable(self.source))
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field '{printable(self.field)}'")
        message = printable(self.message)
        return f"{', '.join(where)}: {message}" if where else message


class NotFoundError(PitboardError):
    """A season, class, round or entry the caller named does not exist."""
