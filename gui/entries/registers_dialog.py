"""Teams and drivers…: the registers of the season's teams and drivers (name, short name,
nationality), edited in place, and a duplicate merged into the row it repeats."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from gui.race_document import RaceDocument
from gui.tables.delegates import CompletingDelegate
from gui.tables.table_model import CENTER, Column, Index, RowsTableModel, sorted_proxy, sorted_table
from model.edits.changes import Changes
from model.edits.conflicts import VersionGuard
from model.edits.registers import (
    KINDS,
    Kind,
    MergeRegisterEdit,
    RegisterFieldEdit,
    RegisterRow,
    register_rows,
)
from model.io.countries import COUNTRIES, country_name

TITLES = {"team": "Teams", "driver": "Drivers"}


class RegistersTableModel(RowsTableModel):
    COLUMNS = (
        Column("Name", lambda r: r.name, lambda r: r.name.casefold(), "name"),
        Column("Short name", lambda r: r.short_name, field="short_name"),
        Column("Nationality", lambda r: r.nationality, field="nationality", align=CENTER),
        Column("Used", lambda r: r.entries, align=CENTER),
        Column("Country", lambda r: country_name(r.nationality) or ""),
    )

    def __init__(self, document: RaceDocument, parent: QObject | None = None) -> None:
        super().__init__(lambda row: (row.kind, row.row_id), parent)
        self._document = document

    def extra_data(self, row: Any, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column.title == "Used":
            return "Entries (and, for a driver, races) of this season that name it"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row: RegisterRow = self.row_at(index.row())
        field = self.COLUMNS[index.column()].field
        season_id = self._document.season_id
        if field is None or season_id is None:
            return False
        title = f"Set {field.replace('_', ' ')} of {row.kind} {row.name}"
        guard = VersionGuard(season_id, {(row.kind, row.row_id): row.row_version})
        return self._document.push(
            title,
            lambda s: [
                guard,
                RegisterFieldEdit.build(s, row.kind, row.row_id, season_id, **{field: value}),
            ],
        )


class RegistersDialog(QDialog):
    """The registers of the season on screen. `set_kind` picks teams or drivers; `model`
    edits a row; `merge(kept, merged)` (or the merge row's two lists and button) merges."""

    def __init__(self, document: RaceDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Teams and drivers")
        self.resize(760, 520)
        self.document = document
        self.kind: Kind = "team"
        self.tabs = QTabBar()
        for kind in KINDS:
            self.tabs.addTab(TITLES[kind])
        self.tabs.currentChanged.connect(lambda i: self.set_kind(KINDS[i]))
        self.model = RegistersTableModel(document, self)
        self.view = sorted_table(sorted_proxy(self.model))
        self.view.setItemDelegateForColumn(
            self.model.column_of("nationality"),
            CompletingDelegate(lambda _: sorted(COUNTRIES), parent=self),
        )
        self.merged = QComboBox()
        self.kept = QComboBox()
        self.merge_button = QPushButton("Merge")
        self.merge_button.clicked.connect(self._merge_chosen)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.view)
        layout.addLayout(self._merge_row())
        layout.addWidget(self.message)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        document.changed.connect(self._on_document_changed)
        document.failed.connect(self.message.setText)
        self.reload()

    def _merge_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Merge the duplicate"))
        row.addWidget(self.merged, 1)
        row.addWidget(QLabel("into"))
        row.addWidget(self.kept, 1)
        row.addWidget(self.merge_button)
        return row

    def set_kind(self, kind: Kind) -> None:
        self.kind = kind
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(KINDS.index(kind))
        self.tabs.blockSignals(False)
        for combo in (self.merged, self.kept):
            combo.clear()  # ids of the other register mean nothing here
        self.reload()

    def reload(self) -> None:
        season_id = self.document.season_id
        rows: list[RegisterRow] = []
        if season_id is not None:
            kind = self.kind
            rows = self.document.read(
                lambda s: register_rows(session=s, kind=kind, season_id=season_id)
            )
        self.model.set_rows(rows)
        # Two different rows to start with, so the merge row never offers a row into itself.
        for combo, first in ((self.kept, 0), (self.merged, 1)):
            chosen = combo.currentData()
            combo.clear()
            for row in rows:
                combo.addItem(row.name, row.row_id)
            found = combo.findData(chosen)
            combo.setCurrentIndex(found if found >= 0 else min(first, combo.count() - 1))

    def _on_document_changed(self, _changes: Changes) -> None:
        self.message.clear()
        self.reload()

    def row_id(self, name: str) -> int | None:
        """The id of the listed row named `name`."""
        return next((row.row_id for row in self.model.rows() if row.name == name), None)

    def _merge_chosen(self) -> bool:
        kept, merged = self.kept.currentData(), self.merged.currentData()
        if not isinstance(kept, int) or not isinstance(merged, int):
            return False
        return self.merge(kept, merged)

    def merge(self, kept: int, merged: int) -> bool:
        """Merge row `merged` into row `kept`: one undo step."""
        season_id, kind = self.document.season_id, self.kind
        if season_id is None:
            return False
        names = {row.row_id: row.name for row in self.model.rows()}
        listed = {row.row_id: row.row_version for row in self.model.rows()}
        seen: dict[tuple[str, int], int] = {
            (kind, row_id): listed[row_id] for row_id in (kept, merged) if row_id in listed
        }
        guard = VersionGuard(season_id, seen)
        title = f"Merge {kind} {names.get(merged, merged)} into {names.get(kept, kept)}"
        return self.document.push(
            title, lambda s: [guard, MergeRegisterEdit.build(s, kind, kept, merged, season_id)]
        )
