"""Standings workbooks reopened with openpyxl: every value, and the styles that carry meaning."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import Engine
from sqlmodel import Session

from model.io.export.sheets import NO_POINTS_FILL, PLACE_FILLS, POINTS_FILL
from model.io.export.standings_export import export_standings
from model.io.export.workbook import FIRST_ROW, HEADER_ROW
from model.scoring.rules import Status
from model.scoring.standings import Championship, compute_standings
from model.store.season_data import SeasonData, load_season_data
from tests.builders import SeasonBuilder
from tests.conftest import DATA
from tests.model.export.hostile import synthetic

PUBLISHED = json.loads((DATA / "alms-2003-standings.json").read_text(encoding="utf-8"))
DAY = dt.date(2003, 10, 20)


@pytest.fixture
def sample_data(sample_engine: Engine) -> SeasonData:
    with Session(sample_engine) as session:
        return load_season_data(session=session, season_id=1)


@pytest.fixture
def exported(sample_data: SeasonData, tmp_path: Path) -> dict[str, Path]:
    paths = export_standings(
        sample_data,
        compute_standings(sample_data),
        tmp_path,
        author="A. Statistician",
        published=DAY,
    )
    return {path.name.split(" ")[-2]: path for path in paths}


def table_rows(ws: Worksheet) -> list[list[object]]:
    rows = []
    for row in ws.iter_rows(min_row=FIRST_ROW, values_only=True):
        if row[0] is None:
            break
        rows.append(list(row))
    return rows


def test_one_workbook_per_class_with_safe_names(exported: dict[str, Path]) -> None:
    assert sorted(exported) == sorted(["LMP900", "LMP675", "GTS", "GT"])
    assert exported["GT"].name == "American Le Mans Series 2003 GT standings.xlsx"
    assert [p.name for p in exported["GT"].parent.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("class_name", ["LMP900", "LMP675", "GTS", "GT"])
def test_team_tables_match_the_engine_and_the_published_tables(
    exported: dict[str, Path], sample_data: SeasonData, class_name: str
) -> None:
    workbook = openpyxl.load_workbook(exported[class_name])
    assert workbook.sheetnames == ["Teams", "Manufacturers", "Chart", "Season results"]
    ws = workbook["Teams"]
    assert ws["A1"].value == f"American Le Mans Series 2003 — {class_name}"
    assert ws["A2"].value == "Teams Championship"
    header = [c.value for c in ws[HEADER_ROW]]
    assert header == [
        "Pos",
        "Team",
        "Chassis",
        "Engine",
        *(f"Rd {n}" for n in range(1, 10)),
        "Total",
    ]
    rows = table_rows(ws)
    engine_rows = compute_standings(sample_data).table(class_name, Championship.TEAMS).rows
    assert rows == [
        [r.pos, r.name, "\n".join(r.chassis), "\n".join(r.engine), *r.round_points, r.total]
        for r in engine_rows
    ]
    published = [
        [p["pos"], p["team"], p["chassis"], p["engine"], *p["rounds"], p["total"]]
        for p in PUBLISHED[class_name]
    ]
    flattened = [[*r[:2], r[2].replace("\n", " "), r[3].replace("\n", " "), *r[4:]] for r in rows]
    assert flattened == published


def test_numbers_are_numbers_and_text_is_text(exported: dict[str, Path]) -> None:
    ws = openpyxl.load_workbook(exported["LMP900"])["Teams"]
    first = ws[FIRST_ROW]
    assert [c.data_type for c in first] == ["n", "s", "s", "s", *["n"] * 9, "n"]
    assert isinstance(first[4].value, int)
    assert first[-1].font.b


def test_layout_frozen_panes_print_setup_and_properties(exported: dict[str, Path]) -> None:
    workbook = openpyxl.load_workbook(exported["GT"])
    ws = workbook["Teams"]
    assert ws.freeze_panes == "C5"
    assert ws.page_setup.orientation == "landscape"
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)  # one page: 1 of 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.oddHeader.center.text == "American Le Mans Series 2003 — GT — Teams Championship"
    assert ws.oddFooter.left.text == "Published 2003-10-20"
    # A long name wraps in a column of at most 30 characters, on a taller row.
    assert (
        30 < ws.column_dimensions["B"].width < len("Petersen Motorsports / White Lightning Racing")
    )
    petersen = next(r for r in ws.iter_rows(min_row=FIRST_ROW) if "Petersen" in str(r[1].value))
    assert petersen[1].alignment.wrap_text
    assert ws.row_dimensions[petersen[1].row].height == 30
    assert workbook.properties.creator == "A. Statistician"
    assert workbook.properties.title == "American Le Mans Series 2003 GT standings"


def test_a_teams_several_chassis_share_one_cell_on_separate_lines(
    exported: dict[str, Path],
) -> None:
    ws = openpyxl.load_workbook(exported["LMP900"])["Teams"]
    intersport = next(
        row for row in ws.iter_rows(min_row=FIRST_ROW) if row[1].value == "Intersport Racing"
    )
    assert intersport[2].value == "Lola B2K/10\nRiley & Scott Mk III C"
    assert intersport[2].alignment.wrap_text


def test_round_cells_are_coloured_by_class_position(exported: dict[str, Path]) -> None:
    ws = openpyxl.load_workbook(exported["GT"])["Teams"]
    rows = {row[1].value: row for row in ws.iter_rows(min_row=FIRST_ROW, max_row=FIRST_ROW + 14)}
    colour = lambda cell: cell.fill.fgColor.rgb  # noqa: E731
    alex_job = rows["Alex Job Racing"]
    assert colour(alex_job[4]) == PLACE_FILLS[1].fgColor.rgb  # Sebring win: 26
    assert colour(alex_job[9]) == POINTS_FILL.fgColor.rgb  # Road America: 10 is 4th
    assert colour(rows["Risi Competizione"][6]) == PLACE_FILLS[3].fgColor.rgb  # 13: 3rd
    assert colour(rows["Risi Competizione"][7]) == PLACE_FILLS[2].fgColor.rgb  # 16: 2nd
    assert colour(rows["Unidentified GT team 3"][4]) == POINTS_FILL.fgColor.rgb  # 12: 6th
    assert rows["Risi Competizione"][4].fill.fill_type is None  # did not race


def test_season_results_show_class_winners_and_the_overall_winner_in_bold(
    exported: dict[str, Path],
) -> None:
    ws = openpyxl.load_workbook(exported["GT"])["Season results"]
    assert [c.value for c in ws[HEADER_ROW]] == [
        "Rd",
        "Event",
        "Circuit",
        "Date",
        "LMP900",
        "LMP675",
        "GTS",
        "GT",
    ]
    sebring, mexico, _atlanta, sonoma = (ws[HEADER_ROW + n] for n in range(1, 5))
    assert [c.value for c in sebring[4:]] == [
        "Infineon Team Joest #1",
        "Dyson Racing #16",
        "Corvette Racing #3",
        "Alex Job Racing #23",
    ]
    assert [c.font.b for c in sebring[4:]] == [True, False, False, False]
    assert mexico[0].value == "C"
    assert mexico[1].value == "Grand Prix of Mexico (cancelled)"
    assert [c.font.b for c in sonoma[4:]] == [False, True, False, False]
    assert sebring[3].value == dt.datetime(2003, 3, 15)


def test_rules_footnote_and_colour_key(exported: dict[str, Path]) -> None:
    ws = openpyxl.load_workbook(exported["GT"])["Teams"]
    notes = [c.value for c in ws["A"] if isinstance(c.value, str) and c.font.i]
    assert (
        "Rounds 1 and 9 pay 26-22-19-16-14-12-10-9-8-7 to the top 10; the other rounds "
        "20-16-13-10-8-6-4-3-2-1." in notes
    )
    assert (
        "Cars failing to complete 70% of the overall winner's distance are not awarded points."
        in notes
    )
    assert any(note.startswith("A team scores only its highest-placed car") for note in notes)


def test_text_typed_by_users_never_becomes_a_formula(tmp_path: Path) -> None:
    data = synthetic()
    (path,) = export_standings(data, compute_standings(data), tmp_path, published=DAY)
    assert path.name == "Test Series 2003 GT-GTS standings.xlsx"
    workbook = openpyxl.load_workbook(path)
    values = {}
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                values[cell.value] = cell
    for name in ("=1+1", "+SUM(A1)", "-2", "@cmd", "Driver =1+1"):
        assert values[name].data_type == "s"
    assert values["=1+1"].quotePrefix


def test_dropped_and_pointless_rounds_are_marked(tmp_path: Path) -> None:
    data = synthetic()
    (path,) = export_standings(data, compute_standings(data), tmp_path, published=DAY)
    ws = openpyxl.load_workbook(path)["Teams"]
    rows = {row[1].value: row for row in ws.iter_rows(min_row=FIRST_ROW, max_row=FIRST_ROW + 3)}
    winner = rows["=1+1"]
    assert (winner[4].value, winner[5].value, winner[6].value) == (20, 20, 20)
    assert winner[5].number_format == '"("General")"'  # dropped under best-1, still a number
    assert rows["+SUM(A1)"][5].fill.fgColor.rgb == NO_POINTS_FILL.fgColor.rgb  # 12th: no points
    drivers = openpyxl.load_workbook(path)["Drivers"]
    assert drivers["B4"].value == "Driver"
    assert drivers["B5"].value == "Driver =1+1"


def test_one_workbook_with_a_sheet_per_class(sample_data: SeasonData, tmp_path: Path) -> None:
    (path,) = export_standings(
        sample_data, compute_standings(sample_data), tmp_path, single_workbook=True, published=DAY
    )
    assert path.name == "American Le Mans Series 2003 standings.xlsx"
    # The sample records no drivers: no class has a drivers sheet.
    assert openpyxl.load_workbook(path).sheetnames == [
        "LMP900 Teams",
        "LMP900 Manufacturers",
        "LMP900 Chart",
        "LMP675 Teams",
        "LMP675 Manufacturers",
        "LMP675 Chart",
        "GTS Teams",
        "GTS Manufacturers",
        "GTS Chart",
        "GT Teams",
        "GT Manufacturers",
        "GT Chart",
        "Season results",
    ]


def test_a_class_without_results_says_so_on_its_one_sheet(tmp_path: Path) -> None:
    """An empty class keeps its teams table, which says why it is empty, and nothing else."""
    season = SeasonBuilder()
    first = season.round()
    season.finish(first, season.entry("Proto Team", "P"))
    season.entry("GT Team", "GT")
    data = season.build()
    paths = export_standings(data, compute_standings(data), tmp_path, classes=["GT"])
    workbook = openpyxl.load_workbook(paths[0])
    assert workbook.sheetnames == ["Teams", "Season results"]
    assert workbook["Teams"].cell(FIRST_ROW, 2).value.startswith("No points scored yet")


def test_statuses_unknown_to_scoring_do_not_break_the_export(tmp_path: Path) -> None:
    b = SeasonBuilder(classes=("GT",))
    rnd = b.round()
    b.result(rnd, b.entry("Only car", "GT"), None, status=Status.DNS)
    data = b.build()
    (path,) = export_standings(data, compute_standings(data), tmp_path, published=DAY)
    assert openpyxl.load_workbook(path)["Teams"].cell(FIRST_ROW, 2).value.startswith("No points")
