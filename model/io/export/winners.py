"""Each round's class winners, as the season results table names them."""

from __future__ import annotations

from model.scoring.rules import Status
from model.store.season_data import ResultInfo, SeasonData


def class_winners(data: SeasonData) -> dict[int, dict[str, ResultInfo]]:
    """Each round's classified class winners (by round id, then class), in one pass over the
    season's results: a season of thousands of results is not read again for every round."""
    winners: dict[int, dict[str, ResultInfo]] = {}
    for result in data.results:
        if result.class_pos == 1 and result.status is Status.CLASSIFIED:
            in_round = winners.setdefault(result.round_id, {})
            in_round.setdefault(data.entries[result.entry_id].class_name, result)
    return winners


def winner_text(data: SeasonData, result: ResultInfo) -> str:
    entry = data.entries[result.entry_id]
    car = f" #{entry.car_number}" if entry.car_number else ""
    return f"{entry.team}{car}"
