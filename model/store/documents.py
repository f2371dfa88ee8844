"""Opening, creating and copying document files: one SQLite file is one Pitboard document."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from glob import escape as glob_escape
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from model.errors import NotFoundError, PitboardError
from model.store import tables as t
from model.store.background_backups import PendingBackup, back_up_in_background
from model.store.backups import file_state, take_backup
from model.store.db import connect_file, open_engine, transaction, url_for_path
from model.store.history import recorded_seasons
from model.store.lock import DocumentLock
from model.store.safe_files import (
    give_mode,
    link_if_absent,
    remove_quietly,
    replace_durably,
    temp_beside,
)
from model.store.schema import (
    CURRENT_VERSION,
    DocumentError,
    create_schema,
    file_identity,
    identity,
    migrate,
    version_of,
)
from model.store.storage_errors import DocumentDamagedError, Problem, StorageError, storage_error

APP_AUTHOR = "Pitboard"  # the history's author of a new document's first change
# A new document's first change: (its step, as the history names it; the change itself)
Initial = tuple[str, Callable[[Session], object]]


def is_url(location: Path | str) -> bool:
    return "://" in str(location)


@dataclass
class OpenDocument:
    """A document opened for editing: its engine, and what happened on the way in."""

    engine: Engine
    path: Path | None
    read_only: bool = False
    migrated_from: int | None = None
    lock: DocumentLock | None = None
    read_only_reason: str = ""
    created: bool = False
    backup: PendingBackup | None = None  # the backup taken on opening, while it is copied

    def close(self) -> None:
        self.engine.dispose()
        if self.backup is not None:
            self.backup.wait()  # whole before another writer may have the document
        if self.lock is not None:
            self.lock.release()


def open_document(
    location: Path | str,
    *,
    create: bool,
    write: bool,
    initial: Initial | None = None,
    backup_root: Path | None = None,
    wait: float = 0.0,
) -> OpenDocument:
    """A document for the command line: a writer takes the single-writer lock (waiting up to
    `wait` seconds for the editor or another command to let it go); a reader opens the file
    read-only and takes no backup, since it changes nothing."""
    if not write and not (create and not Path(location).expanduser().exists()):
        return open_for_editing(location, create=False, read_only=True)
    opened = open_for_editing(
        location,
        create=create,
        initial=initial,
        backup_root=backup_root,
        backup_on_open=False,  # each command backs up before the risky part of its work
        wait=wait,
    )
    if opened.read_only:
        opened.close()
        raise StorageError(f"cannot write: {opened.read_only_reason}", Problem.PERMISSION)
    return opened


def open_for_editing(
    location: Path | str,
    *,
    create: bool,
    initial: Initial | None = None,
    read_only: bool = False,
    lock: bool = True,
    backup_root: Path | None = None,
    backup_on_open: bool = True,
    wait: float = 0.0,
) -> OpenDocument:
    """Open a document, refusing anything that is not one and leaving such files untouched.

    A missing file is created when `create` is set, with `initial` as its first change (the
    sample season, say); only a missing file is ever created. An existing file is checked,
    backed up, and migrated to the current schema when it is older. With `lock`, a second
    writer is refused (DocumentInUseError): the caller may then open it `read_only`.
    """
    if is_url(location):
        return open_server(str(location), create=create, initial=initial)
    path = Path(location).expanduser()
    if path.is_dir():
        raise DocumentError(f"{path} is a folder, not a Pitboard document")
    held = _lock(path, wait) if lock and not read_only and _may_create(path, create) else None
    try:
        created = False
        if not path.exists():
            if not create:
                raise NotFoundError(f"no Pitboard document at {path}")
            if held is not None:
                _remove_abandoned_creations(path)
            created = _create(path, initial=initial)
        unwritable = _unwritable(path)
        version = _check(path, frozen=bool(unwritable))
        reason = unwritable or ("opened read-only on request" if read_only else "")
        if reason:
            if held is not None:
                held.release()
            return _open_read_only(path, reason, frozen=bool(unwritable))
        if held is None and lock:
            held = _lock(path, wait)
        opened = _open_writable(path, version, held, backup_on_open and not created, backup_root)
        opened.created = created
        return opened
    except BaseException:
        if held is not None:
            held.release()
        raise


def open_server(location: str, *, create: bool, initial: Initial | None = None) -> OpenDocument:
    """A document in a server database: an empty database becomes one (with `initial`) when
    `create` is set; an older one is migrated by the same steps as a file; anything else is
    refused untouched. The server guards concurrent writers itself: no lock, no backup."""
    engine = open_engine(url_for_path(location), create=False)
    name = server_name(location)
    try:
        with engine.connect() as connection:
            found = identity(connection)
        if found[0] == 0 and not found[2]:
            if not create:
                raise NotFoundError(f"no Pitboard document in {name}")
            create_schema(engine)
            if initial is not None:
                _apply_initial(engine, initial)
            return OpenDocument(engine, None, created=True)
        version = version_of(found, name)
        migrated = version if version < CURRENT_VERSION else None
        if migrated is not None:
            migrate(engine, migrated)
        return OpenDocument(engine, None, migrated_from=migrated)
    except DBAPIError as exc:
        engine.dispose()
        raise StorageError(f"cannot use {name}: {server_reason(exc)}", Problem.IO) from exc
    except BaseException:
        engine.dispose()
        raise


def server_name(location: str) -> str:
    """A server document as messages name it: its URL without any password."""
    return url_for_path(location).render_as_string(hide_password=True)


def server_reason(error: DBAPIError) -> str:
    """The server's or the network's own words, first line only."""
    return str(error.orig or error).strip().splitlines()[0] if str(error.orig or error) else "?"


def _may_create(path: Path, create: bool) -> bool:
    """Creating takes the lock first, so two Pitboards creating one document wait in turn."""
    if not create or path.exists():
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DocumentError(f"cannot create {path}: {exc.strerror or exc}") from exc
    return True


def _open_read_only(path: Path, reason: str, *, frozen: bool) -> OpenDocument:
    engine = open_engine(url_for_path(path, read_only=True, frozen=frozen), create=False)
    return OpenDocument(engine, path, read_only=True, read_only_reason=reason)


def _open_writable(
    path: Path, version: int, held: DocumentLock | None, backup: bool, root: Path | None
) -> OpenDocument:
    pending = None
    if backup and version < CURRENT_VERSION:
        take_backup(path, "opened", root=root, unless_unchanged=True)
    elif backup:  # copied while the document is put on screen; it holds it as opened
        pending = back_up_in_background(path, "opened", root=root)
    if version < CURRENT_VERSION:
        take_backup(path, "before migration", root=root)
    try:
        engine = open_engine(url_for_path(path, existing=True), create=False)
        if version < CURRENT_VERSION:
            migrate(engine, version)
    except DBAPIError as exc:
        if pending is not None:
            pending.wait()  # whole before the caller lets the lock go
        raise storage_error(exc, path) from exc
    migrated = version if version < CURRENT_VERSION else None
    return OpenDocument(engine, path, migrated_from=migrated, lock=held, backup=pending)


def _unwritable(path: Path) -> str:
    """Why the document cannot be written here, or "" when it can."""
    if not os.access(path, os.W_OK):
        return f"{path.name} is a read-only file"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return f"the folder {path.parent} is read-only"
    return ""


def _lock(path: Path, wait: float) -> DocumentLock:
    held = DocumentLock(path)
    try:
        held.acquire(wait=wait)
    except OSError as exc:
        raise storage_error(exc, path) from exc
    return held


def _create(path: Path, *, initial: Initial | None) -> bool:
    """Build the new document under a temporary name and put it in place only if the name is
    still free: a document someone else created meanwhile is never replaced or removed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = temp_beside(path, "new")
    except OSError as exc:
        raise DocumentError(f"cannot create {path}: {exc.strerror or exc}") from exc
    try:
        engine = open_engine(url_for_path(temp))
        try:
            if initial is not None:
                _apply_initial(engine, initial)
        finally:
            engine.dispose()  # the last connection's close folds the write-ahead log in
        give_mode(temp, path)
        return link_if_absent(temp, path)
    except (DBAPIError, OSError) as exc:
        raise storage_error(exc, path) from exc
    finally:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            remove_quietly(leftover)


