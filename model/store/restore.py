"""Restoring a backup without losing the story: the history written since the backup is
carried into the restored document, and the restore itself is recorded as one step.

The log stays one chain: the backup's lines, then the replaced document's newer lines, then
the restore (a "restored" line per season and the difference from the replaced state to the
restored one), so the season as it stood after any of those lines can still be rebuilt.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, func, select

from model.errors import PitboardError
from model.store import tables as t
from model.store.backups import restore_backup
from model.store.db import connect_file, open_engine, transaction, url_for_path
from model.store.history import record_changes, snapshot
from model.store.history_words import Snapshot
from model.store.schema import CURRENT_VERSION, file_identity

log = logging.getLogger(__name__)
RESTORED = "restored"  # the action of the line that marks a restore in each season's log


@dataclass(frozen=True)
class ReplacedState:
    """The document about to be replaced: every season as it stands, and its log (None for
    a document that cannot be read, a damaged one say)."""

    seasons: dict[int, Snapshot]
    lines: list[dict[str, Any]]


@dataclass(frozen=True)
class Restored:
    saved: Path  # the backup of the replaced document
    history_note: str = ""  # why the restore is missing from the history, if it is


def restore_with_history(
    backup: Path, document: Path, *, author: str, taken: str, root: Path | None = None
) -> Restored:
    """Put `backup` in place of `document` (see restore_backup) and log it. `taken` names
    the backup in the history ("2026-05-01 10:00:00")."""
    replaced = read_replaced(document)
    saved = restore_backup(backup, document, root=root)
    try:
        step = f"Restored the backup of {taken}"
        note = _log_restore(document, replaced, author=author, step=step)
    except (sqlite3.Error, SQLAlchemyError, PitboardError) as exc:
        log.warning("the restore of %s could not be logged: %s", document, exc)
        note = f"the restore could not be written to the history ({exc})"
    return Restored(saved, note)


def read_replaced(document: Path) -> ReplacedState | None:
    """What the restore replaces; None when it is gone, cannot be read or is of another
    version (its history then stays in the backup taken before the restore). A document that
    is not known is never taken as an empty one: every row would then seem added."""
    if not document.exists():
        return None
    try:
        if _version(document) != CURRENT_VERSION:
            return None
        engine = open_engine(url_for_path(document, read_only=True), create=False)
        try:
            with Session(engine) as session:
                seasons = {sid: snapshot(session, sid) for sid in _season_ids(session)}
                lines = [line.model_dump() for line in session.exec(select(t.ChangeLog))]
        finally:
            engine.dispose()
    except (sqlite3.Error, SQLAlchemyError, PitboardError):
        return None
    return ReplacedState(seasons, lines)


def _log_restore(document: Path, replaced: ReplacedState | None, *, author: str, step: str) -> str:
    if _version(document) != CURRENT_VERSION:
        return "the backup is from an earlier version: the history starts again once it is opened"
    engine = open_engine(url_for_path(document), create=False)
    try:
        with transaction(engine) as session:
            if replaced is not None:
                _carry_newer_lines(session, replaced.lines)
            restored = set(_season_ids(session))
            for season_id in sorted(restored):
                _mark(session, season_id, author=author, step=step, read=replaced is not None)
            if replaced is not None:
                for season_id in sorted(set(replaced.seasons) | restored):
                    after = snapshot(session, season_id) if season_id in restored else {}
                    old = replaced.seasons.get(season_id, {})
                    record_changes(session, season_id, old, after, author=author, step=step)
    finally:
        engine.dispose()
    return ""


def _mark(session: Session, season_id: int, *, author: str, step: str, read: bool) -> None:
    """The line that says a restore happened, even one that changed nothing."""
    session.add(
        t.ChangeLog(
            at=dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
            author=author,
            step=step,
            season_id=season_id,
            subject="document",
            subject_id=0,
            action=RESTORED,
            new=json.dumps({"replaced_was_read": read}),
        )
    )


def _version(document: Path) -> int:
    connection = connect_file(document, read_only=True)
    try:
        return file_identity(connection)[1]
    finally:
        connection.close()


def _season_ids(session: Session) -> list[int]:
    return [int(sid) for sid in session.exec(select(t.Season.id)) if sid is not None]


def _carry_newer_lines(session: Session, lines: list[dict[str, Any]]) -> None:
    """The replaced document's lines written after the backup's last one, kept as they were."""
    last = session.exec(select(func.max(col(t.ChangeLog.id)))).one() or 0
    newer = [line for line in lines if (line["id"] or 0) > last]
    if newer:
        session.execute(insert(t.ChangeLog), newer)
