"""Every command of the command line, in one table: a command that writes goes through the one
door (its change is in the document's history under the command's step), and is refused,
leaving the file byte for byte as it was, for a read-only document and while another process
holds the single-writer lock; a command that only reads works on a read-only document and
beside a writer.

The editor's counterpart is tests/gui/test_every_write.py. Where the editor makes a write an
undo step, the command line has none, by design: a command's change is taken back by another
command, or in the editor (File > Restore from backup… offers the backup the door takes before
each import). So this table has no undo column.
"""

from __future__ import annotations

import argparse
import getpass
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from sqlmodel import Session

from main import COMMANDS, build_parser, cli_author
from model.edits.seasons import find_season, import_season
from model.io.season_definition import parse_season_definition
from model.store.backups import list_backups
from model.store.db import open_engine, transaction, url_for_path
from model.store.history_log import HistoryLine, history
from tests.conftest import DATA
from tests.helpers import ROOT, run
from tests.model.timing_files import FIXTURES, TIMING_SEASON
from tests.write_inputs import changed_season_file, results_file

Arguments = Callable[[Path], list[str]]  # a command's arguments, its input files made in a folder


class Command(NamedTuple):
    name: str
    given: str
    arguments: Arguments
    step: str | None = None  # a command that writes: the step its history lines name
    year: int = 2003  # the season whose history shows its change
    author: str = ""  # the history's author, where it is not cli_author()

    def argv(self, folder: Path, document: Path, *more: str) -> list[str]:
        return [self.name, *self.arguments(folder), "--db", str(document), *more]


# A row per command and kind of input; a command main.py gains fails the first test until it
# has a row here.
EVERY_COMMAND = [
    Command("import-season", "a season definition", lambda folder: [str(changed_season_file(folder))], "import-season season.json"),
    Command("import-results", "a results CSV", lambda folder: ["--season", "2003", str(results_file(folder))], "import-results results.csv"),
    Command("import-results", "a timing file", lambda folder: ["--season", "2026", "--round", "1", str(FIXTURES / "layout-a.csv")], "import-results layout-a.csv", 2026),
    Command("import-penalties", "a penalties CSV", lambda folder: ["--season", "2003", str(DATA / "penalties" / "alms-2003.csv")], "import-penalties alms-2003.csv"),
    Command("standings", "a class", lambda folder: ["--season", "2003", "--class", "GT"]),
    Command("problems", "a season", lambda folder: ["--season", "2003"]),
    Command("export", "a folder", lambda folder: ["--season", "2003", "--out", str(folder / "published")]),
    Command("verify-export", "an export folder", lambda folder: [str(exported(folder))]),
    Command("take-offline", "a season", lambda folder: ["--season", "2003", "--to", str(folder / "grid.pitboard")]),
    Command("send-back", "an offline copy", lambda folder: [str(offline_copy(folder))], "send-back grid.pitboard", author=f"{getpass.getuser()} (offline copy from {socket.gethostname()})"),
]  # fmt: skip
WRITES = [command for command in EVERY_COMMAND if command.step is not None]
READS = [command for command in EVERY_COMMAND if command.step is None]


def exported(folder: Path) -> Path:
    """A folder holding one small season's export and its manifest."""
    from model.io.export.standings_export import export_standings
    from model.scoring.standings import compute_standings
    from tests.builders import SeasonBuilder

    builder = SeasonBuilder()
    builder.finish(builder.round(1), builder.entry("Audi"))
    data = builder.build()
    out = folder / "exported"
    out.mkdir()
    export_standings(data, compute_standings(data), out)
    return out


def offline_copy(folder: Path) -> Path:
    """The 2003 season of the document beside `folder`, taken offline, with one result
    changed in the copy."""
    from model.edits.offline_trip import take_offline
    from model.store.documents import open_for_editing

    document = folder.parent / "document" / "season.pitboard"
    copy = folder / "grid.pitboard"
    opened = open_for_editing(document, create=False, read_only=True)
    try:
        take_offline(opened, str(document), year=2003, series=None, to=copy)
    finally:
        opened.close()
    engine = open_engine(url_for_path(copy), create=False)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE result SET laps = 321 WHERE id = 1")
    engine.dispose()
    return copy


def named(command: Command) -> str:
    return f"{command.name} {command.given}"


# (how the document is read-only, what the refusal says: {name} is the file, {folder} its folder)
READ_ONLY = [
    ("a read-only file", "cannot write: {name} is a read-only file"),
    ("a read-only folder", "cannot write: the folder {folder} is read-only"),
]
READ_ONLY_IDS = [way for way, _ in READ_ONLY]

# Holds the document's lock in a process of its own until its standard input closes.
HOLDER = """\
import sys
from pathlib import Path
from model.store.lock import DocumentLock
lock = DocumentLock(Path(sys.argv[1]))
lock.acquire()
print("held", flush=True)
sys.stdin.read()
lock.release()
"""


