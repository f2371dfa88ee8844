"""Invariants of the standings engine over generated seasons."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from model.scoring.rules import (
    Penalty,
    SeasonRules,
    Status,
    TeamPositions,
    TeamScoring,
    TieBreak,
)
from model.scoring.standings import Championship, compute_standings
from model.store.season_data import ResultInfo, SeasonData
from tests.builders import SeasonBuilder

STATUSES = [Status.CLASSIFIED] * 6 + [Status.DNF, Status.NOT_CLASSIFIED, Status.DISQUALIFIED]

rules_strategy = st.builds(
    SeasonRules,
    min_distance_pct=st.sampled_from([None, 70]),
    team_scoring=st.sampled_from(list(TeamScoring)),
    team_positions=st.sampled_from(list(TeamPositions)),
    best_results=st.sampled_from([None, 1, 2, 3]),
    pole_points=st.integers(0, 1),
    tie_break=st.sampled_from(list(TieBreak)),
)


@st.composite
def seasons(draw: st.DrawFn) -> SeasonData:
    b = SeasonBuilder(classes=("P",), rules=draw(rules_strategy))
    scale = tuple(sorted(draw(st.lists(st.integers(1, 30), min_size=1, max_size=10)), reverse=True))
    rounds = [b.round(scale=scale) for _ in range(draw(st.integers(1, 5)))]
    teams = [f"Team {chr(65 + n)}" for n in range(draw(st.integers(1, 7)))]
    cars = [
        b.entry(team, car=f"{index}{car}", drivers=(f"Driver {index}{car}",))
        for index, team in enumerate(teams)
        for car in range(draw(st.integers(1, 2)))
    ]
    for round_id in rounds:
        starters = draw(st.permutations(cars))[: draw(st.integers(0, len(cars)))]
        for place, entry_id in enumerate(starters, start=1):
            status = draw(st.sampled_from(STATUSES))
            laps = draw(st.one_of(st.none(), st.integers(0, 100)))
            b.result(round_id, entry_id, place, status=status, laps=laps, pole=place == 1)
    return b.build()


@settings(max_examples=150, deadline=None)
@given(seasons())
def test_total_is_the_sum_of_the_counted_rounds(data: SeasonData) -> None:
    for table in compute_standings(data).tables.values():
        for row in table.rows:
            counted = [c.points or 0 for c in row.cells if not c.dropped]
            assert row.total == sum(counted)
            if data.rules.best_results is not None:
                assert (
                    sum(1 for c in row.cells if c.points and not c.dropped)
                    <= data.rules.best_results
                )


@settings(max_examples=150, deadline=None)
@given(seasons())
def test_rows_are_ordered_by_total_and_positions_never_go_backwards(data: SeasonData) -> None:
    for table in compute_standings(data).tables.values():
        totals = [row.total for row in table.rows]
        assert totals == sorted(totals, reverse=True)
        positions = [row.pos for row in table.rows]
        assert positions == sorted(positions)
        for index, row in enumerate(table.rows):
            assert 1 <= row.pos <= index + 1


@settings(max_examples=150, deadline=None)
@given(seasons(), st.randoms(use_true_random=False))
def test_standings_do_not_depend_on_the_order_rows_are_read(
    data: SeasonData, rnd: random.Random
) -> None:
    results = list(data.results)
    rnd.shuffle(results)
    entries = list(data.entries.items())
    rnd.shuffle(entries)
    shuffled = replace(data, results=tuple(results), entries=dict(entries))
    assert compute_standings(shuffled) == compute_standings(data)


@settings(max_examples=150, deadline=None)
@given(seasons(), st.data())
def test_a_car_added_behind_the_others_changes_nobody_ahead(
    data: SeasonData, draw: st.DataObject
) -> None:
    round_id = draw.draw(st.sampled_from([r.id for r in data.rounds]))
    last = max((r.class_pos or 0 for r in data.results if r.round_id == round_id), default=0)
    newcomer_id = max(data.entries) + 1
    newcomer = next(iter(data.entries.values()))._replace(
        id=newcomer_id, team="Newcomer", drivers=("Newcomer",), chassis="Newcomer"
    )
    added = replace(
        data,
        entries={**data.entries, newcomer_id: newcomer},
        results=(*data.results, ResultInfo(round_id, newcomer_id, last + 1, laps=None)),
    )
    before, after = compute_standings(data), compute_standings(added)
    for championship in Championship:
        old = {row.name: row.round_points for row in before.table("P", championship).rows}
        new = {
            row.name: row.round_points
            for row in after.table("P", championship).rows
            if not row.name.startswith("Newcomer")  # "Newcomer #00" when each car scores
        }
        assert new == old


@settings(max_examples=150, deadline=None)
@given(
    seasons(),
    st.data(),
    st.decimals(min_value="0.01", max_value="100", places=2),
    st.sampled_from(list(Championship)),
)
def test_a_penalty_of_p_lowers_exactly_one_total_by_p(
    data: SeasonData, draw: st.DataObject, p: Decimal, championship: Championship
) -> None:
    before = compute_standings(data).table("P", championship)
    if not before.rows:
        return
    name = draw.draw(st.sampled_from([row.name for row in before.rows]))
    penalty = Penalty(championship, "P", name, None, -p, False, "test")
    after = compute_standings(replace(data, penalties=(penalty,))).table("P", championship)
    old = {row.name: row.total for row in before.rows}
    new = {row.name: row.total for row in after.rows}
    assert new.keys() == old.keys()
    changed = {n for n in old if new[n] != old[n]}
    assert changed == {name}
    assert old[name] - new[name] == p
    for other in Championship:
        if other is not championship:
            assert compute_standings(replace(data, penalties=(penalty,))).table(
                "P", other
            ) == compute_standings(data).table("P", other)
