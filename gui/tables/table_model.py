"""A table model over plain rows handed in from services, with declared columns.

Subclasses declare COLUMNS once; `set_rows` works out the smallest correct notification
(changed cells, inserted or removed rows, and a reset only when rows were re-ordered).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QHeaderView, QTableView

SortRole = Qt.ItemDataRole.UserRole + 1
KeyRole = Qt.ItemDataRole.UserRole + 2  # the row's identity (result id, entry id, ...)

Index = QModelIndex | QPersistentModelIndex
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter


@dataclass(frozen=True)
class Column:
    """One column: its title, how to show a row's value, how to sort it, and its edit field."""

    title: str
    display: Callable[[Any], Any]
    sort: Callable[[Any], Any] | None = None
    field: str | None = None  # the service field an edit of this column changes
    align: Qt.AlignmentFlag = LEFT
    edit: Callable[[Any], Any] | None = None  # the editor's starting value, if not the display


RESIZE_SAMPLE_ROWS = 60  # rows measured when fitting a column: enough to see its widest values
MOVES_IN_PLACE = 16  # rows removed or inserted one by one at most; more is a new table


def compact_table(view: QTableView) -> None:
    """One line per row, columns as wide as their content, the last one filling the rest."""
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setResizeContentsPrecision(RESIZE_SAMPLE_ROWS)
    header.setStretchLastSection(True)
    _fit_columns_once(view)


def _fit_columns_once(view: QTableView) -> None:
    """Columns fitted to the first rows shown, from a sample of them, and then left as they
    are: picking another round neither re-measures the table nor moves the columns."""
    model = view.model()
    fit = QTimer(view)  # once after a burst of inserted rows, not once per row
    fit.setSingleShot(True)
    fit.setInterval(0)

    def fit_if_first() -> None:
        if model.rowCount() and not view.property("columns_fitted"):
            view.setProperty("columns_fitted", True)
            view.resizeColumnsToContents()

    fit.timeout.connect(fit_if_first)
    model.modelReset.connect(fit_if_first)
    model.rowsInserted.connect(lambda *_: fit.start())


