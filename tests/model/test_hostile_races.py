"""Processes racing for one document: creators, lock holders, concurrent imports, and the
command line waiting for the lock."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from model.store.db import transaction
from model.store.documents import open_for_editing
from model.store.lock import DocumentInUseError, DocumentLock
from model.store.season_data import load_season_data
from tests.helpers import dump

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file semantics")


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
