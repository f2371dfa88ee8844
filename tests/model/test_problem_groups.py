"""The problems list: one line per problem, grouped by kind and class, keys that survive
unrelated edits, and the minimum-distance message naming the laps it measured against."""

from __future__ import annotations

import pytest

from model.scoring.problem_groups import problem_groups, problem_lines
from model.scoring.problems import ProblemKind, season_problems
from model.scoring.rules import DistanceReference, SeasonRules
from model.store.season_data import SeasonData
from tests.builders import SeasonBuilder


def numbered(builder: SeasonBuilder) -> SeasonData:
    builder.results = [r._replace(result_id=n) for n, r in enumerate(builder.results, start=1)]
    return builder.build()


def lines_of(data: SeasonData) -> list[str]:
    labels = {r.id: str(r.number) for r in data.rounds}
    return [line.text for line in problem_lines(season_problems(data), labels)]


def gap_season(*positions: int, class_name: str = "GT") -> SeasonData:
    b = SeasonBuilder()
    rnd = b.round()
    for n, position in enumerate(positions):
        b.result(rnd, b.entry(f"Team {n}", class_name), position)
    return numbered(b)


@pytest.mark.parametrize(
    ("positions", "expected"),
    [
        ((1, 2, 3, 8), ["Rd 1 GT: positions 4\u20137 missing"]),
        ((1, 3), ["Rd 1 GT: position 2 missing"]),
        (
            (1, 3, 5, 9),
            [
                "Rd 1 GT: position 2 missing",
                "Rd 1 GT: position 4 missing",
                "Rd 1 GT: positions 6\u20138 missing",
            ],
        ),
        ((2,), ["Rd 1 GT: position 1 missing"]),
        ((1, 2, 3), []),
        ((1, 1), ["Rd 1 2 cars hold position 1 in GT"]),  # two cars: one problem
        ((1, 1, 1, 4), ["Rd 1 3 cars hold position 1 in GT"]),
        ((1, 1, 3, 3), ["Rd 1 2 cars hold position 1 in GT", "Rd 1 2 cars hold position 3 in GT"]),
    ],
)
def test_one_line_per_problem(positions: tuple[int, ...], expected: list[str]) -> None:
    assert lines_of(gap_season(*positions)) == expected


def test_a_shared_position_is_one_line_marking_every_car() -> None:
    data = gap_season(1, 1, 1)
    [line] = problem_lines(season_problems(data), {})
    assert line.result_ids == (1, 2, 3)
    assert line.problem.result_id == 1  # going to it lands on the first car


def test_a_key_survives_new_result_ids_and_unrelated_results() -> None:
    before = {p.key for p in season_problems(gap_season(1, 2, 3, 8))}
    b = SeasonBuilder()
    rnd = b.round()
    for n, position in enumerate((1, 2, 3, 8)):
        b.result(rnd, b.entry(f"Team {n}", "GT"), position)
    b.result(rnd, b.entry("Proto", "P"), 1)  # an unrelated class gains a result
    b.results = [r._replace(result_id=n + 40) for n, r in enumerate(b.results)]
    assert {p.key for p in season_problems(b.build())} == before


def test_groups_by_kind_then_class_with_counts() -> None:
    b = SeasonBuilder()
    rnd = b.round()
    for n, (cls, position) in enumerate([("GT", 1), ("GT", 3), ("P", 2), ("GT", 3)]):
        b.result(rnd, b.entry(f"Team {n}", cls), position)
    groups = problem_groups(problem_lines(season_problems(numbered(b)), {}))
    assert [g.title for g in groups] == [
        "Position gaps \u2014 GT (1)",
        "Position gaps \u2014 P (1)",
        "Shared positions \u2014 GT (1)",
    ]


OVERALL, CLASS = DistanceReference.OVERALL_WINNER, DistanceReference.CLASS_WINNER


@pytest.mark.parametrize(
    ("reference", "placed_overall", "placed_in_class", "words"),
    [
        (OVERALL, True, True, "70% of the overall winner's 101)"),
        (
            OVERALL,
            False,
            True,
            "70% of the most laps of any car (no car placed first overall), 101)",
        ),
        (CLASS, True, True, "70% of the GT class winner's 90)"),
        (CLASS, True, False, "70% of the most laps in GT (no car placed first in class), 90)"),
    ],
)
def test_the_distance_message_names_the_laps_it_used(
    reference: DistanceReference, placed_overall: bool, placed_in_class: bool, words: str
) -> None:
    b = SeasonBuilder(rules=SeasonRules(min_distance_pct=70, distance_reference=reference))
    rnd = b.round()
    b.result(rnd, b.entry("Proto", "P"), 1, overall_pos=1 if placed_overall else None, laps=101)
    b.result(rnd, b.entry("Fast", "GT"), 1 if placed_in_class else 2, laps=90)
    b.result(rnd, b.entry("Short", "GT"), 3, laps=50)
    short = [p for p in season_problems(numbered(b)) if p.kind is ProblemKind.SHORT_OF_DISTANCE]
    assert [p.result_id for p in short] == [3]
    assert words in short[0].message
