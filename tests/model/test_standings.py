"""One test per scoring rule of the standings engine, on small hand-built seasons."""

from __future__ import annotations

import pytest

from model.scoring.rules import (
    DistanceReference,
    SeasonRules,
    Status,
    TeamPositions,
    TeamScoring,
    TieBreak,
)
from model.scoring.standings import Championship, StandingsTable, compute_standings
from tests.builders import ENDURANCE, STANDARD, SeasonBuilder


def teams(builder: SeasonBuilder, class_name: str = "P") -> StandingsTable:
    return compute_standings(builder.build()).table(class_name, Championship.TEAMS)


def points_of(table: StandingsTable) -> dict[str, list[int | None]]:
    return {row.name: row.round_points for row in table.rows}


def totals(table: StandingsTable) -> dict[str, int]:
    return {row.name: row.total for row in table.rows}


def test_points_follow_the_scale_of_each_round() -> None:
    b = SeasonBuilder()
    sebring = b.round(scale=ENDURANCE)
    atlanta = b.round(scale=STANDARD)
    a, c = b.entry("Audi"), b.entry("Cadillac")
    b.finish(sebring, a, c)
    b.finish(atlanta, c, a)
    assert points_of(teams(b)) == {"Audi": [26, 16], "Cadillac": [22, 20]}
    assert totals(teams(b)) == {"Audi": 42, "Cadillac": 42}


def test_only_the_top_ten_score() -> None:
    b = SeasonBuilder()
    rnd = b.round()
    cars = [b.entry(f"Team {n:02}") for n in range(1, 13)]
    b.finish(rnd, *cars)
    table = teams(b)
    assert [row.name for row in table.rows] == [f"Team {n:02}" for n in range(1, 11)]
    assert table.rows[-1].total == 1


def test_a_cancelled_round_has_no_column() -> None:
    b = SeasonBuilder()
    first = b.round(1)
    b.round(cancelled=True)
    second = b.round(2)
    a = b.entry("Audi")
    b.finish(first, a)
    b.finish(second, a)
    table = teams(b)
    assert table.round_numbers == (1, 2)
    assert table.rows[0].round_points == [20, 20]


def test_results_in_a_cancelled_round_never_score() -> None:
    b = SeasonBuilder()
    cancelled = b.round(cancelled=True)
    b.round(1)
    b.finish(cancelled, b.entry("Audi"))
    assert teams(b).rows == ()


def test_team_scores_only_its_best_car_and_other_cars_keep_their_places() -> None:
    # Petit Le Mans 2003: American Spirit 5th behind both Panoz cars scores 14, not 16.
    b = SeasonBuilder()
    plm = b.round(scale=ENDURANCE)
    audi, panoz1, panoz2, amspirit, champion = (
        b.entry("Joest"),
        b.entry("JML Team Panoz", car="10"),
        b.entry("JML Team Panoz", car="11"),
        b.entry("American Spirit Racing"),
        b.entry("Champion"),
    )
    b.finish(plm, champion, panoz1, audi, panoz2, amspirit)
    assert points_of(teams(b)) == {
        "Champion": [26],
        "JML Team Panoz": [22],
        "Joest": [19],
        "American Spirit Racing": [14],
    }


def test_re_ranked_policy_closes_the_gap_left_by_a_teams_second_car() -> None:
    b = SeasonBuilder(rules=SeasonRules(team_positions=TeamPositions.RE_RANKED))
    rnd = b.round()
    first, second, third = b.entry("A", car="1"), b.entry("A", car="2"), b.entry("B")
    b.finish(rnd, first, second, third)
    assert points_of(teams(b)) == {"A": [20], "B": [16]}


def test_all_entries_policy_adds_every_car_of_the_team() -> None:
    b = SeasonBuilder(rules=SeasonRules(team_scoring=TeamScoring.ALL_ENTRIES))
    rnd = b.round()
    first, second, third = b.entry("A", car="1"), b.entry("A", car="2"), b.entry("B")
    b.finish(rnd, first, third, second)
    assert points_of(teams(b)) == {"A": [33], "B": [16]}