def subcommands() -> set[str]:
    """The commands argparse accepts (it names them nowhere public)."""
    parser = build_parser()
    (action,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(action.choices)


def test_the_table_has_every_command() -> None:
    assert {command.name for command in EVERY_COMMAND} == subcommands() == set(COMMANDS)


@pytest.fixture
def document(sample_path: Path, tmp_path: Path) -> Path:
    """The 2003 sample with results, and the 2026 season timing files go to, in a folder of
    its own (so that folder can be made read-only)."""
    path = tmp_path / "document" / "season.pitboard"
    path.parent.mkdir()
    shutil.copy(sample_path, path)
    engine = open_engine(url_for_path(path), create=False)
    with transaction(engine) as session:
        definition = parse_season_definition(TIMING_SEASON, source="season.json")
        import_season(session=session, definition=definition)
    engine.dispose()
    return path


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    return folder


def state(path: Path) -> tuple[bytes, bytes, list[str]]:
    """The document's bytes, its write-ahead log's and the other files beside it: equal states
    mean nothing was changed. SQLite's shared-memory index is left out, and an empty log is as
    good as none: a reader of a document in use elsewhere leaves both behind, holding nothing."""
    log = path.with_name(f"{path.name}-wal")
    companions = {log.name, f"{path.name}-shm"}
    others = sorted(p.name for p in path.parent.iterdir() if p.name not in companions)
    return path.read_bytes(), log.read_bytes() if log.exists() else b"", others


def logged(path: Path, year: int) -> list[HistoryLine]:
    engine = open_engine(url_for_path(path, read_only=True), create=False)
    try:
        with Session(engine) as session:
            season_id = find_season(session=session, year=year).id
            assert season_id is not None
            return history(session=session, season_id=season_id)
    finally:
        engine.dispose()


@pytest.mark.parametrize("command", WRITES, ids=named)
def test_a_write_goes_through_the_door_into_the_history(
    document: Path,
    inputs: Path,
    capsys: pytest.CaptureFixture[str],
    command: Command,
) -> None:
    earlier = len(logged(document, command.year))
    code, _, err = run(capsys, *command.argv(inputs, document))
    assert (code, err) == (0, "")
    lines = logged(document, command.year)
    new = lines[: len(lines) - earlier]
    assert new, "the change left no line in the history"
    author = command.author or cli_author()
    assert {(line.step, line.author) for line in new} == {(command.step, author)}


@pytest.fixture
def read_only(
    request: pytest.FixtureRequest, document: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The document made read-only in the way the parameter names; yields the refusal."""
    way, message = request.param
    target = document if way == "a read-only file" else document.parent
    mode = target.stat().st_mode
    target.chmod(0o444 if target.is_file() else 0o555)
    real_access = os.access

    def access(path: object, want: int, *args: object, **kwargs: object) -> bool:
        if want & os.W_OK and Path(str(path)).resolve() == target.resolve():
            return False  # as for anyone but root, who may write anywhere
        return real_access(path, want, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    yield message.format(name=document.name, folder=document.parent)
    target.chmod(mode)


@pytest.mark.parametrize("read_only", READ_ONLY, ids=READ_ONLY_IDS, indirect=True)
@pytest.mark.parametrize("command", WRITES, ids=named)
def test_a_write_is_refused_for_a_read_only_document(
    document: Path,
    inputs: Path,
    read_only: str,
    capsys: pytest.CaptureFixture[str],
    command: Command,
) -> None:
    before = state(document)
    code, out, err = run(capsys, *command.argv(inputs, document))
    assert (code, out) == (1, "")
    assert err == f"pitboard: error: {read_only}\n"
    assert state(document) == before
    assert list_backups(document) == []


@pytest.mark.parametrize("read_only", READ_ONLY, ids=READ_ONLY_IDS, indirect=True)
@pytest.mark.parametrize("command", READS, ids=named)
def test_a_read_works_on_a_read_only_document(
    document: Path,
    inputs: Path,
    read_only: str,
    capsys: pytest.CaptureFixture[str],
    command: Command,
) -> None:
    before = state(document)
    code, out, err = run(capsys, *command.argv(inputs, document))
    assert (code, err) == (0, "")
    assert out
    assert state(document) == before


@pytest.fixture
def lock_held_elsewhere(document: Path) -> Iterator[int]:
    """Another process holding the document's single-writer lock; yields its process id."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(document)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdin is not None
    with holder.stdout, holder.stdin:
        assert holder.stdout.readline() == "held\n"  # waits until the lock is taken
        yield holder.pid
    assert holder.wait(timeout=60) == 0


@pytest.mark.parametrize("command", WRITES, ids=named)
def test_a_write_is_refused_while_another_process_holds_the_lock(
    document: Path,
    inputs: Path,
    lock_held_elsewhere: int,
    capsys: pytest.CaptureFixture[str],
    command: Command,
) -> None:
    before = state(document)
    code, out, err = run(capsys, *command.argv(inputs, document, "--wait", "0"))
    assert (code, out) == (1, "")
    assert err.startswith(
        f"pitboard: error: {document.name} is open in another Pitboard window or process "
        f"(process {lock_held_elsewhere} on "
    )
    assert state(document) == before


@pytest.mark.parametrize("command", READS, ids=named)
def test_a_read_works_while_another_process_holds_the_lock(
    document: Path,
    inputs: Path,
    lock_held_elsewhere: int,
    capsys: pytest.CaptureFixture[str],
    command: Command,
) -> None:
    before = state(document)
    code, out, err = run(capsys, *command.argv(inputs, document, "--wait", "0"))
    assert (code, err) == (0, "")
    assert out
    assert state(document) == before
