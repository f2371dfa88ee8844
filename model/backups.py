"""Rotating backups of a document, taken with SQLite's online backup API."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from model.errors import PitboardError
from model.paths import user_data_dir

KEEP = 20  # backups kept per document; the oldest go first
_NAME = re.compile(r"^(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z-]+)\.pitboard$")


class BackupError(PitboardError):
    pass


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: dt.datetime
    reason: str
    size: int


def backup_folder(document: Path, root: Path | None = None) -> Path:
    """Each document's backups in a folder of their own, named after it and its location."""
    resolved = document.expanduser().resolve()
    digest = hashlib.sha1(str(resolved).encode()).hexdigest()[:10]
    return (root or user_data_dir() / "backups") / f"{resolved.stem}-{digest}"


def take_backup(document: Path, reason: str, *, root: Path | None = None, keep: int = KEEP) -> Path:
    """A consistent copy of `document` (even while it is open and written to)."""
    folder = backup_folder(document, root)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    slug = re.sub(r"[^a-z]+", "-", reason.lower()).strip("-") or "backup"
    target = folder / f"{stamp}-{slug}.pitboard"
    partial = target.with_suffix(".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{document}?mode=ro", uri=True)
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"could not back up {document.name}: {exc}") from exc
    for old in list_backups(document, root=root)[keep:]:
        old.path.unlink(missing_ok=True)
    return target


def list_backups(document: Path, *, root: Path | None = None) -> list[Backup]:
    """The document's backups, newest first."""
    folder = backup_folder(document, root)
    found = []
    for path in folder.glob("*.pitboard") if folder.is_dir() else ():
        match = _NAME.match(path.name)
        if match:
            taken = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S-%f")
            found.append(
                Backup(path, taken, match["reason"].replace("-", " "), path.stat().st_size)
            )
    return sorted(found, key=lambda b: b.taken, reverse=True)


def restore_backup(backup: Path, document: Path, *, root: Path | None = None) -> Path:
    """Put `backup` in place of `document`, after backing the document up; the caller has
    closed every connection to it. Returns the backup of the replaced document."""
    check = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        if check.execute("PRAGMA quick_check").fetchone() != ("ok",):
            raise BackupError(f"the backup {backup.name} is damaged itself")
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"the backup {backup.name} cannot be read: {exc}") from exc
    finally:
        check.close()
    saved = take_backup(document, "before restore", root=root) if document.exists() else backup
    partial = document.with_name(f".{document.name}.restoring")
    try:
        destination = sqlite3.connect(partial)
        source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            source.backup(destination)
        finally:
            source.close()
            destination.close()
        for leftover in (Path(f"{document}-wal"), Path(f"{document}-shm")):
            leftover.unlink(missing_ok=True)
        os.replace(partial, document)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"could not restore {document.name}: {exc}") from exc
    return saved
