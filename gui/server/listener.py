"""Hearing other editors' changes to a server document: LISTEN on the document's channel.

One dedicated autocommit connection per open server document. Qt watches its socket, so a
notice is read the moment it arrives and the window never blocks waiting for one. When the
connection drops, reconnecting is tried on a worker thread (a dead network can take seconds
to say so) until the server answers again.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import pq
from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal
from sqlalchemy import URL

from model.store.notify import CHANNEL, Notice, parse_payload

RECONNECT_MS = 1000  # how often a lost listener tries the server again
POLL_MS = 50  # how often a reconnection under way is looked at
CONNECT_TIMEOUT_S = 3


@dataclass(frozen=True)
class Heard:
    """A notice from the server: the backend that committed it, and what it says."""

    pid: int
    notice: Notice

    @property
    def who(self) -> str:
        author, host = self.notice.author or "Another editor", self.notice.host
        return f"{author} ({host})" if host else author


def conninfo(url: URL) -> dict[str, Any]:
    """psycopg's connection arguments for an engine's URL (its password included)."""
    args: dict[str, Any] = {
        "host": url.host,
        "port": url.port,
        "user": url.username,
        "password": url.password,
        "dbname": url.database,
        **{key: value for key, value in url.query.items() if isinstance(value, str)},
    }
    return {key: value for key, value in args.items() if value is not None}


def _connect(args: dict[str, Any]) -> psycopg.Connection[Any]:
    connection = psycopg.connect(**args, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
    try:
        connection.execute(f"LISTEN {CHANNEL}")
    except BaseException:
        connection.close()
        raise
    return connection


class Listener(QObject):
    """Signals:
    heard(Heard): a change was committed to the document (by anyone, this window included).
    lost(str): the connection dropped (why); reconnecting is under way.
    reconnected(): listening again after a drop (notices in between were missed).
    """

    heard = Signal(object)
    lost = Signal(str)
    reconnected = Signal()

    def __init__(self, url: URL, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._args = conninfo(url)
        self._connection: psycopg.Connection[Any] | None = None
        self._notifier: QSocketNotifier | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pitboard-listen")
        self._pending: Future[psycopg.Connection[Any]] | None = None
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._try_again)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check_pending)
        self._stopped = False

    @property
    def listening(self) -> bool:
        return self._connection is not None

    def start(self) -> None:
        """Listen from now on (the server was just reached: connecting here is quick)."""
        try:
            self._attach(_connect(self._args))
        except psycopg.Error as exc:
            self._drop(_first_line(exc))

    def stop(self) -> None:
        self._stopped = True
        self._retry.stop()
        self._poll.stop()
        self._detach()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _attach(self, connection: psycopg.Connection[Any]) -> None:
        self._connection = connection
        self._notifier = QSocketNotifier(connection.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _detach(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _drain(self) -> None:
        """Read every notice that arrived; a connection that broke is dropped and retried."""
        connection = self._connection
        if connection is None:
            return
        pgconn = connection.pgconn
        try:
            pgconn.consume_input()
        except psycopg.Error as exc:
            self._drop(_first_line(exc))
            return
        while (notice := pgconn.notifies()) is not None:
            said = parse_payload(notice.extra.decode(errors="replace"))
            if notice.relname.decode() == CHANNEL and said is not None:  # others: not ours
                self.heard.emit(Heard(notice.be_pid, said))
        if pgconn.status != pq.ConnStatus.OK:
            self._drop(str(pgconn.get_error_message()).strip() or "the connection closed")

    def _drop(self, reason: str) -> None:
        self._detach()
        self.lost.emit(reason)
        self._retry.start(RECONNECT_MS)

    def _try_again(self) -> None:
        if self._stopped:
            return
        self._pending = self._pool.submit(_connect, self._args)
        self._poll.start()

    def _check_pending(self) -> None:
        pending = self._pending
        if pending is None or not pending.done():
            return
        self._poll.stop()
        self._pending = None
        try:
            connection = pending.result()
        except Exception:  # still unreachable: try again a little later
            self._retry.start(RECONNECT_MS)
            return
        if self._stopped:
            connection.close()
            return
        self._attach(connection)
        self.reconnected.emit()


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else error.__class__.__name__
