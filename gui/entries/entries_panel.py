"""The entry list panel: a table of the season's entries with add and remove."""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.entries.entries_model import EntriesTableModel
from gui.race_document import RaceDocument
from gui.tables.delegates import ChoiceDelegate, CompletingDelegate
from gui.tables.table_model import KeyRole, sorted_proxy, sorted_table
from model.edits.changes import Changes
from model.edits.operations import AddEntryEdit, DeleteEntryEdit
from model.store.queries import entry_lines


class EntriesPanel(QWidget):
    def __init__(self, document: RaceDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = EntriesTableModel(document, self)
        self.view = sorted_table(sorted_proxy(self.model))
        self.view.setItemDelegateForColumn(
            self.model.column_of("class_name"), ChoiceDelegate(self._classes, parent=self)
        )
        self.view.setItemDelegateForColumn(
            self.model.column_of("team"), CompletingDelegate(lambda _: self._teams(), parent=self)
        )
        add = QPushButton("Add entry")
        add.clicked.connect(self.add_entry)
        remove = QPushButton("Remove entry")
        remove.clicked.connect(self.remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        self._shown_counts: Counter[int] = Counter()
        document.changed.connect(self._on_document_changed)
        document.season_changed.connect(lambda _id: self.reload())

    def _classes(self) -> list[tuple[str, str]]:
        data = self.document.data
        return [(name, name) for name in data.classes] if data else []

    def _teams(self) -> list[str]:
        data = self.document.data
        return sorted({e.team for e in data.entries.values()}) if data else []

    def _on_document_changed(self, changes: Changes) -> None:
        if changes.entries or changes.calendar:
            self.reload()
        elif changes.rounds and self._counts() != self._shown_counts:
            self.reload()  # a result added, removed or credited to another car

    def reload(self) -> None:
        data = self.document.data
        self._shown_counts = self._counts()
        self.model.set_rows(entry_lines(data) if data else [])

    def _counts(self) -> Counter[int]:
        data = self.document.data
        return Counter(r.entry_id for r in data.results) if data else Counter()

    def add_entry(self, class_name: str | None = None) -> bool:
        data, season_id = self.document.data, self.document.season_id
        if data is None or season_id is None or not data.classes:
            return False
        chosen = class_name or data.classes[0]
        edit = AddEntryEdit(season_id, chosen, "New team")
        return self.document.push(f"Add an entry in {chosen}", lambda _s: [edit])

    def remove_current(self) -> bool:
        index = self.view.currentIndex()
        if not index.isValid():
            return False
        entry_id = index.data(KeyRole)
        return self.document.push("Remove entry", lambda s: [DeleteEntryEdit.build(s, entry_id)])