def _apply_initial(engine: Engine, initial: Initial) -> None:
    """The new document's first change, recorded in its history like any other."""
    step, change = initial
    with (
        transaction(engine) as session,
        recorded_seasons(session, lambda: _season_ids(session), author=APP_AUTHOR, step=step),
    ):
        change(session)


def _season_ids(session: Session) -> list[int]:
    return [int(i) for i in session.exec(select(t.Season.id)) if i is not None]


def _remove_abandoned_creations(path: Path) -> None:
    """Temporary files of a creation that was killed half-way. Called under the document's
    lock, which every creator holds, so none of them belongs to a creation still running."""
    for leftover in path.parent.glob(f".{glob_escape(path.name)}.*.new*"):
        remove_quietly(leftover)


@dataclass
class _CheckAhead:
    """A check begun before the document is opened, and the state of the file it checks."""

    frozen: bool
    state: list[int]
    done: threading.Event = field(default_factory=threading.Event)
    version: int | None = None  # when it found a whole Pitboard document


_checks_ahead: dict[Path, _CheckAhead] = {}


def check_ahead(location: Path | str) -> None:
    """Begin checking a document that is about to be opened (what it is, and every page: a
    cost that grows with its size) on a thread of its own, while the program goes on loading.
    Opening it uses the answer if the file has not changed since, and checks again otherwise
    (and whenever this check found anything wrong: the error is always the opener's own)."""
    if is_url(location):
        return
    path = Path(location).expanduser()
    if not path.is_file():
        return
    ahead = _CheckAhead(bool(_unwritable(path)), file_state(path))
    _checks_ahead[path.resolve()] = ahead
    threading.Thread(
        target=_check_for, args=(path, ahead), name=f"check of {path.name}", daemon=True
    ).start()  # a daemon: it only reads, and nothing is lost if the program ends first


