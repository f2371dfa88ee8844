"""The standings engine: a pure function from a season's results and rules to standings tables.

Per class there are two championships. Teams: a team scores its best car in each race (or
every car, as the rules say). Drivers: a driver scores the car they drove. Rows are shaped
like published tables: position, name, chassis and engines raced in order of first use,
points per numbered round, total.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from model.scoring.classification import Classified, classify
from model.scoring.rules import (
    SeasonRules,
    Status,
    bonus_points,
    can_score,
    covers_distance,
    dropped_rounds,
    measured_against_overall,
    points_for_place,
    re_ranked_positions,
    team_scores_every_car,
    tie_break_key,
)
from model.store.season_data import EntryInfo, ResultInfo, RoundInfo, SeasonData


class Championship(StrEnum):
    TEAMS = "teams"
    DRIVERS = "drivers"


class RoundCell(NamedTuple):
    """One competitor's score in one numbered round.

    `points` is None where nothing scored; `raced` tells a car that took part without scoring
    (its best class position, if it had one, is in `position`) from one that was not there.
    `places` holds the place of every result the points add up (a team scoring all its cars);
    empty, the one place is `position`.
    """

    points: int | None = None
    position: int | None = None
    dropped: bool = False
    raced: bool = False
    places: tuple[int, ...] = ()


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


@dataclass(slots=True)
class _Competitor:
    name: str
    scores: dict[int, RoundCell] = field(default_factory=dict)  # only rounds that scored
    raced: dict[int, EntryInfo] = field(default_factory=dict)  # entry id: entry, by first use
    took_part: dict[int, int | None] = field(default_factory=dict)  # round id: best class place

    def record(
        self,
        entry: EntryInfo,
        result: ResultInfo,
        round_id: int,
        score: RoundCell | None,
        add_up: bool,
    ) -> None:
        """Note what was raced, and keep the best score of the round (or the sum)."""
        if result.status is not Status.DNS:
            if entry.id not in self.raced:
                self.raced[entry.id] = entry
            place, known = result.class_pos, self.took_part.get(round_id)
            first_car = round_id not in self.took_part
            if first_car or (place is not None and (known is None or place < known)):
                self.took_part[round_id] = place
        if score is None or not score.points:
            return
        previous = self.scores.get(round_id)
        if previous is None:
            self.scores[round_id] = score
        elif add_up:
            points = (previous.points or 0) + score.points
            place = min(_place(previous), _place(score))
            places = (*_places(previous), *_places(score))  # each counts in a countback
            self.scores[round_id] = RoundCell(points, place, False, True, places)
        elif (score.points, -_place(score)) > (previous.points or 0, -_place(previous)):
            self.scores[round_id] = score

    def cars(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Chassis and engines raced, each in order of first use."""
        entries = self.raced.values()
        chassis = tuple(dict.fromkeys(e.chassis for e in entries if e.chassis))
        engines = tuple(dict.fromkeys(e.engine for e in entries if e.engine))
        return chassis, engines


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
    data: SeasonData, class_name: str, classified: Classified
) -> dict[tuple[str, Championship], StandingsTable]:
    """One class's teams' and drivers' tables."""
    rules = data.rules
    rounds = data.numbered_rounds
    numbers = tuple(r.number or 0 for r in rounds)
    overall = measured_against_overall(rules)
    distance = rules.min_distance_pct is not None
    teams: dict[str, _Competitor] = {}
    drivers: dict[str, _Competitor] = {}
    for rnd in rounds:
        results = classified.groups.get((rnd.id, class_name))
        if results:
            reference = (
                classified.references.get((rnd.id, None if overall else class_name))
                if distance
                else None
            )
            _score_round(data, rnd, results, reference, teams, drivers)
    return {
        (class_name, championship): StandingsTable(
            class_name, championship, numbers, _rank(competitors, rounds, rules)
        )
        for championship, competitors in (
            (Championship.TEAMS, teams),
            (Championship.DRIVERS, drivers),
        )
    }


