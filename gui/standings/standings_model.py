"""Item model over one standings table, as computed by model.scoring.standings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from gui.tables.table_model import SortRole
from model.io.export.penalty_text import (
    cell_text,
    every_row,
    has_penalty_column,
    penalty_notes,
    position_text,
    shown_penalties,
    signed_points,
)
from model.scoring.points import ZERO, format_points
from model.scoring.standings import Championship, StandingsRow, StandingsTable

COL_POS, COL_NAME, COL_CHASSIS, COL_ENGINE = range(4)
FIRST_ROUND_COLUMN = 4
NAME_HEADERS = {
    Championship.TEAMS: "Team",
    Championship.DRIVERS: "Driver",
    Championship.MANUFACTURERS: "Manufacturer",
}
PENALTY_HEADER = "Pen."
EXCLUDED_COLOUR = QColor(128, 128, 128)  # greyed, as in the workbooks
PENALTY_COLOUR = QColor(192, 0, 0)
EXCLUDED_LAST = 1_000_000  # an excluded competitor sorts after every position

_Index = QModelIndex | QPersistentModelIndex


class StandingsTableModel(QAbstractTableModel):
    """Read-only adapter: rows come in through set_table, never from the database.

    The ranked competitors come first, then the excluded ones (position 'EXC', greyed); a
    'Pen.' column before the total appears when some competitor has a penalty.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._table: StandingsTable | None = None
        self._rows: tuple[StandingsRow, ...] = ()
        self._penalties = False

    def set_table(self, table: StandingsTable | None) -> bool:
        """Show `table`: only the rows that changed are repainted while every competitor keeps
        their row; an order that moved is a reset. True when rows were laid out anew."""
        old, old_rows = self._table, self._rows
        if table is old:
            return False
        if old is None or table is None or not _same_layout(old, table):
            self.beginResetModel()
            self._show(table)
            self.endResetModel()
            return True
        self._show(table)
        last_column = self.columnCount() - 1
        for row, (before, now) in enumerate(zip(old_rows, self._rows, strict=True)):
            if before != now:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))
        return False

    def _show(self, table: StandingsTable | None) -> None:
        self._table = table
        self._rows = every_row(table) if table is not None else ()
        self._penalties = table is not None and has_penalty_column(table)

    def line_count(self, row: int) -> int:
        """How many lines the row's cells need (one per chassis or engine raced)."""
        if not 0 <= row < len(self._rows):
            return 1
        standing = self._rows[row]
        return max(len(standing.chassis), len(standing.engine), 1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._table is None:
            return 0
        return len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._table is None:
            return 0
        return FIRST_ROUND_COLUMN + len(self._table.round_numbers) + self._penalties + 1

    @property
    def penalty_column(self) -> int | None:
        """The 'Pen.' column, where the table has one."""
        return self.columnCount() - 2 if self._penalties else None

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
        name = NAME_HEADERS[self._table.championship]
        fixed = {COL_POS: "Pos", COL_NAME: name, COL_CHASSIS: "Chassis", COL_ENGINE: "Engine"}
        if section in fixed:
            return fixed[section]
        round_index = section - FIRST_ROUND_COLUMN
        if round_index < len(self._table.round_numbers):
            return f"Rd {self._table.label(round_index)}"
        return PENALTY_HEADER if section == self.penalty_column else "Total"

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._table is None:
            return None
        row = self._rows[index.row()]
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
        if role == Qt.ItemDataRole.FontRole:
            return self._font(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def _display(self, row: StandingsRow, column: int) -> str:
        if column == COL_POS:
            return position_text(row)
        if column == COL_NAME:
            return row.name
        if column == COL_CHASSIS:
            return "\n".join(row.chassis)
        if column == COL_ENGINE:
            return "\n".join(row.engine)
        cell_index = column - FIRST_ROUND_COLUMN
        if cell_index < len(row.cells):
            return cell_text(row.cells[cell_index])
        if column == self.penalty_column:
            return signed_points(row.penalty) if row.penalty else ""
        return format_points(row.total)

    def _sort_value(self, row: StandingsRow, column: int) -> Any:
        """Native values: points as Decimals (71.5 before 100), excluded rows last by position."""
        if column == COL_POS:
            return EXCLUDED_LAST if row.excluded else row.pos
        if column in (COL_NAME, COL_CHASSIS, COL_ENGINE):
            return self._display(row, column).casefold()
        cell_index = column - FIRST_ROUND_COLUMN
        if cell_index < len(row.cells):
            return row.cells[cell_index].points or ZERO
        if column == self.penalty_column:
            return row.penalty
        return row.total

    def _font(self, row: StandingsRow, column: int) -> QFont | None:
        bold, italic = column == self.columnCount() - 1, row.excluded
        if not (bold or italic):
            return None
        font = QFont()
        font.setBold(bold)
        font.setItalic(italic)
        return font

    def _colour(self, row: StandingsRow, column: int) -> QBrush | None:
        if row.excluded:
            return QBrush(EXCLUDED_COLOUR)
        if column == self.penalty_column and row.penalty:
            return QBrush(PENALTY_COLOUR)
        return None

    def _tooltip(self, row: StandingsRow, column: int) -> str | None:
        if column in (COL_POS, COL_NAME) or column == self.penalty_column:
            return self._penalty_tooltip(row)
        cell_index = column - FIRST_ROUND_COLUMN
        if not 0 <= cell_index < len(row.cells):
            return None
        cell = row.cells[cell_index]
        lines = []
        if cell.points is not None:
            text = f"Class position {cell.position}" if cell.position else ""
            lines.append(f"{text} (dropped: not counted in the total)" if cell.dropped else text)
        if cell.penalty is not None:
            lines.append(f"Penalty for this round: {signed_points(cell.penalty)}")
        return "\n".join(line for line in lines if line) or None

    def _penalty_tooltip(self, row: StandingsRow) -> str | None:
        """The competitor's penalties and exclusion, with their reasons."""
        assert self._table is not None
        penalties = shown_penalties(self._table)
        notes = penalty_notes(self._table)
        mine = [note for p, note in zip(penalties, notes, strict=True) if p.competitor == row.name]
        return "\n".join(mine) or None


def _same_layout(old: StandingsTable, new: StandingsTable) -> bool:
    """Whether the same competitors hold the same rows, under the same columns."""
    return (
        old.championship == new.championship
        and old.round_numbers == new.round_numbers
        and has_penalty_column(old) == has_penalty_column(new)
        and [r.name for r in every_row(old)] == [r.name for r in every_row(new)]
    )
