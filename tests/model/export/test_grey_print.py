"""Standings that read the same printed in grey: fills ordered and apart in grey, text
readable on every fill (WCAG contrast), and marks that need no colour at all: a win bold and
boxed, a podium bold, a dropped score in brackets, the status code of a round that scored
nothing, '=3' for a shared place."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from model.io.export.cell_coding import KEY_CELLS, key_lines, position_text, round_look
from model.io.export.colours import GREY_ORDER, ROUND_COLOURS
from model.io.export.sheets import STYLES, round_style
from model.io.export.standings_export import export_standings
from model.io.export.workbook import FIRST_ROW
from model.scoring.rules import SeasonRules, Status, TeamScoring, TieBreak
from model.scoring.standings import RoundCell, StandingsRow, compute_standings
from tests.builders import SeasonBuilder

DAY = dt.date(2003, 10, 20)
WHITE = "FFFFFF"
BLACK = "000000"
LEAST_GREY_STEP = 15  # levels of 255 between two fills printed in grey
LEAST_CONTRAST = 4.5  # WCAG AA for text of normal size


def channels(hex_colour: str) -> tuple[int, int, int]:
    rgb = hex_colour[-6:]
    return int(rgb[0:2], 16), int(rgb[2:4], 16), int(rgb[4:6], 16)


def grey(hex_colour: str) -> float:
    """The grey level a greyscale print gives a colour (Rec. 601 luma, 0-255)."""
    red, green, blue = channels(hex_colour)
    return 0.299 * red + 0.587 * green + 0.114 * blue


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance."""

    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(v) for v in channels(hex_colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_fills_print_in_grey_darkest_win_to_lightest_no_points() -> None:
    levels = [grey(ROUND_COLOURS[kind]) for kind in GREY_ORDER] + [grey(WHITE)]
    assert levels == sorted(levels)
    steps = [later - earlier for earlier, later in itertools.pairwise(levels)]
    assert min(steps) >= LEAST_GREY_STEP, dict(zip(GREY_ORDER, steps, strict=False))


def test_the_win_is_dark_in_grey_yet_black_text_reads_on_it() -> None:
    assert grey(ROUND_COLOURS["1st"]) < grey(ROUND_COLOURS["3rd"])  # bronze used to be darker
    assert contrast(ROUND_COLOURS["1st"], BLACK) >= LEAST_CONTRAST


def _colour(spec: dict[str, Any], part: str, default: str) -> str:
    if part == "font":
        colour = spec["font"].color
    else:
        fill = spec.get("fill")
        colour = fill.fgColor if fill is not None else None
    return default if colour is None or colour.rgb is None else str(colour.rgb)


@pytest.mark.parametrize("style", sorted(STYLES))
def test_every_styles_text_keeps_contrast_on_its_fill(style: str) -> None:
    spec = STYLES[style]
    font, fill = _colour(spec, "font", BLACK), _colour(spec, "fill", WHITE)
    assert contrast(font, fill) >= LEAST_CONTRAST, (style, font, fill)


# (what, cell, text shown, fill, bold, boxed)
LOOKS = [
    ("win", RoundCell(Decimal(20), 1, raced=True), "20", "1st", True, True),
    ("2nd", RoundCell(Decimal(16), 2, raced=True), "16", "2nd", True, False),
    ("3rd", RoundCell(Decimal(13), 3, raced=True), "13", "3rd", True, False),
    ("4th", RoundCell(Decimal(10), 4, raced=True), "10", "points", False, False),
    ("dropped win", RoundCell(Decimal(20), 1, True, True), "(20)", "1st", True, True),
    ("dropped 6th", RoundCell(Decimal(6), 6, True, True), "(6)", "points", False, False),
    (
        "no points",
        RoundCell(None, 12, raced=True, status=Status.CLASSIFIED),
        "",
        "no points",
        False,
        False,
    ),
    ("absent", RoundCell(), "", "empty", False, False),
    (
        "DNF and penalty",
        RoundCell(None, None, raced=True, penalty=Decimal(-5), status=Status.DNF),
        "DNF (-5)",
        "status",
        False,
        False,
    ),
]


@pytest.mark.parametrize(
    ("cell", "shown", "fill", "bold", "boxed"),
    [pytest.param(*case[1:], id=case[0]) for case in LOOKS],
)
def test_a_round_cells_look(
    cell: RoundCell, shown: str, fill: str, bold: bool, boxed: bool
) -> None:
    look = round_look(cell)
    assert (look.text, look.fill, look.bold, look.boxed) == (shown, fill, bold, boxed)
    style = STYLES[round_style(look.fill, dropped=look.dropped)]
    assert bool(style["font"].b) is bold
    assert (style["border"].left.style == "medium") is boxed


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (Status.DNF, "DNF"),
        (Status.DNS, "DNS"),
        (Status.NOT_CLASSIFIED, "NC"),
        (Status.DISQUALIFIED, "DSQ"),
        (Status.EXCLUDED, "EXC"),
    ],
)
def test_a_status_that_scored_nothing_is_written_in_the_cell(
    status: Status, code: str, tmp_path: Path
) -> None:
    b = SeasonBuilder(classes=("P",))
    first, second = b.round(), b.round()
    alpha, bravo = b.entry("Alpha"), b.entry("Bravo")
    b.result(first, alpha, 1)
    b.result(first, bravo, None, status)
    b.finish(second, bravo, alpha)
    teams = _teams(b, tmp_path)
    assert teams["Bravo"][4:6] == [code, 20]  # the code, then a number that adds up
    assert code in " ".join(key_lines())


