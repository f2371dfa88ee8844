"""RaceDocument: the one place every change to the open document goes through."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlalchemy import Engine
from sqlmodel import Session

from gui.server.reach import own_backends, shown_url, unreachable_or
from model.edits.changes import Changes
from model.edits.conflicts import VersionGuard
from model.edits.door import Door, SeasonsOf, one_season
from model.edits.operations import (
    Edit,
    apply_all,
    changes_something,
    revert_all,
    seasons_of,
    touched_by,
)
from model.edits.round_status import (
    OFFICIAL_CHANGED,
    OfficialRound,
    official_question,
    official_refusal,
    official_rounds_in,
    official_rounds_written,
)
from model.errors import InputError, PitboardError
from model.scoring.live_season import LiveSeason
from model.scoring.problems import Problem
from model.scoring.standings import SeasonStandings
from model.store.documents import OpenDocument
from model.store.history import Touched
from model.store.schema import DocumentError
from model.store.season_data import SeasonData

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

    def __init__(self, opened: OpenDocument | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self._author = ""  # who the history names for changes made here
        # Asks the user a yes/no question (the window hands in its Prompts.confirm).
        self.confirm: Callable[[str], bool] = lambda _question: True
        self._door: Door | None = Door(opened) if opened is not None else None
        self.season_id: int | None = None
        self.live: LiveSeason | None = None  # the season on screen, with standings and problems
        self._own_backends: set[int] = set()  # a server document: this editor's connections
        if opened is not None:
            self._own_backends = own_backends(opened.engine)

    # --- the open document -------------------------------------------------------------------

    @property
    def data(self) -> SeasonData | None:
        return self.live.data if self.live is not None else None

    @property
    def standings(self) -> SeasonStandings | None:
        return self.live.standings if self.live is not None else None

    @property
    def problems(self) -> list[Problem]:
        return self.live.problems if self.live is not None else []

    @property
    def closed(self) -> bool:
        """Whether no document is open (before the first, or after closing)."""
        return self._door is None

    @property
    def door(self) -> Door:
        if self._door is None:
            raise DocumentError("no document is open")
        return self._door

    @property
    def engine(self) -> Engine:
        return self.door.engine

    @property
    def path(self) -> Path | None:
        return self._door.opened.path if self._door is not None else None

    @property
    def read_only(self) -> bool:
        return self._door is None or self._door.opened.read_only

    @property
    def read_only_reason(self) -> str:
        return self._door.opened.read_only_reason if self._door is not None else ""

    @property
    def author(self) -> str:
        return self._author

    @author.setter
    def author(self, name: str) -> None:
        self._author = name
        if self._door is not None:
            self._door.author = name

    def open(self, opened: OpenDocument) -> None:
        """Work on another document from now on; the undo history belongs to the old one."""
        self.undo_stack.clear()
        self.close()
        self._door = Door(opened, author=self._author)
        self._own_backends = own_backends(opened.engine)
        self.season_id, self.live = None, None
        self.opened.emit()

    def close(self) -> None:
        """Release the document: its connections and its single-writer lock."""
        if self._door is not None:
            self._door.opened.close()
            self._door = None

    def backup(self, reason: str) -> None:
        """A backup before something risky; a failure to back up is said, and stops it."""
        if not self.read_only:  # a read-only document refuses the work itself, with its reason
            self.door.backup(reason)

    def check_writable(self) -> None:
        """DocumentError when nothing can be written to the document (read-only, gone)."""
        self.door.check_writable()

    def seen(self, table: str, row_ids: Iterable[int]) -> dict[int, int]:
        """The rows' versions in the season on screen: an edit made from them is refused when
        another editor has changed one of the rows since (a row not read: none)."""
        live = self.live
        if live is None:
            return {}
        found = ((row_id, live.data.version(table, row_id)) for row_id in row_ids)
        return {row_id: version for row_id, version in found if version is not None}

    def read(self, query: Callable[[Session], T]) -> T:
        """Run a read service in a short session."""
        try:
            return self.door.read(query)
        except PitboardError as exc:
            raise unreachable_or(exc, self.server_url) from exc

    def set_season(self, season_id: int) -> None:
        self.undo_stack.clear()
        self.season_id = season_id
        self._reload()
        self.season_changed.emit(season_id)

    def run(
        self,
        change: Callable[[Session], Changes],
        step: str = "",
        *,
        seasons: SeasonsOf | None = None,
    ) -> Changes:
        """Commit `change` through the document's door, with the history of `seasons` (by
        default the season on screen), recalculate, emit `changed`."""
        return self._commit(change, step, seasons=seasons)[0]

    def _commit(
        self,
        change: Callable[[Session], Changes],
        step: str,
        *,
        seasons: SeasonsOf | None = None,
        touched: Callable[[], Touched] | None = None,
    ) -> tuple[Changes, int]:
        """run(), also saying how many history lines the change wrote (0: it changed nothing
        that a standings number depends on). A change that names the rows it `touched`
        refreshes only those (see model.scoring.live_season)."""
        recorded = seasons or one_season(self.season_id)
        try:
            applied = self.door.apply(change, step=step, seasons=recorded, touched=touched)
        except PitboardError as exc:
            raise unreachable_or(exc, self.server_url) from exc
        changes = applied.changes
        if self.season_id is not None and changes.season_id in (self.season_id, 0):
            changes = self._refresh(changes, touched)
        self.changed.emit(changes)
        return changes, applied.history_lines

    def _refresh(self, changes: Changes, touched: Callable[[], Touched] | None) -> Changes:
        """The open season after a change: only the results it touched read again when it
        touched nothing but results of this season, else the whole season. Returns the
        changes with the results named, when they were."""
        live = self.live
        rows = touched() if touched is not None else None
        if (
            live is None
            or rows is None
            or rows.entries
            or changes.entries
            or changes.calendar
            or changes.season_id != live.season_id
        ):
            self._reload()
            return changes
        try:
            self.read(
                lambda s: live.refresh_results(
                    session=s, result_ids=rows.results, rounds=rows.rounds
                )
            )
        except Exception:
            self._reload()  # the season as stored is the truth: read it whole
            raise
        return replace(changes, result_ids=None if rows.rounds else rows.results)

    def push(self, text: str, build: Callable[[Session], Sequence[Edit]]) -> bool:
        """Build edits from the current data and push them as one undo step.

        Returns False (after emitting `failed`) when the edits cannot be built or applied;
        the document is then unchanged and nothing is added to the undo stack.
        """
        return not self.push_or_refusal(text, build)

    def push_or_refusal(self, text: str, build: Callable[[Session], Sequence[Edit]]) -> str:
        """push(), returning why it was refused ("" when the step was pushed)."""
        try:
            # A step's guards stay with it (they check what the user saw) when it changes
            # anything at all.
            kept = [
                e for e in self.read(build) if isinstance(e, VersionGuard) or changes_something(e)
            ]
            edits = kept if any(not isinstance(e, VersionGuard) for e in kept) else []
            official = self._official_rounds(edits) if edits and not self.read_only else []
        except PitboardError as exc:
            self.failed.emit(describe(exc))
            return describe(exc)
        if not edits:
            self.failed.emit(NOTHING_TO_CHANGE)
            return NOTHING_TO_CHANGE
        if official and not self.confirm(official_question(official)):
            self.failed.emit(official_refusal(official))
            return official_refusal(official)
        text = f"{OFFICIAL_CHANGED} {text}" if official else text
        refused: list[str] = []
        self.failed.connect(refused.append)
        try:
            self.undo_stack.push(EditCommand(self, text, edits))
        finally:
            self.failed.disconnect(refused.append)
        return refused[-1] if refused else ""

    def _official_rounds(self, edits: Sequence[Edit]) -> list[OfficialRound]:
        """The official rounds whose results the edits write: every result write asks here,
        so the question is asked once per step, whatever part of the editor made it."""
        live = self.live
        if live is not None and live.season_id == self.season_id:
            return official_rounds_in(live.data, live.result, edits)
        return self.read(lambda s: official_rounds_written(session=s, edits=edits))

    def _reload(self) -> None:
        season_id = self.season_id
        assert season_id is not None
        self.live = self.read(lambda s: LiveSeason.load(session=s, season_id=season_id))

    # --- a server document shared with other editors -----------------------------------------

    @property
    def server_url(self) -> str:
        """The server document as the window names it (no password); "" for a file."""
        return shown_url(self._door.engine) if self._door is not None else ""

    def made_here(self, backend_pid: int) -> bool:
        """Whether a server connection of this editor committed a change (its own notice)."""
        return backend_pid in self._own_backends

    def take_outside_change(self) -> Changes | None:
        """Another editor committed to the season on screen: read it again and broadcast it
        as an edit here would be (standings, results and chart refresh); the undo steps
        made here stay."""
        if self.season_id is None or self._door is None:
            return None
        self._reload()
        live = self.live
        assert live is not None
        rounds = frozenset(r.id for r in live.data.rounds)
        changes = Changes(self.season_id, rounds, entries=True, calendar=True)
        self.changed.emit(changes)
        return changes


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
                lambda session: apply_all(session, self._edits),
                self.text(),
                seasons=seasons_of(self._edits),
                touched=touched_by(self._edits),
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
            self._document._commit(
                lambda session: revert_all(session, self._edits),
                f"Undo: {self.text()}",
                seasons=seasons_of(self._edits),
                touched=touched_by(self._edits),
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


def describe(error: PitboardError) -> str:
    """The message for the status bar: an edit's own field is already on screen."""
    if isinstance(error, InputError) and error.source is None:
        return error.message
    return str(error)
