"""Backups of a document, taken with SQLite's online backup API and kept in tiers.

The newest few are kept, and the newest of each recent day and of each recent week, so a
burst of imports never pushes out everything older; the first backup this process took of a
document (the state it was found in) is never dropped while the process runs.

The backup taken when a document is opened is copied on a thread of its own (a large
document opens without waiting for its copy, see model.store.background_backups): listing,
restoring or taking another backup of that document waits for it to be whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from model.errors import PitboardError
from model.paths import user_data_dir
from model.store.db import connect_file
from model.store.safe_files import remove_quietly, replace_durably, temp_beside

if TYPE_CHECKING:
    from model.store.background_backups import PendingBackup

_NAME = re.compile(r"^(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z-]+)\.pitboard$")


class BackupError(PitboardError):
    pass


@dataclass(frozen=True)
class Retention:
    """How many backups of a document are kept: the newest `recent`, plus the newest of each
    of the last `days` days and of each of the last `weeks` weeks."""

    recent: int = 10
    days: int = 14
    weeks: int = 26


DEFAULT_RETENTION = Retention()
_first_of_session: dict[Path, Path] = {}  # document -> the first backup this process took


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


def take_backup(
    document: Path,
    reason: str,
    *,
    root: Path | None = None,
    retention: Retention = DEFAULT_RETENTION,
    unless_unchanged: bool = False,
) -> Path:
    """A consistent copy of `document` (even while it is open and written to).

    With `unless_unchanged`, a document whose files have not changed since the last backup
    is not copied again: that backup already holds it (opening a large document stays cheap).
    """
    wait_for_backups(document)
    folder = backup_folder(document, root)
    state = file_state(document)
    if unless_unchanged and (last := _unchanged_since_last(folder, state)) is not None:
        return last
    target, partial = _new_target(document, folder, reason)
    try:
        _copy_database(document, partial)
        replace_durably(partial, target)
    except (OSError, sqlite3.Error) as exc:
        remove_quietly(partial)
        raise BackupError(f"could not back up {document.name}: {exc}") from exc
    if state == file_state(document):  # nobody wrote during the copy: it is this state
        _remember_state(folder, state, target)
    key = document.expanduser().resolve()
    _first_of_session.setdefault(key, target)
    prune_backups(document, root=root, retention=retention, keep=_first_of_session[key])
    return target


def _new_target(document: Path, folder: Path, reason: str) -> tuple[Path, Path]:
    """The backup's name, and the temporary file it is copied to first."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    slug = re.sub(r"[^a-z]+", "-", reason.lower()).strip("-") or "backup"
    target = folder / f"{stamp}-{slug}.pitboard"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return target, temp_beside(target, "partial")
    except OSError as exc:
        raise BackupError(f"could not back up {document.name}: {exc.strerror or exc}") from exc


_in_flight: dict[
    Path, PendingBackup
] = {}  # see model.store.background_backups  # document -> its backup being copied
_in_flight_lock = threading.Lock()


def wait_for_backups(document: Path) -> None:
    """Return once no backup of `document` is being copied."""
    with _in_flight_lock:
        pending = _in_flight.get(document.expanduser().resolve())
    if pending is not None:
        pending.wait()


_STATE_FILE = "last-backup.json"


def file_state(document: Path) -> list[int]:
    """Size and modification time of the document and of its write-ahead log, if not empty:
    the same state means the same document."""
    state: list[int] = []
    for path in (document, Path(f"{document}-wal")):
        try:
            found = path.stat()
        except OSError:
            continue
        if found.st_size:
            state += [found.st_size, found.st_mtime_ns]
    return state


