"""File > Export standings as PDF… and File > Print…: the open season's tables on paper."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from gui.files.export_dialog import StandingsExport, remembered_paper
from gui.prompts import Prompts
from gui.race_document import RaceDocument
from model.io.export.edition import Edition

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
        self._export = StandingsExport(window, document, settings, prompts)

    def edition(self) -> Edition:
        """The edition of the standings as they stand, on the paper last chosen: the status
        line and digest an export of them now would carry."""
        from gui.publish.pdf_export import published_state  # the PDF writer when needed

        data = self._document.data
        paper = remembered_paper(self._settings)
        if data is None:
            return Edition(published=dt.date.today(), paper=paper)
        _, _, edition = published_state(data, published=dt.date.today(), paper=paper)
        return edition

    def export_pdf(self) -> list[Path]:
        """File > Export standings as PDF…: the export dialog with PDFs ticked."""
        return self._export.run(pdfs=True)

    def print_shown(self) -> bool:
        """The tables of the class shown in the standings panel, through the print dialog."""
        data, standings = self._document.data, self._document.standings
        class_name = self._shown_class()
        if data is None or standings is None or class_name is None:
            self._prompts.error(PRINT_TITLE, "Open a season with a class to print first.")
            return False
        from gui.publish.pdf_export import page_layout, paint
        from gui.publish.pdf_tables import class_printables

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
