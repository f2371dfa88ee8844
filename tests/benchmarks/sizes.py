"""Cost against season size: recalculation, and the editor's frequent actions as the user
sees them, on seasons of 175 (the 2003 sample), 960, 4,320 and 14,400 results (each given
drivers and a history log: tests/benchmarks/documents.py).

Every action is timed with the main window shown (build_window + show), from the action
until the view is refreshed and every event it caused has been handled (app.processEvents()):
what a statistician waits for. In one window per season, in this order: a status edit of a
class winner and its undo; picking another round, switching the standings class tab and
championship, All classes in the results and All rounds in the History panel
(tests/benchmarks/actions.py); importing 60 result rows (tests/benchmarks/csv_import.py);
then, after 1,000 more edits in the same window (one cell, its status back and forth, so it
ends as it began), the edit and its undo again, against the first edits in a fresh window on
a copy of the document as it was opened: the two windows are timed in turn, so both share
the machine's load of the moment (the first edits of the first row were timed minutes
earlier, under whatever load there was then).

The 1,000 edits run on the seasons of up to 960 results only by default (MANY_EDITS_UP_TO):
when this was written an edit took 20-120 ms on those (with the machine quiet or busy; the
1,000 took under a minute or two) and 70-200 ms on 14,400 results, so running them on the
two larger seasons would add two to six minutes to every `make bench`;
`python -m tests.benchmarks --many-edits-up-to 14400` runs them there too.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
from collections.abc import Callable
from functools import partial
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from gui.app import build_window
from model.scoring.rules import Status
from tests.benchmarks import actions
from tests.benchmarks.csv_import import IMPORT, IMPORTED_ROWS, import_rows
from tests.benchmarks.documents import SizedDocument, copy_document, size_series
from tests.benchmarks.recalculation import floor_queries, read_rows, recalculate
from tests.benchmarks.stage import Stage, WinnerEdit, winner_edit
from tests.benchmarks.timing import Measurement, alternating_times, median_time, times_between
from tests.gui.prompts import ScriptedPrompts

# (rounds, classes, cars per class): 960, 4,320 and 14,400 results
SYNTHETIC_SIZES = ((8, 4, 30), (12, 6, 60), (20, 6, 120))
LARGEST = 14_400
MANY_EDITS = 1_000
MANY_EDITS_UP_TO = 960  # results: the largest season the 1,000 edits run on by default

EDIT = "edit to standings shown"
UNDO = "undo to standings shown"
MANY_EDIT = "edit after {count:,} edits, standings shown"
MANY_UNDO = "undo after {count:,} edits, standings shown"
VIEW_ROWS = (
    actions.PICK_ROUND,
    actions.CLASS_TAB,
    actions.CHAMPIONSHIP,
    actions.ALL_CLASSES,
    actions.HISTORY_ALL_ROUNDS,
)
Wanted = Callable[[str], bool]


def measure(
    folder: Path,
    *,
    sizes: tuple[tuple[int, int, int], ...] = SYNTHETIC_SIZES,
    sample: bool = True,
    repeat: int = 20,
    warmup: int = 2,
    only: str | None = None,
    many_edits: int = MANY_EDITS,
    many_edits_up_to: int = MANY_EDITS_UP_TO,
) -> list[Measurement]:
    """Rows for the sample (when `sample`) and each synthetic size; with `only`, just the rows
    whose name holds that text (the work of the others is skipped)."""
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)

    def wanted(name: str) -> bool:
        return only is None or only.casefold() in name.casefold()

    measurements: list[Measurement] = []
    queries = floor_queries()
    own = folder / "size-series"  # not shared with the other benchmarks' documents
    own.mkdir(exist_ok=True)
    for document in size_series(sizes, sample=sample):
        recalculation = wanted(f"recalculate ({document.label})")
        edits = many_edits if document.results <= many_edits_up_to else 0
        rows = _window_row_names(edits)
        in_window = any(wanted(f"{row} ({document.label})") for row in rows)
        if not recalculation and not in_window:
            continue
        path = document.build(own)
        # the document as opened: the edits after 1,000 are timed beside a window on it
        fresh = copy_document(path, own / f"{path.stem}-fresh{path.suffix}") if edits else path
        if recalculation:
            measurements.append(_recalculation(document.label, path, queries, repeat, warmup))
        if in_window:
            commit = _commit_floor(path, repeat, warmup)  # before the editor holds the file
            stage = _open(app, own, document, path, (repeat, warmup))
            open_fresh = partial(_open, app, own, document, fresh, (repeat, warmup))
            try:
                measurements += _window_rows(stage, own, wanted, commit, (edits, open_fresh))
            finally:
                _close(stage)
    return [m for m in measurements if wanted(m.name)]


def _window_row_names(many_edits: int) -> list[str]:
    """The names (without the size) of the rows timed in the window."""
    rows = [EDIT, UNDO, *VIEW_ROWS, IMPORT.format(rows=IMPORTED_ROWS)]
    if many_edits:
        rows += [MANY_EDIT.format(count=many_edits), MANY_UNDO.format(count=many_edits)]
    return rows


def _recalculation(
    label: str, path: Path, queries: list[str], repeat: int, warmup: int
) -> Measurement:
    from model.store.db import open_engine, url_for_path

    engine = open_engine(url_for_path(path), create=False)
    floor_db = sqlite3.connect(path)
    try:
        return Measurement(
            f"recalculate ({label})",
            median_time(lambda: recalculate(engine, 1), repeat=repeat, warmup=warmup),
            "read the same rows (sqlite3 driver)",
            median_time(lambda: read_rows(floor_db, 1, queries), repeat=repeat, warmup=warmup),
            "< 3x floor",
        )
    finally:
        floor_db.close()
        engine.dispose()


def _open(
    app: QApplication, folder: Path, document: SizedDocument, path: Path, runs: tuple[int, int]
) -> Stage:
    """The window on `path`, shown; `runs` is (repeat, warmup) of every action timed there."""
    settings = QSettings(str(folder / f"{path.stem}.ini"), QSettings.Format.IniFormat)
    window = build_window(path, settings, ScriptedPrompts())
    assert window is not None
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    repeat, warmup = runs
    return Stage(
        app, window, path, document.label, repeat, warmup, lambda name: _target(name, document)
    )


def _close(stage: Stage) -> None:
    stage.window.close()
    stage.window.document.close()
    stage.settle()


def _target(name: str, document: SizedDocument) -> str:
    largest, small = document.results >= LARGEST, document.results <= 960
    if name in (EDIT, UNDO):
        return "<= 33 ms" if largest else ("<= 16 ms" if small else "")
    if name in (actions.PICK_ROUND, actions.CLASS_TAB, actions.CHAMPIONSHIP):
        return "<= 50 ms" if largest else ""
    if name == IMPORT.format(rows=IMPORTED_ROWS):
        return "<= 200 ms" if largest else ""
    return ""


def _window_rows(
    stage: Stage,
    folder: Path,
    wanted: Wanted,
    commit: float,
    many_edits: tuple[int, Callable[[], Stage]],
) -> list[Measurement]:
    """The rows timed in the window; `many_edits` is (how many edits before the last rows,
    0 for none; a window on the document as it was opened)."""

    def wants(*names: str) -> bool:
        return any(wanted(f"{name} ({stage.label})") for name in names)

    count, open_fresh = many_edits
    rows: list[Measurement] = []
    if wants(EDIT, UNDO):
        rows += _edit_and_undo(stage, winner_edit(stage), commit)
    if wants(actions.PICK_ROUND):
        rows.append(actions.pick_round(stage))
    if wants(actions.CLASS_TAB):
        rows.append(actions.switch_class_tab(stage, winner_edit(stage)))
    if wants(actions.CHAMPIONSHIP):
        rows.append(actions.switch_championship(stage))
    if wants(actions.ALL_CLASSES):
        rows.append(actions.choose_all_classes(stage, winner_edit(stage).class_name))
    if wants(actions.HISTORY_ALL_ROUNDS):
        rows.append(actions.history_all_rounds(stage))
    if wants(IMPORT.format(rows=IMPORTED_ROWS)):
        rows.append(import_rows(stage, folder))
    if count and wants(MANY_EDIT.format(count=count), MANY_UNDO.format(count=count)):
        rows += _after_many_edits(stage, count, open_fresh)
    return rows


def _edit_and_undo(
    stage: Stage, edit: WinnerEdit, commit: float
) -> tuple[Measurement, Measurement]:
    edits, undos = alternating_times(edit.edit, edit.undo, repeat=stage.repeat, warmup=stage.warmup)
    name = "commit the same update (sqlite3)"
    return (
        stage.row(EDIT, statistics.median(edits), name, commit),
        stage.row(UNDO, statistics.median(undos), name, commit),
    )


def _after_many_edits(
    stage: Stage, count: int, open_fresh: Callable[[], Stage]
) -> list[Measurement]:
    """`count` edits of one cell, back and forth; then the edit and its undo timed again,
    in turn with the first ones in a fresh window."""
    edit = winner_edit(stage)
    back_and_forth = (Status.DNF, Status.CLASSIFIED)
    for n in range(count + count % 2):  # an even number: the cell ends as it began
        edit.set_status(back_and_forth[n % 2])
    fresh = open_fresh()
    try:
        first = winner_edit(fresh)
        edits, undos, first_edits, first_undos = times_between(
            lambda: None,
            (edit.edit, edit.undo, first.edit, first.undo),
            repeat=stage.repeat,
            warmup=stage.warmup,
        )
    finally:
        _close(fresh)
    floor = "{} in a fresh window, timed in turn"
    return [
        stage.row(
            MANY_EDIT.format(count=count),
            statistics.median(edits),
            floor.format("the first edits"),
            statistics.median(first_edits),
            "<= 1.1x the first edit",
        ),
        stage.row(
            MANY_UNDO.format(count=count),
            statistics.median(undos),
            floor.format("their undos"),
            statistics.median(first_undos),
            "<= 1.1x the first undo",
        ),
    ]


def _commit_floor(path: Path, repeat: int, warmup: int) -> float:
    """A class winner's status written and committed, back and forth, with the editor's
    journal settings; the status is left as it was."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    sql = "SELECT id, status FROM result WHERE class_pos = 1 ORDER BY round_id, id LIMIT 1"
    result_id, status = connection.execute(sql).fetchone()
    values = [Status.DNF.value, status]

    def write(value: str) -> None:
        connection.execute("UPDATE result SET status = ? WHERE id = ?", (value, result_id))
        connection.commit()

    def toggle() -> None:
        write(values[0])
        values.reverse()

    try:
        return median_time(toggle, repeat=repeat, warmup=warmup)
    finally:
        write(status)
        connection.close()
