"""Writing the user's files so that none is ever seen half-written or written through a link.

A file is built under a random name beside its target (created exclusively, so a planted
link or file is never followed or reused), synced, then put in place in one step.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)  # Windows has no symbolic-link flag
CLOSE_ON_EXEC = getattr(os, "O_CLOEXEC", 0)


def temp_beside(target: Path, purpose: str) -> Path:
    """A new, empty file with a random name in `target`'s folder (created with O_EXCL)."""
    handle, name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=f".{purpose}", dir=target.parent
    )
    os.close(handle)
    return Path(name)


def sync_file(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY | NO_FOLLOW | CLOSE_ON_EXEC)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def sync_folder(folder: Path) -> None:
    """Make a rename or link in `folder` durable (where the system allows opening folders)."""
    if os.name == "nt":
        return
    try:
        handle = os.open(folder, os.O_RDONLY | CLOSE_ON_EXEC)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems refuse to sync a folder; the rename is still atomic
    finally:
        os.close(handle)


def replace_durably(temp: Path, target: Path) -> None:
    """Put the whole of `temp` in place of `target` in one step, and make that last."""
    sync_file(temp)
    os.replace(temp, target)
    sync_folder(target.parent)


def link_if_absent(temp: Path, target: Path) -> bool:
    """Put `temp` in place at `target` only when nothing is there; False when something is.

    `temp` is removed either way. Two processes racing to create one file: exactly one wins,
    and the loser never touches the winner's file.
    """
    sync_file(temp)
    try:
        try:
            os.link(temp, target)
        except FileExistsError:
            return False
        except OSError:
            if not _reserve(target):  # a file system without hard links
                return False
            os.replace(temp, target)
        sync_folder(target.parent)
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _reserve(target: Path) -> bool:
    try:
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NO_FOLLOW, 0o666)
    except FileExistsError:
        return False
    os.close(handle)
    return True


def remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def give_mode(temp: Path, target: Path) -> None:
    """A temporary file is private; the file it becomes keeps the mode `target` has, or a new
    file's usual mode (0666 less the umask)."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = 0o666 & ~umask()
    os.chmod(temp, mode)
