"""Who can still win, in words under a published table: the champion once nobody else can
reach the leader, else who can still win and the most they can reach."""

from __future__ import annotations

from model.scoring.contention import Contention, contention
from model.scoring.points import format_points
from model.scoring.standings import StandingsTable
from model.store.season_data import SeasonData


def contention_note(data: SeasonData, table: StandingsTable) -> str | None:
    """One sentence, or None for a table with no one ranked."""
    marks = contention(data, table)
    if not marks:
        return None
    champions = [name for name, (_, mark) in marks.items() if mark is Contention.CHAMPION]
    if champions:
        return f"Champion: {' and '.join(champions)}."
    still = [
        f"{name} (can reach {format_points(most)})"
        for name, (most, mark) in marks.items()
        if mark is Contention.CAN_STILL_WIN
    ]
    out = sum(1 for _, mark in marks.values() if mark is Contention.OUT)
    others = "; the others are out of contention" if out else ""
    return f"Can still win: {', '.join(still)}{others}."
