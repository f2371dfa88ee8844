"""Ranking one table: each competitor's cells (dropped scores marked, penalties counted),
totals, tie-breaks, and excluded competitors set apart."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from model.scoring.points import ZERO
from model.scoring.race_scoring import Competitor
from model.scoring.rules import (
    DropBy,
    Penalty,
    SeasonRules,
    counts_every_place,
    dropped_rounds,
    tie_break_key,
)
from model.scoring.standings_rows import EMPTY_CELL, RoundCell, StandingsRow, places_of
from model.store.season_data import RoundInfo


def rank(
    competitors: dict[str, Competitor],
    rounds: tuple[RoundInfo, ...],
    rules: SeasonRules,
    penalties: tuple[Penalty, ...],
) -> tuple[tuple[StandingsRow, ...], tuple[StandingsRow, ...]]:
    """The ranked rows, and the rows of excluded competitors (unranked)."""
    taken: dict[str, list[Penalty]] = defaultdict(list)
    for penalty in penalties:
        taken[penalty.competitor].append(penalty)
    scored = [
        (competitor, *_cells(competitor, rounds, rules, taken.get(competitor.name, [])))
        for competitor in competitors.values()
        if competitor.scores or competitor.name in taken
    ]
    excluded_names = {name for name, found in taken.items() if any(p.excluded for p in found)}
    every = counts_every_place(rules)
    places = {competitor.name: _countback_places(cells, every) for competitor, cells, _ in scored}
    depth = max((p for found in places.values() for p in found), default=0)
    keyed = sorted(
        (
            tie_break_key(total, places[c.name], depth, rules, _first_best(cells) if every else 0),
            c.name.casefold(),
            c.name,
            cells,
            total,
            c,
        )
        for c, cells, total in scored
        if c.name not in excluded_names
    )
    rows: list[StandingsRow] = []
    for index, (key, _, name, cells, total, competitor) in enumerate(keyed):
        shares_above = index > 0 and key == keyed[index - 1][0]
        shares_below = index + 1 < len(keyed) and key == keyed[index + 1][0]
        pos = rows[-1].pos if shares_above else index + 1
        chassis, engines = competitor.cars()
        deducted = sum((p.points for p in taken.get(name, [])), ZERO)
        tied = shares_above or shares_below
        rows.append(StandingsRow(pos, name, chassis, engines, cells, total, tied, deducted))
    excluded = []
    for competitor, cells, total in scored:
        if competitor.name in excluded_names:
            chassis, engines = competitor.cars()
            deducted = sum((p.points for p in taken[competitor.name]), ZERO)
            row = StandingsRow(0, competitor.name, chassis, engines, cells, total, False, deducted)
            excluded.append(row._replace(excluded=True))
    return tuple(rows), tuple(sorted(excluded, key=lambda r: r.name.casefold()))


def _cells(
    competitor: Competitor,
    rounds: tuple[RoundInfo, ...],
    rules: SeasonRules,
    penalties: list[Penalty],
) -> tuple[tuple[RoundCell, ...], Decimal]:
    """The competitor's cell for each round, and the total of the counted ones with every
    penalty (a penalty is never dropped with its round)."""
    dropped = _dropped(competitor.scores, rounds, rules)
    by_round: dict[int | None, Decimal] = defaultdict(Decimal)
    for penalty in penalties:
        by_round[penalty.round_id] += penalty.points
    cells = []
    total = sum(by_round.values(), ZERO)
    for rnd in rounds:
        score = competitor.scores.get(rnd.id)
        if score is None:
            took_part = rnd.id in competitor.took_part
            place = competitor.took_part.get(rnd.id)
            cell = RoundCell(None, place, False, True) if took_part else EMPTY_CELL
        elif rnd.id in dropped:
            cell = score._replace(dropped=True)
        else:
            cell = score
            total += score.points or ZERO
        if rnd.id in by_round:
            cell = cell._replace(penalty=by_round[rnd.id])
        cells.append(cell)
    return tuple(cells), total


def _dropped(
    scores: dict[int, RoundCell], rounds: tuple[RoundInfo, ...], rules: SeasonRules
) -> set[int]:
    """Ids of the races whose scores do not count. Drop rules count rounds: the races of a
    round with several are added up and dropped together, unless they count races."""
    if rules.best_results is None:
        return set()
    by_race = rules.drop_by is DropBy.RACE
    counted: dict[int, tuple[int, int, Decimal]] = {}
    for rnd in rounds:
        if rnd.id in scores:
            key = rnd.id if by_race else rnd.round_key
            points = scores[rnd.id].points or ZERO
            _, _, so_far = counted.get(key, (key, rnd.round_key, ZERO))
            counted[key] = (key, rnd.round_key, so_far + points)
    dropped = dropped_rounds(list(counted.values()), rules)
    if by_race:
        return dropped
    return {rnd.id for rnd in rounds if rnd.round_key in dropped}


def _countback_places(cells: tuple[RoundCell, ...], every_place: bool) -> list[int]:
    """The places a countback counts: those of the rounds that scored, or every place."""
    if every_place:
        return [p for cell in cells for p in (places_of(cell) if cell.points else _held(cell))]
    return [place for cell in cells if cell.points for place in places_of(cell)]


def _held(cell: RoundCell) -> tuple[int, ...]:
    return (cell.position,) if cell.raced and cell.position else ()


def _first_best(cells: tuple[RoundCell, ...]) -> int:
    """Calendar index of the round in which the competitor first reached its best place."""
    best = min((p for cell in cells for p in (places_of(cell) or _held(cell))), default=None)
    for index, cell in enumerate(cells):
        if best is not None and best in (places_of(cell) or _held(cell)):
            return index
    return len(cells)
