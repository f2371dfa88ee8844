"""Exporting a season's standings: one workbook per class, or one with a sheet per class."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from model.errors import NotFoundError
from model.io.export.chart_sheet import write_chart_sheet
from model.io.export.edition import Edition, Paper
from model.io.export.files import StagedFiles, Write
from model.io.export.manifest import ExportManifest, mark_workbook, results_digest
from model.io.export.naming import SHEET_TITLE_UNITS, unique_file_names, unique_sheet_prefixes
from model.io.export.rules_text import rules_footnote
from model.io.export.season_results import write_season_results
from model.io.export.sheet_plan import sheets_for
from model.io.export.status import edition_for, standings_as_of
from model.io.export.workbook import new_workbook, write_standings
from model.scoring.standings import Championship, SeasonStandings, compute_standings
from model.store.season_data import SeasonData

Progress = Callable[[int, int, str], None]  # done, total, what is being written
LABELS = {
    Championship.TEAMS: "Teams",
    Championship.DRIVERS: "Drivers",
    Championship.MANUFACTURERS: "Manufacturers",
}
# In one workbook a class's sheets are "<class> Teams", "<class> Drivers" and so on.
SHEET_PREFIX_UNITS = SHEET_TITLE_UNITS - len(" ") - max(len(label) for label in LABELS.values())


def workbook_names(data: SeasonData) -> tuple[str, dict[str, str]]:
    """The one-workbook file name, and each class's workbook file name.

    Named together for the whole season, so no two are alike on any system (a clash is
    numbered in class order) and a class exported alone gets the name it has in a whole export.
    """
    start = f"{data.series} {data.year}"
    texts = [f"{start} standings", *(f"{start} {name} standings" for name in data.classes)]
    names = unique_file_names(texts, extension=".xlsx", fallback="standings")
    return names[0], dict(zip(data.classes, names[1:], strict=True))


def export_standings(
    data: SeasonData,
    standings: SeasonStandings,
    out_dir: Path,
    *,
    classes: Sequence[str] | None = None,
    single_workbook: bool = False,
    author: str = "",
    published: dt.date | None = None,
    paper: Paper = Paper.A4,
    as_of_round: int | None = None,
    extra_files: Sequence[tuple[str, Write]] = (),
    progress: Progress | None = None,
) -> list[Path]:
    """Write the workbooks and the manifest, return the paths of the workbooks (and of
    `extra_files`; the manifest is MANIFEST_NAME beside them); each file appears whole
    or not at all.

    With `as_of_round`, the standings as they stood after that round. `extra_files` are more
    files of the same export (a name in `out_dir`, and what writes it): written, listed in
    the manifest and put in place with the workbooks.
    """
    chosen = list(dict.fromkeys(classes or data.classes))
    unknown = [name for name in chosen if name not in data.classes]
    if unknown:
        known = ", ".join(data.classes)
        raise NotFoundError(f"no class '{unknown[0]}' in {data.year} (classes: {known})")
    if as_of_round is not None:
        data = standings_as_of(data, as_of_round)
        standings = compute_standings(data)
    edition = edition_for(
        data,
        published=published or dt.date.today(),
        paper=paper,
        as_of_round=as_of_round,
        digest=results_digest(data, as_of_round),
    )
    notes = rules_footnote(data)
    single_name, class_names = workbook_names(data)
    jobs: list[tuple[Path, Sequence[str]]] = (
        [(out_dir / single_name, chosen)]
        if single_workbook
        else [(out_dir / class_names[name], [name]) for name in chosen]
    )
    # Every workbook is written before any is moved into place: a failure half-way leaves
    # the files of an earlier export as they were.
    manifest = ExportManifest(out_dir, data.series, data.year, edition)
    with StagedFiles() as staged:
        for done, (path, class_group) in enumerate(jobs):
            if progress is not None:
                progress(done, len(jobs), path.name)
            write = partial(
                _write_workbook,
                data=data,
                standings=standings,
                class_names=class_group,
                notes=notes,
                author=author,
                edition=edition,
                single=single_workbook,
            )
            manifest.add(staged, path, write)
        extras = [out_dir / name for name, _ in extra_files]
        for path, (_, write_extra) in zip(extras, extra_files, strict=True):
            manifest.add(staged, path, write_extra)
        manifest.stage(staged)
        staged.commit()
    if progress is not None:
        progress(len(jobs), len(jobs), "")
    return [*(path for path, _ in jobs), *extras]


def _write_workbook(
    target: Path,
    *,
    data: SeasonData,
    standings: SeasonStandings,
    class_names: Sequence[str],
    notes: Sequence[str],
    author: str,
    edition: Edition,
    single: bool,
) -> None:
    """Build a workbook and save it to `target`; built only once its file is being written,
    as a write-only workbook streams its sheets from their first row."""
    what = "" if single else f" {class_names[0]}"
    named = f"{data.series} {data.year}{what} standings"
    with new_workbook(named, author, edition.published) as workbook:
        mark_workbook(workbook.workbook, edition.digest)
        prefixes = unique_sheet_prefixes(class_names, room=SHEET_PREFIX_UNITS, fallback="Class")
        for class_name, prefix in zip(class_names, prefixes, strict=True):
            for championship in sheets_for(data, standings, class_name):
                label = LABELS[championship]
                title = f"{prefix} {label}" if single else label
                table = standings.table(class_name, championship)
                write_standings(workbook.create_sheet(title), data, table, notes, edition)
            teams = standings.table(class_name, Championship.TEAMS)
            chart = f"{prefix} Chart" if single else "Chart"
            write_chart_sheet(workbook, data, teams, edition, title=chart)
        write_season_results(workbook.create_sheet("Season results"), data, edition)
        workbook.save(target)
