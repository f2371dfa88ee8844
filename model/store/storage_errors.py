"""What went wrong with a document's storage, told apart so the user is offered the right help.

A full disk, a read-only file or folder and a file busy in another program are not damage:
the document is healthy and only a restore of a backup would lose work. Only damage offers
the backups.
"""

from __future__ import annotations

import errno
from enum import Enum
from pathlib import Path

from model.store.schema import DocumentError


class Problem(Enum):
    FULL = "full"
    PERMISSION = "permission"
    BUSY = "busy"
    DAMAGED = "damaged"
    MISSING = "missing"
    IO = "io"
    OTHER = "other"


class StorageError(DocumentError):
    """The document could not be read or written; `problem` says why."""

    def __init__(self, message: str, problem: Problem) -> None:
        super().__init__(message)
        self.problem = problem


class DocumentDamagedError(StorageError):
    """The file is damaged: the only case where restoring a backup is the answer."""

    def __init__(self, message: str) -> None:
        super().__init__(message, Problem.DAMAGED)


_SQLITE_PROBLEMS = {
    "SQLITE_FULL": Problem.FULL,
    "SQLITE_READONLY": Problem.PERMISSION,
    "SQLITE_PERM": Problem.PERMISSION,
    "SQLITE_AUTH": Problem.PERMISSION,
    "SQLITE_CANTOPEN": Problem.PERMISSION,
    "SQLITE_BUSY": Problem.BUSY,
    "SQLITE_LOCKED": Problem.BUSY,
    "SQLITE_CORRUPT": Problem.DAMAGED,
    "SQLITE_NOTADB": Problem.DAMAGED,
    "SQLITE_IOERR": Problem.IO,
}
_ERRNO_PROBLEMS = {
    errno.ENOSPC: Problem.FULL,
    errno.EDQUOT: Problem.FULL,
    errno.EFBIG: Problem.FULL,
    errno.EACCES: Problem.PERMISSION,
    errno.EPERM: Problem.PERMISSION,
    errno.EROFS: Problem.PERMISSION,
    errno.ENOENT: Problem.MISSING,
    errno.EIO: Problem.IO,
}


# A server's refusal to interleave two writers' transactions (serialization failure, deadlock).
SERVER_COLLISIONS = frozenset({"40001", "40P01"})


def sqlite_problem(error: BaseException) -> Problem:
    name = getattr(error, "sqlite_errorname", "") or ""
    for prefix, problem in _SQLITE_PROBLEMS.items():
        if name == prefix or name.startswith(prefix + "_"):
            return problem
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return Problem.BUSY
    if "readonly" in text or "read-only" in text:
        return Problem.PERMISSION
    if "disk is full" in text:
        return Problem.FULL
    if "malformed" in text or "not a database" in text:
        return Problem.DAMAGED
    return Problem.OTHER


def os_problem(error: OSError) -> Problem:
    return _ERRNO_PROBLEMS.get(error.errno or 0, Problem.OTHER)


def explain(problem: Problem, name: str, detail: str) -> str:
    """The message for one problem with the document called `name`."""
    if problem is Problem.FULL:
        return (
            f"the disk holding {name} is full: nothing was changed. Free some space and try again."
        )
    if problem is Problem.PERMISSION:
        return (
            f"{name} cannot be written: the file or its folder is read-only, or you lack "
            "permission. Nothing was changed."
        )
    if problem is Problem.BUSY:
        return (
            f"{name} is busy: another program kept it locked for several seconds. Nothing was "
            "changed; try again."
        )
    if problem is Problem.DAMAGED:
        return f"{name} is damaged ({detail}). Restore a backup (File > Restore from backup…)."
    if problem is Problem.MISSING:
        return f"{name} or its folder no longer exists ({detail}). Nothing was changed."
    if problem is Problem.IO:
        return (
            f"{name} could not be read or written (input/output error: was the drive removed?). "
            "Nothing was changed."
        )
    return f"{name} could not be read or written ({detail}). Nothing was changed."


def storage_error(error: BaseException, path: Path | None) -> StorageError:
    """A StorageError for a driver error (sqlite3 or SQLAlchemy's wrapper) or an OSError."""
    original = getattr(error, "orig", None) or error
    if getattr(original, "sqlstate", None) in SERVER_COLLISIONS:
        return StorageError(
            "another editor changed the same rows at the same moment, and the server would not "
            "mix the two changes: nothing was changed; try again.",
            Problem.BUSY,
        )
    if isinstance(original, OSError):
        problem = os_problem(original)
        detail = original.strerror or str(original)
    else:
        problem = sqlite_problem(original)
        detail = str(original)
    name = path.name if path is not None else "the document"
    message = explain(problem, name, detail)
    if problem is Problem.DAMAGED:
        return DocumentDamagedError(message)
    return StorageError(message, problem)
