"""Penalties and exclusions as every output writes them: the amount with its sign, the round
it was given for, and its reason.

Shared by the workbooks, the command line's table, CSV and JSON, and the editor, so a penalty
reads the same wherever it is published.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from model.scoring.points import format_points
from model.scoring.rules import Penalty
from model.scoring.standings import RoundCell, StandingsRow, StandingsTable
from model.store.season_data import RoundInfo

EXCLUDED_POS = "EXC"  # an excluded competitor's position, in every table


def signed_points(points: Decimal) -> str:
    """A penalty as written in a table: -10, +5 (points given back), 0."""
    text = format_points(points)
    return f"+{text}" if points > 0 else text


def cell_text(cell: RoundCell) -> str:
    """A round's points as a table shows them: '16', '(16)' when dropped, and a penalty
    given for that round after it, '16 (-5)', or alone, '(-5)'."""
    points = "" if cell.points is None else format_points(cell.points)
    shown = f"({points})" if points and cell.dropped else points
    if cell.penalty is None:
        return shown
    return f"{shown} ({signed_points(cell.penalty)})".lstrip()


def every_row(table: StandingsTable) -> tuple[StandingsRow, ...]:
    """The ranked rows, then the excluded competitors' (listed below them)."""
    return (*table.rows, *table.excluded)


def has_penalty_column(table: StandingsTable) -> bool:
    """A 'Pen.' column is shown only where some competitor has a penalty in its total."""
    return any(row.penalty for row in every_row(table))


def position_text(row: StandingsRow) -> str:
    if row.excluded:
        return EXCLUDED_POS
    return f"={row.pos}" if row.tied else str(row.pos)


def penalty_round(
    penalty: Penalty, table: StandingsTable, rounds: Iterable[RoundInfo] = ()
) -> int | None:
    """The number of the round a penalty was given for (None: the whole season, or a round
    that cannot be told). Without the season's rounds it is read from the competitor's row:
    the one round whose cell carries a penalty."""
    if penalty.round_id is None:
        return None
    for rnd in rounds:
        if rnd.id == penalty.round_id:
            return rnd.number
    row = next((r for r in every_row(table) if r.name == penalty.competitor), None)
    marked = [i for i, cell in enumerate(row.cells) if cell.penalty is not None] if row else []
    same_round = {
        p.round_id
        for p in table.penalties
        if p.competitor == penalty.competitor and p.round_id is not None
    }
    if len(marked) == 1 and len(same_round) == 1:
        return table.round_numbers[marked[0]]
    return None


def penalty_notes(table: StandingsTable, rounds: Iterable[RoundInfo] = ()) -> list[str]:
    """One sentence per penalty of a competitor in the table: 'Team X: 10 points deducted in
    round 3 (Monaco Grand Prix). Reason: causing a collision.' A penalty given in every
    championship is told only in the tables its competitor is in."""
    known = tuple(rounds)
    return [_note(penalty, table, known) for penalty in shown_penalties(table)]


def shown_penalties(table: StandingsTable) -> list[Penalty]:
    """The table's penalties of competitors it lists, in the order they were given."""
    listed = {row.name for row in every_row(table)}
    return [penalty for penalty in table.penalties if penalty.competitor in listed]


def _note(penalty: Penalty, table: StandingsTable, rounds: tuple[RoundInfo, ...]) -> str:
    what = []
    if penalty.excluded:
        what.append("excluded from the championship (listed at the foot of the table)")
    if penalty.points or not penalty.excluded:
        what.append(_amount(penalty.points))
    number = penalty_round(penalty, table, rounds)
    where = ""
    if number is not None:
        name = next((r.name for r in rounds if r.id == penalty.round_id), "")
        where = f" in round {number}" + (f" ({name})" if name else "")
    elif penalty.round_id is not None:
        where = " in one round"
    sentence = f"{penalty.competitor}: {', '.join(what)}{where}."
    reason = penalty.reason.strip()
    if reason:
        stop = "" if reason.endswith((".", "!", "?")) else "."
        sentence += f" Reason: {reason}{stop}"
    return sentence


def _amount(points: Decimal) -> str:
    if not points:
        return "no points deducted"
    unit = "point" if abs(points) == 1 else "points"
    done = "deducted" if points < 0 else "added"
    return f"{format_points(abs(points))} {unit} {done}"