def _check_for(path: Path, ahead: _CheckAhead) -> None:
    try:
        ahead.version = _check_now(path, frozen=ahead.frozen)
    except Exception:  # the opener checks again, and says what is wrong
        pass
    finally:
        ahead.done.set()


def _check(path: Path, *, frozen: bool) -> int:
    """The document's schema version; DocumentError for damaged or foreign files."""
    ahead = _checks_ahead.pop(path.resolve(), None)
    if ahead is not None and ahead.frozen == frozen:
        ahead.done.wait()
        if ahead.version is not None and ahead.state == file_state(path):
            return ahead.version
    return _check_now(path, frozen=frozen)


def _check_now(path: Path, *, frozen: bool) -> int:
    try:
        connection = connect_file(path, read_only=True, frozen=frozen)
    except sqlite3.Error as exc:
        raise storage_error(exc, path) from exc
    try:
        version = version_of(file_identity(connection), path.name)
        if connection.execute("PRAGMA quick_check").fetchone() != ("ok",):
            raise DocumentDamagedError(
                f"{path.name} is damaged. Restore a backup (File > Restore from backup…)."
            )
        return version
    except sqlite3.DatabaseError as exc:
        error = storage_error(exc, path)
        if error.problem not in (Problem.DAMAGED, Problem.OTHER):
            raise error from exc  # busy, unreadable or gone: not damage, offer no backup
        raise DocumentDamagedError(
            f"{path.name} is damaged or is not a Pitboard document ({exc}). "
            "If it is one of yours, restore a backup (File > Restore from backup…)."
        ) from exc
    finally:
        connection.close()


def save_copy(engine: Engine, target: Path) -> None:
    """Write a consistent copy of the open document to `target`, replacing it only when whole."""
    if engine.dialect.name != "sqlite":
        raise PitboardError("only documents stored in a file can be copied")
    try:
        partial = temp_beside(target, "partial")
    except OSError as exc:
        raise PitboardError(f"cannot write {target}: {exc.strerror or exc}") from exc
    raw = engine.raw_connection()
    try:
        destination = sqlite3.connect(partial)
        try:
            raw.driver_connection.backup(destination)  # type: ignore[union-attr]
        finally:
            destination.close()
        give_mode(partial, target)
        replace_durably(partial, target)
    except (OSError, sqlite3.Error) as exc:
        remove_quietly(partial)
        reason = getattr(exc, "strerror", None) or str(exc)
        raise PitboardError(f"cannot write {target}: {reason}") from exc
    finally:
        raw.close()
