"""Importing 60 result rows through the editor, File > Import results (CSV)…, timed from the
menu action until the standings are shown and every event is handled.

The file holds the season's first 60 results (in calendar, class and position order: one
round of the synthetic seasons; the 2003 sample's rounds are smaller, so its first three),
each class's cars in reverse order over the same positions, laps and statuses: every row
replaces an existing result and moves the standings, and no entry is added. The file is
chosen through the window's scripted prompts (tests/gui/prompts.py), the action found in
the File menu. The editor backs the document up before every import; that is timed too, as
the user waits for it. Each import is undone (untimed) before the next one.

Floor: the csv module reads the same file and sqlite3 writes its rows over the same results
(one executemany, committed with the editor's journal settings), in a copy of the document.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import statistics
from itertools import groupby
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from tests.benchmarks.documents import SEASON_ID, copy_document
from tests.benchmarks.stage import Stage
from tests.benchmarks.timing import Measurement, alternating_times
from tests.gui.prompts import ScriptedPrompts

IMPORTED_ROWS = 60
IMPORT = "import {rows} result rows (CSV), standings shown"
MENU_TEXT = "Import &results (CSV)…"
HEADER = ("round", "class", "class_pos", "car", "team", "chassis", "engine", "laps", "status")
FIRST_RESULTS = """
SELECT r.number, c.name, x.class_pos, e.car_number, t.name, e.chassis, e.engine, x.laps,
       x.status, x.overall_pos, x.round_id, x.entry_id
FROM result x
JOIN round r ON r.id = x.round_id
JOIN entry e ON e.id = x.entry_id
JOIN season_class c ON c.id = e.class_id
JOIN team t ON t.id = e.team_id
WHERE r.season_id = ? AND r.number IS NOT NULL AND NOT r.cancelled
ORDER BY r.calendar_order, c.sort_order, x.class_pos IS NULL, x.class_pos, x.id
LIMIT ?
"""
WRITE = (
    "UPDATE result SET class_pos = ?, laps = ?, status = ?, overall_pos = ? "
    "WHERE round_id = ? AND entry_id = ?"
)
Row = tuple[object, ...]


def import_rows(stage: Stage, folder: Path) -> Measurement:
    original = _first_results(stage.path)
    imported = _reversed_cars(original)
    path = _write_csv(folder / f"{stage.path.stem}-import.csv", imported)
    seconds = _editor_import(stage, path)
    # a copy of the document as it is now: the floor never writes under the editor
    copy = copy_document(stage.path, folder / f"{stage.path.stem}-import-floor.pitboard")
    floor = _floor(copy, path, original, imported, stage)
    name = IMPORT.format(rows=len(imported))
    return stage.row(name, seconds, "csv module + sqlite3 write the same rows", floor)


def _editor_import(stage: Stage, path: Path) -> float:
    window = stage.window
    prompts, stack = window.prompts, window.document.undo_stack
    assert isinstance(prompts, ScriptedPrompts)
    prompts.open_answer = str(path)
    menu_action = _file_menu_action(stage)

    def import_file() -> None:
        before = stack.index()
        menu_action.trigger()
        stage.settle()
        assert stack.index() == before + 1, f"not imported: {prompts.said('warning')}"

    def undo() -> None:
        stack.undo()
        stage.settle()

    imports, _undos = alternating_times(import_file, undo, repeat=stage.repeat, warmup=stage.warmup)
    return statistics.median(imports)


def _file_menu_action(stage: Stage) -> QAction:
    """The menu has no handle of its own: it is found in the window's menu bar by its text."""
    for menu_action in stage.window.menuBar().actions():
        menu = menu_action.menu()
        for action in menu.actions() if isinstance(menu, QMenu) else ():
            if action.text() == MENU_TEXT:
                return action
    raise LookupError(f"no {MENU_TEXT!r} in the File menu")


def _first_results(document: Path) -> list[Row]:
    with sqlite3.connect(document) as connection:
        rows = connection.execute(FIRST_RESULTS, (SEASON_ID, IMPORTED_ROWS)).fetchall()
    connection.close()
    return rows


def _reversed_cars(rows: list[Row]) -> list[Row]:
    """Per round and class, the cars in reverse order over the same places."""
    moved: list[Row] = []
    for _key, group in groupby(rows, key=lambda row: (row[0], row[1])):
        places = list(group)
        for place, car in zip(places, reversed(places), strict=True):
            moved.append((*place[:3], *car[3:7], *place[7:10], place[10], car[11]))
    return moved


def _write_csv(path: Path, rows: list[Row]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow((*HEADER, "overall_pos"))
        writer.writerows(["" if cell is None else cell for cell in row[:10]] for row in rows)
    return path


def _floor(
    document: Path, path: Path, original: list[Row], imported: list[Row], stage: Stage
) -> float:
    connection = sqlite3.connect(document)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    entries = {(row[1], row[3], row[4], row[5], row[6]): row[11] for row in imported}
    rounds = {row[0]: row[10] for row in imported}

    def read_and_write() -> None:
        text = path.read_text(encoding="utf-8")
        records = list(csv.DictReader(io.StringIO(text, newline="")))
        connection.executemany(
            WRITE,
            [
                (
                    _number(r["class_pos"]),
                    _number(r["laps"]),
                    r["status"],
                    _number(r["overall_pos"]),
                    rounds[int(r["round"])],
                    entries[(r["class"], r["car"] or None, r["team"], r["chassis"], r["engine"])],
                )
                for r in records
            ],
        )
        connection.commit()

    def put_back() -> None:
        connection.executemany(
            WRITE, [(row[2], row[7], row[8], row[9], row[10], row[11]) for row in original]
        )
        connection.commit()

    try:
        times, _back = alternating_times(
            read_and_write, put_back, repeat=stage.repeat, warmup=stage.warmup
        )
    finally:
        connection.close()
    return statistics.median(times)


def _number(text: str) -> int | None:
    return int(text) if text else None
