"""The standings engine: a pure function from a season's results and rules to standings tables.

Per class there are three championships, each scored by its own rules (the season's, with
any rule set again for it). Teams: a team scores its best car in each race, every car, or
each car on its own. Drivers: a driver scores the car they drove. Manufacturers: each
manufacturer's best cars in each race. Rows are shaped like published tables: position,
name, chassis and engines raced in order of first use, points per numbered round, total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from model.scoring.classification import Classified, classify
from model.scoring.points import ZERO
from model.scoring.rules import (
    Championship,
    DropBy,
    Penalty,
    SeasonRules,
    Status,
    bonus_points,
    can_score,
    counts_every_place,
    driver_adds_both_cars,
    driver_points,
    dropped_rounds,
    eligible_for,
    manufacturer_of,
    measured_against_overall,
    race_points,
    re_ranked_positions,
    required_laps,
    team_competitor,
    team_scores_every_car,
    tie_break_key,
)
from model.store.season_data import EntryInfo, ResultInfo, RoundInfo, SeasonData

__all__ = ["Championship", "RoundCell", "SeasonStandings", "StandingsRow", "StandingsTable"]


class RoundCell(NamedTuple):
    """One competitor's score in one numbered round.

    `points` is None where nothing scored; `raced` tells a car that took part without scoring
    (its best class position, if it had one, is in `position`) from one that was not there.
    `places` holds the place of every result the points add up (a team scoring all its cars);
    empty, the one place is `position`. `penalty` is what a penalty for this round took.
    """

    points: Decimal | None = None
    position: int | None = None
    dropped: bool = False
    raced: bool = False
    places: tuple[int, ...] = ()
    penalty: Decimal | None = None


EMPTY_CELL = RoundCell()


class StandingsRow(NamedTuple):
    """One competitor's line. `penalty` is every penalty counted in `total`; an excluded
    competitor has position 0 and is listed below the table (`StandingsTable.excluded`)."""

    pos: int
    name: str
    chassis: tuple[str, ...]
    engine: tuple[str, ...]
    cells: tuple[RoundCell, ...]
    total: Decimal
    tied: bool = False
    penalty: Decimal = ZERO
    excluded: bool = False

    @property
    def round_points(self) -> list[Decimal | None]:
        return [cell.points for cell in self.cells]


@dataclass(frozen=True)
class StandingsTable:
    class_name: str
    championship: Championship
    round_numbers: tuple[int, ...]
    rows: tuple[StandingsRow, ...]
    excluded: tuple[StandingsRow, ...] = ()
    penalties: tuple[Penalty, ...] = ()  # the ones this table counts, for its footnote
    round_labels: tuple[str, ...] = ()  # each column's heading: "3", or "3a" and "3b"

    def label(self, index: int) -> str:
        """The heading of round column `index` (without "Rd")."""
        if index < len(self.round_labels):
            return self.round_labels[index]
        return str(self.round_numbers[index])


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
            points = (previous.points or ZERO) + (score.points or ZERO)
            place = min(_place(previous), _place(score))
            places = (*_places(previous), *_places(score))  # each counts in a countback
            self.scores[round_id] = RoundCell(points, place, False, True, places)
        elif (score.points, -_place(score)) > (previous.points or ZERO, -_place(previous)):
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
        competitors = _score_class(data, class_name, classified, championship, rules)
        penalties = tuple(p for p in data.penalties if p.applies_to(championship, class_name))
        rows, excluded = _rank(competitors, data.numbered_rounds, rules, penalties)
        tables[(class_name, championship)] = StandingsTable(
            class_name, championship, numbers, rows, excluded, penalties, labels
        )
    return tables


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


def _score_class(
    data: SeasonData,
    class_name: str,
    classified: Classified,
    championship: Championship,
    rules: SeasonRules,
) -> dict[str, _Competitor]:
    """Every competitor of one class in one championship, with what it scored per round."""
    overall = measured_against_overall(rules)
    distance = rules.min_distance_pct is not None
    competitors: dict[str, _Competitor] = {}
    for rnd in data.numbered_rounds:
        results = classified.groups.get((rnd.id, class_name))
        if results:
            reference = (
                classified.references.get((rnd.id, None if overall else class_name))
                if distance
                else None
            )
            race = _Race(data, rnd, reference, championship, rules)
            race.score(results, competitors)
    return competitors


class _Race:
    """One round's results in one class, scored for one championship.

    Places follow the classification; with re-ranked positions they count only the cars that
    score (for teams scoring their best car, only each team's best car). A car that cannot
    score in this championship (not registered for it) keeps its place: nobody moves up.
    """

    def __init__(
        self,
        data: SeasonData,
        rnd: RoundInfo,
        reference: int | None,
        championship: Championship,
        rules: SeasonRules,
    ) -> None:
        self.data, self.rnd, self.reference = data, rnd, reference
        self.championship, self.rules = championship, rules
        self.qualifying = data.scales.get(rules.qualifying_points or "", ())
        self.re_ranked = re_ranked_positions(rules)
        self.add_up_teams = team_scores_every_car(rules)
        self.needed = required_laps(reference, rules)  # the laps that score, for the race
        self.bonuses = bool(rules.pole_points or rules.fastest_lap_points or self.qualifying)
        # Each place's points, worked out once for the race (its scale times its factor).
        self.points = (
            rnd.scale
            if rnd.factor == 1
            else tuple(race_points(rnd.scale, p, rnd.factor) for p in range(1, len(rnd.scale) + 1))
        )

    def score(self, results: list[ResultInfo], competitors: dict[str, _Competitor]) -> None:
        rules, entries = self.rules, self.data.entries
        car_rank = team_rank = 0
        ranked: dict[str, int] = defaultdict(int)  # competitor: its scoring cars so far
        for result in results:
            entry = entries[result.entry_id]
            laps = result.laps
            scores = can_score(result.status, result.class_pos, rules) and (
                laps is None or laps >= self.needed
            )
            car_rank += scores
            place = car_rank if self.re_ranked else result.class_pos
            eligible = scores and eligible_for(result.ineligible, self.championship)
            if self.championship is Championship.DRIVERS:
                self._drivers(entry, result, place if eligible else None, competitors)
                continue
            if self.championship is Championship.TEAMS:
                name = team_competitor(entry.team, entry.car_number, rules)
                add_up = self.add_up_teams
                # A team's best car: the best scoring one, or the first if places re-rank.
                counts = add_up or not self.re_ranked or not ranked[name]
            else:
                name = manufacturer_of(entry.manufacturer, entry.chassis)
                add_up = True
                counts = ranked[name] < rules.manufacturer_best_cars
            if not name:
                continue
            if scores:
                team_rank += not ranked[name]
                if eligible or self.championship is Championship.TEAMS:
                    ranked[name] += 1
            if self.re_ranked and not add_up:
                place = team_rank
            cell = self._cell(result, place) if eligible and counts else None
            _competitor(competitors, name).record(entry, result, self.rnd.id, cell, add_up)

    def _drivers(
        self,
        entry: EntryInfo,
        result: ResultInfo,
        place: int | None,
        competitors: dict[str, _Competitor],
    ) -> None:
        names = result.drivers or entry.drivers
        cell = self._cell(result, place) if place is not None else None
        add_up = driver_adds_both_cars(self.rules)
        for name in names:
            share = cell
            if cell is not None and cell.points is not None:
                points = driver_points(cell.points, len(names), self.rules)
                share = None if name in result.short_drives else cell._replace(points=points)
            _competitor(competitors, name).record(entry, result, self.rnd.id, share, add_up)

    def _cell(self, result: ResultInfo, place: int | None) -> RoundCell:
        points = self.points[place - 1] if place and place <= len(self.points) else ZERO
        if self.bonuses:
            points += bonus_points(result, self.rules, self.qualifying)
        return RoundCell(points, place or 0, False, True)


def _competitor(competitors: dict[str, _Competitor], name: str) -> _Competitor:
    return competitors.get(name) or competitors.setdefault(name, _Competitor(name))


def _rank(
    competitors: dict[str, _Competitor],
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
    competitor: _Competitor,
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


def _place(cell: RoundCell) -> int:
    return cell.position or 0


def _countback_places(cells: tuple[RoundCell, ...], every_place: bool) -> list[int]:
    """The places a countback counts: those of the rounds that scored, or every place."""
    if every_place:
        return [p for cell in cells for p in (_places(cell) if cell.points else _held(cell))]
    return [place for cell in cells if cell.points for place in _places(cell)]


def _held(cell: RoundCell) -> tuple[int, ...]:
    return (cell.position,) if cell.raced and cell.position else ()


def _first_best(cells: tuple[RoundCell, ...]) -> int:
    """Calendar index of the round in which the competitor first reached its best place."""
    best = min((p for cell in cells for p in (_places(cell) or _held(cell))), default=None)
    for index, cell in enumerate(cells):
        if best is not None and best in (_places(cell) or _held(cell)):
            return index
    return len(cells)


def _places(cell: RoundCell) -> tuple[int, ...]:
    """The places a cell's points were earned with (none for a place not known)."""
    return cell.places or ((cell.position,) if cell.position else ())
