"""Points progression: running totals by round, on the 2003 reference season and on small
seasons built for one rule each."""

from __future__ import annotations

import json
from decimal import Decimal
from itertools import accumulate

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from model.edits.seasons import find_season
from model.scoring.progression import progression, rounds_run
from model.scoring.rules import Championship, SeasonRules
from model.scoring.standings import StandingsTable, compute_standings
from model.store.season_data import load_season_data
from tests.builders import SeasonBuilder
from tests.conftest import DATA

PUBLISHED = json.loads((DATA / "alms-2003-standings.json").read_text(encoding="utf-8"))


def teams(builder: SeasonBuilder, class_name: str = "P") -> StandingsTable:
    return compute_standings(builder.build()).table(class_name, Championship.TEAMS)


def lines(table: StandingsTable, top: int = 10) -> dict[str, list[Decimal]]:
    return {series.name: list(series.points) for series in progression(table, top)}


@pytest.mark.parametrize("class_name", ["LMP900", "LMP675", "GTS", "GT"])
def test_the_reference_season_adds_up_the_published_rounds(
    sample_engine: Engine, class_name: str
) -> None:
    with Session(sample_engine) as session:
        season = find_season(session=session, year=2003)
        assert season.id is not None
        data = load_season_data(session=session, season_id=season.id)
    table = compute_standings(data).table(class_name, Championship.TEAMS)
    found = progression(table)
    published = PUBLISHED[class_name][:10]
    assert [s.name for s in found] == [row["team"] for row in published]
    assert [s.pos for s in found] == [row["pos"] for row in published]
    for series, row in zip(found, published, strict=True):
        assert series.labels == tuple(str(n) for n in range(1, 10))
        running = list(accumulate(Decimal(str(p or 0)) for p in row["rounds"]))
        assert list(series.points) == running
        assert series.total == Decimal(str(row["total"]))


def test_a_round_of_two_races_has_a_point_per_race() -> None:
    b = SeasonBuilder()
    sprint, main, other = b.round(1, event=1), b.round(2, event=1), b.round(3, event=2)
    a = b.entry("Audi")
    for rnd in (sprint, main, other):
        b.finish(rnd, a)
    (series,) = progression(teams(b))
    assert series.labels == ("1a", "1b", "2")
    assert series.points == (20, 40, 60)


def test_a_cancelled_round_has_no_point() -> None:
    b = SeasonBuilder()
    first = b.round(1)
    b.round(cancelled=True)
    second = b.round(2)
    a = b.entry("Audi")
    b.finish(first, a)
    b.finish(second, a)
    (series,) = progression(teams(b))
    assert (series.labels, series.points) == (("1", "2"), (20, 40))


def test_a_dropped_score_adds_nothing_so_the_line_ends_on_the_total() -> None:
    b = SeasonBuilder(rules=SeasonRules(best_results=2))
    rounds = [b.round() for _ in range(3)]
    a, c = b.entry("Audi"), b.entry("Cadillac")
    b.finish(rounds[0], a, c)
    b.finish(rounds[1], c, a)  # Audi's 16 here is its worst, dropped
    b.finish(rounds[2], a, c)
    assert lines(teams(b)) == {"Audi": [20, 20, 40], "Cadillac": [16, 36, 36]}


PENALTIES = [
    # (points, in the first round?, Team B's line)
    pytest.param("-5", True, [11, 27], id="round penalty taken in its round"),
    pytest.param("-5", False, [16, 27], id="season penalty taken in the last round run"),
    pytest.param(
        "2.5", True, [Decimal("18.5"), Decimal("34.5")], id="points given, half points kept"
    ),
]


@pytest.mark.parametrize(("points", "in_round", "expected"), PENALTIES)
def test_penalties_are_taken_where_they_belong(
    points: str, in_round: bool, expected: list[Decimal]
) -> None:
    b = SeasonBuilder()
    first, second = b.round(), b.round()
    a, c = b.entry("Team A"), b.entry("Team B")
    b.finish(first, a, c)
    b.finish(second, a, c)
    b.penalty("Team B", points, round_id=first if in_round else None)
    assert lines(teams(b))["Team B"] == expected


def test_only_the_rounds_run_so_far_are_drawn() -> None:
    b = SeasonBuilder()
    first, second, _third = b.round(), b.round(), b.round()
    a = b.entry("Audi")
    b.finish(first, a)
    b.finish(second, a)
    table = teams(b)
    assert rounds_run(table) == 2
    assert lines(table) == {"Audi": [20, 40]}


def test_a_season_without_results_has_no_lines() -> None:
    b = SeasonBuilder()
    b.round(), b.round()
    b.entry("Audi")
    assert progression(teams(b)) == []


TOPS = [
    pytest.param(10, ["T1", "T2", "T3"], id="fewer competitors than the top"),
    pytest.param(2, ["T1", "T2"], id="top two"),
    pytest.param(0, [], id="none asked"),
    pytest.param(-3, [], id="negative top"),
]


@pytest.mark.parametrize(("top", "expected"), TOPS)
def test_only_the_top_of_the_table_is_drawn(top: int, expected: list[str]) -> None:
    b = SeasonBuilder()
    rnd = b.round()
    b.finish(rnd, *(b.entry(f"T{n}") for n in range(1, 4)))
    assert [s.name for s in progression(teams(b), top)] == expected


def test_an_excluded_competitor_has_no_line_but_its_round_counts_as_run() -> None:
    b = SeasonBuilder()
    first, second = b.round(), b.round()
    a, c = b.entry("Team A"), b.entry("Team B")
    b.finish(first, a, c)
    b.finish(second, a)
    b.penalty("Team A", excluded=True)
    assert lines(teams(b)) == {"Team B": [16, 16]}
