"""The documents of the size series: the 2003 sample and synthetic seasons, each given what a
season kept in the editor has and the bare builders leave out.

A season entered in the editor has drivers (the drivers' championship is a table as long as
the teams' one, or longer) and a history log at least one line per result. The builders write
neither, so every entry here gets two drivers, and the log gets one line per row of the season
(written by the editor's own recorder, as if the whole season had been entered in one step):
the standings switch and the History panel then show what a user's document shows.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from model.store.db import open_engine, transaction, url_for_path
from model.store.history import record_changes, snapshot
from tests.benchmarks.recalculation import sample_document, synthetic_document

SAMPLE_RESULTS = 175
SEASON_ID = 1  # both builders make one season, with this id
DRIVERS_PER_ENTRY = 2


@dataclass(frozen=True)
class SizedDocument:
    label: str
    results: int
    shape: tuple[int, int, int] | None  # (rounds, classes, cars per class); None: the sample

    def build(self, folder: Path) -> Path:
        """The document written in `folder`, with drivers and history; its path."""
        if self.shape is None:
            engine, path = sample_document(folder)
        else:
            rounds, classes, cars = self.shape
            engine, path = synthetic_document(folder, rounds=rounds, classes=classes, cars=cars)
        engine.dispose()
        give_drivers(path)
        write_history(path)
        return path


def size_series(
    sizes: tuple[tuple[int, int, int], ...], *, sample: bool = True
) -> list[SizedDocument]:
    """The sample season (when `sample`) and a season per (rounds, classes, cars per class)."""
    found = (
        [SizedDocument(f"2003, {SAMPLE_RESULTS} results", SAMPLE_RESULTS, None)] if sample else []
    )
    for rounds, classes, cars in sizes:
        count = rounds * classes * cars
        found.append(SizedDocument(f"{count:,} results", count, (rounds, classes, cars)))
    return found


def give_drivers(path: Path) -> None:
    """Two drivers of their own for every entry of the season."""
    with sqlite3.connect(path) as connection:
        entries = [
            row[0]
            for row in connection.execute(
                "SELECT id FROM entry WHERE season_id = ? ORDER BY id", (SEASON_ID,)
            )
        ]
        for entry_id in entries:
            for seat in range(DRIVERS_PER_ENTRY):
                cursor = connection.execute(
                    "INSERT INTO driver (name) VALUES (?)", (f"Driver {entry_id}-{seat + 1}",)
                )
                connection.execute(
                    "INSERT INTO entry_driver (entry_id, driver_id, seat) VALUES (?, ?, ?)",
                    (entry_id, cursor.lastrowid, seat),
                )
    connection.close()


def write_history(path: Path) -> int:
    """Log every row of the season as added, with the editor's recorder; returns the lines."""
    engine = open_engine(url_for_path(path), create=False)
    try:
        with transaction(engine) as session:
            return record_changes(
                session,
                SEASON_ID,
                {},
                snapshot(session, SEASON_ID),
                author="Benchmark",
                step="Enter the season",
            )
    finally:
        engine.dispose()


def copy_document(source: Path, target: Path) -> Path:
    """A copy of the document as it is now, through SQLite (whatever its log still holds)."""
    target.unlink(missing_ok=True)
    with sqlite3.connect(source) as reading, sqlite3.connect(target) as writing:
        reading.backup(writing)
    reading.close()
    writing.close()
    return target
