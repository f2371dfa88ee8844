"""Opening and copying document files: one SQLite file is one Pitboard document."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.exc import DatabaseError

from model.db import open_engine, url_for_path
from model.errors import NotFoundError, PitboardError
from model.sample import load_sample_season

REQUIRED_TABLES = {"series", "season", "round", "entry", "result"}


def is_url(location: Path | str) -> bool:
    return "://" in str(location)


def open_document(location: Path | str, *, create: bool, seed_sample: bool = False) -> Engine:
    """Open the document at `location` (a file path or a database URL).

    A missing file is created when `create` is set (and filled with the sample season when
    `seed_sample` is too); otherwise a missing file is an error. A file created here that
    could not be filled is removed again, so a failure leaves nothing behind. An existing
    file that is not a Pitboard document is refused and left untouched.
    """
    path = None if is_url(location) else Path(location).expanduser()
    is_new = path is not None and not path.exists()
    if is_new and not create:
        raise NotFoundError(f"no Pitboard document at {path}")
    if path is not None and not is_new:
        _check_is_document(path)
    if path is not None and is_new:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = open_engine(url_for_path(location))
        if is_new and seed_sample:
            load_sample_season(engine)
    except BaseException:
        if path is not None and is_new:
            path.unlink(missing_ok=True)
        raise
    return engine


def _check_is_document(path: Path) -> None:
    engine = open_engine(url_for_path(path), create=False)
    try:
        tables = set(inspect(engine).get_table_names())
    except DatabaseError as exc:
        raise PitboardError(f"{path.name} is not a Pitboard document (not a database)") from exc
    finally:
        engine.dispose()
    if tables and not tables >= REQUIRED_TABLES:
        raise PitboardError(f"{path.name} is a database, but not a Pitboard document")


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
