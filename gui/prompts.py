"""Every question the editor asks its user, in one object handed to each part of the window.

The window's parts never open a message box or a file dialog themselves: they ask their
`Prompts`, so that a test can hand them one that answers from a script.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

from model.paths import DOCUMENT_SUFFIX

APP_TITLE = "Pitboard"
DOCUMENT_FILTER = f"Pitboard documents (*{DOCUMENT_SUFFIX} *.sqlite *.sqlite3 *.db);;All files (*)"


class Prompts:
    """The Qt dialogs, parented to one widget (the main window)."""

    def __init__(self, parent: QWidget | None) -> None:
        self._parent = parent

    def open_path(self, title: str, filter: str = DOCUMENT_FILTER) -> str:
        """A file to open (a document, unless `filter` says otherwise); empty when the user
        cancelled."""
        return QFileDialog.getOpenFileName(self._parent, title, "", filter)[0]

    def save_path(self, title: str) -> str:
        """A document to write; empty when the user cancelled."""
        return QFileDialog.getSaveFileName(self._parent, title, "", DOCUMENT_FILTER)[0]

    def folder(self, title: str, start: str = "") -> str:
        return QFileDialog.getExistingDirectory(self._parent, title, start)

    def files(self, title: str, filter: str, start: str = "") -> list[str]:
        chosen, _ = QFileDialog.getOpenFileNames(self._parent, title, start, filter)
        return list(chosen)

    def read_only(self, reason: str) -> bool:
        """Whether to open a document that another program holds, to look only."""
        return self.confirm(f"{reason}.\n\nOpen it read-only, to look without changing it?")

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self._parent, APP_TITLE, text)
        return answer == QMessageBox.StandardButton.Yes

    def text(self, title: str, label: str, current: str = "") -> str | None:
        """A line of text; None when the user cancelled."""
        answer, accepted = QInputDialog.getText(self._parent, title, label, text=current)
        return answer if accepted else None

    def information(self, title: str, text: str) -> None:
        QMessageBox.information(self._parent, title, text)

    def about(self, text: str) -> None:
        QMessageBox.about(self._parent, f"About {APP_TITLE}", text)

    def warning(self, text: str) -> None:
        QMessageBox.warning(self._parent, APP_TITLE, text)

    def error(self, title: str, text: str) -> None:
        QMessageBox.warning(self._parent, title, text)

    def run(self, dialog: QDialog) -> int:
        """Show a dialog the caller built and filled; its result code."""
        return dialog.exec()

    def offer_to_open(self, paths: list[Path]) -> bool:
        """Whether to open the folder the exported files were written to."""
        answer = QMessageBox.question(
            self._parent,
            "Export standings",
            f"Wrote {written_files(paths)} to {paths[0].parent}.\nOpen the folder?",
        )
        return answer == QMessageBox.StandardButton.Yes

    def open_folder(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def written_files(paths: list[Path]) -> str:
    """'4 workbooks', '1 PDF', '4 workbooks and 4 PDFs': what an export wrote, by kind."""
    kinds = {".xlsx": ("workbook", "workbooks"), ".pdf": ("PDF", "PDFs")}
    said = []
    for suffix, (one, many) in kinds.items():
        count = sum(1 for path in paths if path.suffix.lower() == suffix)
        if count:
            said.append(f"{count} {one if count == 1 else many}")
    count = len(paths)
    return " and ".join(said) or f"{count} file{'' if count == 1 else 's'}"
