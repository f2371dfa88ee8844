"""The rules in the workbooks: decimal points as numbers, the manufacturers' table, penalties
and exclusions in the tables and their notes, and every rule written out in the footnote."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from model.io.export.penalty_text import penalty_notes
from model.io.export.rules_text import round_span, rules_footnote
from model.io.export.sheets import DROPPED_FORMAT, NOTE, PENALTY_FORMAT, POINTS_FORMAT
from model.io.export.standings_export import export_standings
from model.io.export.workbook import FIRST_ROW, HEADER_ROW
from model.scoring.points import ZERO
from model.scoring.rules import (
    Championship,
    DistanceReference,
    DistanceRounding,
    DriverTwoCars,
    DropBy,
    DropSegment,
    Penalty,
    SeasonRules,
    SharedDrivePoints,
    Status,
    TeamPositions,
    TeamScoring,
    TieBreak,
)
from model.scoring.standings import compute_standings
from model.store.season_data import SeasonData
from tests.builders import SeasonBuilder

DAY = dt.date(2003, 10, 20)
COLLISION = Penalty(None, "P", "Bravo", 1, Decimal(-10), False, "causing a collision")
FUEL_TANK = Penalty(None, "P", "Delta", None, ZERO, True, "an illegal fuel tank")


def season(**rules: Any) -> SeasonData:
    """Three rounds, the second at Monaco on half points; four cars of three makes; Bravo
    loses 10 points for round 1 and Delta is excluded."""
    b = SeasonBuilder(classes=("P",), rules=SeasonRules(**rules))
    first, monaco, third = b.round(), b.round(), b.round()
    b.rounds[1] = b.rounds[1]._replace(name="Monaco", factor=Decimal("0.5"))
    alpha = b.entry("Alpha", chassis="Audi R8", drivers=("Ann",))
    bravo = b.entry("Bravo", chassis="Audi R8", drivers=("Ben",))
    charlie = b.entry("Charlie", chassis="Porsche 911", drivers=("Cat",))
    delta = b.entry("Delta", chassis="Ferrari 360", drivers=("Dan",))
    b.finish(first, alpha, bravo, charlie, delta)
    b.finish(monaco, charlie, alpha, bravo, delta)
    b.finish(third, bravo, charlie, alpha, delta)
    return replace(b.build(), penalties=(COLLISION, FUEL_TANK))


def exported(data: SeasonData, folder: Path) -> openpyxl.Workbook:
    (path,) = export_standings(data, compute_standings(data), folder, published=DAY)
    return openpyxl.load_workbook(path)


def rows(ws: Worksheet) -> list[list[Any]]:
    """The table's rows, the excluded ones included, up to the first empty row."""
    found = []
    width = len(ws[HEADER_ROW]) - sum(c.value is None for c in ws[HEADER_ROW])
    for row in ws.iter_rows(min_row=FIRST_ROW, max_col=width):
        if row[0].value is None:
            break
        found.append(list(row))
    return found


def notes(ws: Worksheet) -> list[str]:
    """The lines below the table: the footnote, then the penalties."""
    return [c.value for c in ws["A"] if c.style == NOTE and c.value != "Key:"]


def test_one_sheet_per_championship(tmp_path: Path) -> None:
    workbook = exported(season(), tmp_path)
    assert workbook.sheetnames == ["Teams", "Drivers", "Manufacturers", "Chart", "Season results"]
    makers = workbook["Manufacturers"]
    assert makers["A2"].value == "Manufacturers Championship"
    assert makers["B4"].value == "Manufacturer"
    assert [[c.value for c in row] for row in rows(makers)] == [
        [1, "Audi", "Audi R8", "Engine", 20, 8, 20, 48],
        [2, "Porsche", "Porsche 911", "Engine", 13, 10, 16, 39],
        [3, "Ferrari", "Ferrari 360", "Engine", 10, 5, 10, 25],
    ]


def test_teams_show_half_points_the_penalty_and_the_excluded_car_below(tmp_path: Path) -> None:
    ws = exported(season(), tmp_path)["Teams"]
    header = [c.value for c in ws[HEADER_ROW]]
    assert header == ["Pos", "Team", "Chassis", "Engine", "Rd 1", "Rd 2", "Rd 3", "Pen.", "Total"]
    table = rows(ws)
    assert [[c.value for c in row] for row in table] == [
        [1, "Alpha", "Audi R8", "Engine", 20, 8, 13, None, 41],
        [2, "Charlie", "Porsche 911", "Engine", 13, 10, 16, None, 39],
        [3, "Bravo", "Audi R8", "Engine", 16, 6.5, 20, -10, 32.5],
        ["EXC", "Delta", "Ferrari 360", "Engine", 10, 5, 10, None, 25],
    ]
    alpha, _, bravo, delta = table
    assert isinstance(alpha[-1].value, int)
    assert isinstance(bravo[-1].value, float)
    assert alpha[-1].number_format == POINTS_FORMAT  # 41 and 32.5, never 41.0
    assert alpha[4].number_format == POINTS_FORMAT
    assert bravo[4].number_format == f'{POINTS_FORMAT}" (-10)"'  # shows 16 (-10)
    assert (bravo[7].number_format, bravo[7].data_type) == (PENALTY_FORMAT, "n")
    assert all(cell.font.i for cell in delta)  # greyed: excluded
    assert delta[0].data_type == "s"


