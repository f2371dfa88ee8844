"""The entry list panel: the season's entries, shown by class and search, with add, remove,
a changed car and the team and driver registers."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.entries.changed_car_dialog import ChangedCarDialog, changed_car_edits
from gui.entries.entries_model import (
    EntriesTableModel,
    EntryRow,
    entry_rows,
    matches,
    registration_choices,
)
from gui.entries.registers_dialog import RegistersDialog
from gui.prompts import Prompts
from gui.race_document import RaceDocument
from gui.tables.context_menu import attach_context_menu, copy_action
from gui.tables.delegates import ChoiceDelegate, CompletingDelegate
from gui.tables.table_model import KeyRole, sorted_proxy, sorted_table
from model.edits.changes import Changes
from model.edits.operations import AddEntryEdit, DeleteEntryEdit

ALL_CLASSES = "All classes"
NEW_TEAM = "New team"


class EntriesPanel(QWidget):
    def __init__(
        self, document: RaceDocument, prompts: Prompts | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.prompts = prompts or Prompts(self)
        self.model = EntriesTableModel(document, self)
        self.view = sorted_table(sorted_proxy(self.model))
        # A row dragged onto the results table adds that car there (cars without a number).
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self._set_delegates()
        # One action each for the Edit menu, the buttons and the right-click menu.
        self.add_action = self._action("Add &entry", lambda: self.add_entry())
        self.remove_action = self._action("&Remove entry", self.remove_current)
        self.changed_car_action = self._action("C&hanged car…", self.changed_car)
        self.registers_action = self._action("&Teams and drivers…", self.show_registers)
        self.copy_action = copy_action(self.view)
        attach_context_menu(self.view, [*self.menu_actions, None, self.copy_action])
        self.class_filter = QComboBox()
        self.class_filter.setToolTip("Show the entries of one class")
        self.class_filter.currentIndexChanged.connect(lambda _i: self._show())
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search car, team, driver, chassis…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._show())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._tool_row())
        layout.addWidget(self.view)
        self._all_rows: list[EntryRow] = []
        self._filter_classes: tuple[str, ...] = ()
        document.changed.connect(self._on_document_changed)
        document.season_changed.connect(lambda _id: self.reload())

    def _set_delegates(self) -> None:
        column = self.model.column_of
        delegates = {
            "class_name": ChoiceDelegate(self._classes, parent=self),
            "team": CompletingDelegate(lambda _: self._teams(), parent=self),
            "ineligible": ChoiceDelegate(registration_choices, parent=self),
        }
        for field, delegate in delegates.items():
            self.view.setItemDelegateForColumn(column(field), delegate)

    def _tool_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.class_filter)
        row.addWidget(self.search, 1)
        for action in self.menu_actions:
            button = QPushButton(action.text().replace("&", ""))
            button.clicked.connect(action.trigger)
            row.addWidget(button)
        return row

    @property
    def menu_actions(self) -> list[QAction]:
        """Add, remove, changed car, registers: the Edit menu's and the buttons' actions."""
        return [self.add_action, self.remove_action, self.changed_car_action, self.registers_action]

    def _action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        return action

    # --- what is shown ---------------------------------------------------------------------

    @property
    def shown_class(self) -> str | None:
        """The class the list is filtered to (None: all classes)."""
        name = self.class_filter.currentData()
        return name if isinstance(name, str) else None

    def set_class(self, class_name: str | None) -> None:
        found = self.class_filter.findData(class_name) if class_name else 0
        self.class_filter.setCurrentIndex(max(found, 0))

    def _classes(self) -> list[tuple[str, str]]:
        data = self.document.data
        return [(name, name) for name in data.classes] if data else []

    def _teams(self) -> list[str]:
        data = self.document.data
        return sorted({e.team for e in data.entries.values()}) if data else []

    def _on_document_changed(self, changes: Changes) -> None:
        # A result added, removed, credited to another car or registered otherwise shows
        # here too; set_rows notifies only the rows that differ.
        if changes.entries or changes.calendar or changes.rounds:
            self.reload()

    def reload(self) -> None:
        data = self.document.data
        self._all_rows = entry_rows(data) if data else []
        self._fill_class_filter()
        self._show()

    def _fill_class_filter(self) -> None:
        data, shown = self.document.data, self.shown_class
        classes = data.classes if data else ()
        if self.class_filter.count() and classes == self._filter_classes:
            return
        self._filter_classes = classes
        self.class_filter.blockSignals(True)
        self.class_filter.clear()
        self.class_filter.addItem(ALL_CLASSES, None)
        for name in classes:
            self.class_filter.addItem(name, name)
        found = self.class_filter.findData(shown) if shown else 0
        self.class_filter.setCurrentIndex(max(found, 0))
        self.class_filter.blockSignals(False)

    def _show(self) -> None:
        wanted, search = self.shown_class, self.search.text()
        self.model.set_rows([row for row in self._all_rows if matches(row, wanted, search)])

    # --- commands --------------------------------------------------------------------------

    def add_entry(self, class_name: str | None = None) -> bool:
        """A new entry in `class_name`, else in the class shown, else in the first class."""
        data, season_id = self.document.data, self.document.season_id
        if data is None or season_id is None or not data.classes:
            return False
        chosen = class_name or self.shown_class or data.classes[0]
        edit = AddEntryEdit(season_id, chosen, NEW_TEAM)
        added = self.document.push(f"Add an entry in {chosen}", lambda _s: [edit])
        if added:
            self.search.clear()  # the new entry is in sight, whatever was searched
        return added

    def current_entry(self) -> EntryRow | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        row = self.model.row_of(index.data(KeyRole))
        return self.model.row_at(row) if row is not None else None

    def remove_current(self) -> bool:
        entry = self.current_entry()
        if entry is None:
            return False
        return self.document.push(
            "Remove entry", lambda s: [DeleteEntryEdit.build(s, entry.entry_id)]
        )

    def changed_car(self) -> bool:
        """The selected car's second entry, from the round its chassis or engine changed."""
        entry, data = self.current_entry(), self.document.data
        if entry is None or data is None:
            self.document.failed.emit("Choose the car in the entry list first.")
            return False
        dialog = ChangedCarDialog(entry, data.rounds, self)
        if self.prompts.run(dialog) != QDialog.DialogCode.Accepted:
            return False
        request = dialog.request()
        title = f"Changed car {entry.car or '?'} ({entry.team}) to {request.describe()}"
        return self.document.push(title, lambda s: changed_car_edits(s, request))

    def show_registers(self) -> None:
        dialog = RegistersDialog(self.document, self)
        self.prompts.run(dialog)
