"""File > Export standings… and File > Export standings as PDF…: choose the paper, the round
the standings are published after and what to write (workbooks, PDFs or both), see the status
line every table will carry, pick a folder, watch the files being written, open the folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from gui.prompts import Prompts
from gui.race_document import RaceDocument
from model.errors import PitboardError
from model.io.export.edition import Paper, default_paper
from model.io.export.status import publication, season_rounds
from model.scoring.standings import SeasonStandings
from model.store.season_data import SeasonData

AUTHOR_KEY = "author"  # named in published workbooks and in the history
FOLDER_KEY = "export/folder"
PAPER_KEY = "export/paper"
TITLE = "Export standings"


def remembered_paper(settings: QSettings) -> Paper:
    """The paper chosen last time, else the locale's."""
    value = str(settings.value(PAPER_KEY, "") or "")
    return Paper(value) if value in {paper.value for paper in Paper} else default_paper()


@dataclass(frozen=True)
class ExportOptions:
    paper: Paper
    as_of_round: int | None  # None: a season without numbered rounds
    workbooks: bool
    pdfs: bool


class ExportOptionsDialog(QDialog):
    """The paper, the round the standings are published after, and the kinds of file; the
    status line of that choice shown as it will be printed."""

    def __init__(
        self, parent: QWidget | None, data: SeasonData, *, paper: Paper, pdfs: bool
    ) -> None:
        super().__init__(parent)
        self._data = data
        self.setWindowTitle(TITLE)
        self.paper = QComboBox()
        for choice in Paper:
            self.paper.addItem(choice.value, choice)
        self.paper.setCurrentIndex(list(Paper).index(paper))
        self.round = QComboBox()
        for key, races in season_rounds(data).items():
            self.round.addItem(_round_label(key, races[0].name), key)
        latest = publication(data).after_round
        if latest is not None:
            self.round.setCurrentIndex(self.round.findData(latest))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.workbooks = QCheckBox("Workbooks (.xlsx)")
        self.pdfs = QCheckBox("PDFs, one per class")
        self.workbooks.setChecked(not pdfs)
        self.pdfs.setChecked(pdfs)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self.round.currentIndexChanged.connect(self._show_status)
        self.workbooks.toggled.connect(self._allow_export)
        self.pdfs.toggled.connect(self._allow_export)
        self._show_status()
        self._allow_export()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("&Paper:", self.paper)
        form.addRow("&As of:", self.round)
        form.addRow("Status line:", self.status)
        form.addRow("Write:", self.workbooks)
        form.addRow("", self.pdfs)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def status_text(self) -> str:
        return publication(self._data, self.options().as_of_round).text

    def options(self) -> ExportOptions:
        chosen = self.round.currentData()
        return ExportOptions(
            paper=Paper(self.paper.currentData()),
            as_of_round=int(chosen) if chosen is not None else None,
            workbooks=self.workbooks.isChecked(),
            pdfs=self.pdfs.isChecked(),
        )

    def _show_status(self) -> None:
        self.status.setText(self.status_text())

    def _allow_export(self) -> None:
        something = self.workbooks.isChecked() or self.pdfs.isChecked()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(something)


def _round_label(key: int, name: str) -> str:
    return f"after round {key}" + (f" — {name}" if name else "")


class StandingsExport(QObject):
    """Writes the open season's standings workbooks and PDFs; asks through `prompts`."""

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

    @property
    def paper(self) -> Paper:
        return remembered_paper(self._settings)

    def ask_author(self) -> None:
        name = self._prompts.text(
            "Pitboard", "Your name, as the author of published workbooks:", self.author
        )
        if name is not None:
            self._settings.setValue(AUTHOR_KEY, name.strip())
            self._document.author = name.strip()

    def run(self, *, pdfs: bool = False) -> list[Path]:
        """Ask for the options (PDFs ticked rather than workbooks when `pdfs`) and a folder,
        then write; the files written, none when the user cancelled or writing failed."""
        data, standings = self._document.data, self._document.standings
        if data is None or standings is None:
            self._show_error("Open a season first.")
            return []
        dialog = ExportOptionsDialog(self._window, data, paper=self.paper, pdfs=pdfs)
        if self._prompts.run(dialog) != QDialog.DialogCode.Accepted:
            return []
        options = dialog.options()
        self._settings.setValue(PAPER_KEY, options.paper.value)
        start = str(self._settings.value(FOLDER_KEY, "") or "")
        chosen = self._prompts.folder("Export standings to", start)
        if not chosen:
            return []
        folder = Path(chosen)
        self._settings.setValue(FOLDER_KEY, str(folder))
        try:
            written = self._write(data, standings, folder, options)
        except PitboardError as exc:
            self._show_error(str(exc))
            return []
        if self._prompts.offer_to_open(written):
            self._prompts.open_folder(folder)
        return written

    def _write(
        self, data: SeasonData, standings: SeasonStandings, folder: Path, options: ExportOptions
    ) -> list[Path]:
        """Every file of one export in one staged batch with its manifest."""
        from gui.publish.pdf_export import export_pdfs, pdf_files, published_state

        published = dt.date.today()
        cut, cut_standings, edition = published_state(
            data, published=published, paper=options.paper, as_of_round=options.as_of_round
        )
        if not options.workbooks:
            return export_pdfs(cut, cut_standings, folder, edition=edition, author=self.author)
        from model.io.export.standings_export import export_standings  # openpyxl when needed

        extra = (
            pdf_files(cut, cut_standings, edition=edition, author=self.author)
            if options.pdfs
            else []
        )
        progress = QProgressDialog("Writing standings…", "", 0, len(data.classes), self._window)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setCancelButton(None)
        progress.setMinimumDuration(0)

        def report(done: int, total: int, name: str) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            progress.setLabelText(f"Writing {name}…" if name else "Done")
            QApplication.processEvents()

        try:
            return export_standings(
                data,
                standings,
                folder,
                author=self.author,
                published=published,
                paper=options.paper,
                as_of_round=options.as_of_round,
                extra_files=extra,
                progress=report,
            )
        finally:
            progress.close()

    def _show_error(self, text: str) -> None:
        self._prompts.error(TITLE, text)