def test_the_notes_give_each_penalty_with_its_reason(tmp_path: Path) -> None:
    ws = exported(season(), tmp_path)["Teams"]
    written = notes(ws)
    assert written[-2:] == [
        "Bravo: 10 points deducted in round 1 (Round 1). Reason: causing a collision.",
        "Delta: excluded from the championship (listed at the foot of the table). "
        "Reason: an illegal fuel tank.",
    ]
    assert "Round 2 (Monaco): half points." in written
    assert min(c.row for c in ws["A"] if c.value in written) > FIRST_ROW + 4  # below the table


def test_every_rule_sentence_is_under_every_table(tmp_path: Path) -> None:
    data = season(best_results=2, pole_points=Decimal(1))
    workbook = exported(data, tmp_path)
    for title in ("Teams", "Drivers", "Manufacturers"):
        assert notes(workbook[title])[: len(rules_footnote(data))] == rules_footnote(data)


def test_a_penalty_for_another_table_is_not_told(tmp_path: Path) -> None:
    workbook = exported(season(), tmp_path)
    assert not any("Bravo" in note or "Delta" in note for note in notes(workbook["Drivers"]))
    assert "Pen." not in [c.value for c in workbook["Drivers"][HEADER_ROW]]


def test_a_dropped_half_point_score_keeps_its_decimals(tmp_path: Path) -> None:
    ws = exported(season(best_results=2), tmp_path)["Teams"]
    bravo = next(row for row in rows(ws) if row[1].value == "Bravo")
    assert (bravo[5].value, bravo[5].number_format) == (6.5, DROPPED_FORMAT)
    assert DROPPED_FORMAT == '"("General")"'  # shows (6.5); a format of "0" would show (7)
    assert bravo[-1].value == 26  # 16 + 20 - 10


MONACO = "Round 2 (Monaco)"
# (rules set, what else the season has, a sentence the footnote must hold)
RULE_SENTENCES = [
    pytest.param({}, {}, "Points to the top 10: 20-16-13-10-8-6-4-3-2-1.", id="scale"),
    pytest.param({}, {"scale": (25, "12.5", 7)}, "Points to the top 3: 25-12.5-7.", id="decimals"),
    pytest.param({}, {}, f"{MONACO}: half points.", id="half points"),
    pytest.param({}, {"factor": "2"}, f"{MONACO}: double points.", id="double points"),
    pytest.param({}, {"factor": "1.5"}, f"{MONACO}: points multiplied by 1.5.", id="factor"),
    pytest.param(
        {"championships": ((Championship.DRIVERS, (("best_results", 11),)),)},
        {},
        "Teams and manufacturers: all results count; drivers: only the best 11 results count.",
        id="per championship",
    ),
    pytest.param({"best_results": 1}, {}, "Only the best result counts.", id="best 1"),
    pytest.param({"best_results": 7}, {}, "Only the best 7 results count.", id="best 7"),
    pytest.param(
        {"best_results": (DropSegment(1, 7, 4), DropSegment(8, 15, 4))},
        {},
        "Only the best 4 results of rounds 1-7 and the best 4 of rounds 8-15 count.",
        id="split drops",
    ),
    pytest.param(
        {"best_results": (DropSegment(1, 2, 1),)},
        {},
        "Only the best result of rounds 1-2 counts; every other round counts in full.",
        id="one segment",
    ),
    pytest.param(
        {"best_results": 2, "drop_by": DropBy.RACE},
        {},
        "Only the best 2 race results count.",
        id="drop by race",
    ),
    pytest.param({"pole_points": Decimal(1)}, {}, "1 bonus point for pole position.", id="pole"),
    pytest.param(
        {"fastest_lap_points": Decimal("0.5"), "fastest_lap_max_pos": 10},
        {},
        "0.5 bonus points for the fastest lap, only for a car classified in the top 10 of its "
        "class.",
        id="fastest lap top 10",
    ),
    pytest.param(
        {"qualifying_points": "qualifying"},
        {"qualifying": (3, 2, 1)},
        "Qualifying pays 3-2-1 bonus points to the top 3.",
        id="qualifying scale",
    ),
    pytest.param(
        {"min_distance_pct": 75, "distance_rounding": DistanceRounding.DOWN},
        {},
        "Cars failing to complete 75% of the overall winner's distance (counted in whole laps, "
        "rounded down) are not awarded points.",
        id="distance rounded down",
    ),
    pytest.param(
        {"min_distance_pct": 50, "distance_reference": DistanceReference.CLASS_WINNER},
        {},
        "Cars failing to complete 50% of their class winner's distance are not awarded points.",
        id="class winner distance",
    ),
    pytest.param(
        {"tie_break": TieBreak.COUNTBACK_ALL},
        {},
        "Ties are broken by countback over every classified place, scoring or not (most wins, "
        "then most 2nd places, and so on), then by who first reached their best place.",
        id="countback all",
    ),
    pytest.param(
        {"tie_break": TieBreak.SHARED},
        {},
        "Competitors level on points share the position.",
        id="shared ties",
    ),
    pytest.param(
        {"driver_two_cars": DriverTwoCars.BOTH},
        {},
        "A driver who drives two cars in one race scores the points of both.",
        id="two cars both",
    ),
    pytest.param(
        {"shared_drive_points": SharedDrivePoints.SPLIT},
        {},
        "The drivers of a car share its points equally (to the hundredth of a point).",
        id="split shared drives",
    ),
    pytest.param(
        {"manufacturer_best_cars": 2},
        {},
        "A manufacturer scores with its best 2 cars in each race.",
        id="manufacturers best 2",
    ),
    pytest.param(
        {}, {}, "A manufacturer scores with its highest-placed car in each race.", id="makers 1"
    ),
    pytest.param(
        {"team_scoring": TeamScoring.PER_CAR},
        {},
        "Each car of a team scores on its own in the teams' table (team and car number).",
        id="per car",
    ),
    pytest.param(
        {"team_scoring": TeamScoring.ALL_ENTRIES},
        {},
        "A team adds up the points of all its cars in each race.",
        id="all entries",
    ),
    pytest.param(
        {"team_positions": TeamPositions.RE_RANKED},
        {},
        "Places are counted among the cars that score only.",
        id="re-ranked",
    ),
    pytest.param(
        {"scoring_statuses": frozenset({Status.CLASSIFIED, Status.NOT_CLASSIFIED})},
        {},
        "Cars classified or not classified can score, from their class position.",
        id="statuses",
    ),
    pytest.param(
        {},
        {"ineligible": frozenset({Championship.MANUFACTURERS})},
        "Cars not registered for a championship keep their place and score nothing in it "
        "(nobody moves up).",
        id="ineligible car",
    ),
    pytest.param(
        {},
        {"short_drives": frozenset({"Ann"})},
        "A driver who did not complete the minimum drive time scores no points for that race.",
        id="short drive",
    ),
]


