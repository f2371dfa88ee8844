"""The standings engine: a pure function from a season's results and rules to standings tables.

Per class there are two championships. Teams: a team scores its best car in each race (or
every car, as the rules say). Drivers: a driver scores the car they drove. Rows are shaped
like published tables: position, name, chassis and engines raced in order of first use,
points per numbered round, total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from model.rules import DistanceReference, SeasonRules, Status, TeamPositions, TeamScoring, TieBreak
from model.season_data import EntryInfo, ResultInfo, RoundInfo, SeasonData


class Championship(StrEnum):
    TEAMS = "teams"
    DRIVERS = "drivers"


class RoundCell(NamedTuple):
    """One competitor's score in one numbered round; `points` is None where nothing scored."""

    points: int | None = None
    position: int | None = None
    dropped: bool = False


EMPTY_CELL = RoundCell()


class StandingsRow(NamedTuple):
    pos: int
    name: str
    chassis: tuple[str, ...]
    engine: tuple[str, ...]
    cells: tuple[RoundCell, ...]
    total: int
    tied: bool = False

    @property
    def round_points(self) -> list[int | None]:
        return [cell.points for cell in self.cells]


@dataclass(frozen=True)
class StandingsTable:
    class_name: str
    championship: Championship
    round_numbers: tuple[int, ...]
    rows: tuple[StandingsRow, ...]


@dataclass(frozen=True)
class SeasonStandings:
    series: str
    year: int
    tables: dict[tuple[str, Championship], StandingsTable]

    def table(self, class_name: str, championship: Championship) -> StandingsTable:
        return self.tables[(class_name, championship)]


class _Score(NamedTuple):
    """A car's (or competitor's) points in one round and the place they came from."""

    points: int
    position: int


