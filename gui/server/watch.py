"""Keeping the window up to date with a server document that other editors change too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from gui.race_document import RaceDocument
from model.errors import PitboardError

if TYPE_CHECKING:
    from gui.server.listener import Heard, Listener


class ServerWatch(QObject):
    """Listens while a server document is open; a change another editor committed to the
    season on screen is read again at once.

    Signals:
        note(str): a line for the status bar (who changed what; the connection lost, back).
    """

    note = Signal(str)

    def __init__(self, document: RaceDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self.listener: Listener | None = None
        document.opened.connect(self.follow)

    def follow(self) -> None:
        """Listen to the document now open (a file needs no listening)."""
        self.stop()
        document = self._document
        if document.closed or not document.server_url:
            return
        from gui.server.listener import Listener  # the driver, only for a server document

        self.listener = Listener(document.engine.url, self)
        self.listener.heard.connect(self._on_heard)
        self.listener.lost.connect(self._on_lost)
        self.listener.reconnected.connect(self._on_reconnected)
        self.listener.start()

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop()
            self.listener.deleteLater()
            self.listener = None

    def _on_heard(self, heard: Heard) -> None:
        document = self._document
        if document.made_here(heard.pid) or document.season_id is None:
            return
        if heard.notice.season_id != document.season_id:
            return  # another season: read when it is chosen
        if not self._catch_up():
            return
        step = f": {heard.notice.step}" if heard.notice.step else ""
        self.note.emit(f"{heard.who} changed{step}")

    def _on_lost(self, reason: str) -> None:
        self.note.emit(
            f"The server cannot be reached ({reason}): changes by others are not shown until "
            "it is back"
        )

    def _on_reconnected(self) -> None:
        # Notices sent while the connection was down were missed: read the season again.
        self._catch_up()
        self.note.emit("Server reconnected: changes by others are shown again")

    def _catch_up(self) -> bool:
        try:
            self._document.take_outside_change()
        except PitboardError as exc:
            self.note.emit(f"Could not read the changes of others: {exc}")
            return False
        return True
