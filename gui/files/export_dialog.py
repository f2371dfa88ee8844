"""File > Export standings…: pick a folder, watch the workbooks being written, open the folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from gui.race_document import RaceDocument
from model.errors import PitboardError

AUTHOR_KEY = "author"  # named in published workbooks and in the history
FOLDER_KEY = "export/folder"


class StandingsExport(QObject):
    """Writes the open season's standings workbooks; the dialogs can be replaced in tests."""

    def __init__(self, window: QWidget, document: RaceDocument, settings: QSettings) -> None:
        super().__init__(window)
        self._window = window
        self._document = document
        self._settings = settings
        self.ask_folder: Callable[[], str] = self._dialog_folder
        self.offer_to_open: Callable[[list[Path]], bool] = self._dialog_offer
        self.open_folder: Callable[[Path], object] = lambda folder: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(folder))
        )
        self.show_error: Callable[[str], object] = lambda message: QMessageBox.warning(
            self._window, "Export standings", message
        )

    @property
    def author(self) -> str:
        return str(self._settings.value(AUTHOR_KEY, "") or "")

    def ask_author(self) -> None:
        name, accepted = QInputDialog.getText(
            self._window,
            "Pitboard",
            "Your name, as the author of published workbooks:",
            text=self.author,
        )
        if accepted:
            self._settings.setValue(AUTHOR_KEY, name.strip())
            self._document.author = name.strip()

    def run(self) -> list[Path]:
        data, standings = self._document.data, self._document.standings
        if data is None or standings is None:
            self.show_error("Open a season first.")
            return []
        chosen = self.ask_folder()
        if not chosen:
            return []
        folder = Path(chosen)
        self._settings.setValue(FOLDER_KEY, str(folder))
        from model.io.export.standings_export import export_standings  # openpyxl when needed

        progress = QProgressDialog(
            "Writing standings workbooks…", "", 0, len(data.classes), self._window
        )
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setCancelButton(None)
        progress.setMinimumDuration(0)

        def report(done: int, total: int, name: str) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            progress.setLabelText(f"Writing {name}…" if name else "Done")
            QApplication.processEvents()

        try:
            written = export_standings(data, standings, folder, author=self.author, progress=report)
        except PitboardError as exc:
            self.show_error(str(exc))
            return []
        finally:
            progress.close()
        if self.offer_to_open(written):
            self.open_folder(folder)
        return written

    def _dialog_folder(self) -> str:
        start = str(self._settings.value(FOLDER_KEY, "") or "")
        return QFileDialog.getExistingDirectory(self._window, "Export standings to", start)

    def _dialog_offer(self, written: list[Path]) -> bool:
        answer = QMessageBox.question(
            self._window,
            "Export standings",
            f"Wrote {len(written)} workbook{'s' if len(written) != 1 else ''} to "
            f"{written[0].parent}.\nOpen the folder?",
        )
        return answer == QMessageBox.StandardButton.Yes
