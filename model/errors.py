"""Errors that carry enough context for a statistician to fix the input."""

from __future__ import annotations


class PitboardError(Exception):
    """Base class for every error Pitboard reports to the user."""


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
            where.append(self.source)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class NotFoundError(PitboardError):
    """A season, class, round or entry the caller named does not exist."""
