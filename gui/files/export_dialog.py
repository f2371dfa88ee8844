"""File > Export standings…: pick a folder, watch the workbooks being written, open the folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import (
    QApplication,
    QProgressDialog,
    QWidget,
)

from gui.prompts import Prompts
from gui.race_document import RaceDocument
from model.errors import PitboardError

AUTHOR_KEY = "author"  # named in published workbooks and in the history
FOLDER_KEY = "export/folder"
TITLE = "Export standings"


class StandingsExport(QObject):
    """Writes the open season's standings workbooks; asks its questions through `prompts`."""

    def __init__(
        self, window: QWidget, document: RaceDocument, settings: QSettings, prompts: Prompts
    ) -> None:
        super().__init__(window)
        self._window = window
        self._document = document
        self._settings = settings
        self._prompts = prompts

    @property
    def author(self) -> str:
        return str(self._settings.value(AUTHOR_KEY, "") or "")

    def ask_author(self) -> None:
        name = self._prompts.text(
            "Pitboard", "Your name, as the author of published workbooks:", self.author
        )
        if name is not None:
            self._settings.setValue(AUTHOR_KEY, name.strip())
            self._document.author = name.strip()

    def run(self) -> list[Path]:
        data, standings = self._document.data, self._document.standings
        if data is None or standings is None:
            self._show_error("Open a season first.")
            return []
        start = str(self._settings.value(FOLDER_KEY, "") or "")
        chosen = self._prompts.folder("Export standings to", start)
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
            self._show_error(str(exc))
            return []
        finally:
            progress.close()
        if self._prompts.offer_to_open(written):
            self._prompts.open_folder(folder)
        return written

    def _show_error(self, text: str) -> None:
        self._prompts.error(TITLE, text)
