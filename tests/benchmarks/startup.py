"""Process start to the main window shown on the sample season, against a bare PySide6 window."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks.recalculation import sample_document
from tests.benchmarks.timing import Measurement

ROOT = Path(__file__).resolve().parents[2]
FLOOR = (
    "import sqlmodel\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([])\n"
    "window = QMainWindow()\n"
    "window.show()\n"
    "QTimer.singleShot(0, app.quit)\n"
    "app.exec()\n"
)


def _median_run(command: list[str], env: dict[str, str], repeat: int) -> float:
    samples = []
    for _ in range(repeat + 1):  # the first run warms the disk cache and is not counted
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples[1:])


def measure(folder: Path, *, repeat: int = 5) -> list[Measurement]:
    engine, path = sample_document(folder)
    engine.dispose()
    document = folder / "startup.pitboard"
    shutil.copy(path, document)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_DATA_HOME": str(folder / "data"),
    }
    app = [sys.executable, "main.py", "--db", str(document), "--quit-when-shown"]
    return [
        Measurement(
            "start-up to main window shown (2003 sample)",
            _median_run(app, env, repeat),
            "bare PySide6 window after import sqlmodel",
            _median_run([sys.executable, "-c", FLOOR], env, repeat),
            "< 1.3x floor",
        )
    ]
