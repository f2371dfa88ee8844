"""Points progression: each leading competitor's running total after each round, for a line
chart (the editor's chart dock, and published workbooks).

What a line shows: the points that count in the standings as they are now, added up round by
round. A score the drop rules discard adds nothing in its round, so every line ends on the
competitor's total in the table (it is not the total the standings showed after that round,
before later rounds changed which scores were dropped). A penalty given for a round is taken
in that round; one given for the season as a whole, in the last round run so far.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from model.scoring.points import ZERO
from model.scoring.standings_rows import RoundCell, StandingsRow, StandingsTable

TOP = 10


@dataclass(frozen=True)
class Series:
    """One competitor's line: `points[i]` is the running total after round `labels[i]`."""

    name: str
    pos: int
    labels: tuple[str, ...]
    points: tuple[Decimal, ...]

    @property
    def total(self) -> Decimal:
        return self.points[-1] if self.points else ZERO


def progression(table: StandingsTable, top: int = TOP) -> list[Series]:
    """The lines of the table's first `top` competitors, in standings order, over the rounds
    run so far (a round nobody in the table has run or been penalised in yet is left out;
    cancelled rounds have no column in the table and so none here). Empty when no round
    has been run."""
    run = rounds_run(table)
    labels = tuple(table.label(index) for index in range(run))
    return [_series(row, labels) for row in table.rows[: max(top, 0)]] if run else []


def rounds_run(table: StandingsTable) -> int:
    """How many of the table's rounds, from the first, lie up to the last one run."""
    rows = table.rows + table.excluded
    columns = len(table.round_numbers)
    run = [index for index in range(columns) if any(_ran(row.cells, index) for row in rows)]
    return run[-1] + 1 if run else 0


def _ran(cells: tuple[RoundCell, ...], index: int) -> bool:
    if index >= len(cells):
        return False
    cell = cells[index]
    return cell.points is not None or cell.raced or cell.penalty is not None


def _series(row: StandingsRow, labels: tuple[str, ...]) -> Series:
    running = ZERO
    points = []
    for cell in row.cells[: len(labels)]:
        if cell.points is not None and not cell.dropped:
            running += cell.points
        running += cell.penalty or ZERO
        points.append(running)
    # What the cells do not hold (season penalties, or any later round's) ends the line, so
    # it reaches the table's total.
    if points:
        points[-1] += row.total - running
    return Series(row.name, row.pos, labels, tuple(points))
