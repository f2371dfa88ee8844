"""Pos, Car and Team kept in view while the results table scrolls right.

A second view is laid over the left edge of the table: the same model, the same selection
(so the current cell, copy, paste and delete act on one set of rows), the same delegates and
row heights, scrolled up and down with it. Keys typed in it go to the table's own handlers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QFrame, QTableView

if TYPE_CHECKING:
    from gui.results.results_view import ResultsView

FROZEN = 3  # Pos, Car, Team


class FrozenColumns(QTableView):
    def __init__(self, table: ResultsView) -> None:
        super().__init__(table)
        self.table = table
        self.setObjectName("frozenColumns")
        self.setModel(table.model())
        self.setSelectionModel(table.selectionModel())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the table underneath
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(table.verticalScrollMode())
        self.setSelectionBehavior(table.selectionBehavior())
        self.setSelectionMode(table.selectionMode())
        self.setEditTriggers(table.editTriggers())
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.verticalHeader().setDefaultSectionSize(table.verticalHeader().defaultSectionSize())
        self.horizontalHeader().setSectionsClickable(True)
        self.horizontalHeader().sectionClicked.connect(self._sort_by)
        table.horizontalHeader().sortIndicatorChanged.connect(self._show_sort)
        self.horizontalHeader().setSortIndicatorShown(True)
        self._follow(table)
        self.show_columns()

    def _follow(self, table: ResultsView) -> None:
        mine, theirs = self.verticalScrollBar(), table.verticalScrollBar()
        theirs.valueChanged.connect(mine.setValue)
        mine.valueChanged.connect(theirs.setValue)
        table.horizontalHeader().sectionResized.connect(self._column_resized)
        table.verticalHeader().sectionResized.connect(
            lambda row, _old, new: self.setRowHeight(row, new)
        )
        self.horizontalHeader().sectionResized.connect(
            lambda column, _old, new: (
                table.setColumnWidth(column, new)
                if column < FROZEN and table.columnWidth(column) != new
                else None
            )
        )

    def show_columns(self) -> None:
        model = self.model()
        for column in range(model.columnCount() if model is not None else 0):
            self.setColumnHidden(column, column >= FROZEN)
            if column < FROZEN:
                self.setColumnWidth(column, self.table.columnWidth(column))
        self.place()

    def _column_resized(self, column: int, _old: int, new: int) -> None:
        if column < FROZEN:
            self.setColumnWidth(column, new)
            self.place()

    def width_needed(self) -> int:
        return sum(self.table.columnWidth(c) for c in range(FROZEN))

    def place(self) -> None:
        """Over the table's first columns, from its header down to its horizontal bar."""
        table = self.table
        frame = table.frameWidth()
        self.setGeometry(
            table.verticalHeader().width() + frame,
            frame,
            self.width_needed(),
            table.viewport().height() + table.horizontalHeader().height(),
        )

    def _show_sort(self, column: int, order: Qt.SortOrder) -> None:
        self.horizontalHeader().setSortIndicator(column, order)

    def _sort_by(self, column: int) -> None:
        header = self.table.horizontalHeader()
        same = header.sortIndicatorSection() == column
        ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
        order = Qt.SortOrder.DescendingOrder if same and ascending else Qt.SortOrder.AscendingOrder
        self.table.sortByColumn(column, order)

    # --- keys, editing and dropping go through the table -----------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.table.keyPressEvent(event)

    def edit_here(
        self,
        index: QModelIndex | QPersistentModelIndex,
        trigger: QAbstractItemView.EditTrigger,
        event: QEvent | None,
    ) -> bool:
        return super().edit(index, trigger, cast(QEvent, event))  # Qt takes no event

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self.table.accepts_entries(event):
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not self.table.accepts_entries(event):
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.table.take_drop(event, self.indexAt(event.position().toPoint()))
