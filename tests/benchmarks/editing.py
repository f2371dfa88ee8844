"""Latency from a cell edit to the standings model having changed, on the 2003 sample."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from gui.app import build_window
from model.rules import Status
from tests.benchmarks.recalculation import sample_document
from tests.benchmarks.timing import Measurement, median_time


def measure(folder: Path, *, repeat: int = 60) -> list[Measurement]:
    _app = QApplication.instance() or QApplication([])
    engine, path = sample_document(folder)
    engine.dispose()
    window = build_window(path, QSettings(str(folder / "bench.ini"), QSettings.Format.IniFormat))
    assert window is not None
    results, standings = window.results.model, window.standings.model_for("GT")
    row = next(
        r
        for r in range(results.rowCount())
        if results.row_at(r).class_name == "GT" and results.row_at(r).class_pos == 1
    )
    status = results.index(row, results.column_of("status"))
    resets: list[float] = []
    standings.modelReset.connect(lambda: resets.append(time.perf_counter()))
    toggle = [Status.DNF.value, Status.CLASSIFIED.value]

    def edit() -> None:
        before = len(resets)
        started = time.perf_counter()
        results.setData(status, toggle[0], Qt.ItemDataRole.EditRole)
        toggle.reverse()
        assert len(resets) == before + 1, "the standings did not change"
        latencies.append(resets[-1] - started)

    latencies: list[float] = []
    median_time(edit, repeat=repeat)
    latencies.sort()
    latency = latencies[len(latencies) // 2]
    floor_db = sqlite3.connect(path)
    result_id = results.row_at(row).result_id
    values = iter(toggle * (repeat + 20))

    def write_floor() -> None:
        floor_db.execute("UPDATE result SET status = ? WHERE id = ?", (next(values), result_id))
        floor_db.commit()

    floor = median_time(write_floor, repeat=repeat)
    floor_db.close()
    window.close()
    window.document.close()
    return [
        Measurement(
            "cell edit to standings changed (2003)",
            latency,
            "commit the same update (sqlite3)",
            floor,
            "< 16 ms",
        )
    ]
