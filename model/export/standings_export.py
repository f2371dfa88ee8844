"""Exporting a season's standings: one workbook per class, or one with a sheet per class."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from openpyxl import Workbook

from model.errors import NotFoundError
from model.export.files import safe_file_name, write_atomically
from model.export.rules_text import rules_footnote
from model.export.season_results import write_season_results
from model.export.workbook import new_workbook, write_standings
from model.season_data import SeasonData
from model.standings import Championship, SeasonStandings

Progress = Callable[[int, int, str], None]  # done, total, what is being written
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def sheet_title(text: str) -> str:
    """A worksheet name spreadsheets accept: 31 characters, none of []:*?/\\."""
    return _SHEET_UNSAFE.sub("-", text).strip("'")[:31] or "Sheet"


def workbook_path(out_dir: Path, data: SeasonData, class_name: str | None) -> Path:
    part = f" {class_name}" if class_name else ""
    return out_dir / f"{safe_file_name(f'{data.series} {data.year}{part} standings')}.xlsx"


def export_standings(
    data: SeasonData,
    standings: SeasonStandings,
    out_dir: Path,
    *,
    classes: Sequence[str] | None = None,
    single_workbook: bool = False,
    author: str = "",
    published: dt.date | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Write the workbooks and return their paths; each file appears whole or not at all."""
    chosen = list(classes) if classes else list(data.classes)
    unknown = [name for name in chosen if name not in data.classes]
    if unknown:
        known = ", ".join(data.classes)
        raise NotFoundError(f"no class '{unknown[0]}' in {data.year} (classes: {known})")
    day = published or dt.date.today()
    notes = rules_footnote(data)
    jobs: list[tuple[Path, Sequence[str]]] = (
        [(workbook_path(out_dir, data, None), chosen)]
        if single_workbook
        else [(workbook_path(out_dir, data, name), [name]) for name in chosen]
    )
    written = []
    for done, (path, class_names) in enumerate(jobs):
        if progress is not None:
            progress(done, len(jobs), path.name)
        workbook = _build(data, standings, class_names, notes, author, day, single_workbook)
        write_atomically(path, workbook.save)
        written.append(path)
    if progress is not None:
        progress(len(jobs), len(jobs), "")
    return written


def _build(
    data: SeasonData,
    standings: SeasonStandings,
    class_names: Sequence[str],
    notes: Sequence[str],
    author: str,
    day: dt.date,
    single: bool,
) -> Workbook:
    what = "" if single else f" {class_names[0]}"
    workbook = new_workbook(f"{data.series} {data.year}{what} standings", author, day)
    for class_name in class_names:
        for championship in Championship:
            label = "Teams" if championship is Championship.TEAMS else "Drivers"
            title = sheet_title(f"{class_name} {label}" if single else label)
            table = standings.table(class_name, championship)
            write_standings(workbook.create_sheet(title), data, table, notes, day)
    write_season_results(workbook.create_sheet("Season results"), data, day)
    return workbook
