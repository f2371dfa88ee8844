"""Item model over one standings table, as computed by model.scoring.standings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from gui.standings.table_changes import EXCLUDED_LAST, moves_between, same_layout
from gui.tables.table_model import SortRole
from model.io.export.colours import PLACES
from model.io.export.colours import ROUND_COLOURS as ROUND_HEX
from model.io.export.penalty_text import (
    cell_text,
    every_row,
    has_penalty_column,
    penalty_notes,
    position_text,
    shown_penalties,
    signed_points,
)
from model.scoring.contention import Contention
from model.scoring.points import ZERO, format_points
from model.scoring.standings import Championship, StandingsRow, StandingsTable

COL_POS, COL_NAME, COL_CHASSIS, COL_ENGINE = range(4)
FIRST_ROUND_COLUMN = 4
# After the rounds (and 'Pen.'): the last change, the gap to the leader, the total.
TRAILING_COLUMNS = 3
# Before them, where the table says who can still win: the most reachable and the mark.
CONTENTION_COLUMNS = 2
MARKS = {Contention.CHAMPION: "C", Contention.CAN_STILL_WIN: "✓", Contention.OUT: ""}
OUT_COLOUR = QColor(150, 150, 150)  # dimmed: can no longer win
LEGEND = (
    "C champion · ✓ can still win · dimmed: out of contention · "
    "Max: the most points still reachable"
)
NAME_HEADERS = {
    Championship.TEAMS: "Team",
    Championship.DRIVERS: "Driver",
    Championship.MANUFACTURERS: "Manufacturer",
}
PENALTY_HEADER = "Pen."
EXCLUDED_COLOUR = QColor(128, 128, 128)  # greyed, as in the workbooks
PENALTY_COLOUR = QColor(192, 0, 0)
# The workbook's round fills, by the kind of score (1st, 2nd, 3rd, points, no points).
ROUND_COLOURS = {kind: QColor(f"#{colour}") for kind, colour in ROUND_HEX.items()}

_Index = QModelIndex | QPersistentModelIndex
Marks = dict[str, tuple[Decimal, Contention]]


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
        self._moves: dict[str, str] = {}
        self._marks: Marks | None = None

    @property
    def table(self) -> StandingsTable | None:
        """The table shown."""
        return self._table

    def set_table(self, table: StandingsTable | None, marks: Marks | None = None) -> bool:
        """Show `table`, with `marks` (each ranked competitor's most reachable points and
        title mark) in two more columns where given: only the rows that changed are
        repainted while every competitor keeps their row; an order that moved is a reset.
        True when rows were laid out anew."""
        old, old_rows, old_marks = self._table, self._rows, self._marks
        if table is old and marks == old_marks:
            return False
        self._moves = moves_between(old, table) if table is not old else self._moves
        if (
            old is None
            or table is None
            or not same_layout(old, table)
            or (marks is None) != (old_marks is None)
        ):
            self.beginResetModel()
            self._show(table, marks)
            self.endResetModel()
            return True
        self._show(table, marks)
        last_column = self.columnCount() - 1
        for row, (before, now) in enumerate(zip(old_rows, self._rows, strict=True)):
            if before != now or marks != old_marks:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))
        return False

    def _show(self, table: StandingsTable | None, marks: Marks | None) -> None:
        self._table = table
        self._marks = marks
        self._rows = every_row(table) if table is not None else ()
        self._penalties = table is not None and has_penalty_column(table)

    @property
    def marks(self) -> Marks | None:
        """Each ranked competitor's most reachable points and title mark, where given."""
        return self._marks

    @property
    def has_marks(self) -> bool:
        """Whether the table says who can still win (the Max and Title columns)."""
        return self._marks is not None

    def mark_of(self, name: str) -> tuple[Decimal, Contention] | None:
        """The competitor's most reachable points and title mark (None: excluded, or none
        worked out)."""
        return None if self._marks is None else self._marks.get(name)

    def row_tsv(self, row: int) -> str:
        """One row as tab-separated text under the table's header."""
        lines = self.as_tsv().split("\n")
        return "\n".join((lines[0], lines[row + 1])) + "\n" if 0 <= row < self.rowCount() else ""

    @property
    def moves(self) -> dict[str, str]:
        """What the last change did to each competitor it moved or scored: '▲2 +8'."""
        return dict(self._moves)

    def clear_moves(self) -> None:
        """Forget the last change's arrows (they are shown for a few seconds)."""
        if self._moves:
            self._moves = {}
            last = self.rowCount() - 1
            column = self.move_column
            self.dataChanged.emit(self.index(0, column), self.index(last, column))

    def as_tsv(self) -> str:
        """The whole table as tab-separated text, its header first, as a spreadsheet pastes it."""
        columns = range(self.columnCount())
        lines = ["\t".join(self._header_text(c) for c in columns)]
        for row in range(self.rowCount()):
            cells = (str(self.index(row, c).data() or "") for c in columns)
            lines.append("\t".join(cell.replace("\n", " / ") for cell in cells))
        return "\n".join(lines) + "\n"

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
        rounds = len(self._table.round_numbers)
        marks = CONTENTION_COLUMNS if self._marks is not None else 0
        return FIRST_ROUND_COLUMN + rounds + self._penalties + marks + TRAILING_COLUMNS

    @property
    def penalty_column(self) -> int | None:
        """The 'Pen.' column, where the table has one."""
        marks = CONTENTION_COLUMNS if self._marks is not None else 0
        return self.columnCount() - 1 - TRAILING_COLUMNS - marks if self._penalties else None

    @property
    def max_column(self) -> int | None:
        """The most points each competitor can still reach, where the table says."""
        return self.columnCount() - 5 if self._marks is not None else None

    @property
    def mark_column(self) -> int | None:
        """Champion, can still win (or nothing: out of contention), where the table says."""
        return self.columnCount() - 4 if self._marks is not None else None

    @property
    def total_column(self) -> int:
        return self.columnCount() - 1

    @property
    def gap_column(self) -> int:
        return self.columnCount() - 2

    @property
    def move_column(self) -> int:
        """Where the last change's arrow and points show."""
        return self.columnCount() - 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or self._table is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:  # the mark's column as narrow as its marks
            return "" if section == self.mark_column else self._header_text(section)
        if role == Qt.ItemDataRole.ToolTipRole and section == self.mark_column:
            return f"Title: {LEGEND}"
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
        fixed = {
            COL_POS: "Pos",
            COL_NAME: name,
            COL_CHASSIS: "Chassis",
            COL_ENGINE: "Engine",
            self.move_column: "Change",
            self.gap_column: "Gap",
        }
        if self._marks is not None:
            fixed.update({self.max_column or 0: "Max", self.mark_column or 0: "Title"})
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
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._fill(row, column)
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
        if column == self.gap_column:
            gap = self._gap(row)
            return "" if gap is None else f"-{format_points(gap)}" if gap else "Leader"
        if column == self.move_column:
            return self._moves.get(row.name, "")
        if column in (self.max_column, self.mark_column):
            return self._contention_text(row, column)
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
        if column in (COL_NAME, COL_CHASSIS, COL_ENGINE, self.move_column):
            return self._display(row, column).casefold()
        if column in (self.max_column, self.mark_column):
            found = self.mark_of(row.name)
            if found is None:
                return -1
            return found[0] if column == self.max_column else list(Contention).index(found[1])
        if column == self.gap_column:
            gap = self._gap(row)
            return EXCLUDED_LAST if gap is None else gap
        cell_index = column - FIRST_ROUND_COLUMN
        if cell_index < len(row.cells):
            return row.cells[cell_index].points or ZERO
        if column == self.penalty_column:
            return row.penalty
        return row.total

    def _contention_text(self, row: StandingsRow, column: int) -> str:
        found = self.mark_of(row.name)
        if found is None:
            return ""
        most, mark = found
        return format_points(most) if column == self.max_column else MARKS[mark]

    def _contention_tooltip(self, row: StandingsRow) -> str | None:
        """'Can still win: can reach 215', in words."""
        found = self.mark_of(row.name)
        if found is None:
            return None
        most, mark = found
        if mark is Contention.CHAMPION:
            return "Champion"
        return f"{mark.value.capitalize()}: can reach {format_points(most)}"

    def _font(self, row: StandingsRow, column: int) -> QFont | None:
        found = self.mark_of(row.name) if column == self.mark_column else None
        champion = found is not None and found[1] is Contention.CHAMPION
        bold, italic = column == self.columnCount() - 1 or champion, row.excluded
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
        found = self.mark_of(row.name)
        if found is not None and found[1] is Contention.OUT and column in self._dimmed_columns:
            return QBrush(OUT_COLOUR)
        return None

    @property
    def _dimmed_columns(self) -> tuple[int | None, ...]:
        """Where a competitor out of contention is dimmed: its name and what it can reach."""
        return (COL_NAME, self.max_column, self.mark_column)

    def _gap(self, row: StandingsRow) -> Decimal | None:
        """Points behind the leader; None for an excluded competitor."""
        if row.excluded or self._table is None or not self._table.rows:
            return None
        return self._table.rows[0].total - row.total

    def _fill(self, row: StandingsRow, column: int) -> QBrush | None:
        """A round's cell filled as the workbook fills it: by the place that earned it."""
        cell_index = column - FIRST_ROUND_COLUMN
        if row.excluded or not 0 <= cell_index < len(row.cells):
            return None
        cell = row.cells[cell_index]
        if cell.points:
            kind = PLACES.get(cell.position or 0, "points")
        else:
            kind = "no points" if cell.raced else "empty"
        colour = ROUND_COLOURS.get(kind)
        return QBrush(colour) if colour is not None else None

    def _tooltip(self, row: StandingsRow, column: int) -> str | None:
        if column == COL_NAME:  # the whole name, where a narrow panel shortens it
            parts = (row.name, self._contention_tooltip(row), self._penalty_tooltip(row))
            return "\n".join(part for part in parts if part)
        if column in (self.max_column, self.mark_column):
            return self._contention_tooltip(row)
        if column == COL_POS or column == self.penalty_column:
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
