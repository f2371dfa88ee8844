"""Small helpers for driving the editor in tests."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt

from gui.main_window import MainWindow
from model.store.queries import ResultLine
from tests.helpers import dump


def line_of(window: MainWindow, class_name: str, class_pos: int) -> ResultLine:
    return next(
        line
        for line in window.results.model.rows()
        if line.class_name == class_name and line.class_pos == class_pos
    )


def cell(window: MainWindow, result_id: int, field: str) -> QModelIndex:
    model = window.results.model
    row = model.row_of(result_id)
    assert row is not None
    return model.index(row, model.column_of(field))


def class_order(window: MainWindow, class_name: str) -> list[tuple[int | None, str | None, str]]:
    lines = [line for line in window.results.model.rows() if line.class_name == class_name]
    ordered = sorted(lines, key=lambda line: (line.class_pos is None, line.class_pos or 0))
    return [(line.class_pos, line.car, line.team) for line in ordered]


def standings_total(window: MainWindow, class_name: str, team: str) -> int | None:
    model = window.standings.model_for(class_name)
    for row in range(model.rowCount()):
        if model.index(row, 1).data() == team:
            return int(model.index(row, model.columnCount() - 1).data())
    return None


def set_cell(window: MainWindow, result_id: int, field: str, value: object) -> bool:
    return window.results.model.setData(
        cell(window, result_id, field), value, Qt.ItemDataRole.EditRole
    )


def check_undo_redo(
    window: MainWindow, change: Callable[[], object], check_done: Callable[[], None]
) -> None:
    """`change` is one undo step: undo brings the document back as it was (its history
    aside), redo brings the change back, and `check_done` holds after both."""
    before = dump(window.document.path, history=False)  # type: ignore[arg-type]
    stack = window.document.undo_stack
    count = stack.count()
    change()
    assert stack.count() == count + 1
    check_done()
    after = dump(window.document.path, history=False)  # type: ignore[arg-type]
    stack.undo()
    assert dump(window.document.path, history=False) == before  # type: ignore[arg-type]
    stack.redo()
    assert dump(window.document.path, history=False) == after  # type: ignore[arg-type]
    check_done()
