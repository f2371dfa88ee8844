"""The floor of the view actions: a plain QTableView over a plain list model, the size of
the view the action refreshes, shown on screen beside the window and handed the very cells
the editor shows (read from the editor's own view): what Qt itself costs to put those rows
on screen."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QTableView, QWidget

from tests.benchmarks.stage import Stage, pooled
from tests.benchmarks.timing import alternating_times, times_between

FLOOR_NAME = "bare Qt table shows the same cells"
Cells = list[tuple[str, ...]]


def cells_after(action: Callable[[], object], model: Callable[[], QAbstractItemModel]) -> Cells:
    """The cells on screen once `action` is done (`model` is asked after it)."""
    action()
    return cells_of(model())


def cells_of(model: QAbstractItemModel) -> Cells:
    def text(row: int, column: int) -> str:
        value = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
        return "" if value is None else str(value)

    columns = range(model.columnCount())
    return [tuple(text(row, column) for column in columns) for row in range(model.rowCount())]


class _CellsModel(QAbstractTableModel):
    """The least a table model can be: a list of rows of text."""

    def __init__(self) -> None:
        super().__init__()
        self._cells: Cells = []

    def show(self, cells: Cells) -> None:
        self.beginResetModel()
        self._cells = cells
        self.endResetModel()

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cells)

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self._cells else len(self._cells[0])

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        return self._cells[index.row()][index.column()]


class _BareTable:
    """A plain table on screen, as large as the editor's view it stands for."""

    def __init__(self, stage: Stage, like: QWidget) -> None:
        self.stage = stage
        self.model = _CellsModel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.resize(like.size())
        self.view.show()
        stage.settle()

    def shower(self, cells: Cells, read: Callable[[], object] = lambda: None) -> Callable[[], None]:
        def show() -> None:
            read()
            self.model.show(cells)
            self.stage.settle()

        return show

    def close(self) -> None:
        self.view.close()
        self.view.deleteLater()
        self.stage.settle()


def bare_alternating(stage: Stage, like: QWidget, cells: tuple[Cells, Cells]) -> float:
    bare = _BareTable(stage, like)
    try:
        times = alternating_times(
            bare.shower(cells[0]), bare.shower(cells[1]), repeat=stage.repeat, warmup=stage.warmup
        )
    finally:
        bare.close()
    return pooled(times)


def bare_between(
    stage: Stage,
    like: QWidget,
    before: Cells,
    after: Cells,
    read: Callable[[], object] = lambda: None,
) -> float:
    """Time showing `after` (`read` first), `before` shown untimed ahead of each sample."""
    bare = _BareTable(stage, like)
    try:
        (times,) = times_between(
            bare.shower(before),
            (bare.shower(after, read),),
            repeat=stage.repeat,
            warmup=stage.warmup,
        )
    finally:
        bare.close()
    return statistics.median(times)