def test_a_team_shows_its_best_cars_status(tmp_path: Path) -> None:
    rules = SeasonRules(team_scoring=TeamScoring.BEST_ENTRY)
    b = SeasonBuilder(classes=("P",), rules=rules)
    first, second = b.round(), b.round()
    alpha = b.entry("Alpha")
    bravo_a, bravo_b = b.entry("Bravo", car="1"), b.entry("Bravo", car="2")
    b.result(first, alpha, 1)
    b.result(first, bravo_a, None, Status.DNS)
    b.result(first, bravo_b, None, Status.DNF)
    b.finish(second, bravo_a, alpha)
    assert _teams(b, tmp_path)["Bravo"][4] == "DNF"


def test_a_shared_place_is_written_with_an_equals_sign(tmp_path: Path) -> None:
    b = SeasonBuilder(classes=("P",), rules=SeasonRules(tie_break=TieBreak.SHARED))
    first, second = b.round(), b.round()
    alpha, bravo, charlie = b.entry("Alpha"), b.entry("Bravo"), b.entry("Charlie")
    b.finish(first, alpha, bravo, charlie)
    b.finish(second, bravo, alpha, charlie)
    teams = _teams(b, tmp_path)
    assert [teams[name][0] for name in ("Alpha", "Bravo", "Charlie")] == ["=1", "=1", 3]


@pytest.mark.parametrize(
    ("row", "shown"),
    [
        (StandingsRow(3, "A", (), (), (), Decimal(10)), "3"),
        (StandingsRow(3, "A", (), (), (), Decimal(10), tied=True), "=3"),
        (StandingsRow(0, "A", (), (), (), Decimal(10), excluded=True), "EXC"),
    ],
    ids=["alone", "shared", "excluded"],
)
def test_position_text(row: StandingsRow, shown: str) -> None:
    assert position_text(row) == shown


def test_the_key_names_each_fill_and_explains_brackets_and_marks(tmp_path: Path) -> None:
    b = SeasonBuilder(classes=("P",))
    first = b.round()
    b.finish(first, b.entry("Alpha"))
    ws = _sheet(b, tmp_path)
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert [label for _, label in KEY_CELLS] == ["Win", "2nd", "3rd", "Points", "No points"]
    assert all(label in values for _, label in KEY_CELLS)
    explained = " ".join(key_lines())
    assert all(line in values for line in key_lines())
    assert "(16)" in explained
    assert "dropped" in explained
    assert "bold and boxed" in explained


def _sheet(b: SeasonBuilder, folder: Path) -> Worksheet:
    data = b.build()
    (path,) = export_standings(data, compute_standings(data), folder, published=DAY)
    return openpyxl.load_workbook(path)["Teams"]


def _teams(b: SeasonBuilder, folder: Path) -> dict[str, list[Any]]:
    ws = _sheet(b, folder)
    found = {}
    for row in ws.iter_rows(min_row=FIRST_ROW, values_only=True):
        if row[0] is None:
            break
        found[str(row[1])] = list(row)
    return found
