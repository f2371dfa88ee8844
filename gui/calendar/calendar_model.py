"""The season calendar; a cancelled round is listed, greyed, and cannot be picked."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from gui.tables.table_model import CENTER, Column, Index, RowsTableModel
from model.store.queries import RoundLine


def _number(line: RoundLine) -> str:
    return "C" if line.cancelled else str(line.number or "")


class CalendarModel(RowsTableModel):
    COLUMNS = (
        Column("Rd", _number, lambda r: r.number or 0, align=CENTER),
        Column("Event", lambda r: r.name),
        Column("Date", lambda r: r.date.isoformat() if r.date else ""),
        Column("Points", lambda r: "—" if r.cancelled else r.scale),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(lambda line: line.round_id, parent)
        self.set_editable(False)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if index.isValid() and self.row_at(index.row()).cancelled:
            return Qt.ItemFlag.NoItemFlags  # shown greyed; no results can be entered
        return super().flags(index)

    def extra_data(self, row: RoundLine, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            where = f"{row.name}, {row.circuit}" if row.circuit else row.name
            return f"{where} (cancelled)" if row.cancelled else where
        return None