def _kept_tables(
    previous: SeasonStandings,
    data: SeasonData,
    recalculated: Iterable[str],
    numbers: tuple[int, ...],
) -> dict[tuple[str, Championship], StandingsTable]:
    """The previous tables of the classes not worked out again."""
    skipped = set(data.classes) - set(recalculated)
    kept = {key: table for key, table in previous.tables.items() if key[0] in skipped}
    if len(kept) != 2 * len(skipped) or any(t.round_numbers != numbers for t in kept.values()):
        raise ValueError("the previous standings are of another calendar or other classes")
    return kept


def _score_round(
    data: SeasonData,
    rnd: RoundInfo,
    results: list[ResultInfo],
    reference: int | None,
    teams: dict[str, _Competitor],
    drivers: dict[str, _Competitor],
) -> None:
    """Add one round's results in one class (in classification order) to its competitors.

    Places follow the classification; with re-ranked positions they count only the cars that
    score (for teams scoring their best car, only each team's best car).
    """
    rules = data.rules
    entries = data.entries
    re_ranked = re_ranked_positions(rules)
    add_up = team_scores_every_car(rules)
    points = _Points(rnd.scale, rules)
    car_rank = team_rank = 0
    ranked_teams: set[str] = set()
    for result in results:
        entry = entries[result.entry_id]
        car_score = team_score = None
        if can_score(result.status, result.class_pos, rules) and covers_distance(
            result.laps, reference, rules
        ):
            car_rank += 1
            car_score = points.score(result, car_rank if re_ranked else result.class_pos)
            team_score = car_score
            if re_ranked and not add_up:
                team_score = None
                if entry.team not in ranked_teams:
                    ranked_teams.add(entry.team)
                    team_rank += 1
                    team_score = points.score(result, team_rank)
        team = teams.get(entry.team) or teams.setdefault(entry.team, _Competitor(entry.team))
        team.record(entry, result, rnd.id, team_score, add_up)
        for name in result.drivers or entry.drivers:
            driver = drivers.get(name) or drivers.setdefault(name, _Competitor(name))
            driver.record(entry, result, rnd.id, car_score, False)


class _Points:
    """Points for a place on one round's scale, plus any bonus the result earned."""

    def __init__(self, scale: tuple[int, ...], rules: SeasonRules) -> None:
        self.scale = scale
        self.rules = rules

    def score(self, result: ResultInfo, place: int | None) -> RoundCell:
        base = points_for_place(self.scale, place)
        bonus = bonus_points(result.pole, result.fastest_lap, self.rules)
        return RoundCell(base + bonus, place or 0, False, True)


def _rank(
    competitors: dict[str, _Competitor], rounds: tuple[RoundInfo, ...], rules: SeasonRules
) -> tuple[StandingsRow, ...]:
    scored = [
        (competitor, *_cells(competitor, rounds, rules))
        for competitor in competitors.values()
        if competitor.scores
    ]
    depth = max((p for _, cells, _ in scored for p in _scoring_places(cells)), default=0)
    keyed = sorted(
        (
            tie_break_key(total, _scoring_places(cells), depth, rules),
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
) -> tuple[tuple[RoundCell, ...], int]:
    """The competitor's cell for each round, and the total of the counted ones."""
    scores = competitor.scores
    in_order = [(rnd.id, scores[rnd.id].points or 0) for rnd in rounds if rnd.id in scores]
    dropped = dropped_rounds(in_order, rules)
    cells = []
    total = 0
    for rnd in rounds:
        score = scores.get(rnd.id)
        if score is None:
            took_part = rnd.id in competitor.took_part
            place = competitor.took_part.get(rnd.id)
            cells.append(RoundCell(None, place, False, True) if took_part else EMPTY_CELL)
        elif rnd.id in dropped:
            cells.append(score._replace(dropped=True))
        else:
            cells.append(score)
            total += score.points or 0
    return tuple(cells), total


def _place(cell: RoundCell) -> int:
    return cell.position or 0


def _scoring_places(cells: tuple[RoundCell, ...]) -> list[int]:
    """The places of the rounds that scored, for the tie-break's countback."""
    return [place for cell in cells if cell.points for place in _places(cell)]


def _places(cell: RoundCell) -> tuple[int, ...]:
    """The places a cell's points were earned with (none for a place not known)."""
    return cell.places or ((cell.position,) if cell.position else ())
