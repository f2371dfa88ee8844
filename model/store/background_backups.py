"""The backup taken when a document is opened, copied on a thread of its own.

A large document opens without waiting for its copy. The copy holds the document as it was
opened (an SQLite read snapshot taken before opening returns), whatever is written meanwhile;
what can be known at once (a backups folder that cannot be written, a full disk) still stops
the opening at once.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

from model.store.backups import (
    DEFAULT_RETENTION,
    BackupError,
    Retention,
    _first_of_session,
    _in_flight,
    _in_flight_lock,
    _new_target,
    _remember_state,
    _unchanged_since_last,
    backup_folder,
    file_state,
    prune_backups,
    take_backup,
    wait_for_backups,
)
from model.store.db import sqlite_uri
from model.store.safe_files import remove_quietly, replace_durably


@dataclass
class PendingBackup:
    """A backup being copied on a thread of its own. It holds the document as it was when it
    was started (an SQLite read snapshot), whatever is written to the document meanwhile."""

    document: Path
    target: Path
    failure: str = ""  # why it could not be taken, once done
    _done: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self) -> str:
        """Wait until the backup is whole (or has failed); returns the failure, if any."""
        if self._thread is not threading.current_thread():
            self._done.wait()
        return self.failure


def back_up_in_background(
    document: Path,
    reason: str,
    *,
    root: Path | None = None,
    retention: Retention = DEFAULT_RETENTION,
) -> PendingBackup | None:
    """`take_backup(..., unless_unchanged=True)`, returning before the pages are copied.

    What can be known at once fails at once, as in take_backup: a backups folder that cannot
    be written, a disk without room for the copy. The copy holds the document as it is when
    this returns (its snapshot is taken first); None when the last backup already holds it.
    Only a document in write-ahead-log mode is copied this way (there a reader never holds a
    writer up); any other is copied before this returns.
    """
    wait_for_backups(document)
    folder = backup_folder(document, root)
    state = file_state(document)
    if _unchanged_since_last(folder, state) is not None:
        return None
    target, partial = _new_target(document, folder, reason)
    try:
        _check_room(document, folder)
        source = _snapshot(document)
        if file_state(document) != state:  # written meanwhile: which state is copied is unknown
            state = []
    except (OSError, sqlite3.Error, BackupError) as exc:
        remove_quietly(partial)
        if isinstance(exc, BackupError):
            raise
        raise BackupError(f"could not back up {document.name}: {exc}") from exc
    if source is None:  # not in write-ahead-log mode: a snapshot would hold writers up
        remove_quietly(partial)
        take_backup(document, reason, root=root, retention=retention, unless_unchanged=True)
        return None
    key = document.expanduser().resolve()
    pending = PendingBackup(document, target)
    _first_of_session.setdefault(key, target)
    pending._thread = threading.Thread(
        target=_finish_in_background,
        args=(pending, source, partial, state, root, retention),
        name=f"backup of {document.name}",
    )  # not a daemon: the interpreter waits for the copy to be whole before it exits
    with _in_flight_lock:
        _in_flight[key] = pending
    pending._thread.start()
    return pending


def _check_room(document: Path, folder: Path) -> None:
    needed = sum(file_state(document)[0::2])
    if shutil.disk_usage(folder).free < needed:
        raise BackupError(
            f"could not back up {document.name}: the disk holding {folder} is full "
            f"({needed // 1_000_000 + 1} MB are needed)"
        )


def _snapshot(document: Path) -> sqlite3.Connection | None:
    """A read-only connection holding a read snapshot of `document`, for another thread to
    copy; None when the document is not in write-ahead-log mode."""
    source = sqlite3.connect(
        sqlite_uri(document, read_only=True), uri=True, check_same_thread=False
    )
    try:
        if source.execute("PRAGMA journal_mode").fetchone() != ("wal",):
            source.close()
            return None
        source.isolation_level = None  # the transaction below is ours to begin and end
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_schema").fetchone()  # the snapshot
    except BaseException:
        source.close()
        raise
    return source


def _finish_in_background(
    pending: PendingBackup,
    source: sqlite3.Connection,
    partial: Path,
    state: list[int],
    root: Path | None,
    retention: Retention,
) -> None:
    document, key = pending.document, pending.document.expanduser().resolve()
    try:
        try:
            destination = sqlite3.connect(partial)
            try:
                source.backup(destination)  # reads the snapshot taken when it was started
            finally:
                destination.close()
        finally:
            source.close()
        replace_durably(partial, pending.target)
        if state:
            _remember_state(backup_folder(document, root), state, pending.target)
        prune_backups(document, root=root, retention=retention, keep=_first_of_session[key])
    except (OSError, sqlite3.Error) as exc:
        remove_quietly(partial)
        pending.failure = f"could not back up {document.name}: {exc}"
        if _first_of_session.get(key) == pending.target:
            del _first_of_session[key]  # the next backup taken is the first one there is
    finally:
        with _in_flight_lock:
            if _in_flight.get(key) is pending:
                del _in_flight[key]
        pending._done.set()
