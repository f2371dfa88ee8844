"""The calendar panel's actions: add, change, move, cancel or reinstate, delete a round, and
mark its results official or provisional again. Each is one undo step through the document;
the actions act on the round chosen in the calendar (its row's context menu holds them too).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTableView, QToolBar, QVBoxLayout, QWidget
from sqlmodel import Session

from gui.calendar.calendar_model import CalendarModel
from gui.calendar.round_dialog import RoundDialog
from gui.prompts import Prompts
from gui.race_document import RaceDocument
from gui.tables.context_menu import attach_context_menu
from model.edits import calendar_edits as edits
from model.edits.calendar_edits import CalendarEdit, RoundFields
from model.edits.operations import Edit
from model.errors import PitboardError
from model.store.queries import RoundLine

MAX_COLUMN_WIDTH = 230  # pixels


class CalendarEditor(QObject):
    """Builds the calendar panel (a toolbar over `view`) and its actions, named in
    `actions` for the Season menu."""

    def __init__(
        self,
        document: RaceDocument,
        prompts: Prompts,
        view: QTableView,
        model: CalendarModel,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document, self.prompts, self.view, self.model = document, prompts, view, model
        self._parent = parent
        self.add = self._action("&Add round…", self.add_round, "Add a round to the calendar")
        self.race = self._action(
            "Add a &race to this round…", self.add_race, "Another race of the round chosen"
        )
        self.edit = self._action("&Edit round…", self.edit_round, "Name, circuit, date, points")
        self.up = self._action("Move round &up", lambda: self.move_round(-1), "Earlier")
        self.down = self._action("Move round &down", lambda: self.move_round(1), "Later")
        self.cancel = self._action("&Cancel round", self.toggle_cancelled, "")
        self.delete = self._action("De&lete round", self.delete_round, "")
        self.official = self._action("Mark results &official", self.toggle_official, "")
        self.actions = [self.add, self.race, self.edit, self.up, self.down, self.cancel]
        self.actions.append(self.delete)
        self.actions.append(self.official)
        self.panel = self._panel()
        attach_context_menu(view, self.actions)  # the Season menu's actions, one handler each
        view.addActions(self.actions)
        view.selectionModel().currentRowChanged.connect(lambda *_: self.update_actions())
        for signal in (model.modelReset, model.dataChanged, model.rowsInserted, model.rowsRemoved):
            signal.connect(lambda *_: self.update_actions())
        model.dataChanged.connect(self._fit_status)
        # Long event names are cut short (the tooltip holds them whole), so the narrow dock
        # still shows each round's date, points and status.
        view.horizontalHeader().setMaximumSectionSize(MAX_COLUMN_WIDTH)
        self.update_actions()

    def _action(self, text: str, slot: Callable[[], object], tip: str) -> QAction:
        action = QAction(text, self)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _panel(self) -> QWidget:
        toolbar = QToolBar("Calendar")
        toolbar.setObjectName("calendar-toolbar")
        # Words only: Add also stands in the window's toolbar, with an icon, as "New round".
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        shown = ((self.add, "Add…"), (self.edit, "Edit…"), (self.up, "Up"), (self.down, "Down"))
        for action, short in shown:
            action.setIconText(short)  # the toolbar's word; menus show the action's text
            toolbar.addAction(action)
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(toolbar)
        layout.addWidget(self.view)
        return panel

    def _fit_status(self, first: QModelIndex, last: QModelIndex) -> None:
        """A status that grew ("Official 2026-11-27 by Ann") is shown whole: the columns are
        otherwise fitted only once, to the first rows shown."""
        if first.column() <= CalendarModel.STATUS_COLUMN <= last.column():
            self.view.resizeColumnToContents(CalendarModel.STATUS_COLUMN)

    # --- the round chosen ------------------------------------------------------------------

    def current(self) -> RoundLine | None:
        row = self.view.currentIndex().row()
        return self.model.row_at(row) if 0 <= row < self.model.rowCount() else None

    def select(self, round_id: int) -> None:
        row = self.model.row_of(round_id)
        if row is not None:
            self.view.selectRow(row)

    def update_actions(self) -> None:
        line, count = self.current(), self.model.rowCount()
        row = self.view.currentIndex().row()
        for action in (self.edit, self.cancel, self.delete, self.official):
            action.setEnabled(line is not None)
        self.add.setEnabled(self.document.season_id is not None)
        self.up.setEnabled(line is not None and row > 0)
        self.down.setEnabled(line is not None and row < count - 1)
        cancelled = line is not None and line.cancelled
        self.cancel.setText("&Reinstate round" if cancelled else "&Cancel round")
        info = self.model.round_info(line.round_id) if line is not None else None
        official = info is not None and info.official_at is not None
        self.official.setText("Make results &provisional" if official else "Mark results &official")
        self.official.setEnabled(line is not None and not cancelled)
        self.race.setEnabled(line is not None and not cancelled)

    # --- the actions -----------------------------------------------------------------------

    def add_round(self) -> bool:
        season_id, data = self.document.season_id, self.document.data
        if season_id is None or data is None or not self._writable():
            return False
        line = self.current()
        dialog = RoundDialog(
            list(data.scales),
            calendar=self.model.rows(),
            after=line.round_id if line is not None else None,
            parent=self._parent,
        )
        if not self.prompts.run(dialog) or dialog.fields is None:
            return False
        fields, after = dialog.fields, dialog.after
        built: list[CalendarEdit] = []

        def build(session: Session) -> list[CalendarEdit]:
            built.append(
                edits.add_round(session=session, season_id=season_id, fields=fields, after=after)
            )
            return built

        if not self.document.push(f"Add round {fields.name}", build):
            return False
        added = set(built[0].after or ()) - set(built[0].before or ())
        for round_id in added:
            self.select(round_id)
        return True

    def add_race(self) -> bool:
        """Another race of the round chosen (a sprint beside the main race)."""
        line, data = self.current(), self.document.data
        if line is None or data is None or not self._writable():
            return False
        dialog = RoundDialog(list(data.scales), parent=self._parent)
        dialog.setWindowTitle(f"Another race of {_label(line)}")
        if not self.prompts.run(dialog) or dialog.fields is None:
            return False
        fields = dialog.fields
        return self._push(
            f"Add race {fields.name} to {_label(line)}",
            line.round_id,
            lambda s: edits.add_race(session=s, round_id=line.round_id, fields=fields),
        )

    def edit_round(self) -> bool:
        line, data = self.current(), self.document.data
        info = self.model.round_info(line.round_id) if line is not None else None
        if line is None or data is None or not self._writable():
            return False
        current = RoundFields(
            line.name,
            line.circuit,
            line.date,
            info.scale_name if info is not None else line.scale,
            info.factor if info is not None else RoundFields("").factor,
        )
        dialog = RoundDialog(list(data.scales), current=current, parent=self._parent)
        if not self.prompts.run(dialog) or dialog.fields is None:
            return False
        fields = dialog.fields
        return self._push(
            f"Change round {_label(line)}",
            line.round_id,
            lambda s: edits.edit_round(session=s, round_id=line.round_id, fields=fields),
        )

    def move_round(self, by: int) -> bool:
        line = self.current()
        if line is None:
            return False
        where = "earlier" if by < 0 else "later"
        return self._push(
            f"Move {_label(line)} {where}",
            line.round_id,
            lambda s: edits.move_round(session=s, round_id=line.round_id, by=by),
        )

    def toggle_cancelled(self) -> bool:
        line = self.current()
        if line is None:
            return False
        if line.cancelled:
            return self._push(
                f"Reinstate {_label(line)}",
                line.round_id,
                lambda s: edits.cancel_round(session=s, round_id=line.round_id, cancelled=False),
            )
        results = self._results(line.round_id)
        if results and not self.prompts.confirm(
            f"{_label(line).capitalize()} has {_count(results)}; they are kept and no longer "
            f"count.\n\nCancel {line.name}?"
        ):
            return False
        return self._cancel(line)

    def delete_round(self) -> bool:
        line = self.current()
        if line is None:
            return False
        results = self._results(line.round_id)
        if results:
            offer = (
                f"{_label(line).capitalize()} has {_count(results)} and cannot be deleted.\n\n"
                "Cancel it instead? Its results are kept and no longer count."
            )
            if line.cancelled:
                self.prompts.warning(
                    f"{_label(line).capitalize()} has {_count(results)} and cannot be deleted; "
                    "it is cancelled already, so its results do not count."
                )
                return False
            return self.prompts.confirm(offer) and self._cancel(line)
        return self._push(
            f"Delete {_label(line)}",
            None,
            lambda s: edits.delete_round(session=s, round_id=line.round_id),
            seen=line.round_id,
        )

    def toggle_official(self) -> bool:
        line = self.current()
        info = self.model.round_info(line.round_id) if line is not None else None
        if line is None or info is None:
            return False
        if info.official_at is not None:
            return self._push(
                f"Make {_label(line)} provisional",
                line.round_id,
                lambda s: edits.make_provisional(session=s, round_id=line.round_id),
            )
        by = self.document.author
        if not by:  # the history names the author; the round names who made it official
            if not self._writable():
                return False
            by = self.prompts.text("Mark results official", "Who makes them official?") or ""
        return self._push(
            f"Mark {_label(line)} official",
            line.round_id,
            lambda s: edits.mark_official(session=s, round_id=line.round_id, by=by),
        )

    # --- helpers ---------------------------------------------------------------------------

    def _cancel(self, line: RoundLine) -> bool:
        return self._push(
            f"Cancel {_label(line)}",
            line.round_id,
            lambda s: edits.cancel_round(session=s, round_id=line.round_id),
        )

    def _push(
        self,
        step: str,
        keep: int | None,
        build: Callable[[Session], CalendarEdit],
        *,
        seen: int | None = None,
    ) -> bool:
        """Push one calendar edit; the round it changed stays chosen in the calendar. The
        round (`seen`, else `keep`) must still be as the calendar showed it."""
        shown = seen if seen is not None else keep
        versions = self.document.seen("round", [shown]) if shown is not None else {}

        def built(session: Session) -> list[Edit]:
            edit = build(session)
            edit.versions = {("round", row): version for row, version in versions.items()}
            return [edit]

        done = self.document.push(step, built)
        if done and keep is not None:
            self.select(keep)
        self.update_actions()
        return done

    def _results(self, round_id: int) -> int:
        data = self.document.data
        return 0 if data is None else sum(1 for r in data.results if r.round_id == round_id)

    def _writable(self) -> bool:
        """A dialog is not shown for a document that cannot be changed: the reason is said."""
        try:
            self.document.check_writable()
        except PitboardError as exc:
            self.prompts.warning(str(exc))
            return False
        return True


def _label(line: RoundLine) -> str:
    return f"round {line.number}" if line.number is not None else f"round '{line.name}'"


def _count(results: int) -> str:
    return f"{results} result{'s' if results != 1 else ''}"
