"""The standings engine's output: tables shaped like the published ones, row by row and
round by round."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from model.scoring.points import ZERO
from model.scoring.rules import Championship, Penalty, Status


class RoundCell(NamedTuple):
    """One competitor's score in one numbered round.

    `points` is None where nothing scored; `raced` tells a car that took part without scoring
    (its best class position, if it had one, is in `position`) from one that was not there.
    `places` holds the place of every result the points add up (a team scoring all its cars);
    empty, the one place is `position`. `penalty` is what a penalty for this round took.
    `status` is how the competitor's best car of the round ended where it scored nothing
    (DNF, DNS...), so a table can say why the cell is empty.
    """

    points: Decimal | None = None
    position: int | None = None
    dropped: bool = False
    raced: bool = False
    places: tuple[int, ...] = ()
    penalty: Decimal | None = None
    status: Status | None = None


EMPTY_CELL = RoundCell()


class StandingsRow(NamedTuple):
    """One competitor's line. `penalty` is every penalty counted in `total`; an excluded
    competitor has position 0 and is listed below the table (`StandingsTable.excluded`)."""

    pos: int
    name: str
    chassis: tuple[str, ...]
    engine: tuple[str, ...]
    cells: tuple[RoundCell, ...]
    total: Decimal
    tied: bool = False
    penalty: Decimal = ZERO
    excluded: bool = False

    @property
    def round_points(self) -> list[Decimal | None]:
        return [cell.points for cell in self.cells]


@dataclass(frozen=True)
class StandingsTable:
    class_name: str
    championship: Championship
    round_numbers: tuple[int, ...]
    rows: tuple[StandingsRow, ...]
    excluded: tuple[StandingsRow, ...] = ()
    penalties: tuple[Penalty, ...] = ()  # the ones this table counts, for its footnote
    round_labels: tuple[str, ...] = ()  # each column's heading: "3", or "3a" and "3b"

    def label(self, index: int) -> str:
        """The heading of round column `index` (without "Rd")."""
        if index < len(self.round_labels):
            return self.round_labels[index]
        return str(self.round_numbers[index])


@dataclass(frozen=True)
class SeasonStandings:
    series: str
    year: int
    tables: dict[tuple[str, Championship], StandingsTable]

    def table(self, class_name: str, championship: Championship) -> StandingsTable:
        return self.tables[(class_name, championship)]


def place_of(cell: RoundCell) -> int:
    return cell.position or 0


def places_of(cell: RoundCell) -> tuple[int, ...]:
    """The places a cell's points were earned with (none for a place not known)."""
    return cell.places or ((cell.position,) if cell.position else ())
