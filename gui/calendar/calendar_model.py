"""The season calendar: each round's number, name, date, points and status (provisional,
official, or cancelled: a cancelled round is listed greyed; it can be chosen to be changed or
reinstated, and no results are entered on it)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont

from gui.tables.table_model import CENTER, Column, RowsTableModel
from model.edits.round_status import status_text
from model.io.export.rules_text import factor_words, points_list
from model.scoring.points import format_points
from model.store.queries import RoundLine
from model.store.season_data import RoundInfo

SHOWN_PLACES = 3  # the points of the first places; the whole scale is in the tooltip
TIMES = "\N{MULTIPLICATION SIGN}"
CANCELLED_COLOUR = QColor(128, 128, 128)


def scale_text(scale: Sequence[Decimal], factor: Decimal = Decimal(1)) -> str:
    """A round's points as the calendar shows them: '26-22-19…', and a factor after them
    ('9-6-4… x0.5', written with a multiplication sign)."""
    shown = points_list(scale[:SHOWN_PLACES]) + ("…" if len(scale) > SHOWN_PLACES else "")
    if not scale:
        shown = "no points"
    return shown if factor == 1 else f"{shown} {TIMES}{format_points(factor)}"


def scale_tooltip(rnd: RoundInfo) -> str:
    """The whole scale, its name and what the round's factor does."""
    named = f" ({rnd.scale_name})" if rnd.scale_name else ""
    paid = f"{points_list(rnd.scale)} to the top {len(rnd.scale)}" if rnd.scale else "no points"
    factor = "" if rnd.factor == 1 else f"; {factor_words(rnd.factor)}"
    return f"Points{named}: {paid}{factor}"


def _number(line: RoundLine) -> str:
    return "C" if line.cancelled else str(line.number or "")


class CalendarModel(RowsTableModel):
    """The rounds of the season shown; with the season's rounds in memory (set_calendar) the
    Points column shows each round's scale and factor (else the scale's name) and the Status
    column whether its results are official."""

    POINTS_COLUMN = 3
    STATUS_COLUMN = 4

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(lambda line: line.round_id, parent)
        self.set_editable(False)
        self._rounds: dict[int, RoundInfo] = {}
        self.COLUMNS = (
            Column("Rd", _number, lambda r: r.number or 0, align=CENTER),
            Column("Event", lambda r: r.name),
            Column("Date", lambda r: r.date.isoformat() if r.date else ""),
            Column("Points", self._points),
            Column("Status", self._status),
        )

    def set_calendar(self, lines: Sequence[RoundLine], rounds: Iterable[RoundInfo] = ()) -> None:
        """Show `lines`, their points and status read from the season's `rounds`; a round
        whose scale, factor or status changed while its line did not is repainted too."""
        before = {key: self._shown_of(key) for key in self.keys()}
        self._rounds = {rnd.id: rnd for rnd in rounds}
        self.set_rows(lines)
        for row, key in enumerate(self.keys()):
            if key in before and before[key] != self._shown_of(key):
                first, last = (
                    self.index(row, self.POINTS_COLUMN),
                    self.index(row, self.STATUS_COLUMN),
                )
                self.dataChanged.emit(first, last)

    def round_info(self, round_id: int) -> RoundInfo | None:
        """The season's round as loaded (its scale, factor and status), if known."""
        return self._rounds.get(round_id)

    def _shown_of(self, round_id: Any) -> tuple[Any, ...] | None:
        rnd = self._rounds.get(round_id)
        return None if rnd is None else (rnd.scale, rnd.factor, rnd.official_at, rnd.official_by)

    def _points(self, line: RoundLine) -> str:
        if line.cancelled:
            return "—"
        rnd = self._rounds.get(line.round_id)
        return line.scale if rnd is None else scale_text(rnd.scale, rnd.factor)

    def _status(self, line: RoundLine) -> str:
        rnd = self._rounds.get(line.round_id)
        if line.cancelled or rnd is None:
            return "Cancelled" if line.cancelled else ""
        return status_text(rnd.official_at, rnd.official_by)

    def extra_data(self, row: RoundLine, column: Column, role: int) -> Any:
        if row.cancelled and role == Qt.ItemDataRole.ForegroundRole:
            return CANCELLED_COLOUR  # chosen only to be changed: no results are entered on it
        if row.cancelled and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            rnd = self._rounds.get(row.round_id)
            if column.title == "Points" and rnd is not None and not row.cancelled:
                return scale_tooltip(rnd)
            if column.title == "Status" and rnd is not None and rnd.official_at is not None:
                by = f", marked by {rnd.official_by}" if rnd.official_by else ""
                return f"Results official since {rnd.official_at} (UTC){by}"
            where = f"{row.name}, {row.circuit}" if row.circuit else row.name
            return f"{where} (cancelled)" if row.cancelled else where
        return None
