"""Item model over one standings table, as computed by model.scoring.standings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from gui.tables.table_model import SortRole
from model.scoring.standings import Championship, StandingsRow, StandingsTable

COL_POS, COL_NAME, COL_CHASSIS, COL_ENGINE = range(4)
FIRST_ROUND_COLUMN = 4

_Index = QModelIndex | QPersistentModelIndex


class StandingsTableModel(QAbstractTableModel):
    """Read-only adapter: rows come in through set_table, never from the database."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._table: StandingsTable | None = None

    def set_table(self, table: StandingsTable | None) -> bool:
        """Show `table`: only the rows that changed are repainted while every competitor keeps
        their row; an order that moved is a reset. True when rows were laid out anew."""
        old = self._table
        if table is old:
            return False
        if old is None or table is None or not _same_layout(old, table):
            self.beginResetModel()
            self._table = table
            self.endResetModel()
            return True
        self._table = table
        last_column = self.columnCount() - 1
        for row, (before, now) in enumerate(zip(old.rows, table.rows, strict=True)):
            if before != now:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))
        return False

    def line_count(self, row: int) -> int:
        """How many lines the row's cells need (one per chassis or engine raced)."""
        if self._table is None:
            return 1
        standing = self._table.rows[row]
        return max(len(standing.chassis), len(standing.engine), 1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._table is None:
            return 0
        return len(self._table.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._table is None:
            return 0
        return FIRST_ROUND_COLUMN + len(self._table.round_numbers) + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or self._table is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._header_text(section)
        if role == Qt.ItemDataRole.TextAlignmentRole and section not in (
            COL_NAME,
            COL_CHASSIS,
            COL_ENGINE,
        ):
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _header_text(self, section: int) -> str:
        assert self._table is not None
        name = "Team" if self._table.championship is Championship.TEAMS else "Driver"
        fixed = {COL_POS: "Pos", COL_NAME: name, COL_CHASSIS: "Chassis", COL_ENGINE: "Engine"}
        if section in fixed:
            return fixed[section]
        round_index = section - FIRST_ROUND_COLUMN
        if round_index < len(self._table.round_numbers):
            return f"Rd {self._table.round_numbers[round_index]}"
        return "Total"

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._table is None:
            return None
        row = self._table.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SortRole:
            return self._sort_value(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in (
            COL_NAME,
            COL_CHASSIS,
            COL_ENGINE,
        ):
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.FontRole and column == self.columnCount() - 1:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def _display(self, row: StandingsRow, column: int) -> str:
        if column == COL_POS:
            return f"={row.pos}" if row.tied else str(row.pos)
        if column == COL_NAME:
            return row.name
        if column == COL_CHASSIS:
            return "\n".join(row.chassis)
        if column == COL_ENGINE:
            return "\n".join(row.engine)
        cell_index = column - FIRST_ROUND_COLUMN
        if cell_index < len(row.cells):
            cell = row.cells[cell_index]
            if cell.points is None:
                return ""
            return f"({cell.points})" if cell.dropped else str(cell.points)
        return str(row.total)

    def _sort_value(self, row: StandingsRow, column: int) -> Any:
        if column == COL_POS:
            return row.pos
        if column in (COL_NAME, COL_CHASSIS, COL_ENGINE):
            return self._display(row, column).casefold()
        cell_index = column - FIRST_ROUND_COLUMN
        if cell_index < len(row.cells):
            return row.cells[cell_index].points or 0
        return row.total

    def _tooltip(self, row: StandingsRow, column: int) -> str | None:
        cell_index = column - FIRST_ROUND_COLUMN
        if not 0 <= cell_index < len(row.cells) or row.cells[cell_index].points is None:
            return None
        cell = row.cells[cell_index]
        text = f"Class position {cell.position}" if cell.position else ""
        return f"{text} (dropped: not counted in the total)" if cell.dropped else text


def _same_layout(old: StandingsTable, new: StandingsTable) -> bool:
    """Whether the same competitors hold the same rows, under the same columns."""
    return (
        old.championship == new.championship
        and old.round_numbers == new.round_numbers
        and [r.name for r in old.rows] == [r.name for r in new.rows]
    )
