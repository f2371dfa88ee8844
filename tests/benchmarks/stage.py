"""One shown window on one document of the size series, and the edit its rows make."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui.main_window import MainWindow
from model.scoring.rules import Status
from tests.benchmarks.timing import Measurement


@dataclass(frozen=True)
class Stage:
    """One shown window on one document, and how long to time each action there."""

    app: QApplication
    window: MainWindow
    path: Path
    label: str
    repeat: int
    warmup: int  # unmeasured runs of each action first
    target: Callable[[str], str]  # the target text of a row, by its name without the size

    def settle(self) -> None:
        self.app.processEvents()

    def row(
        self, name: str, seconds: float, floor_name: str, floor: float, target: str | None = None
    ) -> Measurement:
        target = self.target(name) if target is None else target
        return Measurement(f"{name} ({self.label})", seconds, floor_name, floor, target)


@dataclass(frozen=True)
class WinnerEdit:
    """A status edit of a class winner in the round shown (it moves the standings), made as
    a user's cell edit is (the results model's setData), and its undo."""

    stage: Stage
    row: int
    class_name: str

    def set_status(self, status: Status) -> None:
        results = self.stage.window.results.model
        stack = self.stage.window.document.undo_stack
        before = stack.index()
        index = results.index(self.row, results.column_of("status"))
        results.setData(index, status.value, Qt.ItemDataRole.EditRole)
        self.stage.settle()
        assert stack.index() == before + 1, "the edit was refused"

    def edit(self) -> None:
        self.set_status(Status.DNF)

    def undo(self) -> None:
        self.stage.window.document.undo_stack.undo()
        self.stage.settle()


def winner_edit(stage: Stage) -> WinnerEdit:
    results = stage.window.results.model
    row = next(r for r in range(results.rowCount()) if results.row_at(r).class_pos == 1)
    assert results.row_at(row).status is Status.CLASSIFIED
    return WinnerEdit(stage, row, results.row_at(row).class_name)


def pooled(times: tuple[list[float], ...]) -> float:
    """The median of all samples of all the timed actions together."""
    return statistics.median([t for samples in times for t in samples])
