"""The points-progression chart sheet: the top 10's running totals as numbers on the sheet,
and a native line chart drawn from exactly those cells."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from model.io.export.chart_sheet import FIRST_ROW, HEADER_ROW, write_chart_sheet
from model.io.export.edition import Edition
from model.io.export.workbook import new_workbook
from model.scoring.progression import progression
from model.scoring.standings import Championship, StandingsTable, compute_standings
from model.store.season_data import SeasonData, load_season_data
from tests.builders import SeasonBuilder
from tests.model.export.real_season import f1_1984

DAY = dt.date(2003, 10, 20)
EDITION = Edition(published=DAY)


def saved(data: SeasonData, table: StandingsTable, folder: Path) -> Path:
    path = folder / "chart.xlsx"
    with new_workbook("chart", "", DAY) as book:
        book.create_sheet("Teams").write_row(1, [])
        assert write_chart_sheet(book, data, table, EDITION, title="GT chart") is not None
        book.save(path)
    return path


@pytest.fixture
def sample(sample_engine: Engine) -> SeasonData:
    with Session(sample_engine) as session:
        return load_season_data(session=session, season_id=1)


def test_the_2003_gt_teams_chart(sample: SeasonData, tmp_path: Path) -> None:
    table = compute_standings(sample).table("GT", Championship.TEAMS)
    path = saved(sample, table, tmp_path)
    ws = openpyxl.load_workbook(path)["GT chart"]
    lines = progression(table, top=10)
    assert len(lines) == 10
    labels = [ws.cell(HEADER_ROW, column).value for column in range(3, 3 + len(lines[0].labels))]
    assert labels == [f"Rd {label}" for label in lines[0].labels]
    for offset, line in enumerate(lines):
        row = [c.value for c in ws[FIRST_ROW + offset]][: 2 + len(line.points)]
        assert row[:2] == [line.pos, line.name]
        assert all(isinstance(value, int | float) for value in row[2:])
        assert row[2:] == [float(points) for points in line.points]
    with zipfile.ZipFile(path) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
    assert "<lineChart>" in chart
    last = openpyxl.utils.get_column_letter(2 + len(lines[0].labels))
    values = re.findall(r"<val><numRef><f>([^<]+)</f>", chart)
    assert values == [f"'GT chart'!$C${r}:${last}${r}" for r in range(FIRST_ROW, FIRST_ROW + 10)]
    names = re.findall(r"<tx><strRef><f>([^<]+)</f>", chart)
    assert names == [f"'GT chart'!B{r}" for r in range(FIRST_ROW, FIRST_ROW + 10)]
    assert f"'GT chart'!$C${HEADER_ROW}:${last}${HEADER_ROW}" in chart  # the rounds
    for axis_title in ("Round", "Points"):
        assert f"<a:t>{axis_title}</a:t>" in chart
    assert "<legend>" in chart


def test_a_drivers_chart_of_a_real_season(engine: Engine, tmp_path: Path) -> None:
    data = f1_1984(engine)
    table = compute_standings(data).table(data.classes[0], Championship.DRIVERS)
    ws = openpyxl.load_workbook(saved(data, table, tmp_path))["GT chart"]
    leader = progression(table)[0]
    assert ws.cell(HEADER_ROW, 2).value == "Driver"
    assert ws.cell(FIRST_ROW, 2).value == leader.name
    assert ws.cell(FIRST_ROW, 2 + len(leader.points)).value == float(leader.total)
    assert len(ws._charts) == 1


def few(run: bool) -> SeasonData:
    """Class P with three cars in one round run (or not yet run)."""
    b = SeasonBuilder(classes=("P",))
    first = b.round()
    b.round()
    cars = [b.entry(name) for name in ("Alpha", "Bravo", "Charlie")]
    if run:
        b.finish(first, *cars)
    return b.build()


@pytest.mark.parametrize(("data", "lines"), [(few(True), 3), (few(False), 0)], ids=["run", "not"])
def test_lines_as_many_as_competitors_and_none_before_a_round(
    data: SeasonData, lines: int, tmp_path: Path
) -> None:
    table = compute_standings(data).table("P", Championship.TEAMS)
    with new_workbook("chart", "", DAY) as book:
        book.create_sheet("Teams").write_row(1, [])
        written = write_chart_sheet(book, data, table, EDITION)
        assert (written is not None) == bool(lines)
        book.save(tmp_path / "few.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "few.xlsx")
    assert workbook.sheetnames == (["Teams", "Chart"] if lines else ["Teams"])
    with zipfile.ZipFile(tmp_path / "few.xlsx") as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/")]
        series = archive.read(charts[0]).decode().count("<ser>") if charts else 0
    assert series == lines
