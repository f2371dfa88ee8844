"""Standings as CSV and as a terminal table: the same formula guard as the workbooks, and no
control character reaching the terminal."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from model.io.export.standings_export import export_standings
from model.io.report import OutputFormat, render
from model.scoring.standings import Championship, StandingsTable, compute_standings
from tests.builders import SeasonBuilder
from tests.model.export.hostile import season_with_classes

# (what a team, chassis or engine is called, the CSV field a spreadsheet must get)
FORMULAS = [
    pytest.param("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0", id="DDE"),
    pytest.param('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")', id="hyperlink"),
    pytest.param("+1+1", "'+1+1", id="plus"),
    pytest.param("-1+cmd|x", "'-1+cmd|x", id="minus"),
    pytest.param("@SUM(1)", "'@SUM(1)", id="at"),
    pytest.param("\t=1+1", "'\t=1+1", id="leading tab"),
    pytest.param("\r=1+1", "'\n=1+1", id="leading carriage return"),
    pytest.param("x\r=cmd|x", "x\n=cmd|x", id="carriage return before a formula"),
    pytest.param("-2", "'-2", id="negative number"),
    pytest.param("Risi Competizione", "Risi Competizione", id="plain name"),
    pytest.param("A=B", "A=B", id="equals inside"),
]


def table_for(name: str) -> StandingsTable:
    data = season_with_classes(("GT",), team=name, chassis=name, engine=name)
    return compute_standings(data).table("GT", Championship.TEAMS)


def csv_rows(table: StandingsTable) -> list[list[str]]:
    return list(csv.reader(io.StringIO(render(table, OutputFormat.CSV), newline="")))


@pytest.mark.parametrize(("name", "field"), FORMULAS)
def test_csv_fields_never_start_like_a_formula(name: str, field: str) -> None:
    header, row = csv_rows(table_for(name))
    assert header[:4] == ["Pos", "Team", "Chassis", "Engine"]
    assert row[2:4] == [field, field]


@pytest.mark.parametrize(("name", "field"), FORMULAS)
def test_the_csv_guards_what_the_workbook_guards(name: str, field: str, tmp_path: Path) -> None:
    data = season_with_classes(("GT",), chassis=name)
    (path,) = export_standings(data, compute_standings(data), tmp_path)
    cell = openpyxl.load_workbook(path)["Teams"]["C5"]
    (_, row) = csv_rows(table_for(name))
    assert cell.value == name.replace("\r", "\n")  # as XML reads a carriage return
    assert row[2].startswith("'") is bool(cell.quotePrefix)


def test_a_shared_position_stays_text_in_csv() -> None:
    b = SeasonBuilder(classes=("GT",))
    rnd = b.round()
    b.result(rnd, b.entry("A", "GT"), 1)
    b.result(rnd, b.entry("B", "GT"), 1)
    table = compute_standings(b.build()).table("GT", Championship.TEAMS)
    _, first, second = csv_rows(table)
    assert (first[0], second[0]) == ("'=1", "'=1")
    assert render(table, OutputFormat.TABLE).splitlines()[1].split()[0] == "=1"


CONTROL = [
    pytest.param("\x1b[2J\x1b[31mRed", id="ANSI escapes"),
    pytest.param("\x9b31m", id="C1 escape"),
    pytest.param("bell\x07", id="bell"),
    pytest.param("new\nline", id="line break"),
    pytest.param("back\rover", id="carriage return"),
    pytest.param("NUL\x00", id="NUL"),
]


@pytest.mark.parametrize("name", CONTROL)
def test_no_control_character_reaches_the_terminal(name: str) -> None:
    text = render(table_for(name), OutputFormat.TABLE)
    lines = text.splitlines()
    assert len(lines) == 2
    assert all(
        ord(char) >= 0x20 and not 0x7F <= ord(char) <= 0x9F for char in text.replace("\n", "")
    )
    assert "\ufffd" in lines[1]


@pytest.mark.parametrize("name", CONTROL)
def test_csv_keeps_line_breaks_quoted_and_replaces_other_controls(name: str) -> None:
    _, row = csv_rows(table_for(name))
    expected = "".join(
        char if char == "\n" or not (ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F) else "\ufffd"
        for char in name.replace("\r", "\n")
    )
    assert row[2] == expected
