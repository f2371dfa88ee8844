"""Whole-or-nothing writes of files the user owns.

Each file is written to a hidden temporary file beside its target (".<name>.<token>.partial"),
synced, and only then moved into place. A batch writes all its temporary files before it
moves any, so a failure while writing leaves every earlier file as it was. A temporary file
is held locked while it is written; one nobody holds is left over from a killed export and
is removed by the next export of the same target.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from model.errors import PitboardError
from model.io.export.naming import PARTIAL_SUFFIX, PARTIAL_TOKEN_LENGTH
from model.store.safe_files import CLOSE_ON_EXEC, NO_FOLLOW, sync_folder

try:
    import fcntl
except ImportError:  # Windows: an open file cannot be removed there anyway
    fcntl = None  # type: ignore[assignment]

_TOKEN_CHARACTERS = set("abcdefghijklmnopqrstuvwxyz0123456789_")  # ours, and mkstemp's
Write = Callable[[Path], None]


class ExportError(PitboardError):
    """A file could not be written; the message names it and says why."""


@dataclass
class _Staged:
    target: Path
    partial: Path
    handle: int  # open and locked for as long as the temporary file is ours


class StagedFiles:
    """Files written beside their targets, put in place together by `commit`.

    Use as a context manager: whatever is not committed when the block ends (by an error or
    otherwise) is removed, so no temporary file is ever left behind.
    """

    def __init__(self) -> None:
        self._staged: list[_Staged] = []

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        while self._staged:
            _discard(self._staged.pop())

    def add(self, target: Path, write: Write) -> None:
        """Write `target`'s new content with `write` (given the temporary file's path)."""
        _check_target(target)
        remove_stale_partials(target)
        staged = _create_partial(target)
        self._staged.append(staged)
        try:
            write(staged.partial)
            with staged.partial.open("rb+") as written:
                os.fsync(written.fileno())  # on disk before it takes the place of the old file
        except OSError as exc:
            raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc

    def commit(self) -> None:
        """Move every file into place, in the order added."""
        folders = {staged.target.parent for staged in self._staged}
        while self._staged:
            staged = self._staged[0]
            if os.name == "nt":
                os.close(staged.handle)  # Windows cannot rename a file that is open
                staged.handle = -1
            try:
                os.replace(staged.partial, staged.target)
            except OSError as exc:
                raise ExportError(f"cannot write {staged.target}: {exc.strerror or exc}") from exc
            _close(self._staged.pop(0))
        for folder in folders:
            sync_folder(folder)


def write_atomically(target: Path, write: Write) -> None:
    """Call `write` on a temporary file beside `target`, then move it into place.

    A failure at any point leaves `target` as it was (or absent) and no temporary file behind.
    """
    with StagedFiles() as staged:
        staged.add(target, write)
        staged.commit()


def remove_stale_partials(target: Path) -> list[Path]:
    """Remove the temporary files of earlier, killed writes of `target`; return them.

    A temporary file another export is still writing is locked, and kept.
    """
    prefix = f".{target.name}."
    try:
        names = [entry.name for entry in os.scandir(target.parent)]
    except OSError:
        return []
    removed = []
    for name in names:
        token = name[len(prefix) : -len(PARTIAL_SUFFIX)]
        if (
            name.startswith(prefix)
            and name.endswith(PARTIAL_SUFFIX)
            and len(token) == PARTIAL_TOKEN_LENGTH
            and set(token) <= _TOKEN_CHARACTERS
            and _remove_if_abandoned(target.parent / name)
        ):
            removed.append(target.parent / name)
    return removed


def _remove_if_abandoned(path: Path) -> bool:
    try:
        handle = os.open(path, os.O_RDWR | NO_FOLLOW | CLOSE_ON_EXEC)
    except OSError:
        return False  # a link, a folder, or not ours to open: leave it
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode) or not _try_lock(handle):
            return False
        path.unlink()
        return True
    except OSError:
        return False
    finally:
        os.close(handle)


def _check_target(target: Path) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"cannot write {target}: the folder {folder} does not exist")
    if target.is_dir():
        raise ExportError(f"cannot write {target}: a folder of that name is in the way")


def _create_partial(target: Path) -> _Staged:
    """A new temporary file beside `target`, locked, with the mode `target` will keep."""
    mode = _existing_mode(target)
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | NO_FOLLOW | CLOSE_ON_EXEC
    for _ in range(100):
        token = secrets.token_hex(PARTIAL_TOKEN_LENGTH // 2)
        partial = target.parent / f".{target.name}.{token}{PARTIAL_SUFFIX}"
        try:
            # 0666 less the umask for a new file, as any program creating it would give it
            handle = os.open(partial, flags, 0o666 if mode is None else mode)
        except FileExistsError:
            continue
        except OSError as exc:
            raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
        staged = _Staged(target, partial, handle)
        try:
            _try_lock(handle)
            if mode is not None:
                os.chmod(partial, mode)  # exactly, whatever the umask
        except OSError as exc:
            _discard(staged)
            raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
        return staged
    raise ExportError(f"cannot write {target}: no free temporary name beside it")


def _existing_mode(target: Path) -> int | None:
    """The permissions of the file being replaced: re-exporting must not change who can read
    it."""
    try:
        return stat.S_IMODE(target.stat().st_mode) & 0o777
    except OSError:
        return None


def _try_lock(handle: int) -> bool:
    if fcntl is None:
        return True
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _discard(staged: _Staged) -> None:
    with contextlib.suppress(OSError):
        staged.partial.unlink()
    _close(staged)


def _close(staged: _Staged) -> None:
    if staged.handle >= 0:
        with contextlib.suppress(OSError):
            os.close(staged.handle)
        staged.handle = -1
