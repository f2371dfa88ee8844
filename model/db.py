"""Engine and session setup. Services receive a Session and never know the database kind."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import Session, SQLModel, create_engine

from model import tables  # noqa: F401  (registers the tables on SQLModel.metadata)


def url_for_path(path: Path | str) -> str:
    """The SQLAlchemy URL of a document file, or the text itself when it already is a URL."""
    text = str(path)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def open_engine(url: str, *, create: bool = True) -> Engine:
    """An engine for the document at `url`; with `create`, missing tables are created."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    if create:
        SQLModel.metadata.create_all(engine)
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
