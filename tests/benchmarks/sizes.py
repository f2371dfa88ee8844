"""Cost against season size: recalculation, and an edit and its undo as the user sees them.

An edit is timed with the window shown, from the cell's new value until the standings are
refreshed and every event it caused has been handled (what a statistician waits for), on
seasons of 175 (the 2003 sample), 960, 4,320 and 14,400 results.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from gui.app import build_window
from gui.main_window import MainWindow
from model.scoring.rules import Status
from tests.benchmarks.recalculation import (
    floor_queries,
    read_rows,
    recalculate,
    sample_document,
    synthetic_document,
)
from tests.benchmarks.timing import Measurement, median_time

# (rounds, classes, cars per class): 960, 4,320 and 14,400 results
SYNTHETIC_SIZES = ((8, 4, 30), (12, 6, 60), (20, 6, 120))


def documents(folder: Path, sizes: tuple[tuple[int, int, int], ...]) -> list[tuple[str, Path]]:
    """(label, path) of the sample season and of each synthetic size."""
    engine, path = sample_document(folder)
    engine.dispose()
    found = [("2003, 175 results", path)]
    for rounds, classes, cars in sizes:
        engine, path = synthetic_document(folder, rounds=rounds, classes=classes, cars=cars)
        engine.dispose()
        found.append((f"{rounds * classes * cars:,} results", path))
    return found


def measure(
    folder: Path,
    *,
    sizes: tuple[tuple[int, int, int], ...] = SYNTHETIC_SIZES,
    repeat: int = 20,
) -> list[Measurement]:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    measurements: list[Measurement] = []
    queries = floor_queries()
    for label, path in documents(folder, sizes):
        measurements.append(_recalculation(label, path, queries, repeat))
        measurements += _edit_and_undo(app, folder, label, path, repeat)
    return measurements


def _recalculation(label: str, path: Path, queries: list[str], repeat: int) -> Measurement:
    from model.store.db import open_engine, url_for_path

    engine = open_engine(url_for_path(path), create=False)
    floor_db = sqlite3.connect(path)
    try:
        return Measurement(
            f"recalculate ({label})",
            median_time(lambda: recalculate(engine, 1), repeat=repeat, warmup=2),
            "read the same rows (sqlite3 driver)",
            median_time(lambda: read_rows(floor_db, 1, queries), repeat=repeat, warmup=2),
            "< 3x floor",
        )
    finally:
        floor_db.close()
        engine.dispose()


def _edit_and_undo(
    app: QApplication, folder: Path, label: str, path: Path, repeat: int
) -> list[Measurement]:
    settings = QSettings(str(folder / f"{path.stem}.ini"), QSettings.Format.IniFormat)
    window = build_window(path, settings)
    assert window is not None
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    try:
        edit, undo, result_id = _actions(app, window)
        edit_time, undo_time = _alternating(edit, undo, repeat=repeat)
    finally:
        window.close()
        window.document.close()
        app.processEvents()
    floor = _commit_floor(path, result_id, repeat)
    name = "commit the same update (sqlite3)"
    target = "<= 16 ms" if "14,400" in label else ("<= 5 ms" if "2003" in label else "")
    return [
        Measurement(f"edit to standings shown ({label})", edit_time, name, floor, target),
        Measurement(f"undo to standings shown ({label})", undo_time, name, floor, target),
    ]


def _actions(
    app: QApplication, window: MainWindow
) -> tuple[Callable[[], None], Callable[[], None], int]:
    """A status edit of a class winner (it moves the standings) and its undo, each ending
    when every event it caused has been handled."""
    results = window.results.model
    row = next(r for r in range(results.rowCount()) if results.row_at(r).class_pos == 1)
    index = results.index(row, results.column_of("status"))
    stack = window.document.undo_stack

    def edit() -> None:
        before = stack.index()
        results.setData(index, Status.DNF.value, Qt.ItemDataRole.EditRole)
        app.processEvents()
        assert stack.index() == before + 1, "the edit was refused"

    def undo() -> None:
        stack.undo()
        app.processEvents()

    return edit, undo, results.row_at(row).result_id


def _alternating(
    first: Callable[[], None], second: Callable[[], None], *, repeat: int, warmup: int = 2
) -> tuple[float, float]:
    """Median times of `first` and of `second`, run in turn (the second puts back what the
    first changed), garbage collection paused while timing as timeit does."""
    for _ in range(warmup):
        first()
        second()
    times: tuple[list[float], list[float]] = ([], [])
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            for action, samples in zip((first, second), times, strict=True):
                start = time.perf_counter()
                action()
                samples.append(time.perf_counter() - start)
    finally:
        gc.enable()
    return statistics.median(times[0]), statistics.median(times[1])


def _commit_floor(path: Path, result_id: int, repeat: int) -> float:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    values = [Status.DNF.value, Status.CLASSIFIED.value]

    def write() -> None:
        connection.execute("UPDATE result SET status = ? WHERE id = ?", (values[0], result_id))
        connection.commit()
        values.reverse()

    try:
        return median_time(write, repeat=repeat, warmup=2)
    finally:
        connection.close()
