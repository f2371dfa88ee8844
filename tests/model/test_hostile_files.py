"""Hostile files and names: URL characters in a document's name, files that are not documents,
links planted where Pitboard writes, file modes, and the backups kept in tiers."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import Session

from model.edits.results import update_result
from model.edits.sample import SAMPLE
from model.store.backups import list_backups, restore_backup, take_backup
from model.store.db import transaction
from model.store.documents import open_for_editing, save_copy
from model.store.lock import LockFileError, lock_path
from model.store.schema import CURRENT_VERSION, DocumentError
from model.store.season_data import load_season_data
from tests.helpers import dump

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file semantics")


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
    assert taken[0] in kept  # the first this process took: the document as it was found
    assert set(taken[-10:]) <= kept  # the ten newest
    assert len(set(taken) & kept) == 11
    assert set(older[:4]) <= kept  # one a day for the last fortnight
    assert set(older[4:7]) <= kept  # one a week for half a year
    assert older[7] not in kept


def test_session_for_reading_sees_the_sample(sample_path: Path) -> None:
    opened = open_for_editing(sample_path, create=False, read_only=True)
    with Session(opened.engine) as session:
        assert len(load_season_data(session=session, season_id=1).results) == 175
    opened.close()


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