def test_distance_rule_against_the_overall_winner() -> None:
    # Petit Le Mans 2003: 70% of the winning Audi's 394 laps is 276 laps.
    rules = SeasonRules(min_distance_pct=70, distance_reference=DistanceReference.OVERALL_WINNER)
    b = SeasonBuilder(rules=rules)
    rnd = b.round(scale=ENDURANCE)
    audi = b.entry("Audi", "P")
    enough, short = b.entry("Enough", "GT"), b.entry("Short", "GT")
    b.result(rnd, audi, 1, overall_pos=1, laps=394)
    b.result(rnd, enough, 1, overall_pos=2, laps=276)
    b.result(rnd, short, 2, overall_pos=3, laps=275)
    assert points_of(teams(b, "GT")) == {"Enough": [26]}


def test_distance_rule_against_the_class_winner() -> None:
    rules = SeasonRules(min_distance_pct=70, distance_reference=DistanceReference.CLASS_WINNER)
    b = SeasonBuilder(rules=rules)
    rnd = b.round()
    audi = b.entry("Audi", "P")
    winner, second = b.entry("Winner", "GT"), b.entry("Second", "GT")
    b.result(rnd, audi, 1, overall_pos=1, laps=394)
    b.result(rnd, winner, 1, overall_pos=2, laps=300)
    b.result(rnd, second, 2, overall_pos=3, laps=210)  # 70% of 300, not of 394
    assert points_of(teams(b, "GT")) == {"Winner": [20], "Second": [16]}


def test_unknown_laps_cannot_fail_the_distance_rule() -> None:
    b = SeasonBuilder(rules=SeasonRules(min_distance_pct=70))
    rnd = b.round()
    a, c = b.entry("A"), b.entry("C")
    b.result(rnd, a, 1, overall_pos=1, laps=100)
    b.result(rnd, c, 2)
    assert points_of(teams(b)) == {"A": [20], "C": [16]}


@pytest.mark.parametrize(
    "status",
    [Status.NOT_CLASSIFIED, Status.DNF, Status.DNS, Status.DISQUALIFIED, Status.EXCLUDED],
)
def test_only_scoring_statuses_earn_points(status: Status) -> None:
    b = SeasonBuilder()
    rnd = b.round()
    a, c = b.entry("A"), b.entry("C")
    b.result(rnd, a, 1, status=status)
    b.result(rnd, c, 2)
    assert points_of(teams(b)) == {"C": [16]}


def test_scoring_statuses_are_part_of_the_rules() -> None:
    rules = SeasonRules(scoring_statuses=frozenset({Status.CLASSIFIED, Status.DNF}))
    b = SeasonBuilder(rules=rules)
    rnd = b.round()
    a = b.entry("A")
    b.result(rnd, a, 3, status=Status.DNF)
    assert points_of(teams(b)) == {"A": [13]}


def test_exclusion_moves_nobody_by_itself() -> None:
    # The cars behind move up only when their positions are edited; the engine scores places.
    b = SeasonBuilder()
    rnd = b.round()
    a, excluded, c = b.entry("A"), b.entry("X"), b.entry("C")
    b.result(rnd, a, 1)
    b.result(rnd, excluded, 2, status=Status.EXCLUDED)
    b.result(rnd, c, 3)
    assert points_of(teams(b)) == {"A": [20], "C": [13]}


def level_on_points(rules: SeasonRules) -> StandingsTable:
    """'Has a win' (1st) and 'Has places' (2nd, 2nd) both score 10; 'Bronze' is 3rd once."""
    b = SeasonBuilder(rules=rules)
    r1, r2 = b.round(scale=(10, 5, 3, 2)), b.round(scale=(10, 5, 3, 2))
    places, wins, bronze = b.entry("Has places"), b.entry("Has a win"), b.entry("Bronze")
    b.result(r1, wins, 1)
    b.result(r1, places, 2)
    b.result(r2, places, 2)
    b.result(r2, bronze, 3)
    return teams(b)


