"""Problems are found and located at the result and field they concern."""

from __future__ import annotations

from model.scoring.problems import ProblemKind, season_problems
from model.scoring.rules import SeasonRules, Status
from tests.builders import SeasonBuilder


def kinds(builder: SeasonBuilder) -> list[tuple[ProblemKind, int, str]]:
    return [(p.kind, p.result_id, p.field) for p in season_problems(builder.build())]


def with_ids(builder: SeasonBuilder) -> SeasonBuilder:
    builder.results = [r._replace(result_id=n) for n, r in enumerate(builder.results, start=1)]
    return builder


def test_a_clean_round_has_no_problems() -> None:
    b = SeasonBuilder()
    rnd = b.round()
    b.finish(rnd, b.entry("A", car="1"), b.entry("B", car="2"), laps=100)
    assert kinds(with_ids(b)) == []


def test_two_cars_with_one_class_position() -> None:
    b = SeasonBuilder()
    rnd = b.round()
    b.result(rnd, b.entry("A"), 1)
    b.result(rnd, b.entry("B"), 1)
    assert kinds(with_ids(b)) == [
        (ProblemKind.SHARED_POSITION, 1, "class_pos"),
        (ProblemKind.SHARED_POSITION, 2, "class_pos"),
    ]


def test_a_gap_in_positions_is_reported_once_at_the_car_after_it() -> None:
    b = SeasonBuilder()
    rnd = b.round()
    b.result(rnd, b.entry("A"), 1)
    b.result(rnd, b.entry("B"), 4)
    b.result(rnd, b.entry("C"), 5)
    problems = season_problems(with_ids(b).build())
    assert [(p.kind, p.result_id) for p in problems] == [(ProblemKind.POSITION_GAP, 2)]
    assert problems[0].message == "P: positions 2\u20133 missing"


def test_a_car_number_in_two_classes() -> None:
    b = SeasonBuilder()
    rnd = b.round()
    b.result(rnd, b.entry("A", "P", car="7"), 1)
    b.result(rnd, b.entry("B", "GT", car="7"), 1)
    problems = season_problems(with_ids(b).build())
    assert {(p.kind, p.result_id, p.field) for p in problems} == {
        (ProblemKind.CAR_IN_TWO_CLASSES, 1, "car"),
        (ProblemKind.CAR_IN_TWO_CLASSES, 2, "car"),
    }
    assert problems[0].message == "car 7 appears in GT and P"


def test_more_laps_than_the_class_winner() -> None:
    b = SeasonBuilder()
    rnd = b.round()
    b.result(rnd, b.entry("A"), 1, laps=100)
    b.result(rnd, b.entry("B"), 2, laps=101)
    assert kinds(with_ids(b)) == [(ProblemKind.MORE_LAPS_THAN_WINNER, 2, "laps")]


def test_a_classified_car_short_of_the_distance() -> None:
    b = SeasonBuilder(rules=SeasonRules(min_distance_pct=70))
    rnd = b.round()
    b.result(rnd, b.entry("Audi", "P"), 1, overall_pos=1, laps=394)
    b.result(rnd, b.entry("Short", "GT"), 1, overall_pos=2, laps=275)
    b.result(rnd, b.entry("Retired", "GT"), 2, laps=100, status=Status.DNF)
    problems = season_problems(with_ids(b).build())
    assert [(p.kind, p.result_id, p.field) for p in problems] == [
        (ProblemKind.SHORT_OF_DISTANCE, 2, "laps")
    ]
    assert "short of the 276 needed (70% of the overall winner's 394)" in problems[0].message


def test_cancelled_rounds_are_not_checked() -> None:
    b = SeasonBuilder()
    rnd = b.round(cancelled=True)
    b.result(rnd, b.entry("A"), 1)
    b.result(rnd, b.entry("B"), 1)
    assert kinds(with_ids(b)) == []


def test_two_poles_fastest_laps_or_qualifying_places_in_one_class() -> None:
    b = SeasonBuilder()
    rnd = b.round()
    b.result(rnd, b.entry("A"), 1, pole=True, fastest_lap=True, qualifying_pos=2)
    b.result(rnd, b.entry("B"), 2, pole=True, qualifying_pos=2)
    b.result(rnd, b.entry("C"), 3, fastest_lap=True, qualifying_pos=1)
    b.result(rnd, b.entry("D", "GT"), 1, pole=True, fastest_lap=True, qualifying_pos=1)
    problems = season_problems(with_ids(b).build())
    assert sorted((p.field, p.result_id, p.message) for p in problems) == [
        ("fastest_lap", 1, "2 cars have the fastest lap in P"),
        ("fastest_lap", 3, "2 cars have the fastest lap in P"),
        ("pole", 1, "2 cars have the pole in P"),
        ("pole", 2, "2 cars have the pole in P"),
        ("qualifying_pos", 1, "2 cars have qualifying place 2 in P"),
        ("qualifying_pos", 2, "2 cars have qualifying place 2 in P"),
    ]
    assert {p.kind for p in problems} == {ProblemKind.SHARED_BONUS}
