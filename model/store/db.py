"""Engine and session setup. Services receive a Session and never know the database kind."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session, create_engine

from model.store import tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from model.store.schema import create_schema, identity
from model.store.storage_errors import storage_error


def _uri_options(read_only: bool, frozen: bool) -> dict[str, str]:
    """`frozen`: the file sits where nobody can write (a read-only folder or drive), so SQLite
    may read it without the shared-memory file it could not create there."""
    if frozen:
        return {"mode": "ro", "immutable": "1"}
    return {"mode": "ro"} if read_only else {}


def sqlite_uri(path: Path | str, *, read_only: bool = False, frozen: bool = False) -> str:
    """An SQLite URI naming exactly `path`: `#`, `?` and `%` in it are quoted, never read as
    the URI's query, fragment or escapes."""
    uri = Path(path).expanduser().resolve().as_uri()
    options = _uri_options(read_only, frozen)
    return f"{uri}?{'&'.join(f'{k}={v}' for k, v in options.items())}" if options else uri


def connect_file(
    path: Path | str, *, read_only: bool = False, frozen: bool = False
) -> sqlite3.Connection:
    """A plain sqlite3 connection to the file at `path`, never to another file or a new one
    when `read_only`."""
    return sqlite3.connect(sqlite_uri(path, read_only=read_only, frozen=frozen), uri=True)


def url_for_path(
    path: Path | str, *, read_only: bool = False, frozen: bool = False, existing: bool = False
) -> URL:
    """The SQLAlchemy URL of a document file, or of a server database named by URL text.

    A file's URL is built as an object, so its path is never parsed as URL text. With
    `existing`, a connection never creates the file (an open document moved away stays gone,
    rather than coming back empty).
    """
    text = str(path)
    if "://" in text:
        url = make_url(text)
        # A server named as users write it (postgresql://…) is reached through psycopg 3.
        return url.set(drivername="postgresql+psycopg") if url.drivername == "postgresql" else url
    return URL.create(
        "sqlite",
        database=sqlite_uri(text),
        query={
            "uri": "true",
            **_uri_options(read_only, frozen),
            **({"mode": "rw"} if existing and not (read_only or frozen) else {}),
        },
    )


# Durability first: a write-ahead log, every commit synced to disk, foreign keys enforced,
# no schema-defined functions trusted, and a few seconds' patience with another writer.
SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA trusted_schema = OFF",
    "PRAGMA busy_timeout = 3000",
)
WRITE_OPTION = "pitboard_write"  # execution option: this transaction will write


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    if hasattr(dbapi_connection, "enable_load_extension"):
        dbapi_connection.enable_load_extension(False)
    # Transactions are begun by _begin below, so a writer can take the write lock up front.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        try:
            cursor.execute(pragma)
        except sqlite3.OperationalError:
            if "journal_mode" not in pragma:  # a read-only file keeps the mode it has
                raise
    cursor.close()


def _begin(connection: Connection) -> None:
    """A writer's transaction starts with the write lock (BEGIN IMMEDIATE), so what it reads
    to plan its change cannot be changed by another writer before it commits."""
    writes = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def open_engine(url: URL | str, *, create: bool = True) -> Engine:
    """An engine for the document at `url`; with `create`, an empty database gets the schema."""
    # A server's connections can drop between edits (a network, a restarted server): each is
    # tested as it is taken from the pool, so the next edit reconnects rather than fails.
    server = make_url(url).get_backend_name() != "sqlite"
    engine = create_engine(url, pool_pre_ping=True) if server else create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin)
    if create and engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            empty = not identity(connection)[2]
        if empty:
            create_schema(engine)
    return engine


def document_path(engine: Engine) -> Path | None:
    """The file behind an engine, or None for a server or in-memory database."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):
        from urllib.parse import urlsplit
        from urllib.request import url2pathname  # slow to import: only when asked

        return Path(url2pathname(urlsplit(database).path))
    return Path(database)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A write: a session holding the write lock from its first statement, committed on
    success and rolled back on any error. Storage failures become StorageError."""
    writer = engine.execution_options(**{WRITE_OPTION: True})
    if engine.dialect.name != "sqlite":
        # One snapshot for the whole change on a server: what it read to plan the change (old
        # values, row versions) cannot be changed by another editor before it commits.
        writer = writer.execution_options(isolation_level="REPEATABLE READ")
    with Session(writer, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            if isinstance(exc, IntegrityError):
                raise
            raise storage_error(exc, document_path(engine)) from exc
        except BaseException:
            session.rollback()
            raise
