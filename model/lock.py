"""One writer per document: an operating-system lock held while a document is open for editing.

The lock is on a small file beside the document, so it is released even when Pitboard is
killed, and a second window or process finds it taken.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from model.errors import PitboardError


class DocumentInUseError(PitboardError):
    """Another Pitboard window or process is editing this document."""


def lock_path(document: Path) -> Path:
    return document.with_name(f".{document.name}.lock")


class DocumentLock:
    def __init__(self, document: Path) -> None:
        self.path = lock_path(document)
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        handle = self.path.open("a+", encoding="utf-8")
        try:
            _lock(handle)
        except OSError:
            handle.close()
            raise DocumentInUseError(
                f"{self.path.name[1:-5]} is open in another Pitboard window or process"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the file releases the lock
            self._handle = None
            self.path.unlink(missing_ok=True)

    @property
    def held(self) -> bool:
        return self._handle is not None


def _lock(handle: IO[str]) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
