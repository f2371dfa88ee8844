"""How the tables print: the status line under every subtitle and in every footer, each
table's own page count ('Page 1 of 1'), long names wrapping instead of shrinking the table,
and the season results on one page at a readable scale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import Engine
from sqlmodel import Session

from model.io.export.edition import Edition, Paper
from model.io.export.season_results import write_season_results
from model.io.export.workbook import (
    FIRST_ROW,
    PAGE_WIDTHS,
    STATUS_ROW,
    new_workbook,
    write_standings,
)
from model.scoring.standings import Championship, compute_standings
from model.store.season_data import SeasonData, load_season_data
from tests.builders import SeasonBuilder

DAY = dt.date(2003, 10, 20)
STATUS = "Provisional · after round 5 of 9 · results as of 2003-08-17 · R&D signed off"
READABLE = 0.85  # the least scale the season results print at


def written(data: SeasonData, folder: Path, paper: Paper = Paper.A4) -> openpyxl.Workbook:
    """Every table of the first class, then the season results, as the exports write them."""
    edition = Edition(DAY, paper, STATUS)
    standings = compute_standings(data)
    path = folder / "tables.xlsx"
    with new_workbook("Tables", "", DAY) as book:
        for championship in Championship:
            table = standings.table(data.classes[0], championship)
            write_standings(book.create_sheet(championship.name), data, table, (), edition)
        write_season_results(book.create_sheet("Season results"), data, edition)
        book.save(path)
    return openpyxl.load_workbook(path)


@pytest.fixture
def season_2003(sample_engine: Engine) -> SeasonData:
    with Session(sample_engine) as session:
        return load_season_data(session=session, season_id=1)


def one_round(teams: int = 2, rounds: int = 1, name: str = "Team") -> SeasonData:
    b = SeasonBuilder(classes=("P",))
    every_place = tuple(range(teams, 0, -1))  # every team scores, so every team is listed
    ids = [b.round(scale=every_place) for _ in range(rounds)]
    entries = [b.entry(f"{name} {n}", drivers=(f"Driver {n}",)) for n in range(teams)]
    for rnd in ids:
        b.finish(rnd, *entries)
    return b.build()


def fitted_scale(ws: Worksheet, paper: Paper = Paper.A4) -> float:
    """The scale one page wide gives: the page's width over the columns' widths."""
    across = sum(d.width for d in ws.column_dimensions.values() if d.width)
    return min(1.0, PAGE_WIDTHS[(paper, ws.page_setup.orientation)] / across)


def test_the_status_line_is_under_every_subtitle_and_in_every_footer(tmp_path: Path) -> None:
    workbook = written(one_round(), tmp_path)
    for ws in workbook:
        assert ws.cell(STATUS_ROW, 1).value == STATUS, ws.title
        assert ws.oddFooter.center.text == STATUS.replace("&", "&&"), ws.title


def test_without_a_status_the_row_and_footer_stay_empty(tmp_path: Path) -> None:
    data = one_round()
    path = tmp_path / "plain.xlsx"
    with new_workbook("Tables", "", DAY) as book:
        write_season_results(book.create_sheet("Season results"), data, Edition(DAY))
        book.save(path)
    ws = openpyxl.load_workbook(path)["Season results"]
    assert ws.cell(STATUS_ROW, 1).value is None
    assert not ws.oddFooter.center.text


@pytest.mark.parametrize(
    ("teams", "rounds", "across", "down"),
    [
        (2, 1, 1, 1),  # a small table: 'Page 1 of 1'
        (50, 1, 1, 2),  # a long one runs onto a second page, numbered 'of 2'
        (2, 40, 3, 1),  # too wide to read shrunk: full size over pages across
    ],
    ids=["one page", "two pages down", "three pages across"],
)
def test_each_table_counts_its_own_pages(
    teams: int, rounds: int, across: int, down: int, tmp_path: Path
) -> None:
    ws = written(one_round(teams, rounds), tmp_path)["TEAMS"]
    setup = ws.page_setup
    assert (setup.fitToWidth, setup.fitToHeight) == (across, down)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.oddFooter.right.text == f"Page &P of {across * down}"
    assert (setup.firstPageNumber, setup.useFirstPageNumber) == (1, True)  # from 1 each sheet
    assert (ws.print_title_cols is not None) is (across > 1)


def test_a_long_name_wraps_on_a_taller_row_instead_of_widening_the_table(
    tmp_path: Path,
) -> None:
    long = "Scuderia of the Very Long Name That Goes On and On Racing Team"
    ws = written(one_round(2, name=long), tmp_path)["TEAMS"]
    assert ws.column_dimensions["B"].width < 40
    name = ws.cell(FIRST_ROW, 2)
    assert name.value.startswith(long)
    assert name.alignment.wrap_text
    assert ws.row_dimensions[FIRST_ROW].height >= 30


@pytest.mark.parametrize("paper", list(Paper))
def test_the_2003_season_results_print_on_one_page_at_a_readable_scale(
    season_2003: SeasonData, paper: Paper, tmp_path: Path
) -> None:
    ws = written(season_2003, tmp_path, paper)["Season results"]
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)
    assert ws.oddFooter.right.text == "Page &P of 1"
    assert fitted_scale(ws, paper) >= READABLE
    winners = [ws.cell(row, 5) for row in range(FIRST_ROW, FIRST_ROW + 3)]
    assert all(cell.alignment.wrap_text for cell in winners)
    assert ws.column_dimensions["E"].width < len("ADT Champion Racing #38") + 2
    tall = [ws.row_dimensions[row].height for row in range(FIRST_ROW, FIRST_ROW + 12)]
    assert any(height and height >= 30 for height in tall)  # wrapped names, taller rows