@dataclass(slots=True)
class _Competitor:
    name: str
    scores: dict[int, _Score] = field(default_factory=dict)
    raced: dict[int, EntryInfo] = field(default_factory=dict)  # entry id: entry, by first use

    def cars(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Chassis and engines raced, each in order of first use."""
        entries = self.raced.values()
        chassis = tuple(dict.fromkeys(e.chassis for e in entries if e.chassis))
        engines = tuple(dict.fromkeys(e.engine for e in entries if e.engine))
        return chassis, engines


def compute_standings(data: SeasonData) -> SeasonStandings:
    """Standings for every class of the season, teams' and drivers' championships."""
    rules = data.rules
    rounds = data.numbered_rounds
    numbers = tuple(r.number or 0 for r in rounds)
    grouped, references = _group_results(data, rounds)
    overall = rules.distance_reference is DistanceReference.OVERALL_WINNER
    tables: dict[tuple[str, Championship], StandingsTable] = {}
    for class_name in data.classes:
        teams: dict[str, _Competitor] = {}
        drivers: dict[str, _Competitor] = {}
        for rnd in rounds:
            results = grouped.get((rnd.id, class_name))
            if results:
                reference = references.get((rnd.id, None if overall else class_name))
                _score_round(data, rnd, results, reference, teams, drivers)
        for championship, competitors in (
            (Championship.TEAMS, teams),
            (Championship.DRIVERS, drivers),
        ):
            rows = _rank(competitors, rounds, rules)
            tables[(class_name, championship)] = StandingsTable(
                class_name, championship, numbers, rows
            )
    return SeasonStandings(data.series, data.year, tables)


def reference_laps(data: SeasonData) -> dict[tuple[int, str | None], int | None]:
    """Distance the minimum-distance rule is measured against, per round (and class).

    Keys are (round id, None) for the overall winner and (round id, class) for class winners.
    The winner is the car placed first; if nobody is, the classified car with most laps.
    """
    return _group_results(data, data.rounds)[1]


def _group_results(
    data: SeasonData, rounds: Iterable[RoundInfo]
) -> tuple[dict[tuple[int, str], list[ResultInfo]], dict[tuple[int, str | None], int | None]]:
    """Results grouped by (round, class) in classification order, and reference distances."""
    wanted = {r.id for r in rounds}
    entries = data.entries
    grouped: dict[tuple[int, str], list[ResultInfo]] = defaultdict(list)
    per_round: dict[int, list[ResultInfo]] = defaultdict(list)
    for result in data.results:
        if result.round_id in wanted:
            grouped[(result.round_id, entries[result.entry_id].class_name)].append(result)
            per_round[result.round_id].append(result)
    references: dict[tuple[int, str | None], int | None] = {}
    for round_id, results in per_round.items():
        references[(round_id, None)] = _winner_laps(results, overall=True)
    for key, results in grouped.items():
        results.sort(key=_classification_key)
        references[key] = _winner_laps(results, overall=False)
    return grouped, references


def _classification_key(result: ResultInfo) -> tuple[int, int, int]:
    unplaced = 1_000_000
    return (
        result.class_pos if result.class_pos is not None else unplaced,
        result.overall_pos if result.overall_pos is not None else unplaced,
        result.entry_id,
    )


def _winner_laps(results: list[ResultInfo], *, overall: bool) -> int | None:
    for result in results:
        place = result.overall_pos if overall else result.class_pos
        if place == 1 and result.laps is not None:
            return result.laps
    known = [r.laps for r in results if r.laps is not None and r.status is Status.CLASSIFIED]
    return max(known, default=None)


def eligible(result: ResultInfo, rules: SeasonRules, reference: int | None) -> bool:
    """Whether a result can score at all: status, a class position and the distance rule."""
    return (
        result.status in rules.scoring_statuses
        and result.class_pos is not None
        and rules.covers_distance(result.laps, reference)
    )


def _score_round(
    data: SeasonData,
    rnd: RoundInfo,
    results: list[ResultInfo],
    reference: int | None,
    teams: dict[str, _Competitor],
    drivers: dict[str, _Competitor],
) -> None:
    """Add one round's results in one class to the teams and drivers in it."""
    rules = data.rules
    scoring = [i for i, r in enumerate(results) if eligible(r, rules, reference)]
    car_scores = _scores(rnd, results, scoring, rules)
    team_scores = car_scores
    best_car_only = rules.team_scoring is TeamScoring.BEST_ENTRY
    if best_car_only and rules.team_positions is TeamPositions.RE_RANKED:
        team_scores = _scores(rnd, results, _best_car_per_team(data, results, scoring), rules)
    add_up = not best_car_only
    for index, result in enumerate(results):
        entry = data.entries[result.entry_id]
        raced = result.status is not Status.DNS
        team = teams.get(entry.team) or teams.setdefault(entry.team, _Competitor(entry.team))
        _record(team, entry, raced, rnd.id, team_scores.get(index), add_up)
        for name in result.drivers or entry.drivers:
            driver = drivers.get(name) or drivers.setdefault(name, _Competitor(name))
            _record(driver, entry, raced, rnd.id, car_scores.get(index), False)


def _scores(
    rnd: RoundInfo, results: list[ResultInfo], scoring: list[int], rules: SeasonRules
) -> dict[int, _Score]:
    """Points for each scoring car, keyed by its index in `results`.

    Places follow the classification, or with re-ranked positions the order of the scoring
    cars alone.
    """
    re_ranked = rules.team_positions is TeamPositions.RE_RANKED
    scale = rnd.scale
    scores = {}
    for rank, index in enumerate(scoring, start=1):
        result = results[index]
        place = rank if re_ranked else (result.class_pos or 0)
        base = scale[place - 1] if place <= len(scale) else 0
        bonus = rules.pole_points * result.pole + rules.fastest_lap_points * result.fastest_lap
        scores[index] = _Score(base + bonus, place)
    return scores


def _best_car_per_team(
    data: SeasonData, results: list[ResultInfo], scoring: list[int]
) -> list[int]:
    seen: set[str] = set()
    best = []
    for index in scoring:
        team = data.entries[results[index].entry_id].team
        if team not in seen:
            seen.add(team)
            best.append(index)
    return best


def _record(
    competitor: _Competitor,
    entry: EntryInfo,
    raced: bool,
    round_id: int,
    score: _Score | None,
    add_up: bool,
) -> None:
    """Note what the competitor raced and keep their best score of the round (or the sum)."""
    if raced and entry.id not in competitor.raced:
        competitor.raced[entry.id] = entry
    if score is None or score.points <= 0:
        return
    previous = competitor.scores.get(round_id)
    if previous is None:
        competitor.scores[round_id] = score
    elif add_up:
        position = min(previous.position, score.position)
        competitor.scores[round_id] = _Score(previous.points + score.points, position)
    elif (score.points, -score.position) > (previous.points, -previous.position):
        competitor.scores[round_id] = score


def _rank(
    competitors: dict[str, _Competitor], rounds: tuple[RoundInfo, ...], rules: SeasonRules
) -> tuple[StandingsRow, ...]:
    scored: list[tuple[_Competitor, tuple[RoundCell, ...], int]] = []
    for competitor in competitors.values():
        if competitor.scores:
            cells = _cells(competitor, rounds, rules)
            total = sum(c.points or 0 for c in cells if not c.dropped)
            scored.append((competitor, cells, total))
    depth = max((c.position or 0 for _, cells, _ in scored for c in cells), default=0)
    countback = rules.tie_break is TieBreak.COUNTBACK
    keyed = sorted(
        (
            (-total, *_countback(cells, depth)) if countback else (-total,),
            competitor.name.casefold(),
            competitor.name,
            cells,
            total,
            competitor,
        )
        for competitor, cells, total in scored
    )
    rows: list[StandingsRow] = []
    for index, (key, _, name, cells, total, competitor) in enumerate(keyed):
        shares_above = index > 0 and key == keyed[index - 1][0]
        shares_below = index + 1 < len(keyed) and key == keyed[index + 1][0]
        pos = rows[-1].pos if shares_above else index + 1
        chassis, engines = competitor.cars()
        tied = shares_above or shares_below
        rows.append(StandingsRow(pos, name, chassis, engines, cells, total, tied))
    return tuple(rows)


def _cells(
    competitor: _Competitor, rounds: tuple[RoundInfo, ...], rules: SeasonRules
) -> tuple[RoundCell, ...]:
    scores = competitor.scores
    dropped: set[int] = set()
    best = rules.best_results
    if best is not None and len(scores) > best:
        # Keep the highest scores; among equal scores, the earlier rounds count.
        in_order = [(rnd.id, scores[rnd.id].points) for rnd in rounds if rnd.id in scores]
        ordered = sorted(in_order, key=lambda item: -item[1])
        dropped = {round_id for round_id, _ in ordered[best:]}
    cells = []
    for rnd in rounds:
        score = scores.get(rnd.id)
        if score is None:
            cells.append(EMPTY_CELL)
        else:
            cells.append(RoundCell(score.points, score.position, rnd.id in dropped))
    return tuple(cells)


def _countback(cells: tuple[RoundCell, ...], depth: int) -> list[int]:
    """Most wins first, then most 2nds, and so on: as a key that sorts the better first."""
    counts = [0] * depth
    for cell in cells:
        if cell.position:
            counts[cell.position - 1] -= 1
    return counts
