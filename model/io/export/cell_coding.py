"""How a published table codes its cells, in words and values only (no spreadsheet, no Qt):
the workbooks and the PDF writer render the same looks, so a table reads the same printed in
colour, printed in grey or read aloud.

Colour is never the only mark: a win is bold and boxed, a podium bold, a dropped score in
brackets, a race that scored nothing through a retirement carries its status code, and a
tied position is written '=3'."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from model.io.export.colours import PLACES
from model.io.export.penalty_text import EXCLUDED_POS, cell_text
from model.scoring.rules import Status
from model.scoring.standings_rows import RoundCell, StandingsRow

# The short code written in a round cell where the competitor's best car ended so and scored
# nothing (a classified car without points shows an empty 'no points' cell).
STATUS_CODES: dict[Status, str] = {
    Status.NOT_CLASSIFIED: "NC",
    Status.DNF: "DNF",
    Status.DNS: "DNS",
    Status.DISQUALIFIED: "DSQ",
    Status.EXCLUDED: "EXC",
}
STATUS_WORDS: dict[str, str] = {
    "DNF": "did not finish",
    "DNS": "did not start",
    "NC": "not classified",
    "DSQ": "disqualified",
    "EXC": "excluded",
}
# The key's cells, in order: each fill's kind and what it is called there.
KEY_CELLS: tuple[tuple[str, str], ...] = (
    ("1st", "Win"),
    ("2nd", "2nd"),
    ("3rd", "3rd"),
    ("points", "Points"),
    ("no points", "No points"),
)
PODIUM = frozenset({"1st", "2nd", "3rd"})


class CellLook(NamedTuple):
    """What one round cell shows and how it is marked.

    `value` is the number a spreadsheet adds up (None where the cell holds no points); `text`
    is the same cell as printed ('16', '(16)', 'DNF', '16 (-5)'). `fill` names the kind of
    cell: '1st', '2nd', '3rd', 'points', 'no points', 'empty' or 'status'.
    """

    text: str
    value: Decimal | None
    fill: str
    bold: bool = False
    boxed: bool = False
    dropped: bool = False
    status: str = ""
    excluded: bool = False


def fill_kind(cell: RoundCell) -> str:
    """The kind of a round cell, which picks its fill."""
    if cell.points:
        return PLACES.get(cell.position or 0, "points")
    if status_code(cell):
        return "status"
    return "no points" if cell.raced else "empty"


def status_code(cell: RoundCell) -> str:
    """'DNF', 'DNS', 'NC', 'DSQ' or 'EXC' for a cell that scored nothing through that status."""
    if cell.points or cell.status is None:
        return ""
    return STATUS_CODES.get(cell.status, "")


def round_look(cell: RoundCell, excluded: bool = False) -> CellLook:
    """A round cell's look; an excluded competitor's cells are all greyed alike."""
    code = status_code(cell)
    shown = cell_text(cell)
    if code:
        shown = f"{code} {shown}".rstrip()  # a penalty for the round stays after the code
    if excluded:
        return CellLook(
            shown, cell.points, "empty", dropped=cell.dropped, status=code, excluded=True
        )
    kind = fill_kind(cell)
    return CellLook(
        text=shown,
        value=cell.points,
        fill=kind,
        bold=kind in PODIUM,
        boxed=kind == "1st",
        dropped=cell.dropped,
        status=code,
    )


def position_text(row: StandingsRow) -> str:
    """'3', '=3' for a position shared with another competitor, 'EXC' for an excluded one."""
    if row.excluded:
        return EXCLUDED_POS
    return f"={row.pos}" if row.tied else str(row.pos)


def key_lines() -> tuple[str, ...]:
    """What the marks mean, beneath the key's coloured cells."""
    codes = " · ".join(f"{code} {words}" for code, words in STATUS_WORDS.items())
    return (
        "A win is bold and boxed; 2nd and 3rd are bold. (16): a dropped score, not counted "
        "in the total. =3: a shared position.",
        f"{codes} (and no points in that round).",
    )
