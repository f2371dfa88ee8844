"""The results table view: copy and paste blocks, delete rows, drag or nudge rows to reorder."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QDropEvent, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from gui.results.results_model import ClassFilterProxy, ResultsTableModel
from gui.tables.table_model import KeyRole, compact_table
from model.edits.paste import format_block, parse_block
from model.store.queries import ResultLine


class ResultsView(QTableView):
    """Signals:
    paste_requested(int, list, list): first row, pasted columns' fields and titles, block.
    delete_requested(list): result ids of the selected rows.
    reorder_requested(list, list, int): the class's rows in order, moved ids, target row.
    """

    paste_requested = Signal(int, list, list, list)
    delete_requested = Signal(list)
    reorder_requested = Signal(list, list, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSortingEnabled(True)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        compact_table(self)

    # --- models ----------------------------------------------------------------------------

    def proxy(self) -> ClassFilterProxy:
        model = self.model()
        assert isinstance(model, ClassFilterProxy)
        return model

    def source(self) -> ResultsTableModel:
        model = self.proxy().sourceModel()
        assert isinstance(model, ResultsTableModel)
        return model

    def visible_lines(self) -> list[ResultLine]:
        proxy = self.proxy()
        source = self.source()
        return [
            source.row_at(proxy.mapToSource(proxy.index(row, 0)).row())
            for row in range(proxy.rowCount())
        ]

    def selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.selectionModel().selectedIndexes()})

    # --- clipboard -------------------------------------------------------------------------

    def copy_selection(self) -> str:
        indexes = self.selectionModel().selectedIndexes()
        if not indexes:
            return ""
        rows = sorted({i.row() for i in indexes})
        columns = sorted({i.column() for i in indexes})
        proxy = self.proxy()
        block = [[str(proxy.index(r, c).data() or "") for c in columns] for r in rows]
        text = format_block(block)
        QGuiApplication.clipboard().setText(text)
        return text

    def paste_text(self, text: str) -> None:
        block = parse_block(text)
        if not block:
            return
        current = self.currentIndex()
        first_row = current.row() if current.isValid() else self.proxy().rowCount()
        first_column = current.column() if current.isValid() else 0
        columns = self.source().COLUMNS[first_column:]
        fields = [c.field for c in columns]
        titles = [c.title for c in columns]
        self.paste_requested.emit(first_row, fields, titles, block)

    # --- keyboard --------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste_text(QGuiApplication.clipboard().text())
        elif (
            event.matches(QKeySequence.StandardKey.Delete)
            and self.state() != self.State.EditingState
        ):
            self.delete_selected()
        elif event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.key() in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
        ):
            self.nudge_current(-1 if event.key() == Qt.Key.Key_Up else 1)
        else:
            super().keyPressEvent(event)

    def delete_selected(self) -> None:
        proxy = self.proxy()
        ids = [proxy.index(row, 0).data(KeyRole) for row in self.selected_rows()]
        if ids:
            self.delete_requested.emit(ids)

    def nudge_current(self, step: int) -> None:
        """Move the current row one place up or down within its class."""
        current = self.currentIndex()
        if not current.isValid():
            return
        line = self.visible_lines()[current.row()]
        ordered = self._class_order(line.class_name)
        position = next(i for i, other in enumerate(ordered) if other.result_id == line.result_id)
        target = position + (2 if step > 0 else -1)
        if 0 <= position + step < len(ordered):
            self.reorder_requested.emit(ordered, [line.result_id], target)

    def _class_order(self, class_name: str) -> list[ResultLine]:
        lines = [line for line in self.source().rows() if line.class_name == class_name]
        return sorted(
            lines, key=lambda line: (line.class_pos is None, line.class_pos or 0, line.result_id)
        )

    # --- drag and drop ---------------------------------------------------------------------

    def dropEvent(self, event: QDropEvent) -> None:
        if event.source() is not self:
            event.ignore()
            return
        target = self.indexAt(event.position().toPoint())
        self.drop_rows_at(self.selected_rows(), target.row() if target.isValid() else -1)
        event.setDropAction(Qt.DropAction.IgnoreAction)  # the document moves the rows
        event.accept()

    def drop_rows_at(self, rows: list[int], target_row: int) -> None:
        """Move the visible `rows` before visible row `target_row` (-1: to the end)."""
        visible = self.visible_lines()
        moving = [visible[row] for row in rows]
        classes = {line.class_name for line in moving}
        if len(classes) != 1:
            return
        ordered = self._class_order(classes.pop())
        if target_row < 0 or target_row >= len(visible):
            target = len(ordered)
        else:
            target_id = visible[target_row].result_id
            target = next(
                (i for i, line in enumerate(ordered) if line.result_id == target_id), len(ordered)
            )
        self.reorder_requested.emit(ordered, [line.result_id for line in moving], target)

    def select_result(self, result_id: int, column: int = 0) -> bool:
        proxy = self.proxy()
        for row in range(proxy.rowCount()):
            if proxy.index(row, 0).data(KeyRole) == result_id:
                index = proxy.index(row, column)
                self.setCurrentIndex(index)
                self.selectionModel().select(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
                self.scrollTo(index)
                return True
        return False
