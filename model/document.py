"""Opening and copying document files: one SQLite file is one Pitboard document."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from model.backups import take_backup
from model.db import open_engine, url_for_path
from model.errors import NotFoundError, PitboardError
from model.lock import DocumentLock
from model.sample import load_sample_season
from model.schema import CURRENT_VERSION, DocumentError, file_identity, migrate, version_of


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

    def close(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()


def open_document(
    location: Path | str,
    *,
    create: bool,
    seed_sample: bool = False,
    backup_root: Path | None = None,
) -> Engine:
    """The engine of the document at `location` (a path or a database URL): open_for_editing
    without the single-writer lock, for the command line."""
    return open_for_editing(
        location,
        create=create,
        seed_sample=seed_sample,
        backup_root=backup_root,
        lock=False,
        backup_on_open=create,  # reading standings or exporting changes nothing: no backup
    ).engine


def open_for_editing(
    location: Path | str,
    *,
    create: bool,
    seed_sample: bool = False,
    read_only: bool = False,
    lock: bool = True,
    backup_root: Path | None = None,
    backup_on_open: bool = True,
) -> OpenDocument:
    """Open a document, refusing anything that is not one and leaving such files untouched.

    A missing file is created when `create` is set (with the sample season when
    `seed_sample` is too). An existing file is checked, backed up, and migrated to the
    current schema when it is older. With `lock`, a second writer is refused
    (DocumentInUseError): the caller may then open it `read_only`.
    """
    if is_url(location):
        return OpenDocument(open_engine(str(location)), None)
    path = Path(location).expanduser()
    if not path.exists():
        if not create:
            raise NotFoundError(f"no Pitboard document at {path}")
        return _create(path, seed_sample=seed_sample, lock=lock)
    version = _check(path)
    if read_only or not os.access(path, os.W_OK):
        url = f"sqlite:///file:{path.resolve()}?mode=ro&uri=true"
        return OpenDocument(open_engine(url, create=False), path, read_only=True)
    held = _lock(path) if lock else None
    try:
        if backup_on_open:
            take_backup(path, "opened", root=backup_root)
        if version < CURRENT_VERSION:
            take_backup(path, "before migration", root=backup_root)
        engine = open_engine(url_for_path(path), create=False)
        migrated = version if version < CURRENT_VERSION else None
        if migrated is not None:
            migrate(engine, version)
    except BaseException:
        if held is not None:
            held.release()
        raise
    return OpenDocument(engine, path, migrated_from=migrated, lock=held)


def _create(path: Path, *, seed_sample: bool, lock: bool) -> OpenDocument:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DocumentError(f"cannot create {path}: {exc.strerror or exc}") from exc
    held = _lock(path) if lock else None
    try:
        engine = open_engine(url_for_path(path))
        if seed_sample:
            load_sample_season(engine)
    except BaseException:
        path.unlink(missing_ok=True)
        if held is not None:
            held.release()
        raise
    return OpenDocument(engine, path, lock=held)


def _lock(path: Path) -> DocumentLock:
    held = DocumentLock(path)
    held.acquire()
    return held


def _check(path: Path) -> int:
    """The document's schema version; DocumentError for damaged or foreign files."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DocumentError(f"cannot open {path.name}: {exc}") from exc
    try:
        version = version_of(file_identity(connection), path.name)
        if version and connection.execute("PRAGMA quick_check").fetchone() != ("ok",):
            raise DocumentError(
                f"{path.name} is damaged. Restore a backup (File > Restore from backup…)."
            )
        return version
    except sqlite3.DatabaseError as exc:
        raise DocumentError(
            f"{path.name} is damaged or is not a Pitboard document ({exc}). "
            "If it is one of yours, restore a backup (File > Restore from backup…)."
        ) from exc
    finally:
        connection.close()


def save_copy(engine: Engine, target: Path) -> None:
    """Write a consistent copy of the open document to `target`, replacing it only when whole."""
    if engine.dialect.name != "sqlite":
        raise PitboardError("only documents stored in a file can be copied")
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    raw = engine.raw_connection()
    try:
        destination = sqlite3.connect(partial)
        try:
            raw.driver_connection.backup(destination)  # type: ignore[union-attr]
        finally:
            destination.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        reason = getattr(exc, "strerror", None) or str(exc)
        raise PitboardError(f"cannot write {target}: {reason}") from exc
    finally:
        raw.close()
