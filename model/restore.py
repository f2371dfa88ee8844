"""Restoring a backup without losing the story: the history written since the backup is
carried into the restored document, and the restore itself is recorded as one step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, func, select

from model import tables as t
from model.backups import restore_backup
from model.db import connect_file, open_engine, transaction, url_for_path
from model.history import record_changes, snapshot
from model.history_words import Snapshot
from model.schema import CURRENT_VERSION, file_identity


def restore_with_history(
    backup: Path, document: Path, *, author: str, taken: str, root: Path | None = None
) -> Path:
    """Put `backup` in place of `document` (see restore_backup) and log it; returns the backup
    of the replaced document. `taken` names the backup in the history ("2026-05-01 10:00")."""
    before, lines = _read_state(document) if document.exists() else ({}, [])
    saved = restore_backup(backup, document, root=root)
    if _version(document) != CURRENT_VERSION:
        return saved  # an older document: it is migrated when opened, and logs from then on
    engine = open_engine(url_for_path(document), create=False)
    try:
        with transaction(engine) as session:
            _carry_newer_lines(session, lines)
            step = f"Restored the backup of {taken}"
            for season_id in sorted(set(before) | set(_season_ids(session))):
                after = snapshot(session, season_id)
                old = before.get(season_id, {})
                record_changes(session, season_id, old, after, author=author, step=step)
    finally:
        engine.dispose()
    return saved


def _version(document: Path) -> int:
    connection = connect_file(document, read_only=True)
    try:
        return file_identity(connection)[1]
    finally:
        connection.close()


def _read_state(document: Path) -> tuple[dict[int, Snapshot], list[dict[str, Any]]]:
    """Every season as it stands, and every line of the log, before the restore."""
    if _version(document) != CURRENT_VERSION:
        return {}, []
    engine = open_engine(url_for_path(document, read_only=True), create=False)
    try:
        with Session(engine) as session:
            seasons = {sid: snapshot(session, sid) for sid in _season_ids(session)}
            lines = [line.model_dump() for line in session.exec(select(t.ChangeLog))]
    finally:
        engine.dispose()
    return seasons, lines


def _season_ids(session: Session) -> list[int]:
    return [int(sid) for sid in session.exec(select(t.Season.id)) if sid is not None]


def _carry_newer_lines(session: Session, lines: list[dict[str, Any]]) -> None:
    """The replaced document's lines written after the backup's last one, kept as they were."""
    last = session.exec(select(func.max(col(t.ChangeLog.id)))).one() or 0
    newer = [line for line in lines if (line["id"] or 0) > last]
    if newer:
        session.execute(insert(t.ChangeLog), newer)
