"""The season open in the editor, kept in memory with its standings and problems.

Reading a whole season and working out every class again costs more than the 16 ms a frame
lasts once a season holds thousands of results, so an edit that names the results it touched
refreshes only those: they are read again from the document (the document stays the truth),
put in place of the old ones, and only the classes and rounds they belong to are worked out
again. Anything else (entries, the calendar, the rules) reads the whole season again.

Standings and problems are worked out when they are first asked for (a class's tables when
its tab is shown, a round's problems when the round is): a class or round nobody looks at
costs nothing, on opening a season or after an edit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import product

from sqlmodel import Session

from model.scoring.classification import Classified, classify, reclassify
from model.scoring.problems import Problem, problems_of_round
from model.scoring.rules import measured_against_overall
from model.scoring.standings import (
    Championship,
    SeasonStandings,
    StandingsTable,
    class_tables,
)
from model.store.season_data import (
    ResultInfo,
    SeasonData,
    load_results_and_versions,
    load_season_data,
)


@dataclass(frozen=True)
class Refreshed:
    """What a refresh worked out again: standings of `classes`, problems of `rounds`."""

    classes: frozenset[str]
    rounds: frozenset[int]


class LiveSeason:
    """One season's data, standings and problems, refreshed after each change."""

    def __init__(self, season_id: int, data: SeasonData) -> None:
        self.season_id = season_id
        self.data = data
        self._classified = classify(data)
        self._tables: dict[tuple[str, Championship], StandingsTable] = {}
        self._problems: dict[int, list[Problem]] = {}
        self._round_results: dict[int, list[ResultInfo]] = defaultdict(list)
        for result in data.results:
            self._round_results[result.round_id].append(result)
        self._index = {result.result_id: i for i, result in enumerate(data.results)}

    @property
    def standings(self) -> SeasonStandings:
        """Every class's tables."""
        tables = {key: self.table(*key) for key in product(self.data.classes, Championship)}
        return SeasonStandings(self.data.series, self.data.year, tables)

    def table(self, class_name: str, championship: Championship) -> StandingsTable:
        """One class's table in one championship, worked out when first asked for."""
        key = (class_name, championship)
        if key not in self._tables:
            found = class_tables(self.data, class_name, self._classified, (championship,))
            self._tables.update(found)
        return self._tables[key]

    @classmethod
    def load(cls, *, session: Session, season_id: int) -> LiveSeason:
        return cls(season_id, load_season_data(session=session, season_id=season_id))

    @property
    def problems(self) -> list[Problem]:
        """Every problem, in calendar then classification order."""
        return [p for rnd in self.data.rounds for p in self.problems_in(rnd.id)]

    def problems_in(self, round_id: int) -> list[Problem]:
        """The problems of one round, in classification order (none for a cancelled round)."""
        found = self._problems.get(round_id)
        if found is None:
            rnd = next((r for r in self.data.rounds if r.id == round_id), None)
            results = self._round_results.get(round_id, [])
            found = problems_of_round(self.data, rnd, results) if rnd is not None else []
            self._problems[round_id] = found
        return list(found)

    def result(self, result_id: int) -> ResultInfo | None:
        index = self._index.get(result_id)
        return self.data.results[index] if index is not None else None

    def refresh_results(
        self, *, session: Session, result_ids: Iterable[int], rounds: Iterable[int] = ()
    ) -> Refreshed:
        """Read these results (added, changed or deleted ones) and every result of `rounds`
        again, and work out again the classes and rounds they were and are in."""
        ids, in_rounds = set(result_ids), set(rounds)
        if in_rounds:
            ids |= {r.result_id for r in self.data.results if r.round_id in in_rounds}
        fresh, versions = load_results_and_versions(
            session=session, season_id=self.season_id, result_ids=ids, round_ids=in_rounds
        )
        ids |= set(fresh)
        results = list(self.data.results)
        old = [results[self._index[rid]] for rid in ids if rid in self._index]
        if any(rid not in self._index for rid in fresh) or len(fresh) < len(old):
            results = [r for r in results if r.result_id not in ids] + list(fresh.values())
            results.sort(key=lambda r: r.result_id)
            self._index = {result.result_id: i for i, result in enumerate(results)}
        else:
            for rid, result in fresh.items():
                results[self._index[rid]] = result
        # The versions read now: this editor's next edit of these results is made from them.
        known = dict(self.data.versions)  # a copy: an earlier SeasonData keeps its own
        for rid in ids:
            known.pop(("result", rid), None)
        known.update(versions)
        self.data = replace(self.data, results=tuple(results), versions=known)
        return self._work_out([*old, *fresh.values()])

    def _work_out(self, touched: list[ResultInfo]) -> Refreshed:
        data = self.data
        rounds = frozenset(r.round_id for r in touched)
        in_rounds = [r for r in data.results if r.round_id in rounds]
        before, self._classified = (
            self._classified,
            reclassify(self._classified, data, rounds, in_rounds),
        )
        classes = frozenset(data.entries[r.entry_id].class_name for r in touched)
        if self._moves_every_bar(before, rounds):
            classes = frozenset(data.classes)
        self._tables = {key: table for key, table in self._tables.items() if key[0] not in classes}
        for round_id in rounds:
            self._round_results[round_id] = []
            self._problems.pop(round_id, None)
        for result in in_rounds:
            self._round_results[result.round_id].append(result)
        return Refreshed(classes, rounds)

    def _moves_every_bar(self, before: Classified, rounds: frozenset[int]) -> bool:
        """Whether a minimum distance measured against the overall winner (in any
        championship) moved in one of `rounds`: then every class of the round has a new bar
        to reach."""
        every = [self.data.rules.for_championship(c) for c in Championship]
        if not any(r.min_distance_pct is not None and measured_against_overall(r) for r in every):
            return False
        now = self._classified.references
        return any(before.references.get((rid, None)) != now.get((rid, None)) for rid in rounds)
