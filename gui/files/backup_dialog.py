"""File > Restore from backup…: the document's backups with dates and sizes, restored on request."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from model.store.backups import Backup, list_backups


class RestoreDialog(QDialog):
    def __init__(
        self, document: Path, parent: QWidget | None = None, *, root: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Restore {document.name} from a backup")
        self.backups = list_backups(document, root=root)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for backup in self.backups:
            item = QListWidgetItem(describe(backup))
            self.list.addItem(item)
        if self.backups:
            self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(bool(self.backups))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        note = "The document as it is now is backed up first, so a restore can itself be undone."
        layout.addWidget(
            QLabel(note if self.backups else "There are no backups of this document yet.")
        )
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(560, 360)

    def chosen(self) -> Backup | None:
        row = self.list.currentRow()
        return self.backups[row] if 0 <= row < len(self.backups) else None


def describe(backup: Backup) -> str:
    size = f"{backup.size / 1024:,.0f} KB"
    return f"{backup.taken:%Y-%m-%d %H:%M:%S}  ·  {backup.reason}  ·  {size}"
