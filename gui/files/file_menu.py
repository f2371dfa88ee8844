"""File menu work: new, open, save a copy, recent files and imports, with their dialogs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QWidget
from sqlalchemy.exc import ArgumentError
from sqlmodel import Session

from gui.files.backup_dialog import RestoreDialog
from gui.prompts import Prompts
from gui.race_document import RaceDocument
from gui.server.server_dialog import URL_HINT, ServerDocumentDialog
from model.edits.operations import Edit
from model.edits.results_import_edit import ResultsImportEdit
from model.edits.sample import SAMPLE
from model.edits.season_import_edit import SeasonImportEdit
from model.errors import NotFoundError, PitboardError
from model.io.registry import PITBOARD_CSV, SEASON_JSON, recognise
from model.paths import DOCUMENT_SUFFIX
from model.store.backups import list_backups
from model.store.documents import (
    OpenDocument,
    is_url,
    open_for_editing,
    save_copy,
    server_name,
)
from model.store.lock import DocumentInUseError
from model.store.restore import restore_with_history
from model.store.storage_errors import DocumentDamagedError

RECENT_KEY = "documents/recent"
LAST_KEY = "documents/last"
MAX_RECENT = 8


class FileMenu(QObject):
    """Signals:
    document_opened(str): a document file is now open (its path).
    imported(str): a season or results were imported (a summary for the status bar).
    season_wanted(): a new document was created; it has no season yet.
    """

    document_opened = Signal(str)
    imported = Signal(str)
    season_wanted = Signal()

    def __init__(
        self, window: QWidget, document: RaceDocument, settings: QSettings, prompts: Prompts
    ) -> None:
        super().__init__(window)
        self._window = window
        self._prompts = prompts
        self._document = document
        self._settings = settings
        self.recent_menu = QMenu("Open &recent", window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)

    # --- documents -------------------------------------------------------------------------

    def open_path(self, path: Path, *, create: bool = False, seed_sample: bool = False) -> bool:
        try:
            opened = self._open(path, create, seed_sample)
        except PitboardError as exc:
            self._prompts.warning(f"Cannot open {path}:\n{exc}")
            # Only damage is mended by a backup: a full disk, a read-only folder or a busy
            # file leave a healthy document that a restore would roll back.
            if isinstance(exc, DocumentDamagedError) and list_backups(path):
                return self.restore_from_backup(path)
            return False
        if opened is None:
            return False
        self._document.open(opened)
        self._remember(path)
        self.document_opened.emit(str(path))
        return True

    def _open(self, path: Path, create: bool, seed_sample: bool) -> OpenDocument | None:
        try:
            initial = SAMPLE if seed_sample else None
            return open_for_editing(path, create=create, initial=initial)
        except DocumentInUseError as exc:
            if not self._prompts.read_only(str(exc)):
                return None
            return open_for_editing(path, create=False, read_only=True)

    def open_location(self, location: Path | str, *, create: bool = False) -> bool:
        """A document file, or a server document named by its URL."""
        if is_url(location):
            return self.open_server(str(location))
        return self.open_path(Path(location), create=create, seed_sample=create)

    def open_server_document(self) -> bool:
        """File > Open server document…: the last server document is offered again."""
        last = next((text for text in self.recent_paths() if is_url(text)), "")
        dialog = ServerDocumentDialog(self._window, last=last)
        if self._prompts.run(dialog) != QDialog.DialogCode.Accepted or not dialog.location():
            return False
        return self.open_server(dialog.location())

    def open_server(self, url: str) -> bool:
        """A document in a server database; an empty database becomes one if the user says so
        (the new document then asks for its first season)."""
        try:
            name = server_name(url)
        except ArgumentError:  # the URL itself is unreadable
            self._prompts.warning(f"Cannot open {url!r}: not a server address such as {URL_HINT}.")
            return False
        try:
            opened = self._open_server(url, name)
        except PitboardError as exc:
            self._prompts.warning(f"Cannot open {name}:\n{exc}")
            return False
        if opened is None:
            return False
        self._document.open(opened)
        self._remember_text(self._document.server_url or name)
        self.document_opened.emit(self._document.server_url or name)
        if opened.created:
            self.season_wanted.emit()
        return True

    def _open_server(self, url: str, name: str) -> OpenDocument | None:
        try:
            return open_for_editing(url, create=False)
        except NotFoundError:
            question = f"{name} holds no Pitboard document yet. Make it a new, empty one?"
            if not self._prompts.confirm(question):
                return None
            return open_for_editing(url, create=True)

    def restore_from_backup(self, document: Path | None = None) -> bool:
        """Offer the document's backups; the chosen one replaces it after confirmation."""
        target = document or self._document.path
        if target is None:
            return False
        dialog = RestoreDialog(target, self._window)
        if self._prompts.run(dialog) != QDialog.DialogCode.Accepted or dialog.chosen() is None:
            return False
        backup = dialog.chosen()
        assert backup is not None
        question = (
            f"Replace {target.name} with the backup of {backup.taken:%Y-%m-%d %H:%M:%S}? "
            "The document as it is now is backed up first."
        )
        if not self._prompts.confirm(question):
            return False
        if self._document.path == target:
            self._document.close()
        try:
            restored = restore_with_history(
                backup.path,
                target,
                author=self._document.author,
                taken=f"{backup.taken:%Y-%m-%d %H:%M:%S}",
            )
        except PitboardError as exc:
            self._prompts.warning(str(exc))
            return False
        if restored.history_note:
            self._prompts.warning(f"{target.name} was restored, but {restored.history_note}.")
        return self.open_path(target)

    def new_document(self) -> bool:
        chosen = self._prompts.save_path("New document")
        if not chosen:
            return False
        path = _with_suffix(Path(chosen))
        if path.exists():
            self._prompts.warning(f"{path.name} already exists.")
            return False
        if not self.open_path(path, create=True):
            return False
        self.season_wanted.emit()  # an empty document: the New season dialog is offered
        return True

    def open_document(self) -> bool:
        chosen = self._prompts.open_path("Open document")
        return bool(chosen) and self.open_path(Path(chosen))

    def save_copy_as(self) -> bool:
        chosen = self._prompts.save_path("Save a copy as")
        if not chosen:
            return False
        target = _with_suffix(Path(chosen))
        if self._document.path is not None and target.resolve() == self._document.path.resolve():
            self._prompts.warning("That is the open document itself.")
            return False
        try:
            save_copy(self._document.engine, target)
        except PitboardError as exc:
            self._prompts.warning(str(exc))
            return False
        self.imported.emit(f"Copy saved as {target}")
        return True

    def recent_paths(self) -> list[str]:
        value = self._settings.value(RECENT_KEY, [])
        if isinstance(value, str):
            return [value] if value else []
        return [str(p) for p in value] if isinstance(value, list) else []

    def _remember(self, path: Path) -> None:
        self._remember_text(str(path.resolve()) if path.exists() else str(path))

    def _remember_text(self, text: str) -> None:
        """A document file's path, or a server document's URL (never with a password)."""
        recent = [text, *(p for p in self.recent_paths() if p != text)][:MAX_RECENT]
        self._settings.setValue(RECENT_KEY, recent)
        self._settings.setValue(LAST_KEY, text)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for text in self.recent_paths():
            action = QAction(text, self.recent_menu)
            action.setEnabled(is_url(text) or Path(text).exists())
            action.triggered.connect(lambda _checked=False, p=text: self.open_location(p))
            self.recent_menu.addAction(action)
        if not self.recent_menu.actions():
            self.recent_menu.addAction("No recent documents").setEnabled(False)

    # --- imports ---------------------------------------------------------------------------

    def import_season_file(self, path: Path) -> bool:
        """Create or update a season from a definition, as one step undo takes back (recorded
        in that season's history: it may not be the one on screen)."""
        try:
            # As on the command line: only a file that is another kind is refused here.
            recognise(path, among=(SEASON_JSON,), otherwise=SEASON_JSON)
            definition = SEASON_JSON.read(path)
            self._document.backup("before import")
        except PitboardError as exc:
            self._prompts.warning(str(exc))
            return False
        edit = SeasonImportEdit(definition, path.name)
        if not self._push_or_warn(f"Import season definition {path.name}", lambda _s: [edit]):
            return False
        self.imported.emit(f"Imported {definition.series} {definition.year} from {path.name}")
        return True

    def import_results_file(self, path: Path) -> bool:
        """Import a results CSV into the season on screen, as one step undo takes back."""
        season_id = self._document.season_id
        if season_id is None:
            self._prompts.information("Import results", "Choose a season first.")
            return False
        try:
            recognise(path, among=(PITBOARD_CSV,), otherwise=PITBOARD_CSV)
            rows = PITBOARD_CSV.read(path)
            self._document.backup("before import")
        except PitboardError as exc:
            self._prompts.warning(str(exc))
            return False
        built: list[ResultsImportEdit] = []

        def build(session: Session) -> list[Edit]:
            built.append(ResultsImportEdit.build(session, season_id, rows, path.name))
            return list(built)

        if not self._push_or_warn(f"Import {path.name}", build):
            return False
        done = built[0].done
        assert done is not None
        self.imported.emit(
            f"{path.name}: {done.results_added} results added, {done.results_replaced} replaced"
        )
        return True

    def _push_or_warn(self, step: str, build: Callable[[Session], Sequence[Edit]]) -> bool:
        """Push an import as one undo step; a refusal is said in a message box."""
        refused = self._document.push_or_refusal(step, build)
        if refused:
            self._prompts.warning(refused)
        return not refused


def _with_suffix(path: Path) -> Path:
    return path if path.suffix else path.with_suffix(DOCUMENT_SUFFIX)
