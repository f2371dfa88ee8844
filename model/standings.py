"""The standings engine: a pure function from a season's results and rules to standings tables.

Per class there are two championships. Teams: a team scores its best car in each race (or
every car, as the rules say). Drivers: a driver scores the car they drove. Rows are shaped
like published tables: position, name, chassis and engines raced in order of first use,
points per numbered round, total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from model.rules import DistanceReference, SeasonRules, Status, TeamPositions, TeamScoring, TieBreak
from model.season_data import EntryInfo, ResultInfo, RoundInfo, SeasonData


class Championship(StrEnum):
    TEAMS = "teams"
    DRIVERS = "drivers"


@dataclass(frozen=True)
class RoundCell:
    """One competitor's score in one numbered round; `points` is None where nothing scored."""

    points: int | None = None
    position: int | None = None
    dropped: bool = False


@dataclass(frozen=True)
class StandingsRow:
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


@dataclass(frozen=True)
class _Score:
    """A car's (or competitor's) points in one round and the place they came from."""

    points: int
    position: int


@dataclass
class _Competitor:
    name: str
    scores: dict[int, _Score] = field(default_factory=dict)
    chassis: list[str] = field(default_factory=list)
    engine: list[str] = field(default_factory=list)

    def raced(self, entry: EntryInfo) -> None:
        if entry.chassis and entry.chassis not in self.chassis:
            self.chassis.append(entry.chassis)
        if entry.engine and entry.engine not in self.engine:
            self.engine.append(entry.engine)


def compute_standings(data: SeasonData) -> SeasonStandings:
    """Standings for every class of the season, teams' and drivers' championships."""
    rounds = data.numbered_rounds
    by_round_class = _results_by_round_and_class(data, rounds)
    references = reference_laps(data)
    tables: dict[tuple[str, Championship], StandingsTable] = {}
    for class_name in data.classes:
        class_results = [(rnd, by_round_class.get((rnd.id, class_name), [])) for rnd in rounds]
        overall = data.rules.distance_reference is DistanceReference.OVERALL_WINNER
        key = None if overall else class_name
        distances = [references.get((rnd.id, key)) for rnd in rounds]
        for championship in Championship:
            competitors = _score_class(data, class_results, distances, championship)
            rows = _rank(competitors, rounds, data.rules)
            numbers = tuple(r.number or 0 for r in rounds)
            tables[(class_name, championship)] = StandingsTable(
                class_name, championship, numbers, rows
            )
    return SeasonStandings(data.series, data.year, tables)


def _results_by_round_and_class(
    data: SeasonData, rounds: Iterable[RoundInfo]
) -> dict[tuple[int, str], list[ResultInfo]]:
    """Results of numbered rounds grouped by (round, class), in classification order."""
    wanted = {r.id for r in rounds}
    grouped: dict[tuple[int, str], list[ResultInfo]] = defaultdict(list)
    for result in data.results:
        if result.round_id in wanted:
            grouped[(result.round_id, data.entries[result.entry_id].class_name)].append(result)
    for results in grouped.values():
        results.sort(key=_classification_key)
    return grouped


def _classification_key(result: ResultInfo) -> tuple[int, int, int]:
    unplaced = 1_000_000
    return (
        result.class_pos if result.class_pos is not None else unplaced,
        result.overall_pos if result.overall_pos is not None else unplaced,
        result.entry_id,
    )


def reference_laps(data: SeasonData) -> dict[tuple[int, str | None], int | None]:
    """Distance the minimum-distance rule is measured against, per round (and class).

    Keys are (round id, None) for the overall winner and (round id, class) for class winners.
    The winner is the car placed first; if nobody is, the classified car with most laps.
    """
    overall: dict[int, list[ResultInfo]] = defaultdict(list)
    per_class: dict[tuple[int, str], list[ResultInfo]] = defaultdict(list)
    for result in data.results:
        overall[result.round_id].append(result)
        per_class[(result.round_id, data.entries[result.entry_id].class_name)].append(result)
    laps: dict[tuple[int, str | None], int | None] = {}
    for round_id, results in overall.items():
        laps[(round_id, None)] = _winner_laps(results, lambda r: r.overall_pos)
    for (round_id, class_name), results in per_class.items():
        laps[(round_id, class_name)] = _winner_laps(results, lambda r: r.class_pos)
    return laps


def _winner_laps(
    results: list[ResultInfo], place: Callable[[ResultInfo], int | None]
) -> int | None:
    for result in results:
        if place(result) == 1 and result.laps is not None:
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


def _score_class(
    data: SeasonData,
    class_results: list[tuple[RoundInfo, list[ResultInfo]]],
    distances: list[int | None],
    championship: Championship,
) -> dict[str, _Competitor]:
    rules = data.rules
    competitors: dict[str, _Competitor] = {}
    for (rnd, results), reference in zip(class_results, distances, strict=True):
        scoring = [r for r in results if eligible(r, rules, reference)]
        points = _car_points(data, rnd, scoring, championship)
        for result in results:
            entry = data.entries[result.entry_id]
            for name in _names(result, entry, championship):
                competitor = competitors.setdefault(name, _Competitor(name))
                if result.status is not Status.DNS:
                    competitor.raced(entry)
                score = points.get(id(result))
                if score is not None:
                    _add_score(competitor, rnd.id, score, rules, championship)
    return competitors


