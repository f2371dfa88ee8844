"""RaceDocument: the one place every change to the open document goes through."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session

from model.backups import take_backup
from model.changes import Changes
from model.db import transaction
from model.document import OpenDocument
from model.errors import InputError, PitboardError
from model.history import recorded
from model.problems import Problem, season_problems
from model.reversible import Edit, apply_all, changes_something, revert_all
from model.schema import DocumentError
from model.season_data import SeasonData, load_season_data
from model.standings import SeasonStandings, compute_standings

T = TypeVar("T")
log = logging.getLogger(__name__)
NOTHING_TO_CHANGE = "Nothing to change: the values are the ones already there."


class RaceDocument(QObject):
    """The open document: runs edits in transactions, recalculates, and broadcasts.

    Signals:
        changed(Changes): a change was committed (an edit, an undo or a redo); the season's
            standings and problems are already recalculated.
        season_changed(int): another season is being edited.
        failed(str): a change was refused; nothing was stored.
        opened(): another document file was opened in place of this one.
    """

    changed = Signal(object)
    season_changed = Signal(int)
    failed = Signal(str)
    opened = Signal()

    def __init__(self, engine: Engine, path: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.path = path
        self.undo_stack = QUndoStack(self)
        self.read_only = False
        self.read_only_reason = ""
        self.author = ""  # who the history names for changes made here
        self._opened: OpenDocument | None = None
        self.season_id: int | None = None
        self.data: SeasonData | None = None
        self.standings: SeasonStandings | None = None
        self.problems: list[Problem] = []

    def open(self, opened: OpenDocument) -> None:
        """Work on another document from now on; the undo history belongs to the old one."""
        self.undo_stack.clear()
        self.close()
        self._opened = opened
        self.engine, self.path, self.read_only = opened.engine, opened.path, opened.read_only
        self.read_only_reason = opened.read_only_reason
        self.season_id, self.data, self.standings, self.problems = None, None, None, []
        self.opened.emit()

    def close(self) -> None:
        """Release the document: its connections and its single-writer lock."""
        if self._opened is not None:
            self._opened.close()
            self._opened = None

    def backup(self, reason: str) -> None:
        """A backup before something risky; a failure to back up is said, and stops it."""
        if self.path is not None and not self.read_only:
            take_backup(self.path, reason)

    def check_writable(self) -> None:
        """DocumentError when nothing can be written to the document (read-only, gone)."""
        if self.read_only:
            raise DocumentError("this document is open read-only: nothing can be changed")
        if self.path is not None and not self.path.exists():
            raise DocumentError(
                f"{self.path.name} was deleted or moved while open; nothing more can be saved "
                "to it. Use File > Save a copy as… to keep what is open."
            )

    def read(self, query: Callable[[Session], T]) -> T:
        """Run a read service in a short session."""
        with Session(self.engine) as session:
            return query(session)

    def set_season(self, season_id: int) -> None:
        self.undo_stack.clear()
        self.season_id = season_id
        self._recalculate()
        self.season_changed.emit(season_id)

    def run(
        self, change: Callable[[Session], Changes], step: str = "", *, record: bool = True
    ) -> Changes:
        """Commit `change` in one transaction with its history, recalculate, emit `changed`.

        With `record` off, `change` writes its own history (a change to another season).
        """
        return self._commit(change, step, record=record)[0]

    def _commit(
        self, change: Callable[[Session], Changes], step: str, *, record: bool = True
    ) -> tuple[Changes, int]:
        """run(), also saying how many history lines the change wrote (0: it changed nothing
        that a standings number depends on)."""
        self.check_writable()
        season = self.season_id if record else None
        try:
            with (
                transaction(self.engine) as session,
                recorded(session, season, author=self.author, step=step) as recording,
            ):
                changes = change(session)
        except OperationalError as exc:
            raise DocumentError(_storage_problem(exc)) from exc
        except (SQLAlchemyError, OverflowError) as exc:
            # A value the database refused (a constraint, a number too large to store):
            # the transaction was rolled back, so the document is as it was.
            raise DocumentError(
                f"the change could not be stored ({exc.__class__.__name__}: "
                f"{_first_line(exc)}); nothing was changed"
            ) from exc
        if self.season_id is not None and changes.season_id in (self.season_id, 0):
            self._recalculate()
        self.changed.emit(changes)
        return changes, recording.lines

    def push(self, text: str, build: Callable[[Session], Sequence[Edit]]) -> bool:
        """Build edits from the current data and push them as one undo step.

        Returns False (after emitting `failed`) when the edits cannot be built or applied;
        the document is then unchanged and nothing is added to the undo stack.
        """
        try:
            edits = [edit for edit in self.read(build) if changes_something(edit)]
        except PitboardError as exc:
            self.failed.emit(describe(exc))
            return False
        if not edits:
            self.failed.emit(NOTHING_TO_CHANGE)
            return False
        refused: list[str] = []
        self.failed.connect(refused.append)
        try:
            self.undo_stack.push(EditCommand(self, text, edits))
        finally:
            self.failed.disconnect(refused.append)
        return not refused

    def _recalculate(self) -> None:
        assert self.season_id is not None
        self.data = self.read(lambda s: load_season_data(session=s, season_id=self.season_id or 0))
        self.standings = compute_standings(self.data)
        self.problems = season_problems(self.data)


class EditCommand(QUndoCommand):
    """One undo step: a list of edits applied together and reverted together."""

    def __init__(self, document: RaceDocument, text: str, edits: Sequence[Edit]) -> None:
        super().__init__(text)
        self._document = document
        self._edits = list(edits)
        self._applied = False  # what the document holds: this step's result or not
        self._ever_applied = False

    def redo(self) -> None:
        if self._applied:
            return  # an undo that failed left the step in place: nothing to apply again
        try:
            changes, logged = self._document._commit(
                lambda session: apply_all(session, self._edits), self.text()
            )
        except Exception as exc:  # whatever went wrong, a failed step never reaches the stack
            # (nor stays on it: a redo that fails drops the step, the document stays undone)
            self.setObsolete(True)
            again = "Redo failed: " if self._ever_applied else ""
            self._document.failed.emit(again + _message(exc))
            return
        # Its history is recorded (0: a change that could not tell its season, so nothing).
        followed = changes.season_id in (self._document.season_id, 0)
        if followed and not logged and not self._ever_applied:
            # Applied, yet nothing the history follows changed: not a step to undo.
            self.setObsolete(True)
            self._document.failed.emit(NOTHING_TO_CHANGE)
            return
        self._applied = self._ever_applied = True

    def undo(self) -> None:
        try:
            self._document.run(
                lambda session: revert_all(session, self._edits), f"Undo: {self.text()}"
            )
        except Exception as exc:
            # The stack has already stepped back; step it forward again so it says what the
            # document holds (redo() knows the step is still applied and writes nothing).
            self._document.failed.emit(f"Undo failed: {_message(exc)}")
            QTimer.singleShot(0, self._document.undo_stack.redo)
            return
        self._applied = False


def _message(error: BaseException) -> str:
    if isinstance(error, PitboardError):
        return describe(error)
    log.exception("a change failed", exc_info=error)
    return f"the change could not be made ({error.__class__.__name__}); nothing was changed."


def _first_line(error: BaseException) -> str:
    return str(getattr(error, "orig", None) or error).splitlines()[0][:200]


def describe(error: PitboardError) -> str:
    """The message for the status bar: an edit's own field is already on screen."""
    if isinstance(error, InputError) and error.source is None:
        return error.message
    return str(error)


def _storage_problem(error: OperationalError) -> str:
    text = str(error.orig) if error.orig is not None else str(error)
    if "locked" in text or "busy" in text:
        return "the document is locked by another program; nothing was changed. Try again."
    if "readonly" in text:
        return "the document cannot be written (read-only file or folder); nothing was changed."
    return f"the document could not be written ({text}); nothing was changed."
