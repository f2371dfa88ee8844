"""The standings engine: a pure function from a season's results and rules to standings tables.

Per class there are three championships, each scored by its own rules (the season's, with
any rule set again for it). Teams: a team scores its best car in each race, every car, or
each car on its own. Drivers: a driver scores the car they drove. Manufacturers: each
manufacturer's best cars in each race. Rows are shaped like published tables: position,
name, chassis and engines raced in order of first use, points per numbered round, total.
Scoring the races is model.scoring.race_scoring; ranking a table, model.scoring.ranking.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from model.scoring.classification import Classified, classify
from model.scoring.race_scoring import Competitor, score_class
from model.scoring.ranking import rank
from model.scoring.rules import Championship
from model.scoring.standings_rows import (
    EMPTY_CELL,
    RoundCell,
    SeasonStandings,
    StandingsRow,
    StandingsTable,
)
from model.store.season_data import RoundInfo, SeasonData

__all__ = [
    "EMPTY_CELL",
    "Championship",
    "RoundCell",
    "SeasonStandings",
    "StandingsRow",
    "StandingsTable",
    "class_tables",
    "compute_standings",
    "round_labels",
]


def compute_standings(
    data: SeasonData,
    *,
    classes: Iterable[str] | None = None,
    previous: SeasonStandings | None = None,
    classified: Classified | None = None,
) -> SeasonStandings:
    """Standings for every class of the season, teams' and drivers' championships.

    With `classes` and `previous`, only those classes are worked out again; every other table
    is the previous one (an edit recalculates the classes it touched). `classified` is the
    season's results already classified (see model.scoring.classification), when known.
    """
    numbers = tuple(r.number or 0 for r in data.numbered_rounds)
    wanted = data.classes if classes is None or previous is None else tuple(classes)
    found = classified or classify(data)
    tables = {} if previous is None else _kept_tables(previous, data, wanted, numbers)
    for class_name in wanted:
        tables.update(class_tables(data, class_name, found))
    ordered = {
        (name, championship): tables[(name, championship)]
        for name in data.classes
        for championship in Championship
    }
    return SeasonStandings(data.series, data.year, ordered)


def class_tables(
    data: SeasonData,
    class_name: str,
    classified: Classified,
    championships: Iterable[Championship] = tuple(Championship),
) -> dict[tuple[str, Championship], StandingsTable]:
    """One class's table in each championship (or in those asked for)."""
    numbers = tuple(r.number or 0 for r in data.numbered_rounds)
    labels = round_labels(data.numbered_rounds)
    tables = {}
    for championship in championships:
        rules = data.rules.for_championship(championship)
        competitors = score_class(data, class_name, classified, championship, rules)
        penalties = tuple(p for p in data.penalties if p.applies_to(championship, class_name))
        rows, excluded = rank(competitors, data.numbered_rounds, rules, penalties)
        rows = _with_statuses(rows, competitors, data.numbered_rounds)
        excluded = _with_statuses(excluded, competitors, data.numbered_rounds)
        tables[(class_name, championship)] = StandingsTable(
            class_name, championship, numbers, rows, excluded, penalties, labels
        )
    return tables


def _with_statuses(
    rows: tuple[StandingsRow, ...],
    competitors: dict[str, Competitor],
    rounds: tuple[RoundInfo, ...],
) -> tuple[StandingsRow, ...]:
    """Each row's cells with how its best car ended where the round scored nothing."""
    marked = []
    for row in rows:
        competitor = competitors.get(row.name)
        if competitor is None or not competitor.statuses:
            marked.append(row)
            continue
        cells = tuple(
            cell._replace(status=competitor.statuses.get(rnd.id)) if cell.points is None else cell
            for cell, rnd in zip(row.cells, rounds, strict=True)
        )
        marked.append(row._replace(cells=cells))
    return tuple(marked)


def round_labels(rounds: tuple[RoundInfo, ...]) -> tuple[str, ...]:
    """Each numbered race's heading: its number; where a round holds several races, the
    round's number and a letter per race (2a, 2b)."""
    races: dict[int, int] = defaultdict(int)
    for rnd in rounds:
        races[rnd.round_key] += 1
    seen: dict[int, int] = defaultdict(int)
    labels = []
    for rnd in rounds:
        if races[rnd.round_key] == 1:
            labels.append(str(rnd.round_key))
            continue
        labels.append(f"{rnd.round_key}{chr(ord('a') + seen[rnd.round_key] % 26)}")
        seen[rnd.round_key] += 1
    return tuple(labels)


def _kept_tables(
    previous: SeasonStandings,
    data: SeasonData,
    recalculated: Iterable[str],
    numbers: tuple[int, ...],
) -> dict[tuple[str, Championship], StandingsTable]:
    """The previous tables of the classes not worked out again."""
    skipped = set(data.classes) - set(recalculated)
    kept = {key: table for key, table in previous.tables.items() if key[0] in skipped}
    whole = len(kept) == len(Championship) * len(skipped)
    if not whole or any(t.round_numbers != numbers for t in kept.values()):
        raise ValueError("the previous standings are of another calendar or other classes")
    return kept
