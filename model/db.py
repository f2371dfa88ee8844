"""Engine and session setup. Services receive a Session and never know the database kind."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import Session, SQLModel, create_engine

from model import tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from model.schema import create_schema, identity


def url_for_path(path: Path | str) -> str:
    """The SQLAlchemy URL of a document file, or the text itself when it already is a URL."""
    text = str(path)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


# Durability first: a write-ahead log, every commit synced to disk, foreign keys enforced,
# no schema-defined functions trusted, and a few seconds' patience with another writer.
SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA trusted_schema = OFF",
    "PRAGMA busy_timeout = 3000",
)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    if hasattr(dbapi_connection, "enable_load_extension"):
        dbapi_connection.enable_load_extension(False)
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        try:
            cursor.execute(pragma)
        except sqlite3.OperationalError:
            if "journal_mode" not in pragma:  # a read-only file keeps the mode it has
                raise
    cursor.close()


def open_engine(url: str, *, create: bool = True) -> Engine:
    """An engine for the document at `url`; with `create`, an empty database gets the schema."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    if create and engine.dialect.name != "sqlite":
        SQLModel.metadata.create_all(engine)  # a server database: no file identity to stamp
    elif create:
        with engine.connect() as connection:
            empty = not identity(connection)[2]
        if empty:
            create_schema(engine)
    return engine


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed on success and rolled back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