def _unchanged_since_last(folder: Path, state: list[int]) -> Path | None:
    try:
        remembered = json.loads((folder / _STATE_FILE).read_text(encoding="utf-8"))
        backup = folder / str(remembered["backup"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return backup if remembered.get("state") == state and backup.is_file() else None


def _remember_state(folder: Path, state: list[int], backup: Path) -> None:
    text = json.dumps({"state": state, "backup": backup.name})
    try:
        partial = temp_beside(folder / _STATE_FILE, "partial")
        partial.write_text(text, encoding="utf-8")
        replace_durably(partial, folder / _STATE_FILE)
    except OSError:
        pass  # only an optimisation: the next open copies the document again


def _copy_database(source_path: Path, target: Path) -> None:
    source = connect_file(source_path, read_only=True)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()


def to_keep(backups: list[Backup], now: dt.datetime, retention: Retention) -> set[Path]:
    """The backups the tiers keep (`backups` newest first)."""
    kept = {b.path for b in backups[: retention.recent]}
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    for backup in backups:
        age = now - backup.taken
        day = backup.taken.date()
        week = backup.taken.isocalendar()[:2]
        if age <= dt.timedelta(days=retention.days) and day not in days:
            days.add(day)
            kept.add(backup.path)
        if age <= dt.timedelta(weeks=retention.weeks) and week not in weeks:
            weeks.add(week)
            kept.add(backup.path)
    return kept


def prune_backups(
    document: Path,
    *,
    root: Path | None = None,
    retention: Retention = DEFAULT_RETENTION,
    keep: Path | None = None,
) -> None:
    """Remove the backups no tier keeps, and temporary files left by a backup killed half-way."""
    backups = list_backups(document, root=root)
    kept = to_keep(backups, dt.datetime.now(), retention) | {keep}
    for old in backups:
        if old.path not in kept:
            remove_quietly(old.path)
    folder = backup_folder(document, root)
    for stale in folder.glob(".*.partial*"):  # a killed copy's file and its journal
        if _older_than(stale, dt.timedelta(hours=1)):
            remove_quietly(stale)


def _older_than(path: Path, age: dt.timedelta) -> bool:
    try:
        modified = dt.datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return False
    return dt.datetime.now() - modified > age


def list_backups(document: Path, *, root: Path | None = None) -> list[Backup]:
    """The document's backups, newest first (a backup being copied is waited for)."""
    wait_for_backups(document)
    folder = backup_folder(document, root)
    found = []
    for path in folder.glob("*.pitboard") if folder.is_dir() else ():
        match = _NAME.match(path.name)
        try:
            size = path.stat().st_size
        except OSError:
            continue  # pruned meanwhile by another process
        if match:
            taken = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S-%f")
            found.append(Backup(path, taken, match["reason"].replace("-", " "), size))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def restore_backup(backup: Path, document: Path, *, root: Path | None = None) -> Path:
    """Put `backup` in place of `document`, after backing the document up; the caller has
    closed every connection to it. Returns the backup of the replaced document."""
    wait_for_backups(document)  # no copy of it is still being read while it is replaced
    try:
        check = connect_file(backup, read_only=True)
    except sqlite3.Error as exc:
        raise BackupError(f"the backup {backup.name} cannot be read: {exc}") from exc
    try:
        if check.execute("PRAGMA quick_check").fetchone() != ("ok",):
            raise BackupError(f"the backup {backup.name} is damaged itself")
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"the backup {backup.name} cannot be read: {exc}") from exc
    finally:
        check.close()
    saved = _save_replaced(document, root) if document.exists() else backup
    try:
        partial = temp_beside(document, "restoring")
    except OSError as exc:
        raise BackupError(f"could not restore {document.name}: {exc.strerror or exc}") from exc
    try:
        _copy_database(backup, partial)
        for leftover in (Path(f"{document}-wal"), Path(f"{document}-shm")):
            leftover.unlink(missing_ok=True)
        replace_durably(partial, document)
    except (OSError, sqlite3.Error) as exc:
        remove_quietly(partial)
        raise BackupError(f"could not restore {document.name}: {exc}") from exc
    return saved


def _save_replaced(document: Path, root: Path | None) -> Path:
    """Keep the document a restore replaces. A damaged one cannot be read page by page, so its
    files are kept byte for byte (a specialist may still recover from them)."""
    try:
        return take_backup(document, "before restore", root=root)
    except BackupError:
        pass
    folder = backup_folder(document, root)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{stamp}-damaged-before-restore.pitboard"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for source, kept in ((document, target), (Path(f"{document}-wal"), Path(f"{target}-wal"))):
            if source.exists():
                partial = temp_beside(kept, "partial")
                shutil.copyfile(source, partial)
                replace_durably(partial, kept)
    except OSError as exc:
        raise BackupError(
            f"could not keep a copy of {document.name} before restoring: {exc.strerror or exc}"
        ) from exc
    return target
