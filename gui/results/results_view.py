"""The results table view: copy and paste blocks, delete rows, drag or nudge rows to reorder."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView, QWidget

from gui.entries.entries_model import dropped_entries
from gui.results.frozen_columns import FROZEN, FrozenColumns
from gui.results.paste_mapping import by_header, by_position
from gui.results.results_model import ClassFilterProxy, ResultsTableModel
from gui.tables.context_menu import attach_context_menu
from gui.tables.table_model import KeyRole, compact_table
from model.edits.paste import format_block, has_header, parse_block
from model.edits.result_drivers import driver_cell
from model.errors import InputError
from model.store.queries import ResultLine

POLE_KEY = QKeySequence("Ctrl+Shift+P")
FASTEST_LAP_KEY = QKeySequence("Ctrl+Shift+F")
TOGGLED_BY_KEY = {POLE_KEY: "pole", FASTEST_LAP_KEY: "fastest_lap"}
# Widest a column is fitted to, so the table reads at 1366 pixels (the rest is elided),
# and the check-mark and small-number columns, as narrow as their titles.
WIDEST = {"Team": 190, "Chassis": 150, "Engine": 150, "drivers": 250}
NARROW = {"qualifying_pos": 36, "pole": 40, "fastest_lap": 36, "ineligible": 110}


class ResultsView(QTableView):
    """Signals:
    paste_requested(int, list, list): first row, pasted columns' fields and titles, block.
    delete_requested(list): result ids of the selected rows.
    reorder_requested(list, list, int): the class's rows in order, moved ids, target row.
    entries_dropped(list, int): entry ids dragged from the entry list, visible target row.
    """

    paste_requested = Signal(int, list, list, list)
    frozen: FrozenColumns | None = None  # made with the model; Qt asks for geometry before
    delete_requested = Signal(list)
    reorder_requested = Signal(list, list, int)
    entries_dropped = Signal(list, int)  # entry list rows: entry ids, visible target row

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
        # Scrolled by pixels, so a cell half under the frozen columns can be brought out.
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.edit_actions = self._edit_actions()
        self.more_actions: list[QAction] = []  # e.g. the window's Undo, shown last

    def _edit_actions(self) -> list[QAction]:
        """The Edit menu's actions on results, one handler each, for menus and the menu bar."""
        up = self._action("Move &up", lambda: self.nudge_current(-1))
        up.setShortcut(QKeySequence("Ctrl+Up"))
        down = self._action("Move do&wn", lambda: self.nudge_current(1))
        down.setShortcut(QKeySequence("Ctrl+Down"))
        return [
            self._action("&Copy rows\tCtrl+C", self.copy_selection),
            self._action(
                "&Paste rows\tCtrl+V", lambda: self.paste_text(QGuiApplication.clipboard().text())
            ),
            self._action("&Delete results\tDel", self.delete_selected),
            up,
            down,
        ]

    def menu_items(self) -> list[QAction | None]:
        return [*self.edit_actions, None, *self.row_actions(), None, *self.more_actions]

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        compact_table(self)
        if model is not None:
            self.frozen = FrozenColumns(self)
            for view in (self, self.frozen):
                attach_context_menu(view, self.menu_items)

    # --- the frozen Pos, Car and Team ------------------------------------------------------

    def setItemDelegateForColumn(self, column: int, delegate: QAbstractItemDelegate) -> None:
        """A frozen column's editor opens in the frozen view only: a delegate serving both
        views would hand each edit to both (the second refusing an editor not its own)."""
        if self.frozen is not None and column < FROZEN:
            self.frozen.setItemDelegateForColumn(column, delegate)
        else:
            super().setItemDelegateForColumn(column, delegate)

    def itemDelegateForColumn(self, column: int) -> QAbstractItemDelegate:
        if self.frozen is not None and column < FROZEN:
            return self.frozen.itemDelegateForColumn(column)
        return super().itemDelegateForColumn(column)

    def edit(  # type: ignore[override]  # Qt's overloads: edit(index) calls this one
        self,
        index: QModelIndex | QPersistentModelIndex,
        trigger: QAbstractItemView.EditTrigger = QAbstractItemView.EditTrigger.AllEditTriggers,
        event: QEvent | None = None,
    ) -> bool:
        """A frozen cell opens its editor in the frozen view, where it can be seen."""
        if self.frozen is not None and index.isValid() and index.column() < FROZEN:
            return self.frozen.edit_here(index, trigger, event)
        return super().edit(index, trigger, cast(QEvent, event))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.frozen is not None:
            self.frozen.place()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if self.frozen is not None:
            self.frozen.place()

    def scrollTo(
        self,
        index: QModelIndex | QPersistentModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        super().scrollTo(index, hint)
        if self.frozen is None or not index.isValid() or index.column() < FROZEN:
            return
        hidden = self.frozen.width_needed() - self.visualRect(index).left()
        if hidden > 0:  # the cell is under the frozen columns: scroll it out from under them
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - hidden)

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
        """Write a spreadsheet block from the current cell down, in one undo step.

        A block whose first row names columns is mapped by those names, anywhere it is
        pasted; any other block fills the columns it was pasted on. When a header decided the
        columns, or pasted cells would land where nothing is written, the user sees which
        column went where and may stop.
        """
        block = parse_block(text)
        if not block:
            return
        current = self.currentIndex()
        first_row = current.row() if current.isValid() else self.proxy().rowCount()
        try:
            if has_header(block):
                fields, titles, rows, question = by_header(self.source().COLUMNS, block)
            else:
                first_column = current.column() if current.isValid() else 0
                fields, titles, rows, question = by_position(
                    self.source().COLUMNS, block, first_column
                )
        except InputError as exc:
            self.source()._document.failed.emit(exc.message)
            return
        if question and not self.source()._prompts.confirm(question):
            return
        self.paste_requested.emit(first_row, fields, titles, rows)

    # --- keyboard --------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        toggled = TOGGLED_BY_KEY.get(QKeySequence(event.keyCombination()))
        if toggled is not None:
            self.toggle_flag(toggled)
        elif event.matches(QKeySequence.StandardKey.Copy):
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

    # --- pole, fastest lap, short drives ----------------------------------------------------

    def _cell_of_current_row(self, field: str) -> tuple[ResultLine, QModelIndex] | None:
        current = self.currentIndex()
        if not current.isValid():
            return None
        line = self.visible_lines()[current.row()]
        return line, self.proxy().index(current.row(), self.source().column_of(field))

    def toggle_flag(self, field: str) -> None:
        """Give the current row's car the pole or fastest lap, or take it away."""
        found = self._cell_of_current_row(field)
        if found is not None:
            line, index = found
            self.proxy().setData(index, not getattr(line, field))

    def toggle_short_drive(self, name: str) -> None:
        """Mark a driver of the current row as short of the minimum drive time, or unmark."""
        found = self._cell_of_current_row("drivers")
        if found is not None:
            line, index = found
            short = line.short_drives ^ {name}
            self.proxy().setData(index, driver_cell(line.drivers, short))

    def row_actions(self) -> list[QAction]:
        """What the context menu offers for the current row."""
        found = self._cell_of_current_row("drivers")
        if found is None:
            return []
        line = found[0]
        actions = [
            self._action(f"Toggle pole\t{POLE_KEY.toString()}", lambda: self.toggle_flag("pole")),
            self._action(
                f"Toggle fastest lap\t{FASTEST_LAP_KEY.toString()}",
                lambda: self.toggle_flag("fastest_lap"),
            ),
        ]
        for name in line.drivers:
            toggle = self._action(f"Short drive: {name}", self._short_drive_toggle(name))
            toggle.setCheckable(True)
            toggle.setChecked(name in line.short_drives)
            actions.append(toggle)
        return actions

    def _short_drive_toggle(self, name: str) -> Callable[[], None]:
        return lambda: self.toggle_short_drive(name)

    def _action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        return action

    def resizeColumnsToContents(self) -> None:
        super().resizeColumnsToContents()
        for column, declared in enumerate(self.source().COLUMNS):
            name = declared.field or declared.title
            if name in NARROW:
                self.setColumnWidth(column, NARROW[name])
            elif name in WIDEST:
                self.setColumnWidth(column, min(self.columnWidth(column), WIDEST[name]))

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
        ordered = self.class_order(line.class_name)
        position = next(i for i, other in enumerate(ordered) if other.result_id == line.result_id)
        target = position + (2 if step > 0 else -1)
        if 0 <= position + step < len(ordered):
            self.reorder_requested.emit(ordered, [line.result_id], target)

    def class_order(self, class_name: str) -> list[ResultLine]:
        lines = [line for line in self.source().rows() if line.class_name == class_name]
        return sorted(
            lines, key=lambda line: (line.class_pos is None, line.class_pos or 0, line.result_id)
        )

    # --- drag and drop ---------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self.accepts_entries(event):
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not self.accepts_entries(event):
            super().dragMoveEvent(event)

    def accepts_entries(self, event: QDragMoveEvent) -> bool:
        """An entry list row dragged over the table: it is taken wherever it is dropped."""
        if not dropped_entries(event.mimeData()):
            return False
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        return True

    def dropEvent(self, event: QDropEvent) -> None:
        self.take_drop(event, self.indexAt(event.position().toPoint()))

    def take_drop(self, event: QDropEvent, target: QModelIndex) -> None:
        """Rows of this table move; entry list rows are added as finishers before `target`."""
        row = target.row() if target.isValid() else -1
        entry_ids = dropped_entries(event.mimeData())
        if entry_ids:
            self.entries_dropped.emit(entry_ids, row)
        elif event.source() in (self, self.frozen):
            self.drop_rows_at(self.selected_rows(), row)
        else:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.IgnoreAction)  # the document changes the rows
        event.accept()

    def drop_rows_at(self, rows: list[int], target_row: int) -> None:
        """Move the visible `rows` before visible row `target_row` (-1: to the end)."""
        visible = self.visible_lines()
        moving = [visible[row] for row in rows]
        classes = {line.class_name for line in moving}
        if len(classes) != 1:
            return
        ordered = self.class_order(classes.pop())
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
