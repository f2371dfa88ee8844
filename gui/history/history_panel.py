"""The History panel: every change to the season, and the results as they stood at any moment.

The log is read only while the panel is on screen, a page at a time, and after an edit only
the lines the edit added: its cost follows what is shown, not how long the log has grown.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from gui.history.history_model import PAGE_LINES, HistoryModel, OlderPage
from gui.race_document import RaceDocument
from gui.standings.standings_panel import StandingsPanel
from gui.tables.context_menu import attach_context_menu, copy_action
from gui.tables.table_model import CENTER, Column, RowsTableModel, compact_table
from model.scoring.standings import compute_standings
from model.store.history_log import (
    HistoryLine,
    history,
    history_lines,
    newest_change,
    renamed_since,
)
from model.store.history_past import season_data_at
from model.store.season_data import RoundInfo, SeasonData

ALL_ROUNDS = "All rounds"
Shown = tuple[int, int | None]  # (season, round filter) of the lines in the table


class Pending(enum.Enum):
    """What the table lacks, to be read once the panel is on screen."""

    NOTHING = enum.auto()
    NEWER = enum.auto()  # the lines added since it was filled
    PAGE = enum.auto()  # another season, round or document: its newest page


@dataclass(frozen=True)
class PastResult:
    key: int
    class_name: str
    class_pos: int | None
    car: str
    team: str
    laps: int | None
    status: str


class PastResultsModel(RowsTableModel):
    COLUMNS = (
        Column("Class", lambda r: r.class_name),
        Column("Pos", lambda r: r.class_pos, align=CENTER),
        Column("Car", lambda r: r.car, align=CENTER),
        Column("Team", lambda r: r.team),
        Column("Laps", lambda r: r.laps, align=CENTER),
        Column("Status", lambda r: r.status, align=CENTER),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(lambda row: row.key, parent)
        self.set_editable(False)


def past_results(data: SeasonData, round_id: int) -> list[PastResult]:
    rows = []
    order = {name: index for index, name in enumerate(data.classes)}
    for r in data.results:
        if r.round_id == round_id:
            entry = data.entries[r.entry_id]
            rows.append(
                PastResult(
                    r.result_id,
                    entry.class_name,
                    r.class_pos,
                    entry.car_number or "",
                    entry.team,
                    r.laps,
                    r.status.label,
                )
            )
    return sorted(rows, key=lambda p: (order.get(p.class_name, 99), p.class_pos or 10_000))


class HistoryPanel(QWidget):
    def __init__(self, document: RaceDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = HistoryModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        compact_table(self.view)  # columns fitted once, from a sample of the first page
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.round_filter = QComboBox()
        self.round_filter.currentIndexChanged.connect(lambda _index: self._read_again())
        self.as_of = QPushButton("Show the results as they stood then…")
        self.as_of_action = QAction("&Show the results as they stood then…", self)
        self.as_of_action.triggered.connect(self.show_selected_moment)
        self.as_of.clicked.connect(self.as_of_action.trigger)  # one handler: button and menu
        attach_context_menu(self.view, [copy_action(self.view), None, self.as_of_action])
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Round:"))
        bar.addWidget(self.round_filter)
        bar.addStretch(1)
        bar.addWidget(self.as_of)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self._pending = Pending.PAGE
        self._shown: Shown | None = None
        self._read_to = 0  # the season's newest logged line when the table was brought up to date
        document.changed.connect(lambda _changes: self._on_changed())
        document.season_changed.connect(lambda _id: self._fill_rounds())
        document.opened.connect(self._on_opened)

    def _fill_rounds(self) -> None:
        data = self.document.data
        self.round_filter.blockSignals(True)
        self.round_filter.clear()
        self.round_filter.addItem(ALL_ROUNDS, None)
        for rnd in data.rounds if data else ():  # a cancelled round's history too
            self.round_filter.addItem(_round_label(rnd), rnd.id)
        self.round_filter.blockSignals(False)
        self._read_again()

    def _on_opened(self) -> None:
        self.round_filter.blockSignals(True)
        self.round_filter.clear()  # the rounds come with the season (season_changed)
        self.round_filter.addItem(ALL_ROUNDS, None)
        self.round_filter.blockSignals(False)
        self._read_again()

    # --- when to read ------------------------------------------------------------------------

    def on_screen(self) -> bool:
        """Whether any of the panel can be seen: Qt calls a dock tabbed behind another one
        visible, though none of it is on screen (its visible region is empty)."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def set_on_screen(self, on_screen: bool) -> None:
        """Told by its dock (QDockWidget.visibilityChanged) when its tab is raised or left;
        whether anything of it is on screen is checked here all the same (on_screen)."""
        if on_screen:
            self._read_if_on_screen()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._read_if_on_screen()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._read_if_on_screen()  # a dock dragged open from nothing

    def _on_changed(self) -> None:
        if self._pending is Pending.NOTHING:
            self._pending = Pending.NEWER
        self._read_if_on_screen()

    def _read_again(self) -> None:
        """Another season, round or document: nothing of the old one stays in the table, and
        the new one's newest page is read once the panel is on screen."""
        self._pending, self._shown = Pending.PAGE, None
        self.model.clear()
        self._read_if_on_screen()

    def _read_if_on_screen(self) -> None:
        if self._pending is not Pending.NOTHING and self.on_screen():
            self._catch_up()

    def reload(self) -> None:
        """The newest page read again now, on screen or not."""
        self._pending = Pending.PAGE
        self._catch_up()

    def _catch_up(self) -> None:
        wanted = self._wanted()
        if self._pending is Pending.NEWER and wanted is not None and wanted == self._shown:
            self._read_newer(wanted)
        elif self._pending is not Pending.NOTHING:
            self._read_newest_page(wanted)
        self._pending = Pending.NOTHING

    # --- reading -----------------------------------------------------------------------------

    def _wanted(self) -> Shown | None:
        season_id = self.document.season_id
        return None if season_id is None else (season_id, self.round_filter.currentData())

    def _read_newest_page(self, wanted: Shown | None) -> None:
        self._shown = wanted
        if wanted is None:
            self.model.clear()
            return
        season_id, round_id = wanted

        def read(session: Session) -> tuple[list[HistoryLine], int]:
            newest = newest_change(session=session, season_id=season_id)
            page = history(
                session=session, season_id=season_id, round_id=round_id, limit=PAGE_LINES
            )
            return page, newest

        lines, self._read_to = self.document.read(read)
        older = self._older_pages(wanted) if len(lines) == PAGE_LINES else None
        self.model.show_newest(lines, older)

    def _older_pages(self, shown: Shown) -> OlderPage:
        season_id, round_id = shown

        def older_page(oldest: int) -> list[HistoryLine]:
            if self.document.closed:  # a view asking for more as the window goes away
                return []
            return self.document.read(
                lambda s: history(
                    session=s,
                    season_id=season_id,
                    round_id=round_id,
                    older_than=oldest,
                    limit=PAGE_LINES,
                )
            )

        return older_page

    def _read_newer(self, shown: Shown) -> None:
        """The lines added since, at the top; shown lines naming a row renamed since (in any
        round), in their new words."""
        newer, reworded, read_to = self.document.read(lambda s: self._newer_lines(s, shown))
        if len(newer) > PAGE_LINES:  # e.g. a whole season imported: read like a new choice
            self._read_newest_page(shown)
            return
        self._read_to = read_to
        self.model.add_newer(newer)
        self.model.replace_lines(reworded)

    def _newer_lines(
        self, session: Session, shown: Shown
    ) -> tuple[list[HistoryLine], list[HistoryLine], int]:
        season_id, round_id = shown
        renamed, read_to = renamed_since(
            session=session, season_id=season_id, newer_than=self._read_to
        )
        if read_to == self._read_to:
            return [], [], read_to  # nothing logged since (an edit of another season)
        newer = history(
            session=session,
            season_id=season_id,
            round_id=round_id,
            newer_than=self._read_to,
            limit=PAGE_LINES + 1,
        )
        naming = self.model.lines_naming(renamed) if renamed else []
        if not naming:
            return newer, [], read_to
        kept = history_lines(
            session=session, season_id=season_id, round_id=round_id, change_ids=naming
        )
        return newer, kept, read_to

    # --- a moment of the past ----------------------------------------------------------------

    def selected_change(self) -> HistoryLine | None:
        index = self.view.currentIndex()
        return self.model.line_at(index.row()) if index.isValid() else None

    def moment(self, change: HistoryLine) -> PastDialog:
        season_id = self.document.season_id or 0
        data = self.document.read(
            lambda s: season_data_at(session=s, season_id=season_id, change_id=change.change_id)
        )
        return PastDialog(data, change, self)

    def show_selected_moment(self) -> None:
        change = self.selected_change()
        if change is not None:
            self.moment(change).exec()


