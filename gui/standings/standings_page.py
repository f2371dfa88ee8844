"""One class's standings tab: position, name, total, gap and last change frozen on the left,
the chassis, engines and rounds scrolling beside them; an explanation instead of an empty
table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.standings.standings_model import (
    COL_CHASSIS,
    COL_ENGINE,
    COL_NAME,
    COL_POS,
    LEGEND,
    StandingsTableModel,
)
from model.scoring.standings import Championship

ROUNDS_AT_LEAST = 100  # px left to the scrolling rounds when a long name is shortened
NAME_AT_LEAST = 90  # px of a name kept however narrow the panel
RESIZE_SAMPLE_ROWS = 40  # rows measured when fitting columns: the leaders' names are enough
NOBODY = {
    Championship.DRIVERS: (
        "No drivers recorded: this class's results name no drivers. Add each car's drivers "
        "in the entry list and their championship is worked out from the same results."
    ),
    Championship.TEAMS: "No results in this class yet: enter a round's finishers to rank it.",
    Championship.MANUFACTURERS: (
        "No manufacturers recorded: this class's cars name no chassis or engine maker."
    ),
}


class StandingsPage(QWidget):
    """Two views over one model sharing rows, selection and vertical scrolling."""

    def __init__(self, model: StandingsTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._name_width = 0  # the longest name's, before shortening to the panel
        self.frozen = _view(model)
        self.rounds = _view(model)
        self.frozen.setSelectionModel(self.rounds.selectionModel())
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A scroll bar under both keeps their viewports equally tall, rows lined up.
        for view in (self.frozen, self.rounds):
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        frozen_bar, rounds_bar = self.frozen.verticalScrollBar(), self.rounds.verticalScrollBar()
        rounds_bar.valueChanged.connect(frozen_bar.setValue)
        frozen_bar.valueChanged.connect(rounds_bar.setValue)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(12)
        self.legend = QLabel(LEGEND)
        self.legend.setWordWrap(True)
        self.legend.setContentsMargins(4, 2, 4, 2)
        self.legend.hide()
        views = QWidget()
        row = QHBoxLayout(views)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.frozen)
        row.addWidget(self.rounds, 1)
        tables = QWidget()
        column = QVBoxLayout(tables)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(views, 1)
        column.addWidget(self.legend)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(tables)
        self._stack.addWidget(self.empty)

    def frozen_columns(self) -> list[int]:
        """Position, name, total, gap, title mark and change, in the order they are shown."""
        m = self.model
        mark = [] if m.mark_column is None else [m.mark_column]
        return [COL_POS, COL_NAME, m.total_column, m.gap_column, *mark, m.move_column]

    def lay_out(self, championship: Championship, *, fit: bool = True) -> None:
        """Split the columns between the two views and, with `fit`, fit them to their
        contents (after the columns changed: a new order of the same rows keeps the widths)."""
        frozen = self.frozen_columns()
        for column in range(self.model.columnCount()):
            self.frozen.setColumnHidden(column, column not in frozen)
            self.rounds.setColumnHidden(column, column in frozen)
        header = self.frozen.horizontalHeader()
        for place, column in enumerate(frozen):
            header.moveSection(header.visualIndex(column), place)
        # The rounds first beside the frozen part; chassis and engine after them.
        scrolling = self.rounds.horizontalHeader()
        for column in (COL_CHASSIS, COL_ENGINE):
            scrolling.moveSection(scrolling.visualIndex(column), scrolling.count() - 1)
        self.frozen.setColumnHidden(self.model.move_column, not self.model.moves)
        if fit:
            self.frozen.resizeColumnsToContents()
            self.rounds.resizeColumnsToContents()
            self._name_width = self.frozen.columnWidth(COL_NAME)
        self._fit_frozen()
        self.legend.setVisible(self.model.has_marks)
        self.show_emptiness(championship)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_frozen()

    def _fit_frozen(self) -> None:
        """The frozen part as wide as its columns, a long name shortened (elided, the whole
        name in its tooltip) so some rounds stay in view in a narrow panel."""
        others = self.frozen.horizontalHeader().length() - self.frozen.columnWidth(COL_NAME)
        room = max(NAME_AT_LEAST, self.width() - others - ROUNDS_AT_LEAST)
        self.frozen.setColumnWidth(COL_NAME, min(self._name_width, room))
        self.frozen.setFixedWidth(
            self.frozen.horizontalHeader().length() + 2 * self.frozen.frameWidth()
        )

    def show_moves(self) -> None:
        """Widen the frozen part to the last change's arrows and points."""
        self.frozen.setColumnHidden(self.model.move_column, False)
        self.frozen.resizeColumnToContents(self.model.move_column)
        self._fit_frozen()

    def hide_moves(self) -> None:
        self.frozen.setColumnHidden(self.model.move_column, True)
        self._fit_frozen()

    def show_emptiness(self, championship: Championship) -> None:
        self.empty.setText(NOBODY[championship])
        self._stack.setCurrentIndex(1 if self.model.rowCount() == 0 else 0)

    def fit_rows(self) -> None:
        """Rows as tall as their chassis and engine lists, without measuring every cell."""
        for view in (self.frozen, self.rounds):
            line = view.fontMetrics().lineSpacing()
            header = view.verticalHeader()
            header.setDefaultSectionSize(line + 8)
            for row in range(self.model.rowCount()):
                lines = self.model.line_count(row)
                if lines > 1:
                    header.resizeSection(row, lines * line + 8)


def _view(model: StandingsTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setResizeContentsPrecision(RESIZE_SAMPLE_ROWS)
    return view
