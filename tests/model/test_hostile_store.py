"""Hostile file names, planted links, races between processes and failing disks: the document
is never lost, never written through a link, and every problem is named for what it is."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlmodel import Session

from model.edits.results import update_result
from model.edits.sample import SAMPLE
from model.store.backups import list_backups, restore_backup, take_backup
from model.store.db import transaction
from model.store.documents import open_for_editing, save_copy
from model.store.lock import DocumentInUseError, DocumentLock, LockFileError, lock_path
from model.store.schema import CURRENT_VERSION, DocumentError
from model.store.season_data import load_season_data
from model.store.storage_errors import DocumentDamagedError, Problem, StorageError
from tests.cli.test_cli import dump

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file semantics")

# --- names that mean something else in a URL ---------------------------------------------

URL_NAMES = ["notes#1.pitboard", "what?.pitboard", "50%25.pitboard", "a%2Fb #?%.pitboard"]


def laps_of_first_result(path: Path) -> int | None:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT laps FROM result WHERE id = 1").fetchone()[0]
    finally:
        connection.close()


@pytest.mark.parametrize("name", URL_NAMES)
def test_a_document_named_like_a_url_is_itself_everywhere(
    tmp_path: Path, sample_path: Path, name: str
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    path = folder / name
    path.write_bytes(sample_path.read_bytes())
    opened = open_for_editing(path, create=False, backup_root=tmp_path / "b")
    with transaction(opened.engine) as session:
        update_result(session=session, result_id=1, laps=77)
    backup = take_backup(path, "check", root=tmp_path / "b")
    save_copy(opened.engine, folder / f"copy {name}")
    opened.close()
    assert laps_of_first_result(backup) == 77  # the backup copied this file, not another
    assert laps_of_first_result(folder / f"copy {name}") == 77
    restore_backup(backup, path, root=tmp_path / "b")
    assert laps_of_first_result(path) == 77  # restoring did not wipe it
    assert {p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm"))} == {
        f"copy {name}",
        name,
    }


@pytest.mark.parametrize("name", ["future.pitboard", *URL_NAMES])
def test_a_document_from_a_newer_version_is_refused_untouched(
    tmp_path: Path, sample_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(sample_path.read_bytes())
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(DocumentError, match="saved by a newer Pitboard"):
        open_for_editing(path, create=False, backup_root=tmp_path / "b")
    assert path.read_bytes() == before


# --- files that are not Pitboard documents -------------------------------------------------


def empty_sqlite(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE scratch (x)")
    connection.execute("DROP TABLE scratch")
    connection.commit()
    connection.close()


NOT_DOCUMENTS: list[tuple[str, Callable[[Path], None], str]] = [
    ("a zero-length file", lambda p: p.write_bytes(b""), "is empty"),
    ("an empty SQLite file of another program", empty_sqlite, "is empty"),
    ("a folder", lambda p: p.mkdir(), "is a folder"),
]


@pytest.mark.parametrize(
    ("what", "make", "message"), NOT_DOCUMENTS, ids=[c[0] for c in NOT_DOCUMENTS]
)
def test_only_a_missing_file_is_ever_created(
    tmp_path: Path, what: str, make: Callable[[Path], None], message: str
) -> None:
    path = tmp_path / "found.pitboard"
    make(path)
    before = path.read_bytes() if path.is_file() else None
    for _ in range(2):  # refused the second time too: nothing was stamped the first time
        with pytest.raises(DocumentError, match=message):
            open_for_editing(path, create=True, initial=SAMPLE, backup_root=tmp_path / "b")
    assert (path.read_bytes() if path.is_file() else None) == before


# --- links planted where Pitboard writes ----------------------------------------------------


def test_a_link_at_the_lock_files_name_is_never_followed(tmp_path: Path, sample_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    lock_path(sample_path).symlink_to(victim)
    with pytest.raises(LockFileError, match="a link stands where the lock file"):
        open_for_editing(sample_path, create=False, backup_root=tmp_path / "b")
    assert victim.read_text() == "precious\n"


def test_a_dangling_link_at_the_lock_files_name_creates_nothing(
    tmp_path: Path, sample_path: Path
) -> None:
    target = tmp_path / "created-through-the-link"
    lock_path(sample_path).symlink_to(target)
    with pytest.raises(LockFileError):
        open_for_editing(sample_path, create=False, backup_root=tmp_path / "b")
    assert not target.exists()


def test_save_a_copy_writes_through_no_planted_link(tmp_path: Path, sample_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    target = tmp_path / "copy.pitboard"
    for pid in range(os.getpid() - 5, os.getpid() + 50):  # every name the old scheme could use
        target.with_name(f".{target.name}.partial-{pid}").symlink_to(victim)
    opened = open_for_editing(sample_path, create=False, backup_root=tmp_path / "b")
    save_copy(opened.engine, target)
    opened.close()
    assert victim.read_text() == "precious\n"
    assert dump(target) == dump(sample_path)


def test_new_files_get_the_usual_mode(tmp_path: Path, sample_path: Path) -> None:
    opened = open_for_editing(tmp_path / "new.pitboard", create=True, backup_root=tmp_path / "b")
    save_copy(opened.engine, tmp_path / "copy.pitboard")
    opened.close()
    umask = os.umask(0o022)
    os.umask(umask)
    for name in ("new.pitboard", "copy.pitboard"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o666 & ~umask


# --- processes racing -----------------------------------------------------------------------


def _create_and_mark(path: str, start: object, marks: object) -> None:
    start.wait()  # type: ignore[attr-defined]
    try:
        opened = open_for_editing(Path(path), create=True, backup_root=Path(path).parent / "b")
    except DocumentInUseError:
        marks.put("in use")  # type: ignore[attr-defined]
        return
    with transaction(opened.engine) as session:
        session.connection().exec_driver_sql(
            "INSERT INTO series (name) VALUES (?)", (f"made by {os.getpid()}",)
        )
    opened.close()
    marks.put("created")  # type: ignore[attr-defined]


@pytest.fixture
def fork() -> multiprocessing.context.BaseContext:
    return multiprocessing.get_context("fork")


def test_two_processes_creating_one_document_never_lose_it(
    tmp_path: Path, fork: multiprocessing.context.BaseContext
) -> None:
    for pair in range(8):
        path = tmp_path / f"race-{pair}.pitboard"
        start, marks = fork.Event(), fork.Queue()
        children = [
            fork.Process(target=_create_and_mark, args=(str(path), start, marks)) for _ in range(2)
        ]
        for child in children:
            child.start()
        start.set()
        for child in children:
            child.join(30)
            assert child.exitcode == 0
        outcomes = sorted(marks.get(timeout=5) for _ in children)
        assert "created" in outcomes
        connection = sqlite3.connect(path)
        made = connection.execute("SELECT count(*) FROM series").fetchone()[0]
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        connection.close()
        assert made == outcomes.count("created")  # every acknowledged write is in the file


def _hold_and_log(document: str, log: str, seconds: float) -> None:
    import time

    lock = DocumentLock(Path(document))
    end = time.monotonic() + seconds
    handle = os.open(log, os.O_WRONLY | os.O_APPEND)
    while time.monotonic() < end:
        try:
            lock.acquire()
        except DocumentInUseError:
            continue
        os.write(handle, f"in {os.getpid()}\n".encode())
        os.write(handle, f"out {os.getpid()}\n".encode())
        lock.release()
    os.close(handle)


def test_the_lock_is_never_held_by_two_at_once(
    tmp_path: Path, fork: multiprocessing.context.BaseContext
) -> None:
    document, log = tmp_path / "doc.pitboard", tmp_path / "log.txt"
    log.write_text("")
    children = [
        fork.Process(target=_hold_and_log, args=(str(document), str(log), 1.5)) for _ in range(3)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(30)
    lines = log.read_text().splitlines()
    assert len(lines) > 100  # the processes really took turns many times
    for entered, left in zip(lines[::2], lines[1::2], strict=True):
        assert entered.startswith("in ")
        assert left == f"out {entered[3:]}"


def test_a_write_transaction_holds_the_write_lock_from_its_first_read(
    sample_engine_path: tuple[object, Path],
) -> None:
    engine, path = sample_engine_path
    with transaction(engine) as session:  # type: ignore[arg-type]
        load_season_data(session=session, season_id=1)  # reading to plan a change
        other = sqlite3.connect(path, timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


@pytest.fixture
def sample_engine_path(sample_path: Path, tmp_path: Path) -> Iterator[tuple[object, Path]]:
    opened = open_for_editing(sample_path, create=False, backup_root=tmp_path / "b")
    yield opened.engine, sample_path
    opened.close()


def _import_twice(path: str, timing: str, start: object) -> None:
    from model.edits.timing_apply import TimingImportEdit
    from model.io.alkamel import read_timing_file
    from model.io.timing_import import plan_import
    from model.store.db import open_engine, url_for_path

    engine = open_engine(url_for_path(path), create=False)
    parsed = read_timing_file(Path(timing))
    start.wait()  # type: ignore[attr-defined]
    for _ in range(4):
        with transaction(engine) as session:
            plan = plan_import(session=session, season_id=1, round_id=1, timing=parsed)
            TimingImportEdit(plan).apply(session)
    engine.dispose()


def test_concurrent_imports_of_one_round_never_duplicate_cars(
    tmp_path: Path, fork: multiprocessing.context.BaseContext
) -> None:
    from model.edits.seasons import import_season
    from model.io.season_definition import parse_season_definition
    from tests.benchmarks.timing_import import CLASSES, sixty_car_file

    timing = sixty_car_file(tmp_path)
    path = tmp_path / "timing.pitboard"
    opened = open_for_editing(path, create=True, backup_root=tmp_path / "b", lock=False)
    definition = parse_season_definition(
        {
            "series": "Race",
            "season": 2030,
            "classes": list(CLASSES),
            "points_scales": {"s": [25, 18, 15]},
            "rounds": [{"round": 1, "name": "Six Hours", "points_scale": "s"}],
        },
        source="test",
    )
    with transaction(opened.engine) as session:
        import_season(session=session, definition=definition)
    opened.close()
    start = fork.Event()
    children = [
        fork.Process(target=_import_twice, args=(str(path), str(timing), start)) for _ in range(3)
    ]
    for child in children:
        child.start()
    start.set()
    for child in children:
        child.join(60)
        assert child.exitcode == 0
    connection = sqlite3.connect(path)
    in_round = connection.execute("SELECT count(*) FROM result WHERE round_id = 1").fetchone()[0]
    entries = connection.execute("SELECT count(*) FROM entry").fetchone()[0]
    connection.close()
    assert (in_round, entries) == (60, 60)


# --- disks and folders that refuse writes ---------------------------------------------------


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


# --- each problem told apart ----------------------------------------------------------------


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


# --- backups kept in tiers ------------------------------------------------------------------


def fake_backup(folder: Path, stamp: str, reason: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stamp}-{reason}.pitboard"
    path.write_bytes(b"")
    return path


def test_a_burst_of_imports_keeps_older_backups(
    tmp_path: Path, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    import model.store.backups as backups

    root = tmp_path / "b"
    folder = backups.backup_folder(sample_path, root)
    today = dt.datetime.now()
    older = [
        fake_backup(folder, (today - dt.timedelta(days=d)).strftime("%Y%m%d-%H%M%S-%f"), "opened")
        for d in (1, 2, 5, 9, 20, 40, 100, 400)
    ]
    monkeypatch.setattr(backups, "_first_of_session", {})
    taken = [take_backup(sample_path, "before import", root=root) for _ in range(30)]
    kept = {b.path for b in list_backups(sample_path, root=root)}
    assert taken[0] in kept  # the first of this session: the document as it was found
    assert set(taken[-10:]) <= kept  # the ten newest
    assert len(set(taken) & kept) == 11
    assert set(older[:4]) <= kept  # one a day for the last fortnight
    assert set(older[4:7]) <= kept  # one a week for half a year
    assert older[7] not in kept


def test_the_command_line_waits_for_the_lock_then_refuses(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from main import main

    holder = DocumentLock(sample_path)
    holder.acquire()
    before = dump(sample_path)
    try:
        code = main(
            [
                "import-season",
                "resources/samples/alms-2003/season.json",
                "--db",
                str(sample_path),
                "--wait",
                "0.3",
            ]
        )
    finally:
        holder.release()
    err = capsys.readouterr().err
    assert code == 1
    assert "is open in another Pitboard window or process" in err
    assert "waited 0.3 s" in err
    assert dump(sample_path) == before


def test_a_reading_command_needs_no_lock_and_changes_nothing(
    sample_path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from main import main

    holder = DocumentLock(sample_path)
    holder.acquire()
    before = sample_path.read_bytes()
    try:
        code = main(["standings", "--season", "2003", "--class", "GT", "--db", str(sample_path)])
    finally:
        holder.release()
    assert code == 0, capsys.readouterr().err
    assert sample_path.read_bytes() == before


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


def test_session_for_reading_sees_the_sample(sample_path: Path) -> None:
    opened = open_for_editing(sample_path, create=False, read_only=True)
    with Session(opened.engine) as session:
        assert len(load_season_data(session=session, season_id=1).results) == 175
    opened.close()


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


def test_an_import_while_another_program_writes_says_busy(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from main import main

    before = dump(sample_path)
    blocker = sqlite3.connect(sample_path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        code = main(
            [
                "import-results",
                "--season",
                "2003",
                "resources/samples/alms-2003/overall-winners.csv",
                "--db",
                str(sample_path),
            ]
        )
    finally:
        blocker.rollback()
        blocker.close()
    err = capsys.readouterr().err
    assert code == 1
    assert "is busy: another program kept it locked" in err
    assert dump(sample_path) == before


def test_opening_an_unchanged_document_again_copies_it_once(
    tmp_path: Path, sample_path: Path
) -> None:
    root = tmp_path / "b"
    for _ in range(3):
        open_for_editing(sample_path, create=False, backup_root=root).close()
    assert [b.reason for b in list_backups(sample_path, root=root)] == ["opened"]
    opened = open_for_editing(sample_path, create=False, backup_root=root)
    with transaction(opened.engine) as session:
        update_result(session=session, result_id=1, laps=12)
    opened.close()
    open_for_editing(sample_path, create=False, backup_root=root).close()
    newest = list_backups(sample_path, root=root)
    assert len(newest) == 2
    assert laps_of_first_result(newest[0].path) == 12


def test_a_damaged_document_can_be_restored_and_is_kept_byte_for_byte(
    tmp_path: Path, sample_path: Path
) -> None:
    root = tmp_path / "b"
    good = take_backup(sample_path, "opened", root=root)
    damaged = sample_path.read_bytes()[:5000]  # the battery died mid-copy
    sample_path.write_bytes(damaged)
    saved = restore_backup(good, sample_path, root=root)
    assert saved.read_bytes() == damaged
    assert "damaged before restore" in [b.reason for b in list_backups(sample_path, root=root)]
    assert dump(sample_path) == dump(good)


def test_what_a_killed_creation_or_backup_left_is_cleared(tmp_path: Path) -> None:
    import datetime as dt

    import model.store.backups as backups

    path = tmp_path / "new [1].pitboard"
    left = [tmp_path / f".{path.name}.abc123.new{end}" for end in ("", "-wal", "-shm")]
    for file in left:
        file.write_bytes(b"half")
    opened = open_for_editing(path, create=True, backup_root=tmp_path / "b")
    folder = backups.backup_folder(path, tmp_path / "b")
    folder.mkdir(parents=True)
    journal = folder / ".20260101-000000-000000-opened.pitboard.x1.partial-journal"
    journal.write_bytes(b"j")
    old = (dt.datetime.now() - dt.timedelta(hours=2)).timestamp()
    os.utime(journal, (old, old))
    take_backup(path, "check", root=tmp_path / "b")
    opened.close()
    assert not any(file.exists() for file in left)
    assert not journal.exists()
