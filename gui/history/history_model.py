"""The History panel's table: the log's lines newest first, a page at a time.

The newest page is shown first; older pages are asked for as the view reaches the last row
(canFetchMore / fetchMore), and the lines an edit adds are inserted at the top. The model
never reads the document itself: its panel hands it the lines, and the function that reads
an older page.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from gui.tables.table_model import Column, Index, KeyRole
from model.store.history_log import HistoryLine, Key

COL_CHANGE = 3  # the line in words: the only column a rename changes
PAGE_LINES = 500  # lines read at a time: the newest first, older ones as the view scrolls

OlderPage = Callable[[int], Sequence[HistoryLine]]  # the page before a change id, newest first


def _when(line: HistoryLine) -> str:
    return line.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")


class HistoryModel(QAbstractTableModel):
    COLUMNS = (
        Column("When", _when),
        Column("Who", lambda h: h.author or "—"),
        Column("Laptop", lambda h: h.host or "—"),
        Column("Step", lambda h: h.step),
        Column("Change", lambda h: h.description),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[HistoryLine] = []
        self._older: OlderPage | None = None  # None: nothing older left to read
        self._announcing = False  # a reset or an insert is being announced

    # --- lines in ----------------------------------------------------------------------------

    def show_newest(self, lines: Sequence[HistoryLine], older: OlderPage | None) -> None:
        """The newest page (a reset); `older` reads the pages before it, None when the page
        holds the oldest line."""
        with self._announced():
            self.beginResetModel()
            self._lines = list(lines)
            self._older = older
            self.endResetModel()

    def clear(self) -> None:
        if self._lines or self._older is not None:
            self.show_newest([], None)

    def add_newer(self, lines: Sequence[HistoryLine]) -> None:
        """Lines newer than every shown line (newest first), inserted at the top."""
        if lines:
            with self._announced():
                self.beginInsertRows(QModelIndex(), 0, len(lines) - 1)
                self._lines[0:0] = lines
                self.endInsertRows()

    def replace_lines(self, lines: Sequence[HistoryLine]) -> None:
        """Shown lines in new words (a row they name was renamed): one repaint of the
        "Change" column over the rows from the first to the last of them."""
        rows = {line.change_id: row for row, line in enumerate(self._lines)}
        changed = []
        for line in lines:
            row = rows.get(line.change_id)
            if row is not None and self._lines[row] != line:
                self._lines[row] = line
                changed.append(row)
        if changed:
            top, bottom = self.index(min(changed), COL_CHANGE), self.index(max(changed), COL_CHANGE)
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.DisplayRole])

    # --- what is shown -----------------------------------------------------------------------

    def newest_change(self) -> int | None:
        return self._lines[0].change_id if self._lines else None

    def lines_naming(self, rows: Collection[Key]) -> list[int]:
        """The change ids of the shown lines whose words name any of these rows."""
        renamed = frozenset(rows)
        return [line.change_id for line in self._lines if line.named & renamed]

    def line_at(self, row: int) -> HistoryLine:
        return self._lines[row]

    def lines(self) -> list[HistoryLine]:
        return list(self._lines)

    # --- Qt interface ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS)
        if horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self.COLUMNS[index.column()].display(line))
        if role == KeyRole:
            return line.change_id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def canFetchMore(self, parent: Index) -> bool:
        # Not while a reset or an insert is announced: a view (or a tester) asking for more
        # from its slot would insert rows before the later slots have heard of the change.
        return not parent.isValid() and self._older is not None and not self._announcing

    def fetchMore(self, parent: Index) -> None:
        """The page before the oldest shown line, appended at the bottom."""
        if not self.canFetchMore(parent) or self._older is None:
            return
        oldest = self._lines[-1].change_id if self._lines else None
        page = list(self._older(oldest)) if oldest is not None else []
        if len(page) < PAGE_LINES:
            self._older = None  # the oldest line is shown: nothing more to ask for
        if page:
            end = len(self._lines)
            with self._announced():
                self.beginInsertRows(QModelIndex(), end, end + len(page) - 1)
                self._lines += page
                self.endInsertRows()

    @contextmanager
    def _announced(self) -> Iterator[None]:
        self._announcing = True
        try:
            yield
        finally:
            self._announcing = False
