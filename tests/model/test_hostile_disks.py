"""Disks and folders that refuse writes, each storage problem told apart, and what the command
line says about documents that are not what they should be."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlmodel import Session

from model.edits.results import update_result
from model.store.db import transaction
from model.store.documents import open_for_editing
from model.store.season_data import load_season_data
from model.store.storage_errors import DocumentDamagedError, Problem, StorageError
from tests.helpers import dump

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file semantics")


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real file system that is easily filled: a 1 MB tmpfs (needs root)."""
    mount = tmp_path / "tiny"
    mount_tmpfs(mount, "1m")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_called_full_and_changes_nothing(
    tiny_disk: Path, sample_path: Path, tmp_path: Path
) -> None:
    path = tiny_disk / "season.pitboard"
    path.write_bytes(sample_path.read_bytes())
    opened = open_for_editing(path, create=False, backup_root=tmp_path / "b")
    filler = tiny_disk / "filler"
    fill(filler)
    before = dump(path)
    with pytest.raises(StorageError) as raised:
        write_long_notes(opened.engine)
    opened.close()
    assert raised.value.problem is Problem.FULL
    assert "is full" in str(raised.value)
    assert not isinstance(raised.value, DocumentDamagedError)
    filler.unlink()
    assert dump(path) == before


def fill(path: Path) -> None:
    handle = os.open(path, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(handle, b"x" * 4096):
            pass
    except OSError:
        pass  # the disk is full
    finally:
        os.close(handle)


def write_long_notes(engine: object) -> None:
    with transaction(engine) as session:  # type: ignore[arg-type]
        for result_id in range(1, 150):
            update_result(session=session, result_id=result_id, note="n" * 2000)


def mount_tmpfs(mount: Path, size: str) -> None:
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a file system here: {done.stderr.decode().strip()}")


@pytest.fixture
def read_only_folder(tmp_path: Path, sample_path: Path) -> Iterator[Path]:
    """A folder on a real read-only file system holding a healthy document (needs root)."""
    mount = tmp_path / "read-only"
    mount_tmpfs(mount, "4m")
    try:
        (mount / "season.pitboard").write_bytes(sample_path.read_bytes())
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_document_on_a_read_only_folder_opens_read_only_and_says_why(
    read_only_folder: Path,
) -> None:
    opened = open_for_editing(read_only_folder / "season.pitboard", create=False)
    with Session(opened.engine) as session:
        results = len(load_season_data(session=session, season_id=1).results)
    opened.close()
    assert opened.read_only
    assert "read-only" in opened.read_only_reason
    assert results == 175


def test_a_command_line_import_into_a_read_only_document_is_refused_clearly(
    read_only_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from main import main

    path = read_only_folder / "season.pitboard"
    before = path.read_bytes()
    code = main(["import-season", "resources/samples/alms-2003/season.json", "--db", str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "season.pitboard is a read-only file" in err
    assert path.read_bytes() == before


def sqlite_error(name: str, text: str) -> sqlite3.Error:
    error = sqlite3.OperationalError(text)
    error.sqlite_errorname = name  # type: ignore[attr-defined]
    return error


PROBLEMS: list[tuple[str, BaseException, Problem]] = [
    ("disk full", sqlite_error("SQLITE_FULL", "database or disk is full"), Problem.FULL),
    ("no space (OS)", OSError(28, "No space left on device"), Problem.FULL),
    (
        "read-only file",
        sqlite_error("SQLITE_READONLY", "attempt to write a readonly database"),
        Problem.PERMISSION,
    ),
    ("permission (OS)", PermissionError(13, "Permission denied"), Problem.PERMISSION),
    ("read-only file system", OSError(30, "Read-only file system"), Problem.PERMISSION),
    (
        "cannot open",
        sqlite_error("SQLITE_CANTOPEN", "unable to open database file"),
        Problem.PERMISSION,
    ),
    ("busy", sqlite_error("SQLITE_BUSY", "database is locked"), Problem.BUSY),
    (
        "damaged",
        sqlite_error("SQLITE_CORRUPT", "database disk image is malformed"),
        Problem.DAMAGED,
    ),
    ("not a database", sqlite_error("SQLITE_NOTADB", "file is not a database"), Problem.DAMAGED),
    ("drive removed", sqlite_error("SQLITE_IOERR_READ", "disk I/O error"), Problem.IO),
]


@pytest.mark.parametrize(("what", "error", "problem"), PROBLEMS, ids=[p[0] for p in PROBLEMS])
def test_storage_problems_are_told_apart(what: str, error: BaseException, problem: Problem) -> None:
    from model.store.storage_errors import storage_error

    found = storage_error(error, Path("season.pitboard"))
    assert found.problem is problem
    assert isinstance(found, DocumentDamagedError) == (problem is Problem.DAMAGED)
    assert "season.pitboard" in str(found)
    assert ("Restore a backup" in str(found)) == (problem is Problem.DAMAGED)


@pytest.mark.parametrize(
    ("what", "error", "problem"),
    [p for p in PROBLEMS if p[2] is not Problem.DAMAGED and isinstance(p[1], sqlite3.Error)],
)
def test_opening_a_healthy_file_that_cannot_be_read_now_is_not_called_damaged(
    tmp_path: Path,
    sample_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    what: str,
    error: BaseException,
    problem: Problem,
) -> None:
    import model.store.documents as document

    class Failing:
        def execute(self, *args: object) -> None:
            raise error

        def close(self) -> None:
            pass

    monkeypatch.setattr(document, "connect_file", lambda *args, **kwargs: Failing())
    with pytest.raises(StorageError) as raised:
        open_for_editing(sample_path, create=False, backup_root=tmp_path / "b")
    assert raised.value.problem is problem
    assert not isinstance(raised.value, DocumentDamagedError)


def test_a_read_command_never_touches_another_programs_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from main import main

    path = tmp_path / "notes#1.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (body TEXT)")
    connection.execute("INSERT INTO notes VALUES ('keep me')")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    code = main(["standings", "--season", "2003", "--class", "GT", "--db", str(path)])
    assert code == 1
    assert "not a Pitboard document" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".db") == ["notes#1.db"]
    assert not (tmp_path / "notes").exists()


def a_folder(path: Path) -> None:
    path.mkdir()


def a_zero_length_file(path: Path) -> None:
    path.write_bytes(b"")


COMMAND_LINE_DOCUMENTS: list[tuple[str, Callable[[Path], None], list[str], str]] = [
    ("a folder as --db", a_folder, ["standings", "--class", "GT"], "is a folder, not a Pitboard"),
    ("a folder as --db, importing", a_folder, ["import-results"], "is a folder, not a Pitboard"),
    ("an empty file as --db", a_zero_length_file, ["import-results"], "is empty"),
]


@pytest.mark.parametrize(
    ("what", "make", "command", "message"),
    COMMAND_LINE_DOCUMENTS,
    ids=[c[0] for c in COMMAND_LINE_DOCUMENTS],
)
def test_the_command_line_names_what_is_wrong_with_the_document(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    what: str,
    make: Callable[[Path], None],
    command: list[str],
    message: str,
) -> None:
    from main import main

    path = tmp_path / "season.pitboard"
    make(path)
    argv = [command[0], "--season", "2003", *command[1:], "--db", str(path)]
    if command[0] == "import-results":
        argv.append("resources/samples/alms-2003/results.csv")
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 1
    assert message in err
    assert "Traceback" not in err
    assert path.is_dir() or path.read_bytes() == b""