def with_extras(data: SeasonData, extras: dict[str, Any]) -> SeasonData:
    """The season with one more thing: a scale, a factor, a qualifying scale, or a result's
    field (ineligible, short drives) on the first result."""
    rounds = list(data.rounds)
    if "scale" in extras:
        rounds = [r._replace(scale=tuple(Decimal(str(p)) for p in extras["scale"])) for r in rounds]
    if "factor" in extras:
        rounds[1] = rounds[1]._replace(factor=Decimal(extras["factor"]))
    scales = {
        name: tuple(map(Decimal, value)) for name, value in extras.items() if name == "qualifying"
    }
    fields = {k: v for k, v in extras.items() if k in ("ineligible", "short_drives")}
    results = (data.results[0]._replace(**fields), *data.results[1:])
    return replace(data, rounds=tuple(rounds), scales=scales, results=results)


@pytest.mark.parametrize(("rules", "extras", "sentence"), RULE_SENTENCES)
def test_the_footnote_says_every_rule_in_words(
    rules: dict[str, Any], extras: dict[str, Any], sentence: str
) -> None:
    assert sentence in rules_footnote(with_extras(season(**rules), extras))


@pytest.mark.parametrize(
    "absent",
    ["not registered", "minimum drive time", "bonus", "minimum distance", "drops", "results count"],
)
def test_rules_a_season_does_not_have_are_not_mentioned(absent: str) -> None:
    assert not any(absent in line for line in rules_footnote(season()))


@pytest.mark.parametrize(
    ("numbers", "words"),
    [
        ([3], "Round 3"),
        ([1, 9], "Rounds 1 and 9"),
        ([1, 2, 3, 4, 5, 6, 7, 9], "Rounds 1-7 and 9"),
        ([1, 2, 5, 6, 7], "Rounds 1, 2 and 5-7"),
    ],
)
def test_rounds_are_named_as_a_reader_counts_them(numbers: list[int], words: str) -> None:
    assert round_span(numbers) == words


@pytest.mark.parametrize(
    ("penalty", "note"),
    [
        pytest.param(
            COLLISION,
            "Bravo: 10 points deducted in round 1. Reason: causing a collision.",
            id="in a round",
        ),
        pytest.param(
            replace(COLLISION, round_id=None, points=Decimal(-1), reason="a late entry."),
            "Bravo: 1 point deducted. Reason: a late entry.",
            id="one point for the season",
        ),
        pytest.param(
            replace(COLLISION, round_id=None, points=Decimal("2.5"), reason=""),
            "Bravo: 2.5 points added.",
            id="points given back, no reason",
        ),
        pytest.param(
            replace(FUEL_TANK, points=Decimal(-5)),
            "Delta: excluded from the championship (listed at the foot of the table), 5 points "
            "deducted. Reason: an illegal fuel tank.",
            id="excluded and deducted",
        ),
    ],
)
def test_penalty_notes_read_as_english(penalty: Penalty, note: str) -> None:
    data = replace(season(), penalties=(penalty,))
    table = compute_standings(data).table("P", Championship.TEAMS)
    assert penalty_notes(table) == [note]