def test_equal_totals_are_separated_by_countback() -> None:
    rows = level_on_points(SeasonRules(tie_break=TieBreak.COUNTBACK)).rows
    assert [(r.pos, r.name, r.total, r.tied) for r in rows] == [
        (1, "Has a win", 10, False),
        (2, "Has places", 10, False),
        (3, "Bronze", 3, False),
    ]


def test_shared_tie_break_keeps_equal_totals_level() -> None:
    rows = level_on_points(SeasonRules(tie_break=TieBreak.SHARED)).rows
    assert [(r.pos, r.total, r.tied) for r in rows] == [(1, 10, True), (1, 10, True), (3, 3, False)]
    assert [r.name for r in rows[:2]] == ["Has a win", "Has places"]  # by name, for stability


def test_countback_looks_past_equal_wins_to_the_next_place() -> None:
    scale = (10, 6, 4, 2)
    b = SeasonBuilder()
    r1, r2, r3 = b.round(scale=scale), b.round(scale=scale), b.round(scale=scale)
    a, c = b.entry("A"), b.entry("C")
    b.result(r1, c, 1)  # C: win, 3rd, 4th = 10 + 4 + 2 = 16
    b.result(r2, c, 3)
    b.result(r3, c, 4)
    b.result(r2, a, 1)  # A: win, 2nd = 10 + 6 = 16
    b.result(r3, a, 2)
    assert [(r.pos, r.name, r.total) for r in teams(b).rows] == [(1, "A", 16), (2, "C", 16)]


def test_competitors_level_after_countback_share_the_position() -> None:
    b = SeasonBuilder()
    r1, r2, r3 = b.round(), b.round(), b.round()
    x, y, z = b.entry("Xavier"), b.entry("Yves"), b.entry("Zed")
    b.finish(r1, x, y)  # Xavier 20, Yves 16
    b.finish(r2, y, x)  # Yves 20, Xavier 16
    b.result(r3, z, 1)  # Zed 20
    rows = teams(b).rows
    assert [(r.pos, r.name, r.total, r.tied) for r in rows] == [
        (1, "Xavier", 36, True),
        (1, "Yves", 36, True),
        (3, "Zed", 20, False),
    ]


def test_drop_rounds_count_only_the_best_results() -> None:
    b = SeasonBuilder(rules=SeasonRules(best_results=2))
    rounds = [b.round() for _ in range(3)]
    a, c = b.entry("A"), b.entry("C")
    b.finish(rounds[0], a, c)  # A 20
    b.finish(rounds[1], c, a)  # A 16
    b.finish(rounds[2], a, c)  # A 20
    row = teams(b).rows[0]
    assert row.name == "A"
    assert row.round_points == [20, 16, 20]
    assert [cell.dropped for cell in row.cells] == [False, True, False]
    assert row.total == 40


def test_bonus_points_for_pole_and_fastest_lap() -> None:
    b = SeasonBuilder(rules=SeasonRules(pole_points=1, fastest_lap_points=1))
    rnd = b.round()
    a, c = b.entry("A"), b.entry("C")
    b.result(rnd, a, 1, pole=True)
    b.result(rnd, c, 2, fastest_lap=True)
    assert points_of(teams(b)) == {"A": [21], "C": [17]}


def test_chassis_and_engines_listed_in_order_of_first_use() -> None:
    b = SeasonBuilder()
    r1, r2, r3 = b.round(), b.round(), b.round()
    lola = b.entry("Intersport", chassis="Lola B2K/10", engine="Judd GV4")
    riley = b.entry("Intersport", chassis="Riley & Scott Mk III C", engine="Élan 6L8")
    b.result(r3, lola, 2)
    b.result(r2, riley, 1)
    b.result(r1, lola, 3)
    row = teams(b).rows[0]
    assert row.chassis == ("Lola B2K/10", "Riley & Scott Mk III C")
    assert row.engine == ("Judd GV4", "Élan 6L8")


