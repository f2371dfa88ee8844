"""Exporting the four 2003 class workbooks, against a bare openpyxl write of the same cells."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl import Workbook
from sqlmodel import Session

from model.io.export.standings_export import export_standings
from model.scoring.standings import SeasonStandings, compute_standings
from model.store.season_data import SeasonData, load_season_data
from tests.benchmarks.recalculation import sample_document
from tests.benchmarks.timing import Measurement, median_time

Grid = list[tuple[str, list[tuple[int, int, object]]]]  # sheet name, (row, column, value)


def cell_grids(paths: list[Path]) -> list[Grid]:
    """Every non-empty cell of the exported workbooks, as the floor will write them."""
    grids = []
    for path in paths:
        workbook = openpyxl.load_workbook(path)
        grids.append(
            [
                (
                    ws.title,
                    [
                        (c.row, c.column, c.value)
                        for row in ws.iter_rows()
                        for c in row
                        if c.value is not None
                    ],
                )
                for ws in workbook.worksheets
            ]
        )
    return grids


def bare_write(grids: list[Grid], folder: Path) -> None:
    for number, grid in enumerate(grids):
        workbook = Workbook()
        workbook.remove(workbook.active)  # type: ignore[arg-type]
        for title, cells in grid:
            ws = workbook.create_sheet(title)
            for row, column, value in cells:
                ws.cell(row=row, column=column, value=value)
        workbook.save(folder / f"bare-{number}.xlsx")


def measure(folder: Path, *, repeat: int = 15) -> list[Measurement]:
    engine, _ = sample_document(folder)
    with Session(engine) as session:
        data: SeasonData = load_season_data(session=session, season_id=1)
    engine.dispose()
    standings: SeasonStandings = compute_standings(data)
    out = folder / "export"
    out.mkdir()
    day = dt.date(2003, 10, 20)

    def export() -> list[Path]:
        return export_standings(data, standings, out, published=day)

    paths = export()
    grids = cell_grids(paths)
    return [
        Measurement(
            "export four 2003 class workbooks",
            median_time(export, repeat=repeat, warmup=2),
            "openpyxl writes the same cells",
            median_time(lambda: bare_write(grids, out), repeat=repeat, warmup=2),
            "< 1.5x floor",
        )
    ]