def _names(result: ResultInfo, entry: EntryInfo, championship: Championship) -> tuple[str, ...]:
    if championship is Championship.TEAMS:
        return (entry.team,)
    return result.drivers or entry.drivers


def _car_points(
    data: SeasonData, rnd: RoundInfo, scoring: list[ResultInfo], championship: Championship
) -> dict[int, _Score]:
    """Points for each scoring car in one round and class, keyed by id() of the result."""
    rules = data.rules
    if rules.team_positions is TeamPositions.RE_RANKED:
        if championship is Championship.TEAMS and rules.team_scoring is TeamScoring.BEST_ENTRY:
            scoring = _best_car_per_team(data, scoring)
        places = {id(r): rank for rank, r in enumerate(scoring, start=1)}
    else:
        places = {id(r): r.class_pos or 0 for r in scoring}
    scores = {}
    for result in scoring:
        place = places[id(result)]
        base = rnd.scale[place - 1] if place <= len(rnd.scale) else 0
        bonus = rules.pole_points * result.pole + rules.fastest_lap_points * result.fastest_lap
        scores[id(result)] = _Score(base + bonus, place)
    return scores


def _best_car_per_team(data: SeasonData, scoring: list[ResultInfo]) -> list[ResultInfo]:
    seen: set[str] = set()
    best = []
    for result in scoring:
        team = data.entries[result.entry_id].team
        if team not in seen:
            seen.add(team)
            best.append(result)
    return best


def _add_score(
    competitor: _Competitor,
    round_id: int,
    score: _Score,
    rules: SeasonRules,
    championship: Championship,
) -> None:
    previous = competitor.scores.get(round_id)
    if previous is None:
        competitor.scores[round_id] = score
    elif championship is Championship.TEAMS and rules.team_scoring is TeamScoring.ALL_ENTRIES:
        position = min(previous.position, score.position)
        competitor.scores[round_id] = _Score(previous.points + score.points, position)
    elif (score.points, -score.position) > (previous.points, -previous.position):
        competitor.scores[round_id] = score


def _rank(
    competitors: dict[str, _Competitor], rounds: tuple[RoundInfo, ...], rules: SeasonRules
) -> tuple[StandingsRow, ...]:
    unranked: list[tuple[_Competitor, tuple[RoundCell, ...], int]] = []
    for competitor in competitors.values():
        cells = _cells(competitor, rounds, rules)
        if any(cell.points for cell in cells):
            total = sum(c.points or 0 for c in cells if not c.dropped)
            unranked.append((competitor, cells, total))
    places = [c.position or 0 for _, cells, _ in unranked for c in cells if c.points]
    depth = max(places, default=0)

    def tie_key(item: tuple[_Competitor, tuple[RoundCell, ...], int]) -> tuple[int, ...]:
        _, cells, total = item
        if rules.tie_break is TieBreak.SHARED:
            return (-total,)
        return (-total, *_countback(cells, depth))

    unranked.sort(key=lambda item: (tie_key(item), item[0].name.casefold(), item[0].name))
    rows: list[StandingsRow] = []
    keys = [tie_key(item) for item in unranked]
    for index, (competitor, cells, total) in enumerate(unranked):
        shares_above = index > 0 and keys[index] == keys[index - 1]
        shares_below = index + 1 < len(keys) and keys[index] == keys[index + 1]
        pos = rows[-1].pos if shares_above else index + 1
        rows.append(
            StandingsRow(
                pos,
                competitor.name,
                tuple(competitor.chassis),
                tuple(competitor.engine),
                cells,
                total,
                tied=shares_above or shares_below,
            )
        )
    return tuple(rows)


def _cells(
    competitor: _Competitor, rounds: tuple[RoundInfo, ...], rules: SeasonRules
) -> tuple[RoundCell, ...]:
    scored = [
        (rnd.id, competitor.scores[rnd.id])
        for rnd in rounds
        if rnd.id in competitor.scores and competitor.scores[rnd.id].points > 0
    ]
    dropped: set[int] = set()
    if rules.best_results is not None and len(scored) > rules.best_results:
        # Keep the highest scores; among equal scores, the earlier rounds count.
        ordered = sorted(scored, key=lambda item: -item[1].points)
        dropped = {round_id for round_id, _ in ordered[rules.best_results :]}
    cells = []
    for rnd in rounds:
        score = competitor.scores.get(rnd.id)
        if score is None or score.points <= 0:
            cells.append(RoundCell())
        else:
            cells.append(RoundCell(score.points, score.position, rnd.id in dropped))
    return tuple(cells)


def _countback(cells: tuple[RoundCell, ...], depth: int) -> tuple[int, ...]:
    """Most wins first, then most 2nds, and so on: as a key that sorts the better first."""
    counts = [0] * depth
    for cell in cells:
        if cell.points and cell.position:
            counts[cell.position - 1] += 1
    return tuple(-count for count in counts)