class RowsTableModel(QAbstractTableModel):
    COLUMNS: tuple[Column, ...] = ()

    def __init__(self, key: Callable[[Any], Hashable], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._key = key
        self._rows: list[Any] = []
        self._editable = True

    # --- rows in ---------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        new_rows = list(rows)
        old_keys = [self._key(r) for r in self._rows]
        new_keys = [self._key(r) for r in new_rows]
        loading = not old_keys or not new_keys  # a whole table in or out: that is a reload
        if old_keys != new_keys and (
            loading or not self._move_rows_in_place(old_keys, new_keys, new_rows)
        ):
            self.beginResetModel()
            self._rows = new_rows
            self.endResetModel()
            return
        last_column = self.columnCount() - 1
        for row, new in enumerate(new_rows):
            if self._rows[row] != new:
                self._rows[row] = new
                self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))

    def _move_rows_in_place(
        self, old_keys: list[Hashable], new_keys: list[Hashable], new_rows: list[Any]
    ) -> bool:
        """Remove and insert rows one by one when the surviving rows keep their order."""
        new_set, old_set = set(new_keys), set(old_keys)
        survivors = [k for k in old_keys if k in new_set]
        moves = len(old_keys) + len(new_keys) - 2 * len(survivors)
        if moves > MOVES_IN_PLACE or survivors != [k for k in new_keys if k in old_set]:
            return False  # another table (a round picked): one reset beats many moves
        for row in reversed(range(len(old_keys))):
            if old_keys[row] not in new_set:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        for row, key in enumerate(new_keys):
            if key not in old_set:
                self.beginInsertRows(QModelIndex(), row, row)
                self._rows.insert(row, new_rows[row])
                self.endInsertRows()
        return True

    def patch_rows(self, rows: Sequence[Any], removed: Iterable[Hashable] = ()) -> None:
        """Put `rows` in place of the rows with their keys (a row with a new key goes at the
        end), and remove the rows keyed `removed`: the notification names only those rows."""
        gone = set(removed)
        for index in reversed(range(len(self._rows))):
            if gone and self._key(self._rows[index]) in gone:
                self.beginRemoveRows(QModelIndex(), index, index)
                del self._rows[index]
                self.endRemoveRows()
        where = {self._key(r): i for i, r in enumerate(self._rows)} if rows else {}
        last_column = self.columnCount() - 1
        for new in rows:
            row = where.get(self._key(new))
            if row is None:
                end = len(self._rows)
                self.beginInsertRows(QModelIndex(), end, end)
                self._rows.append(new)
                self.endInsertRows()
            elif self._rows[row] != new:
                self._rows[row] = new
                self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))

    def keys(self) -> list[Hashable]:
        return [self._key(r) for r in self._rows]

    def set_editable(self, editable: bool) -> None:
        self._editable = editable

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, key: Hashable) -> int | None:
        for row, item in enumerate(self._rows):
            if self._key(item) == key:
                return row
        return None

    def rows(self) -> list[Any]:
        return list(self._rows)

    # --- Qt interface ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.display(row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.EditRole:
            return (column.edit or column.display)(row)
        if role == SortRole:
            return self.sort_value(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == KeyRole:
            return self._key(row)
        return self.extra_data(row, column, role)

    def sort_value(self, row: Any, column: int) -> Any:
        """What a row is sorted on in `column` (a Python value: a tuple, a number)."""
        declared = self.COLUMNS[column]
        return (declared.sort or declared.display)(row)

    def sort_values(self, column: int) -> list[Any]:
        """Every row's sort value in `column`, in row order."""
        return [self.sort_value(row, column) for row in self._rows]

    def extra_data(self, row: Any, column: Column, role: int) -> Any:
        """Further roles (colours, tooltips) for subclasses."""
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable and self.COLUMNS[index.column()].field is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def column_of(self, field: str) -> int:
        for number, column in enumerate(self.COLUMNS):
            if column.field == field or column.title == field:
                return number
        raise KeyError(field)


class SortProxy(QSortFilterProxyModel):
    """Sorts on the SortRole's Python values (tuples, numbers), which Qt cannot compare itself.

    Over a RowsTableModel the values of the sorted column are read once per sort (not twice
    per comparison), and read again whenever the source's rows change.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)
        self._values: dict[int, list[Any]] = {}

    def setSourceModel(self, source: QAbstractItemModel) -> None:
        # Connected before the proxy's own handlers, so a re-sort never sees stale values.
        for signal in (
            source.modelReset,
            source.rowsInserted,
            source.rowsRemoved,
            source.rowsMoved,
            source.layoutChanged,
        ):
            signal.connect(self._forget_values)
        source.dataChanged.connect(self._on_data_changed)
        super().setSourceModel(source)

    def _forget_values(self, *_changed: object) -> None:
        self._values.clear()

    def _on_data_changed(self, _top: QModelIndex, _bottom: QModelIndex, roles: list[int]) -> None:
        """Sort values are kept when only the cells' colours or tooltips changed."""
        if not roles or SortRole in roles or Qt.ItemDataRole.DisplayRole in roles:
            self._values.clear()

    def lessThan(self, left: Index, right: Index) -> bool:
        source = self.sourceModel()
        if isinstance(source, RowsTableModel):
            values = self._values.get(left.column())
            if values is None:
                values = self._values[left.column()] = source.sort_values(left.column())
            a, b = values[left.row()], values[right.row()]
        else:
            a, b = left.data(SortRole), right.data(SortRole)
        try:
            return bool(a < b)
        except TypeError:  # a value against None, or mixed kinds: fall back to text
            return str(a) < str(b)


def sorted_table(model: SortProxy) -> QTableView:
    """A compact table view over `model`, sorted by clicking a header, unsorted at first."""
    view = QTableView()
    view.setModel(model)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # service order
    view.setSortingEnabled(True)
    compact_table(view)
    return view


def sorted_proxy(model: RowsTableModel) -> SortProxy:
    """A sort proxy comparing `model`'s native values."""
    proxy = SortProxy(model)
    proxy.setSourceModel(model)
    return proxy