def _round_label(rnd: RoundInfo) -> str:
    if rnd.cancelled or rnd.number is None:
        return f"{rnd.name} (cancelled)" if rnd.cancelled else rnd.name
    return f"Round {rnd.number}: {rnd.name}"


class PastDialog(QDialog):
    """A round's results and the standings just after one change, to compare with today."""

    def __init__(
        self, data: SeasonData, change: HistoryLine, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        when = change.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        self.setWindowTitle(f"As it stood after: {change.step or change.description} ({when})")
        rounds = [r for r in data.numbered_rounds]
        self.round_picker = QComboBox()
        for rnd in rounds:
            self.round_picker.addItem(f"Round {rnd.number}: {rnd.name}", rnd.id)
        if change.round_id is not None:
            self.round_picker.setCurrentIndex(max(self.round_picker.findData(change.round_id), 0))
        self.results = PastResultsModel(self)
        results_view = QTableView()
        results_view.setModel(self.results)
        compact_table(results_view)
        self.standings = StandingsPanel()
        self.standings.show_standings(compute_standings(data), data.classes)
        self._data = data
        self.round_picker.currentIndexChanged.connect(lambda _i: self._show_round())
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(results_view)
        split.addWidget(self.standings)
        layout = QVBoxLayout(self)
        layout.addWidget(self.round_picker)
        layout.addWidget(split)
        self.resize(1200, 600)
        self._show_round()

    def _show_round(self) -> None:
        round_id = self.round_picker.currentData()
        self.results.set_rows(past_results(self._data, round_id) if round_id else [])
