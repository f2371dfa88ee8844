"""The main window: season picker, calendar, results, entry list, problems and standings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QStyle,
    QTableView,
    QToolBar,
    QWidget,
)

from gui.about import about_text
from gui.calendar.calendar_editor import CalendarEditor
from gui.calendar.calendar_model import CalendarModel
from gui.charts.progression_chart import ProgressionChart
from gui.entries.entries_panel import EntriesPanel
from gui.files.export_dialog import StandingsExport
from gui.files.file_menu import FileMenu
from gui.history.history_panel import HistoryPanel
from gui.imports.import_flow import TimingImport
from gui.main_toolbar import main_toolbar
from gui.penalties.penalties_panel import PenaltiesPanel
from gui.problems.problems_panel import ProblemsPanel
from gui.prompts import Prompts
from gui.publish.publish_actions import Publishing
from gui.race_document import RaceDocument
from gui.results.results_panel import ResultsPanel
from gui.season.season_actions import SeasonSetup
from gui.server.watch import ServerWatch
from gui.standings.standings_panel import StandingsPanel
from gui.tables.table_model import compact_table
from model.edits.changes import Changes
from model.edits.seasons import list_seasons
from model.errors import PitboardError
from model.io.registry import PITBOARD_CSV, SEASON_JSON, dialog_filter
from model.scoring.problems import Problem
from model.store.queries import calendar

GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
FAILURE_SHOWN_MS = 10_000


class MainWindow(QMainWindow):
    def __init__(
        self, document: RaceDocument, settings: QSettings, prompts: Prompts | None = None
    ) -> None:
        super().__init__()
        self.document = document
        self.settings = settings
        self.prompts = prompts or Prompts(self)  # every question to the user goes through it
        self.setWindowTitle("Pitboard")
        self.files = FileMenu(self, document, settings, self.prompts)
        self.server_watch = ServerWatch(document, self)  # other editors of a server document
        self.export = StandingsExport(self, document, settings, self.prompts)
        self.publishing = Publishing(
            self, document, settings, self.prompts, lambda: self.standings.shown_class
        )
        self.timing_import = TimingImport(
            self, document, settings, self.prompts, lambda: self.results.round_id
        )
        self.season_setup = SeasonSetup(
            self, document, self.prompts, lambda: self.results.class_filter.currentText()
        )
        self.season_picker = QComboBox()
        self.season_picker.setMinimumContentsLength(28)
        self.season_picker.currentIndexChanged.connect(self._on_season_picked)
        self.calendar_model = CalendarModel(self)
        self.calendar_view = self._calendar_view()
        self.calendar_editor = CalendarEditor(
            document, self.prompts, self.calendar_view, self.calendar_model, self
        )
        self.results = ResultsPanel(document, self.prompts)
        self.entries = EntriesPanel(document, self.prompts)
        self.problems = ProblemsPanel(document, self.prompts)
        self.history = HistoryPanel(document)
        self.penalties = PenaltiesPanel(document, self.prompts)
        self.standings = StandingsPanel()
        self.points_chart = ProgressionChart(document, self.standings)
        self.results.class_filter.currentTextChanged.connect(self.standings.follow_class)
        self.setCentralWidget(self.results)
        self._docks = {
            "Calendar": self._dock(
                "Calendar", self.calendar_editor.panel, Qt.DockWidgetArea.LeftDockWidgetArea
            ),
            "Standings": self._dock(
                "Standings", self.standings, Qt.DockWidgetArea.RightDockWidgetArea
            ),
            "Points chart": self._dock(
                "Points chart", self.points_chart, Qt.DockWidgetArea.BottomDockWidgetArea
            ),
            "Entry list": self._dock(
                "Entry list", self.entries, Qt.DockWidgetArea.BottomDockWidgetArea
            ),
            "Problems": self._dock(
                "Problems", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea
            ),
            "History": self._dock("History", self.history, Qt.DockWidgetArea.BottomDockWidgetArea),
            "Penalties": self._dock(
                "Penalties", self.penalties, Qt.DockWidgetArea.BottomDockWidgetArea
            ),
        }
        self.tabifyDockWidget(self._docks["Entry list"], self._docks["Problems"])
        self.tabifyDockWidget(self._docks["Problems"], self._docks["History"])
        self.tabifyDockWidget(self._docks["History"], self._docks["Penalties"])
        self._docks["History"].visibilityChanged.connect(self.history.set_on_screen)
        self._docks["Problems"].visibilityChanged.connect(self.problems.set_on_screen)
        self._docks["Penalties"].visibilityChanged.connect(self.penalties.set_on_screen)
        # A second tabbed group (beside the Standings) leaves a stray tab bar drawn over the
        # window in Qt 6.11; the wide bottom group also suits rounds along the x axis.
        self.tabifyDockWidget(self._docks["Penalties"], self._docks["Points chart"])
        self._docks["Points chart"].visibilityChanged.connect(self.points_chart.set_on_screen)
        self._docks["Entry list"].raise_()
        toolbar = QToolBar("Season")
        toolbar.setObjectName("season-toolbar")
        toolbar.addWidget(QLabel(" Season: "))
        toolbar.addWidget(self.season_picker)
        self.addToolBar(toolbar)
        self.file_label = QLabel()
        self.statusBar().addPermanentWidget(self.file_label)
        self._build_menus()
        self.addToolBar(self._actions_toolbar())
        document.author = self.export.author
        document.confirm = self.prompts.confirm  # e.g. before an official round's results change
        document.changed.connect(self._on_document_changed)
        document.failed.connect(self._on_failed)
        document.opened.connect(self._on_opened)
        document.season_changed.connect(self._on_season_changed)
        self.files.imported.connect(self._on_imported)
        self.season_setup.season_created.connect(self._on_season_created)
        self.files.season_wanted.connect(self.season_setup.new_season)
        self.problems.problem_activated.connect(self.go_to_problem)
        self.server_watch.note.connect(lambda text: self.statusBar().showMessage(text))

    def dock(self, title: str) -> QDockWidget:
        return self._docks[title]

    # --- building --------------------------------------------------------------------------

    def _calendar_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.calendar_model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        compact_table(view)
        view.selectionModel().currentRowChanged.connect(
            lambda current, _: self._on_round_picked(current.row())
        )
        return view

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.lower().replace(" ", "-"))
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        files = self.menuBar().addMenu("&File")
        files.addAction(
            self._action("&New…", self.files.new_document, QKeySequence.StandardKey.New)
        )
        files.addAction(
            self._action("&Open…", self.files.open_document, QKeySequence.StandardKey.Open)
        )
        files.addAction(self._action("Open &server document…", self.files.open_server_document))
        files.addMenu(self.files.recent_menu)
        files.addAction(
            self._action(
                "Save a &copy as…", self.files.save_copy_as, QKeySequence.StandardKey.SaveAs
            )
        )
        files.addSeparator()
        files.addAction(self._action("Restore from &backup…", self.files.restore_from_backup))
        files.addSeparator()
        files.addAction(self._action("New s&eason…", self.season_setup.new_season))
        files.addAction(self._action("Import &season definition…", self._import_season))
        self.import_results_action = self._action("Import &results (CSV)…", self._import_results)
        self.import_timing_action = self._action(
            "Import &timing results…", self.timing_import.run, "Ctrl+Shift+I"
        )
        self.export_action = self._action("&Export standings…", self.export.run, "Ctrl+E")
        files.addActions([self.import_results_action, self.import_timing_action])
        files.addAction(self.export_action)
        files.addAction(self._action("Export standings as &PDF…", self.publishing.export_pdf))
        files.addAction(
            self._action("&Print…", self.publishing.print_shown, QKeySequence.StandardKey.Print)
        )
        files.addSeparator()
        files.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))
        edit = self.menuBar().addMenu("&Edit")
        stack = self.document.undo_stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        edit.addActions([self.undo_action, self.redo_action])
        edit.addSeparator()
        edit.addActions(self.results.view.edit_actions)  # also the results' right-click menu
        self.results.view.more_actions = [self.undo_action, self.redo_action]
        edit.addSeparator()
        self.finishers_action = self._action(
            "Enter &finishers", self.results.car_entry.setFocus, "Ctrl+L"
        )
        edit.addAction(self.finishers_action)
        edit.addActions(self.entries.menu_actions)  # also its buttons and right-click menu
        edit.addSeparator()
        edit.addAction(self._action("Your &name for published files…", self.export.ask_author))
        self.season_menu = self.menuBar().addMenu("&Season")
        self.season_menu.addActions(self.calendar_editor.actions)
        self.season_menu.addSeparator()
        self.season_menu.addAction(self._action("&Settings…", self.season_setup.settings))
        self.season_menu.addAction(self._action("&Points scales…", self.season_setup.points_scales))
        panels = self.menuBar().addMenu("&View")
        for dock in self._docks.values():
            panels.addAction(dock.toggleViewAction())
        self.menuBar().addMenu("&Help").addAction(self._action("&About Pitboard", self.show_about))

    def _actions_toolbar(self) -> QToolBar:
        self.problems_action = self._action("Check &problems", self._show_problems)
        icons = QStyle.StandardPixmap
        return main_toolbar(
            self,
            [
                (self.undo_action, "Undo", icons.SP_ArrowBack),
                (self.redo_action, "Redo", icons.SP_ArrowForward),
                None,
                (self.finishers_action, "Finishers", icons.SP_DialogApplyButton),
                (self.import_timing_action, "Timing file", icons.SP_DialogOpenButton),
                (self.import_results_action, "Results", icons.SP_FileDialogStart),
                (self.export_action, "Export", icons.SP_DialogSaveButton),
                (self.calendar_editor.add, "New round", icons.SP_FileDialogNewFolder),
                (self.problems_action, "Problems", icons.SP_MessageBoxWarning),
            ],
        )

    def _show_problems(self) -> None:
        dock = self._docks["Problems"]
        dock.show()
        dock.raise_()

    # --- document and season ---------------------------------------------------------------

    def _on_opened(self) -> None:
        path, server = self.document.path, self.document.server_url
        self.setWindowTitle(f"{path.name if path else server or 'Document'} — Pitboard")
        saved = (
            f"read-only ({self.document.read_only_reason}): nothing can be changed"
            if self.document.read_only
            else "every change is saved"
        )
        shared = "shared on the server: every change is saved"
        self.file_label.setText(
            f"{path}  ·  {saved}" if path else f"{server}  ·  {shared}" if server else ""
        )
        self.calendar_model.set_rows([])  # nothing of the previous document stays on screen
        self.results.show_round(None)
        for panel in (self.entries, self.problems):  # the history reads itself once on screen
            panel.reload()
        self.standings.clear()
        self.reload_seasons()

    def reload_seasons(self) -> None:
        seasons = self.document.read(lambda s: list_seasons(session=s))
        current = self.document.season_id
        self.season_picker.blockSignals(True)
        self.season_picker.clear()
        for series, year, season_id in seasons:
            self.season_picker.addItem(f"{series} {year}", season_id)
        self.season_picker.blockSignals(False)
        if not seasons:
            self.statusBar().showMessage("No season yet: File > New season…")
            return
        index = max(self.season_picker.findData(current), 0) if current else 0
        self.season_picker.setCurrentIndex(index)
        self._on_season_picked(index)

    def _on_season_created(self, season_id: int) -> None:
        """A new season is listed; it is shown at once only where no season was (switching
        seasons clears Undo, which could then no longer take the new season back)."""
        shown = self.document.season_id
        self.reload_seasons()
        if shown is None:
            self.season_picker.setCurrentIndex(self.season_picker.findData(season_id))
        else:
            self.statusBar().showMessage(
                "Created: choose it in the Season list (Edit > Undo removes it)", FAILURE_SHOWN_MS
            )

    def _on_season_picked(self, index: int) -> None:
        season_id = self.season_picker.itemData(index)
        if season_id is None or season_id == self.document.season_id:
            return  # the list was only refreshed: the season shown (and its undo steps) stay
        try:
            self.document.set_season(season_id)
        except PitboardError as exc:  # e.g. a value another program stored in the document
            self.prompts.warning(f"Cannot show {self.season_picker.itemText(index)}:\n{exc}")

    def _on_season_changed(self, _season_id: int) -> None:
        """A season was (re)loaded: calendar, standings, and a round to show again."""
        kept = self.calendar_view.currentIndex().row()
        self._reload_calendar()
        self._show_standings()
        rows = range(self.calendar_model.rowCount())
        usable = [row for row in rows if not self.calendar_model.row_at(row).cancelled]
        if usable:
            row = kept if kept in usable else usable[0]
            self.calendar_view.selectRow(row)
            self._on_round_picked(row)  # also when the same row was already current

    def _reload_calendar(self) -> None:
        season_id = self.document.season_id
        rounds = (
            []
            if season_id is None
            else self.document.read(lambda s: calendar(session=s, season_id=season_id))
        )
        data = self.document.data  # the scales and factors of the rounds, in memory
        self.calendar_model.set_calendar(rounds, data.rounds if data is not None else ())

    def _on_round_picked(self, row: int) -> None:
        if 0 <= row < self.calendar_model.rowCount():
            line = self.calendar_model.row_at(row)
            round_id = None if line.cancelled else line.round_id
            if round_id != self.results.round_id:  # a row picked again changes nothing
                self.results.show_round(round_id)

    def select_round(self, round_id: int) -> None:
        row = self.calendar_model.row_of(round_id)
        if row is not None:
            self.calendar_view.selectRow(row)

    def _on_document_changed(self, changes: Changes) -> None:
        if changes.calendar:
            self._reload_calendar()
            self._on_round_picked(self.calendar_view.currentIndex().row())  # cancelled: none
        self._show_standings()

    def _show_standings(self) -> None:
        live = self.document.live
        if live is not None:  # a class's tables are worked out when its tab is shown
            self.standings.show_standings(live, live.data.classes)

    def _on_failed(self, message: str) -> None:
        self.statusBar().showMessage(f"Not changed: {message}", FAILURE_SHOWN_MS)

    def _on_imported(self, message: str) -> None:
        self.statusBar().showMessage(message, FAILURE_SHOWN_MS)
        self.reload_seasons()

    def go_to_problem(self, problem: Problem) -> None:
        self.select_round(problem.round_id)
        self.results.set_class(None)
        try:
            column = self.results.model.column_of(problem.field)
        except KeyError:  # a field the table has no column for: the car's row is enough
            column = self.results.model.column_of("class_pos")
        if self.results.view.select_result(problem.result_id, column):
            self.results.view.setFocus()

    def show_about(self) -> None:
        self.prompts.about(about_text())

    def _import_season(self) -> None:
        chosen = self.prompts.open_path(
            "Import season", dialog_filter("Season definitions", (SEASON_JSON,))
        )
        if chosen:
            self.files.import_season_file(Path(chosen))

    def _import_results(self) -> None:
        chosen = self.prompts.open_path("Import results", dialog_filter("Results", (PITBOARD_CSV,)))
        if chosen:
            self.files.import_results_file(Path(chosen))

    # --- layout ----------------------------------------------------------------------------

    def restore_layout(self) -> None:
        geometry = self.settings.value(GEOMETRY_KEY)
        state = self.settings.value(STATE_KEY)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            screen = self.screen() or QGuiApplication.primaryScreen()
            size = first_size(screen.availableGeometry().size() if screen else None)
            self.resize(size)
            docks = [self._docks["Calendar"], self._docks["Standings"]]
            widths = [size.width() * 25 // 100, size.width() * 37 // 100]
            self.resizeDocks(docks, widths, Qt.Orientation.Horizontal)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.settings.setValue(STATE_KEY, self.saveState())
        self.server_watch.stop()
        self.document.close()
        super().closeEvent(event)


PREFERRED_SIZE = QSize(1500, 900)
SCREEN_MARGIN = 24  # room for the window's frame and title bar inside the screen


def first_size(available: QSize | None) -> QSize:
    """The window's size on its first start: the preferred size, or the screen's room where
    that is smaller (a 1366x768 laptop), so it never opens larger than the screen."""
    if available is None or available.isEmpty():
        return PREFERRED_SIZE
    return QSize(
        min(PREFERRED_SIZE.width(), available.width() - SCREEN_MARGIN),
        min(PREFERRED_SIZE.height(), available.height() - 2 * SCREEN_MARGIN),
    )
