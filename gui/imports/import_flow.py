"""File > Import timing results…: one or more files, each previewed, each one undo step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import QDialog, QProgressDialog, QWidget
from sqlmodel import Session

from gui.imports.column_mapping_dialog import ColumnMappingDialog
from gui.imports.timing_dialog import TimingImportDialog
from gui.prompts import Prompts
from gui.race_document import RaceDocument
from model.edits.changes import Changes
from model.edits.door import no_seasons
from model.edits.timing_apply import TimingImportEdit
from model.errors import PitboardError
from model.io.alkamel import TimingFile
from model.io.generic_import import table_to_timing
from model.io.registry import AL_KAMEL, GENERIC_TABLE, dialog_filter, recognise
from model.io.timing_import import remember_class_mapping

FOLDER_KEY = "import/folder"
TITLE = "Import timing results"
TIMING_IMPORTERS = (AL_KAMEL, GENERIC_TABLE)  # one race each; the table through a mapping


class TimingImport(QObject):
    """Runs the import of timing files; asks its questions through `prompts`."""

    def __init__(
        self,
        window: QWidget,
        document: RaceDocument,
        settings: QSettings,
        prompts: Prompts,
        current_round: Callable[[], int | None],
    ) -> None:
        super().__init__(window)
        self._window, self._document, self._settings = window, document, settings
        self._prompts = prompts
        self._current_round = current_round  # the round on screen: the first file's guess
        self._progress: QProgressDialog | None = None

    def run(self) -> int:
        """Import the chosen files; returns how many were imported."""
        if self._document.season_id is None:
            self._show_error("Open a season first.")
            return 0
        paths = [Path(p) for p in self._ask_files()]
        if not paths:
            return 0
        self._settings.setValue(FOLDER_KEY, str(paths[0].parent))
        progress = QProgressDialog("Importing timing results…", "Stop", 0, len(paths), self._window)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoReset(False)  # it is closed here, once every file is done
        self._progress = progress
        imported, round_id = 0, self._current_round()
        try:
            for index, path in enumerate(paths):
                progress.setLabelText(f"File {index + 1} of {len(paths)}: {path.name}")
                progress.setValue(index)
                if progress.wasCanceled():
                    break
                next_round = self._import_one(path, round_id)
                if next_round is None:
                    break
                imported += 1
                round_id = next_round
        finally:
            progress.close()
            self._progress = None
        return imported

    def _ask(self, dialog: QDialog) -> QDialog.DialogCode:
        """Run a dialog with the progress box out of the way: it shows only while files are
        read and written, never drawn over a preview or a question."""
        progress = self._progress
        if progress is not None:
            progress.hide()
        try:
            return QDialog.DialogCode(self._prompts.run(dialog))
        finally:
            if progress is not None and not progress.wasCanceled():
                progress.show()

    def _show_error(self, text: str) -> None:
        progress = self._progress
        if progress is not None:
            progress.hide()
        self._prompts.error(TITLE, text)

    def _import_one(self, path: Path, round_id: int | None) -> int | None:
        """Preview and import one file; returns the round for the next file, or None to stop."""
        try:
            importer = recognise(path, among=TIMING_IMPORTERS)
            timing = AL_KAMEL.read(path) if importer is AL_KAMEL else self._read_generic(path)
        except PitboardError as exc:
            self._show_error(str(exc))
            return None
        if timing is None:
            return None
        dialog = TimingImportDialog(self._document, timing, round_id, self._window)
        if self._ask(dialog) != QDialog.DialogCode.Accepted or dialog.plan is None:
            return None
        plan = dialog.plan
        self._document.backup("before import")
        refused: list[str] = []
        self._document.failed.connect(refused.append)
        try:
            step = f"Import {path.name}"
            imported = self._document.push(step, lambda _s: [TimingImportEdit(plan)])
        finally:
            self._document.failed.disconnect(refused.append)
        if not imported:  # said in a message too: the status bar is easy to miss after a dialog
            self._show_error(f"{path.name} was not imported: {'; '.join(refused)}")
            return None
        season_id = self._document.season_id or 0

        def remember(session: Session) -> Changes:  # a preference: no undo step, no history
            remember_class_mapping(session=session, season_id=season_id, mapping=plan.class_map)
            return Changes(season_id)

        self._document.door.apply(remember, step="Remember class names", seasons=no_seasons)
        return self._round_after(plan.round_id)

    def _read_generic(self, path: Path) -> TimingFile | None:
        table = GENERIC_TABLE.read(path)
        data = self._document.data
        classes = data.classes if data else ()
        mapping = ColumnMappingDialog(table, self._settings, self._window, classes)
        if self._ask(mapping) != QDialog.DialogCode.Accepted:
            return None
        return table_to_timing(table, mapping.mapping(), every_row_class=mapping.every_row_class())

    def _round_after(self, round_id: int) -> int:
        data = self._document.data
        rounds = [r.id for r in data.numbered_rounds] if data else []
        later = rounds[rounds.index(round_id) + 1 :] if round_id in rounds else []
        return later[0] if later else round_id

    def _ask_files(self) -> list[str]:
        start = str(self._settings.value(FOLDER_KEY, "") or "")
        choices = dialog_filter("Timing results", TIMING_IMPORTERS)
        return self._prompts.files(TITLE, choices, start)
