"""Who can still win a table: the most points each competitor can still reach over the rounds
still to run (their scales, factors and bonuses, the drop rules), and from that a mark per
competitor: champion, can still win, or out of contention.

The most a competitor can reach is an upper bound: it assumes the competitor wins every race
still to run with every bonus and every car it may score with, and that the drop rules keep
its best results. A leader is champion when nobody else's bound reaches its total.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from enum import StrEnum

from model.scoring.points import ZERO
from model.scoring.rules import (
    Championship,
    DropBy,
    SeasonRules,
    TeamScoring,
    dropped_rounds,
    race_points,
)
from model.scoring.standings_rows import StandingsRow, StandingsTable
from model.store.season_data import RoundInfo, SeasonData


class Contention(StrEnum):
    CHAMPION = "champion"
    CAN_STILL_WIN = "can still win"
    OUT = "out of contention"


def rounds_to_run(data: SeasonData, class_name: str) -> tuple[RoundInfo, ...]:
    """The numbered rounds with no result yet in the class."""
    raced = {r.round_id for r in data.results if data.entries[r.entry_id].class_name == class_name}
    return tuple(rnd for rnd in data.numbered_rounds if rnd.id not in raced)


def most_per_race(
    rnd: RoundInfo, rules: SeasonRules, cars: int, qualifying: Sequence[Decimal]
) -> Decimal:
    """The most one competitor can score in a race: the best places for the cars it may
    score with, the pole and the fastest lap, and the best qualifying places."""
    places = range(1, max(cars, 1) + 1)
    points = sum((race_points(rnd.scale, p, rnd.factor) for p in places), ZERO)
    qualified = sum((qualifying[p - 1] for p in places if p <= len(qualifying)), ZERO)
    return points + rules.pole_points + rules.fastest_lap_points + qualified


def reachable(
    row: StandingsRow,
    rounds: Sequence[RoundInfo],
    most: Mapping[int, Decimal],
    rules: SeasonRules,
) -> Decimal:
    """The most the competitor's total can become: its scores in `rounds` (the season's, its
    cells in the same order) and `most` in each race still to run, kept as the drop rules
    keep them (the races of a round added up unless they count races, segments apart)."""
    scores = {rnd.id: c.points for rnd, c in zip(rounds, row.cells, strict=True) if c.points}
    scores.update(most)
    if rules.best_results is None:
        return row.total + sum(most.values(), ZERO)
    by_race = rules.drop_by is DropBy.RACE
    counted: dict[int, tuple[int, int, Decimal]] = {}
    for rnd in rounds:
        if rnd.id in scores:
            key = rnd.id if by_race else rnd.round_key
            _, _, so_far = counted.get(key, (key, rnd.round_key, ZERO))
            counted[key] = (key, rnd.round_key, so_far + scores[rnd.id])
    dropped = dropped_rounds(list(counted.values()), rules)
    kept = (points for key, _, points in counted.values() if key not in dropped)
    return sum(kept, ZERO) + row.penalty


def contention(data: SeasonData, table: StandingsTable) -> dict[str, tuple[Decimal, Contention]]:
    """Each ranked competitor's most reachable total, and its mark."""
    rules = data.rules.for_championship(table.championship)
    to_run = rounds_to_run(data, table.class_name)
    qualifying = data.scales.get(rules.qualifying_points or "", ())
    cars = _cars_per_competitor(data, table, rules)
    marks: dict[str, tuple[Decimal, Contention]] = {}
    rows = table.rows
    if not rows:
        return marks
    leader = rows[0].total
    bounds = {
        row.name: reachable(
            row,
            data.numbered_rounds,
            {
                rnd.id: most_per_race(rnd, rules, cars.get(row.name, 1), qualifying)
                for rnd in to_run
            },
            rules,
        )
        for row in rows
    }
    over = not to_run  # the title is decided: positions 1 (shared where the rules share)
    champion = over or all(bounds[row.name] < leader for row in rows[1:])
    for index, row in enumerate(rows):
        if champion:
            first = row.pos == 1 if over else index == 0
            mark = Contention.CHAMPION if first else Contention.OUT
        elif bounds[row.name] >= leader:
            mark = Contention.CAN_STILL_WIN
        else:
            mark = Contention.OUT
        marks[row.name] = (bounds[row.name], mark)
    return marks


def _cars_per_competitor(
    data: SeasonData, table: StandingsTable, rules: SeasonRules
) -> dict[str, int]:
    """How many cars each competitor may score with in one race."""
    if table.championship is Championship.DRIVERS:
        return {}
    if table.championship is Championship.MANUFACTURERS:
        return {row.name: rules.manufacturer_best_cars for row in table.rows}
    if rules.team_scoring is not TeamScoring.ALL_ENTRIES:
        return {}
    counts: dict[str, int] = {}
    for entry in data.entries.values():
        if entry.class_name == table.class_name:
            counts[entry.team] = counts.get(entry.team, 0) + 1
    return counts
