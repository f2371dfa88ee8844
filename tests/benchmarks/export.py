"""Exporting the class workbooks, against a bare openpyxl write of the same non-empty cells.

The 2003 sample and a season of 14,400 results, as the editor exports them (the season and
its standings already in hand), and the 14,400 results as `main.py export` does it in one
process (the document opened, the season read and scored, then exported).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from pathlib import Path

import openpyxl
from openpyxl import Workbook
from sqlmodel import Session

from model.io.export.standings_export import export_standings
from model.scoring.standings import SeasonStandings, compute_standings
from model.store.db import open_engine, url_for_path
from model.store.season_data import SeasonData, load_season_data
from tests.benchmarks.recalculation import sample_document, synthetic_document
from tests.benchmarks.timing import Measurement, median_time

Grid = list[tuple[str, list[tuple[int, int, object]]]]  # sheet name, (row, column, value)
FLOOR_NAME = "openpyxl writes the same cells"
TARGET = "< 1.5x floor"


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


def _season(path: Path) -> SeasonData:
    engine = open_engine(url_for_path(path), create=False)
    with Session(engine) as session:
        data: SeasonData = load_season_data(session=session, season_id=1)
    engine.dispose()
    return data


def _editor_export(label: str, data: SeasonData, out: Path, repeat: int) -> Measurement:
    out.mkdir(parents=True, exist_ok=True)
    standings: SeasonStandings = compute_standings(data)
    day = dt.date(data.year, 10, 20)

    def export() -> list[Path]:
        return export_standings(data, standings, out, published=day)

    paths = export()
    grids = cell_grids(paths)
    return Measurement(
        f"export {len(paths)} class workbooks ({label})",
        median_time(export, repeat=repeat, warmup=2),
        FLOOR_NAME,
        median_time(lambda: bare_write(grids, out), repeat=repeat, warmup=2),
        TARGET,
    )


def _command_line_export(document: Path, year: int, out: Path, repeat: int) -> float:
    from main import main

    arguments = ["export", "--db", str(document), "--season", str(year), "--out", str(out)]

    def export() -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(arguments) == 0

    return median_time(export, repeat=repeat, warmup=1)


def measure(folder: Path, *, repeat: int = 15) -> list[Measurement]:
    own = folder / "export-documents"  # not shared with the other benchmarks' documents
    own.mkdir(exist_ok=True)
    engine, sample = sample_document(own)
    engine.dispose()
    sample_row = _editor_export("2003", _season(sample), folder / "export", repeat)
    engine, large = synthetic_document(own, rounds=20, classes=6, cars=120)
    engine.dispose()
    data = _season(large)
    label = f"{len(data.results):,} results"
    few = max(repeat // 3, 1)
    editor = _editor_export(label, data, folder / "export-large", few)
    cli = _command_line_export(large, data.year, folder / "export-cli", few)
    return [
        sample_row,
        editor,
        Measurement(
            f"{editor.name.replace('export', 'main.py export', 1)}, read and scored too",
            cli,
            FLOOR_NAME,
            editor.floor_seconds,
            TARGET,
        ),
    ]
