"""A server document's connections: which are this editor's, how it is named on screen, and
what an edit says when the server cannot be reached."""

from __future__ import annotations

from typing import Any

from sqlalchemy import URL, Engine, event

from model.errors import PitboardError
from model.store.schema import DocumentError


def shown_url(engine: Engine) -> str:
    """A server document as the window and the recent list name it: as users write it
    (postgresql://user@host:port/dbname), never with its password. "" for a file."""
    if engine.dialect.name == "sqlite":
        return ""
    url = engine.url  # set() cannot take a password away: the URL is built again without it
    shown = URL.create(
        "postgresql", url.username, None, url.host, url.port, url.database, url.query
    )
    return shown.render_as_string(hide_password=False)


def own_backends(engine: Engine) -> set[int]:
    """The server processes of `engine`'s connections, kept up to date as connections are
    taken from its pool: a notice sent by one of them is this editor's own change."""
    pids: set[int] = set()
    if engine.dialect.name == "sqlite":
        return pids

    def taken(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        pid = getattr(getattr(dbapi_connection, "info", None), "backend_pid", None)
        if isinstance(pid, int):
            pids.add(pid)

    event.listen(engine, "checkout", taken)
    return pids


def unreachable_or(
    error: PitboardError, shown: str, outcome: str = "your change was not made"
) -> PitboardError:
    """For a server document whose connection failed, the refusal that says so; any other
    error unchanged."""
    cause = _connection_failure(error)
    if not shown or cause is None:
        return error
    reason = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    return DocumentError(f"the server of {shown} cannot be reached: {reason}; {outcome}")


def _connection_failure(error: BaseException) -> BaseException | None:
    """psycopg's OperationalError (a refused, dropped or closed connection) behind `error`."""
    import psycopg  # only once something failed: a file document never loads the driver

    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, psycopg.OperationalError):
            return current
        orig = getattr(current, "orig", None)
        if isinstance(orig, psycopg.OperationalError):
            return orig
        current = current.__cause__ or current.__context__
    return None
