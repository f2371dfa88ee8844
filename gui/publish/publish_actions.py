"""File > Export standings as PDF… and File > Print…: the open season's tables on paper."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from gui.prompts import Prompts
from gui.publish.pdf_export import export_pdfs, page_layout, paint
from gui.publish.pdf_tables import class_printables
from gui.race_document import RaceDocument
from model.errors import PitboardError
from model.io.export.edition import Edition, default_paper

FOLDER_KEY = "export/pdf-folder"
AUTHOR_KEY = "author"  # as File > Export standings… names the author
PDF_TITLE = "Export standings as PDF"
PRINT_TITLE = "Print standings"


class Publishing(QObject):
    """Writes the season's PDFs and prints the class shown; asks through `prompts`."""

    def __init__(
        self,
        window: QWidget,
        document: RaceDocument,
        settings: QSettings,
        prompts: Prompts,
        shown_class: Callable[[], str | None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._document = document
        self._settings = settings
        self._prompts = prompts
        self._shown_class = shown_class

    def edition(self) -> Edition:
        return Edition(published=dt.date.today(), paper=default_paper())

    def export_pdf(self) -> list[Path]:
        """One PDF per class in a folder the user picks; the folder offered to open."""
        data, standings = self._document.data, self._document.standings
        if data is None or standings is None:
            self._prompts.error(PDF_TITLE, "Open a season first.")
            return []
        start = str(self._settings.value(FOLDER_KEY, "") or "")
        chosen = self._prompts.folder("Export standings as PDF to", start)
        if not chosen:
            return []
        folder = Path(chosen)
        self._settings.setValue(FOLDER_KEY, str(folder))
        author = str(self._settings.value(AUTHOR_KEY, "") or "")
        try:
            written = export_pdfs(data, standings, folder, edition=self.edition(), author=author)
        except PitboardError as exc:
            self._prompts.error(PDF_TITLE, str(exc))
            return []
        if self._prompts.offer_to_open(written):
            self._prompts.open_folder(folder)
        return written

    def print_shown(self) -> bool:
        """The tables of the class shown in the standings panel, through the print dialog."""
        data, standings = self._document.data, self._document.standings
        class_name = self._shown_class()
        if data is None or standings is None or class_name is None:
            self._prompts.error(PRINT_TITLE, "Open a season with a class to print first.")
            return False
        edition = self.edition()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout(edition.paper))
        printer.setDocName(f"{data.series} {data.year} {class_name} standings")
        dialog = QPrintDialog(printer, self._window)
        dialog.setWindowTitle(PRINT_TITLE)
        if self._prompts.run(dialog) != QDialog.DialogCode.Accepted:
            return False
        printables = class_printables(data, standings, class_name, edition)
        if not paint(printer, printables, edition.published):
            self._prompts.error(PRINT_TITLE, "The printer could not be started.")
            return False
        return True
