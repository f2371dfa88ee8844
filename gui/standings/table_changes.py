"""What an edit did to a standings table: who moved and by how many points, and whether the
table kept its rows and columns (then only the changed rows are repainted)."""

from __future__ import annotations

from model.io.export.penalty_text import every_row, has_penalty_column
from model.scoring.points import format_points
from model.scoring.standings import StandingsTable

EXCLUDED_LAST = 1_000_000  # an excluded competitor sorts after every position


def moves_between(old: StandingsTable | None, new: StandingsTable | None) -> dict[str, str]:
    """Each competitor of the same table whose place or points changed: an arrow with the
    places gained or lost, and the points won or taken away."""
    if old is None or new is None:
        return {}
    if (old.class_name, old.championship) != (new.class_name, new.championship):
        return {}
    before = {row.name: row for row in every_row(old)}
    moves = {}
    for row in every_row(new):
        was = before.get(row.name)
        if was is None or (was.pos, was.total) == (row.pos, row.total):
            continue
        places = (was.pos or EXCLUDED_LAST) - (row.pos or EXCLUDED_LAST)
        arrow = f"▲{places}" if places > 0 else f"▼{-places}" if places < 0 else ""
        points = row.total - was.total
        sign = "+" if points > 0 else ""
        delta = f"{sign}{format_points(points)}" if points else ""
        moves[row.name] = " ".join(part for part in (arrow, delta) if part)
    return moves


def same_layout(old: StandingsTable, new: StandingsTable) -> bool:
    """Whether the same competitors hold the same rows, under the same columns."""
    return (
        old.championship == new.championship
        and old.round_numbers == new.round_numbers
        and has_penalty_column(old) == has_penalty_column(new)
        and [r.name for r in every_row(old)] == [r.name for r in every_row(new)]
    )
