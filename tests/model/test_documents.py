"""Documents that survive: durable settings, identity, migrations, backups, hostile files."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlmodel import Session

from model.edits.results import update_result
from model.errors import NotFoundError
from model.scoring.standings import Championship, compute_standings
from model.store.backups import Retention, list_backups, restore_backup, take_backup
from model.store.db import open_engine, transaction, url_for_path
from model.store.documents import open_for_editing
from model.store.lock import DocumentInUseError
from model.store.schema import APPLICATION_ID, CURRENT_VERSION, DocumentError
from model.store.season_data import load_season_data
from model.store.storage_errors import StorageError
from tests.conftest import DATA
from tests.helpers import dump


def pragma(path: Path, name: str) -> object:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        connection.close()


def test_a_new_document_is_durable_and_says_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "new.pitboard"
    opened = open_for_editing(path, create=True, backup_root=tmp_path / "b")
    with opened.engine.connect() as connection:
        settings = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "trusted_schema")
        }
    opened.close()
    assert settings == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "trusted_schema": 0,
    }
    assert pragma(path, "application_id") == APPLICATION_ID
    assert pragma(path, "user_version") == CURRENT_VERSION


def test_the_history_cannot_be_rewritten(tmp_path: Path) -> None:
    engine = open_engine(url_for_path(tmp_path / "h.pitboard"))
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO change_log (at, author, step, subject, subject_id, action) "
            "VALUES ('2026-01-01', 'me', 'x', 'result', 1, 'added')"
        )
    for statement in ("UPDATE change_log SET author = 'someone else'", "DELETE FROM change_log"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
            connection.exec_driver_sql(statement)


def test_a_document_from_an_earlier_version_opens_with_all_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.pitboard"
    shutil.copy(DATA / "schema-v1.pitboard", path)
    opened = open_for_editing(path, create=False, backup_root=tmp_path / "b")
    assert opened.migrated_from == 1
    with Session(opened.engine) as session:
        data = load_season_data(session=session, season_id=1)
    opened.close()
    table = compute_standings(data).table("LMP900", Championship.TEAMS)
    assert [(r.name, r.total) for r in table.rows][:2] == [
        ("Infineon Team Joest", 170),
        ("ADT Champion Racing", 163),
    ]
    assert pragma(path, "user_version") == CURRENT_VERSION
    reasons = [b.reason for b in list_backups(path, root=tmp_path / "b")]
    assert "before migration" in reasons
    old_copy = next(
        b for b in list_backups(path, root=tmp_path / "b") if b.reason == "before migration"
    )
    assert pragma(old_copy.path, "user_version") == 0  # the backup is the document as it was


HOSTILE = {
    "truncated": lambda good: good[: len(good) // 3],
    "random bytes": lambda good: os.urandom(len(good)),
    "text file": lambda good: b"Pos,Team\n1,Joest\n" * 50,
    "zeroed pages": lambda good: good[:4096] + bytes(len(good) - 4096),
}


@pytest.mark.parametrize("damage", list(HOSTILE))
def test_damaged_files_are_refused_and_left_alone(
    tmp_path: Path, sample_path: Path, damage: str
) -> None:
    path = tmp_path / "damaged.pitboard"
    path.write_bytes(HOSTILE[damage](sample_path.read_bytes()))
    before = path.read_bytes()
    with pytest.raises(DocumentError) as raised:
        open_for_editing(path, create=False, backup_root=tmp_path / "b")
    assert "damaged" in str(raised.value) or "not a Pitboard document" in str(raised.value)
    assert path.read_bytes() == before


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    connection.close()
    with pytest.raises(DocumentError, match="a database, but not a Pitboard document"):
        open_for_editing(path, create=False, backup_root=tmp_path / "b")


def test_a_path_on_a_missing_drive(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no Pitboard document"):
        open_for_editing(Path("/no-such-drive/season.pitboard"), create=False)
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    with pytest.raises(DocumentError, match="cannot create"):
        open_for_editing(blocked / "season.pitboard", create=True)


def test_a_second_writer_is_told_and_may_read(tmp_path: Path, sample_path: Path) -> None:
    first = open_for_editing(sample_path, create=False, backup_root=tmp_path / "b")
    with pytest.raises(DocumentInUseError, match="open in another Pitboard window or process"):
        open_for_editing(sample_path, create=False, backup_root=tmp_path / "b")
    reader = open_for_editing(sample_path, create=False, read_only=True)
    assert reader.read_only
    with (
        pytest.raises(StorageError, match="cannot be written"),
        transaction(reader.engine) as session,
    ):
        update_result(session=session, result_id=1, laps=3)
    reader.close()
    first.close()
    again = open_for_editing(sample_path, create=False, backup_root=tmp_path / "b")
    again.close()


def test_an_unwritable_file_opens_read_only(
    tmp_path: Path, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # root may write anywhere
    opened = open_for_editing(sample_path, create=False)
    assert opened.read_only
    opened.close()


def test_a_locked_file_gives_a_clear_error_and_keeps_its_data(
    sample_path: Path, tmp_path: Path
) -> None:
    opened = open_for_editing(sample_path, create=False, backup_root=tmp_path / "b")
    blocker = sqlite3.connect(sample_path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with (
            pytest.raises(StorageError, match="is busy"),
            transaction(opened.engine) as session,
        ):
            update_result(session=session, result_id=1, laps=3)
    finally:
        blocker.rollback()
        blocker.close()
    with Session(opened.engine) as session:
        assert load_season_data(session=session, season_id=1).results[0].laps is None
    opened.close()


def test_backups_rotate_list_and_restore(tmp_path: Path, sample_path: Path) -> None:
    root = tmp_path / "backups"
    taken = [
        take_backup(sample_path, f"step {'x' * n}", root=root, retention=Retention(3, 0, 0))
        for n in range(5)
    ]
    backups = list_backups(sample_path, root=root)
    # the three newest, and the first this process took (the document as it was found)
    assert [b.path for b in backups] == [taken[4], taken[3], taken[2], taken[0]]
    assert backups[0].taken > backups[-1].taken
    good = dump(sample_path)
    engine = open_engine(url_for_path(sample_path))
    with transaction(engine) as session:
        update_result(session=session, result_id=1, laps=999)
    engine.dispose()
    assert dump(sample_path) != good
    saved = restore_backup(backups[0].path, sample_path, root=root)
    assert dump(sample_path) == good
    assert "before restore" in saved.name.replace("-", " ")


def test_a_damaged_backup_is_not_restored(tmp_path: Path, sample_path: Path) -> None:
    bad = tmp_path / "bad.pitboard"
    bad.write_bytes(b"nonsense" * 100)
    before = sample_path.read_bytes()
    with pytest.raises(Exception, match=r"cannot be read|damaged"):
        restore_backup(bad, sample_path, root=tmp_path / "b")
    assert sample_path.read_bytes() == before
