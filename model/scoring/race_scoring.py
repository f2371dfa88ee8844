"""Scoring one class's races for one championship: who the competitors are (teams, cars,
drivers, manufacturers) and what each scored in each round, before any ranking."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from model.scoring.classification import Classified
from model.scoring.points import ZERO
from model.scoring.rules import (
    Championship,
    SeasonRules,
    Status,
    bonus_points,
    can_score,
    driver_adds_both_cars,
    driver_points,
    eligible_for,
    manufacturer_of,
    measured_against_overall,
    race_points,
    re_ranked_positions,
    required_laps,
    team_competitor,
    team_scores_every_car,
)
from model.scoring.standings_rows import RoundCell, place_of, places_of
from model.store.season_data import EntryInfo, ResultInfo, RoundInfo, SeasonData

# A team's cars ranked by how they ended, best first: the cell of a round that scored
# nothing shows the best one's status.
STATUS_ORDER = {
    status: rank
    for rank, status in enumerate(
        (
            Status.CLASSIFIED,
            Status.NOT_CLASSIFIED,
            Status.DNF,
            Status.DISQUALIFIED,
            Status.EXCLUDED,
            Status.DNS,
        )
    )
}


@dataclass(slots=True)
class Competitor:
    name: str
    scores: dict[int, RoundCell] = field(default_factory=dict)  # only rounds that scored
    raced: dict[int, EntryInfo] = field(default_factory=dict)  # entry id: entry, by first use
    took_part: dict[int, int | None] = field(default_factory=dict)  # round id: best class place
    statuses: dict[int, Status] = field(default_factory=dict)  # round id: best car's ending

    def record(
        self,
        entry: EntryInfo,
        result: ResultInfo,
        round_id: int,
        score: RoundCell | None,
        add_up: bool,
    ) -> None:
        """Note what was raced, and keep the best score of the round (or the sum)."""
        known_status = self.statuses.get(round_id)
        if known_status is None or STATUS_ORDER[result.status] < STATUS_ORDER[known_status]:
            self.statuses[round_id] = result.status
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
            place = min(place_of(previous), place_of(score))
            places = (*places_of(previous), *places_of(score))  # each counts in a countback
            self.scores[round_id] = RoundCell(points, place, False, True, places)
        elif (score.points, -place_of(score)) > (previous.points or ZERO, -place_of(previous)):
            self.scores[round_id] = score

    def cars(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Chassis and engines raced, each in order of first use."""
        entries = self.raced.values()
        chassis = tuple(dict.fromkeys(e.chassis for e in entries if e.chassis))
        engines = tuple(dict.fromkeys(e.engine for e in entries if e.engine))
        return chassis, engines


def score_class(
    data: SeasonData,
    class_name: str,
    classified: Classified,
    championship: Championship,
    rules: SeasonRules,
) -> dict[str, Competitor]:
    """Every competitor of one class in one championship, with what it scored per round."""
    overall = measured_against_overall(rules)
    distance = rules.min_distance_pct is not None
    competitors: dict[str, Competitor] = {}
    for rnd in data.numbered_rounds:
        results = classified.groups.get((rnd.id, class_name))
        if results:
            reference = (
                classified.references.get((rnd.id, None if overall else class_name))
                if distance
                else None
            )
            race = Race(data, rnd, reference, championship, rules)
            race.score(results, competitors)
    return competitors


class Race:
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

    def score(self, results: list[ResultInfo], competitors: dict[str, Competitor]) -> None:
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
            competitor_named(competitors, name).record(entry, result, self.rnd.id, cell, add_up)

    def _drivers(
        self,
        entry: EntryInfo,
        result: ResultInfo,
        place: int | None,
        competitors: dict[str, Competitor],
    ) -> None:
        names = result.drivers or entry.drivers
        cell = self._cell(result, place) if place is not None else None
        add_up = driver_adds_both_cars(self.rules)
        for name in names:
            share = cell
            if cell is not None and cell.points is not None:
                points = driver_points(cell.points, len(names), self.rules)
                share = None if name in result.short_drives else cell._replace(points=points)
            competitor_named(competitors, name).record(entry, result, self.rnd.id, share, add_up)

    def _cell(self, result: ResultInfo, place: int | None) -> RoundCell:
        points = self.points[place - 1] if place and place <= len(self.points) else ZERO
        if self.bonuses:
            points += bonus_points(result, self.rules, self.qualifying)
        return RoundCell(points, place or 0, False, True)


def competitor_named(competitors: dict[str, Competitor], name: str) -> Competitor:
    return competitors.get(name) or competitors.setdefault(name, Competitor(name))
