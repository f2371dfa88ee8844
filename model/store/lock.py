"""One writer per document: an operating-system lock held while a document is open for writing.

The lock is on a small file beside the document, so it is released even when Pitboard is
killed, and a second window or process finds it taken. The lock file is opened without
following links and only ever as a regular file, so a link planted at its name cannot make
Pitboard write anywhere else. It is removed while still locked, and a process that locked
a file which is no longer the one at the lock's name tries again: so two writers can never
hold the lock at once.
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import sys
import time
from pathlib import Path

from model.errors import PitboardError
from model.store.safe_files import CLOSE_ON_EXEC, NO_FOLLOW


class DocumentInUseError(PitboardError):
    """Another Pitboard window or process is writing to this document."""


class LockFileError(PitboardError):
    """Something other than Pitboard's lock file stands at the lock file's name."""


def lock_path(document: Path) -> Path:
    return document.with_name(f".{document.name}.lock")


class DocumentLock:
    def __init__(self, document: Path) -> None:
        self.document = document
        self.path = lock_path(document)
        self._handle: int | None = None

    def acquire(self, *, wait: float = 0.0) -> None:
        """Take the lock, waiting up to `wait` seconds for another writer to let it go."""
        deadline = time.monotonic() + wait
        while True:
            handle = self._open()
            if _try_lock(handle):
                if self._still_in_place(handle):
                    self._handle = handle
                    self._write_owner()
                    return
                os.close(handle)  # its last owner removed it as we locked it: take the new one
                continue
            owner = _owner(handle)
            os.close(handle)
            if time.monotonic() >= deadline:
                raise DocumentInUseError(self._in_use_message(owner, wait))
            time.sleep(0.05)

    def release(self) -> None:
        if self._handle is None:
            return
        with contextlib.suppress(OSError):  # removed while still locked: see the docstring
            self.path.unlink()
        os.close(self._handle)  # closing the file releases the lock
        self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def _open(self) -> int:
        flags = os.O_RDWR | os.O_CREAT | NO_FOLLOW | CLOSE_ON_EXEC
        try:
            handle = os.open(self.path, flags, 0o644)
        except OSError as exc:
            if self.path.is_symlink():
                raise LockFileError(
                    f"a link stands where the lock file of {self.document.name} belongs "
                    f"({self.path}); remove it and open the document again"
                ) from exc
            raise
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            os.close(handle)
            raise LockFileError(f"{self.path} is not a regular file; remove it and try again")
        return handle

    def _still_in_place(self, handle: int) -> bool:
        """The locked file is still the one at the lock's name (not removed by its last owner)."""
        try:
            here = os.stat(self.path, follow_symlinks=False)
        except FileNotFoundError:
            return False
        mine = os.fstat(handle)
        return (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino)

    def _write_owner(self) -> None:
        assert self._handle is not None
        owner = f"{os.getpid()} {socket.gethostname()} {time.strftime('%Y-%m-%d %H:%M:%S')}\n"
        os.ftruncate(self._handle, 0)
        os.lseek(self._handle, 0, os.SEEK_SET)
        os.write(self._handle, owner.encode())

    def _in_use_message(self, owner: str, waited: float) -> str:
        text = f"{self.document.name} is open in another Pitboard window or process{owner}"
        if waited > 0:
            text += f"; waited {waited:g} s for it to close"
        return text


def _owner(handle: int) -> str:
    """Who holds the lock, as its owner wrote it into the lock file."""
    try:
        os.lseek(handle, 0, os.SEEK_SET)
        pid, host, *when = os.read(handle, 200).decode("utf-8", "replace").split()
    except (OSError, ValueError):
        return ""
    since = f" since {' '.join(when)}" if when else ""
    return f" (process {pid} on {host}{since})"


def _try_lock(handle: int) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
