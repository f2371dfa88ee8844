"""Process start to the main window shown, against a bare PySide6 window.

Timed on the 2003 sample and on a season of 14,400 results (each named with --db), and on a
15-season document opened as the last document of the settings (no --db), as a statistician
starts the editor every day. Compiled modules are cached (in the benchmark's folder), as they
are for an installed app from its second start on; the first run of each warms that cache and
the disk cache and is not counted. Each case is timed in turn with its own floor.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks.recalculation import sample_document, seasons_document, synthetic_document
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
TARGET = "< 1.3x floor"


def _paired_medians(runs: tuple[tuple[list[str], dict[str, str]], ...], repeat: int) -> list[float]:
    """Median wall time of each (command, environment), run in turn, so that each shares the
    machine's load of the moment with the floor (other work on a shared machine comes and
    goes within a minute)."""
    samples: list[list[float]] = [[] for _ in runs]
    for turn in range(repeat + 1):  # the first turn warms the caches and is not counted
        for (command, env), times in zip(runs, samples, strict=True):
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
            if turn:
                times.append(time.perf_counter() - start)
    return [statistics.median(times) for times in samples]


def _environment(folder: Path, name: str) -> dict[str, str]:
    """Settings and user data of their own for each case; compiled modules cached."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(folder / name / "config"),
        "XDG_DATA_HOME": str(folder / name / "data"),
        "PYTHONPYCACHEPREFIX": str(folder / "compiled"),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PITBOARD_DB", None)
    return env


def remember_last_document(env: dict[str, str], document: Path) -> None:
    """Make `document` the one the editor reopens, as it records it when one is opened."""
    from PySide6.QtCore import QSettings

    conf = Path(env["XDG_CONFIG_HOME"]) / "Pitboard" / "Pitboard.conf"
    conf.parent.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(conf), QSettings.Format.IniFormat)
    settings.setValue("documents/last", str(document.resolve()))
    settings.sync()


# The sizes measured, and the small ones the test suite runs the benchmark on to see it work.
SIZES = {"rounds": 20, "classes": 6, "cars": 120, "seasons": 15, "season_cars": 40}
SMALL = {"rounds": 2, "classes": 2, "cars": 6, "seasons": 2, "season_cars": 4}


def _documents(folder: Path, sizes: dict[str, int]) -> list[tuple[str, Path, bool]]:
    """(label, document, named with --db) of each case."""
    folder = folder / "startup-documents"  # not shared with the other benchmarks' documents
    folder.mkdir(exist_ok=True)
    engine, sample = sample_document(folder)
    engine.dispose()
    named = folder / "startup.pitboard"
    shutil.copy(sample, named)
    shape = {key: sizes[key] for key in ("rounds", "classes", "cars")}
    engine, large = synthetic_document(folder, **shape)
    engine.dispose()
    results = shape["rounds"] * shape["classes"] * shape["cars"]
    seasons = seasons_document(folder, seasons=sizes["seasons"], cars=sizes["season_cars"])
    return [
        ("2003 sample", named, True),
        (f"{results:,} results", large, True),
        (f"{sizes['seasons']} seasons, the last document", seasons, False),
    ]


def measure(
    folder: Path, *, repeat: int = 5, sizes: dict[str, int] | None = None
) -> list[Measurement]:
    floor = ([sys.executable, "-c", FLOOR], _environment(folder, "floor"))
    measurements = []
    for label, document, named in _documents(folder, sizes or SIZES):
        env = _environment(folder, label.split(",")[0].replace(" ", "-"))
        app = [sys.executable, "main.py", "--quit-when-shown"]
        if named:
            app += ["--db", str(document)]
        else:
            remember_last_document(env, document)
        seconds, floor_seconds = _paired_medians(((app, env), floor), repeat)
        if not named and (Path(env["XDG_DATA_HOME"]) / "Pitboard" / "standings.pitboard").exists():
            raise RuntimeError(f"the editor did not reopen {document.name}, the last document")
        measurements.append(
            Measurement(
                f"start-up to main window shown ({label})",
                seconds,
                "bare PySide6 window after import sqlmodel",
                floor_seconds,
                TARGET,
            )
        )
    return measurements
