"""The one door every change to a document goes through, from the editor and the command line.

A change is a function of a write session that returns what it touched. The door refuses it
for a read-only document, one whose single-writer lock is not held, or one that was moved
away; takes a backup first when the work is risky; and runs the change and its history in one
transaction, so a change is stored with its history or not at all. The editor adds undo on
top (each undo step goes through this door too); the command line calls it directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlmodel import Session, col

from model.edits.changes import Changes
from model.store import tables as t
from model.store.backups import take_backup
from model.store.db import transaction
from model.store.documents import OpenDocument
from model.store.history import Touched, laptop, recorded_seasons
from model.store.notify import CHANNEL, payload
from model.store.schema import DocumentError
from model.store.storage_errors import storage_error

T = TypeVar("T")
Change = Callable[[Session], Changes]
SeasonsOf = Callable[[Session], Iterable[int]]


@dataclass(frozen=True)
class Applied:
    changes: Changes
    history_lines: int  # 0: nothing a standings number depends on changed


class Door:
    """Writes to one open document. `author` is who the history names."""

    def __init__(
        self, opened: OpenDocument, *, author: str = "", backup_root: Path | None = None
    ) -> None:
        self.opened = opened
        self.author = author
        self.backup_root = backup_root

    @property
    def engine(self) -> Engine:
        return self.opened.engine

    def read(self, query: Callable[[Session], T]) -> T:
        """Run a read service in a short session; a file that cannot be read is named."""
        try:
            with Session(self.engine) as session:
                return query(session)
        except DBAPIError as exc:
            raise storage_error(exc, self.opened.path) from exc

    def check_writable(self) -> None:
        """DocumentError when nothing can be written: read-only, not locked, or gone."""
        opened = self.opened
        if opened.read_only:
            reason = f" ({opened.read_only_reason})" if opened.read_only_reason else ""
            raise DocumentError(f"this document is open read-only{reason}: nothing can be changed")
        if opened.path is None:
            return  # a server database: no file lock or file to lose
        if opened.lock is None or not opened.lock.held:
            raise DocumentError(
                f"{opened.path.name} is not open for writing here (another window or process "
                "may have it): nothing was changed"
            )
        if not opened.path.exists():
            raise DocumentError(
                f"{opened.path.name} was deleted or moved while open; nothing more can be saved "
                "to it. Use File > Save a copy as… to keep what is open."
            )

    def backup(self, reason: str) -> None:
        """A backup before risky work (an import, deleting several results); a failure to back
        up is said, and stops the work."""
        self.check_writable()
        if self.opened.path is not None:
            take_backup(self.opened.path, reason, root=self.backup_root)

    def apply(
        self,
        change: Change,
        *,
        step: str,
        seasons: SeasonsOf,
        backup: str = "",
        touched: Callable[[], Touched] | None = None,
    ) -> Applied:
        """Run `change` with its history (of the seasons `seasons` names, asked before and
        after, so a season the change creates is recorded too); `backup` names the reason
        for a backup taken first. A change that names the rows it touches (`touched`, see
        model.edits.operations.touched_by) has its history taken from those rows alone."""
        self.check_writable()
        if backup:
            self.backup(backup)
        try:
            with transaction(self.engine) as session:
                with recorded_seasons(
                    session,
                    lambda: list(seasons(session)),
                    author=self.author,
                    step=step,
                    touched=touched,
                ) as recording:
                    changes = change(session)
                self._notify(session, step, list(seasons(session)))
        except SQLAlchemyError as exc:
            # A value the database refused (a constraint): the transaction was rolled back.
            raise DocumentError(
                f"the change could not be stored ({_first_line(exc)}); nothing was changed"
            ) from exc
        except OverflowError as exc:
            raise DocumentError(
                f"a number is too large to store ({exc}); nothing was changed"
            ) from exc
        return Applied(changes, recording.lines)

    def _notify(self, session: Session, step: str, seasons: list[int]) -> None:
        """Tell the other editors of a server document, inside the write: PostgreSQL delivers
        the notification on commit only, so a change rolled back is never announced."""
        if self.engine.dialect.name != "postgresql":
            return  # a file has one writer at a time: nobody to tell
        newest = session.execute(select(func.max(col(t.ChangeLog.id)))).scalar() or 0
        season_id = seasons[0] if len(seasons) == 1 else None
        message = payload(season_id, self.author, laptop(), step, newest)
        session.execute(select(func.pg_notify(CHANNEL, message)))


def no_seasons(_session: Session) -> list[int]:
    """The seasons argument for a change no standings number depends on (a preference)."""
    return []


def one_season(season_id: int | None) -> SeasonsOf:
    """The seasons argument for a change to one known season (or to none)."""
    return lambda _session: [] if season_id is None else [season_id]


def _first_line(error: BaseException) -> str:
    return str(getattr(error, "orig", None) or error).splitlines()[0][:200]
