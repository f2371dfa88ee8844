"""Start a writer, let it work for a random while, kill it with SIGKILL, and say what it did.

A writer is either forked from the campaign process (which has imported everything already,
so a writer starts in milliseconds) or spawned as a fresh interpreter
(`python -m tests.model.crash.child`), which is slower but shares nothing with the campaign.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.model.crash import child

ROOT = Path(__file__).resolve().parents[3]
LONGEST_LIFE = 60.0  # seconds: a writer that never reaches its moment is killed all the same


@dataclass
class Life:
    """What one writer said before it was killed."""

    first: int
    ready_after: float | None = None  # seconds from start to "ready"
    begun: dict[int, float] = field(default_factory=dict)  # op -> seconds from start
    acked: dict[int, str] = field(default_factory=dict)  # op -> what it made
    # op -> when it first began a database commit, or moving a file into place
    committing: dict[int, float] = field(default_factory=dict)
    moving: dict[int, float] = field(default_factory=dict)
    op_seconds: list[float] = field(default_factory=list)
    # from the first commit, or move, of an operation to its acknowledgement
    commit_seconds: list[float] = field(default_factory=list)
    move_seconds: list[float] = field(default_factory=list)
    killed_after: float = 0.0
    died_by_itself: str = ""  # what a writer that stopped before the kill said on stderr

    @property
    def in_flight(self) -> int | None:
        """The operation begun but not acknowledged when the kill came."""
        unacked = [op for op in self.begun if op not in self.acked]
        return max(unacked) if unacked else None

    @property
    def last_acked(self) -> int | None:
        return max(self.acked) if self.acked else None

    @property
    def next_op(self) -> int:
        return max(self.begun, default=self.first - 1) + 1

    def moment(self) -> str:
        """When the kill came, in words, for failure reports."""
        flight = self.in_flight
        if flight is not None:
            ms = (self.killed_after - self.begun[flight]) * 1000
            return f"killed {ms:.0f} ms into operation {flight}"
        if self.ready_after is None:
            return f"killed {self.killed_after * 1000:.0f} ms after start, while opening"
        return f"killed {self.killed_after * 1000:.0f} ms after start, between operations"

    def heard(self, line: str, at: float) -> None:
        word, _, rest = line.partition(" ")
        if word == "ready":
            self.ready_after = at
        elif word == "begin":
            self.begun[int(rest)] = at
        elif word == "commit":
            self.committing.setdefault(int(rest), at)
        elif word == "move":
            self.moving.setdefault(int(rest), at)
        elif word == "ack":
            number, _, made = rest.partition(" ")
            op = int(number)
            self.acked[op] = made
            self.op_seconds.append(at - self.begun.get(op, at))
            if op in self.committing:
                self.commit_seconds.append(at - self.committing[op])
            if op in self.moving:
                self.move_seconds.append(at - self.moving[op])


# When to kill a writer, in seconds from its start, given what it has said so far (None: not
# known yet, e.g. a moment within an operation it has not begun).
When = Callable[[Life], float | None]


class Writer:
    """One running writer process and the pipe it reports on."""

    def __init__(self, kind: str, folder: Path, first: int, *, spawn: bool) -> None:
        self.errors = folder / "writer-stderr.txt"
        self._process: subprocess.Popen[bytes] | None = None
        if spawn:
            self._spawn(kind, folder, first)
        else:
            self._fork(kind, folder, first)

    def _spawn(self, kind: str, folder: Path, first: int) -> None:
        with self.errors.open("wb") as errors:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "tests.model.crash.child", kind, str(folder), str(first)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=errors,
            )
        assert self._process.stdout is not None
        self.pid, self.reports = self._process.pid, self._process.stdout.fileno()

    def _fork(self, kind: str, folder: Path, first: int) -> None:
        reports, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the writer: never returns into the campaign
            status = 1
            try:
                os.close(reports)
                errors = os.open(self.errors, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                os.dup2(errors, 2)
                child.run(kind, folder, first, child.emitter(write_end))
            except BaseException:
                traceback.print_exc()
                sys.stderr.flush()
            finally:
                os._exit(status)
        os.close(write_end)
        self.pid, self.reports = pid, reports

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)

    def wait(self) -> int:
        """Reap it; returns the signal that ended it, or minus its exit status."""
        if self._process is not None:
            code = self._process.wait()
            self._process.stdout.close()  # type: ignore[union-attr]
            return -code
        _, status = os.waitpid(self.pid, 0)
        os.close(self.reports)
        return os.WTERMSIG(status) if os.WIFSIGNALED(status) else -os.WEXITSTATUS(status)


def live_and_die(kind: str, folder: Path, first: int, when: When, *, spawn: bool) -> Life:
    """Run a writer until the moment `when` names (or until it stops by itself), then
    SIGKILL it."""
    life = Life(first)
    start = time.monotonic()
    writer = Writer(kind, folder, first, spawn=spawn)
    pending = b""
    ended = False
    while not ended and (left := start + _deadline(when, life) - time.monotonic()) > 0:
        ready, _, _ = select.select([writer.reports], [], [], left)
        if ready:
            chunk = os.read(writer.reports, 65536)
            ended = not chunk
            pending = _hear(life, pending + chunk, time.monotonic() - start)
    life.killed_after = time.monotonic() - start
    if ended:
        writer.wait()
        life.died_by_itself = _tail(writer.errors)
        return life
    writer.kill()
    _hear(life, pending + _drain(writer.reports), life.killed_after)
    status = writer.wait()
    if status != signal.SIGKILL:
        life.died_by_itself = _tail(writer.errors) or f"ended with status {-status}"
    return life


def _deadline(when: When, life: Life) -> float:
    moment = when(life)
    return LONGEST_LIFE if moment is None else min(moment, LONGEST_LIFE)


def _hear(life: Life, data: bytes, at: float) -> bytes:
    *lines, rest = data.split(b"\n")
    for line in lines:
        life.heard(line.decode(), at)
    return rest


def _drain(fd: int) -> bytes:
    data = b""
    while chunk := os.read(fd, 65536):
        data += chunk
    return data


def _tail(path: Path, lines: int = 6) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return " | ".join(text.strip().splitlines()[-lines:])
