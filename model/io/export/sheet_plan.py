"""Which championship tables of a class a workbook publishes.

The teams' table is always there: it is the class's own table, and says so when nobody has
scored yet. A drivers' table is published only where the season records drivers for the
class: a series that keeps only teams gets no page that can only ever be empty. A
manufacturers' table is published once it has a competitor in it.
"""

from __future__ import annotations

from model.scoring.standings import Championship, SeasonStandings, StandingsTable
from model.store.season_data import SeasonData


def sheets_for(data: SeasonData, standings: SeasonStandings, class_name: str) -> list[Championship]:
    """The class's championships to publish, in the order their sheets are written."""
    return [
        championship
        for championship in Championship
        if _published(data, standings.table(class_name, championship), class_name)
    ]


def has_drivers(data: SeasonData, class_name: str) -> bool:
    """Whether any entry or result of the class names a driver (a season's drivers may be
    entered before any round is run, and then their table is published, empty)."""
    entries = {eid for eid, entry in data.entries.items() if entry.class_name == class_name}
    return any(data.entries[eid].drivers for eid in entries) or any(
        result.drivers for result in data.results if result.entry_id in entries
    )


def _published(data: SeasonData, table: StandingsTable, class_name: str) -> bool:
    if table.championship is Championship.TEAMS or table.rows or table.excluded:
        return True
    if table.championship is Championship.DRIVERS:
        return has_drivers(data, class_name)
    return False