def test_a_car_that_did_not_start_adds_no_chassis() -> None:
    b = SeasonBuilder()
    r1 = b.round()
    raced = b.entry("T", chassis="Raced")
    spare = b.entry("T", chassis="Spare")
    b.result(r1, raced, 1)
    b.result(r1, spare, None, status=Status.DNS)
    assert teams(b).rows[0].chassis == ("Raced",)


def test_classes_are_scored_separately() -> None:
    b = SeasonBuilder()
    rnd = b.round()
    b.result(rnd, b.entry("Proto", "P"), 1)
    b.result(rnd, b.entry("GT car", "GT"), 1)
    assert points_of(teams(b, "P")) == {"Proto": [20]}
    assert points_of(teams(b, "GT")) == {"GT car": [20]}


def test_drivers_championship_scores_each_driver_of_the_car() -> None:
    b = SeasonBuilder()
    r1, r2 = b.round(), b.round()
    car = b.entry("Joest", drivers=("Frank Biela", "Marco Werner"))
    other = b.entry("Champion", drivers=("JJ Lehto", "Johnny Herbert"))
    b.finish(r1, car, other)
    b.result(r2, other, 1)
    b.result(r2, car, 2, drivers=("Frank Biela", "Emanuele Pirro"))
    table = compute_standings(b.build()).table("P", Championship.DRIVERS)
    assert points_of(table) == {
        "Frank Biela": [20, 16],
        "JJ Lehto": [16, 20],
        "Johnny Herbert": [16, 20],
        "Marco Werner": [20, None],
        "Emanuele Pirro": [None, 16],
    }
    assert [row.name for row in table.rows[:3]] == ["Frank Biela", "JJ Lehto", "Johnny Herbert"]
    assert table.rows[0].pos == table.rows[1].pos == table.rows[2].pos == 1


def test_nothing_scored_leaves_the_round_cell_empty() -> None:
    b = SeasonBuilder()
    r1, r2 = b.round(), b.round()
    a = b.entry("A")
    b.result(r1, a, 1)
    b.result(r2, a, 11)
    assert teams(b).rows[0].round_points == [20, None]


def test_cells_tell_a_car_that_raced_without_scoring_from_one_absent() -> None:
    b = SeasonBuilder()
    r1, r2, r3 = b.round(), b.round(), b.round()
    a = b.entry("A")
    b.result(r1, a, 1)
    b.result(r2, a, 12)
    b.result(r3, a, None, status=Status.DNS)
    cells = teams(b).rows[0].cells
    assert [(c.points, c.position, c.raced) for c in cells] == [
        (20, 1, True),
        (None, 12, True),
        (None, None, False),
    ]


def test_countback_counts_every_car_a_team_scores_with_in_one_race() -> None:
    """A 4th and a 5th in the same race are a 4th and a 5th, not one 4th."""
    rules = SeasonRules(tie_break=TieBreak.COUNTBACK, team_scoring=TeamScoring.ALL_ENTRIES)
    scale = (10, 8, 6, 4, 3)
    b = SeasonBuilder(rules=rules)
    r1, r2, r3 = b.round(scale=scale), b.round(scale=scale), b.round(scale=scale)
    first, second = b.entry("Double"), b.entry("Double")
    other = b.entry("Other")
    b.result(r1, first, 4)  # Double: 4th and 5th in one race = 7
    b.result(r1, second, 5)
    b.result(r2, other, 4)  # Other: a 4th and a 5th in two races = 7
    b.result(r3, other, 5)
    rows = teams(b).rows
    assert [(r.pos, r.name, r.total, r.tied) for r in rows] == [
        (1, "Double", 7, True),
        (1, "Other", 7, True),
    ]
