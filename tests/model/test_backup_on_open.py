"""The backup taken when a document is opened: copied on a thread of its own, yet always the
document as it was opened, whole or absent, and never a reason to lose a damaged file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import model.store.background_backups as background
import model.store.backups as backups
from model.edits.results import update_result
from model.store.background_backups import PendingBackup
from model.store.backups import BackupError, list_backups
from model.store.db import transaction
from model.store.documents import OpenDocument, open_for_editing
from model.store.storage_errors import DocumentDamagedError
from tests.helpers import dump

ROOT = Path(__file__).resolve().parents[2]


def open_sample(path: Path, root: Path) -> OpenDocument:
    return open_for_editing(path, create=False, backup_root=root)


def opened_backups(path: Path, root: Path) -> list[Path]:
    return [b.path for b in list_backups(path, root=root) if b.reason == "opened"]


@pytest.fixture
def held_copy(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Copying waits until the test lets it go (set the event), as a large file would."""
    go = threading.Event()
    finish = background._finish_in_background

    def held(*args: object) -> None:
        go.wait()
        finish(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(background, "_finish_in_background", held)
    yield go
    go.set()


def test_the_backup_holds_the_document_as_opened_though_it_is_edited_before_the_copy(
    sample_path: Path, tmp_path: Path, held_copy: threading.Event
) -> None:
    root = tmp_path / "b"
    as_found = dump(sample_path)
    opened = open_sample(sample_path, root)
    assert opened.backup is not None
    assert not opened.backup.done
    with transaction(opened.engine) as session:
        update_result(session=session, result_id=1, laps=999)
    held_copy.set()
    assert opened.backup.wait() == ""
    opened.close()
    (backup,) = opened_backups(sample_path, root)
    assert dump(backup) == as_found
    assert dump(sample_path) != as_found


def test_closing_waits_for_the_copy_and_a_second_open_of_the_same_state_copies_nothing(
    sample_path: Path, tmp_path: Path
) -> None:
    root = tmp_path / "b"
    first = open_sample(sample_path, root)
    pending = first.backup
    first.close()
    assert pending is not None
    assert pending.done
    (backup,) = opened_backups(sample_path, root)
    again = open_sample(sample_path, root)
    assert again.backup is None  # unchanged: the backup already holds it
    again.close()
    assert opened_backups(sample_path, root) == [backup]


def test_a_document_in_another_journal_mode_is_copied_before_it_opens(
    sample_path: Path, tmp_path: Path
) -> None:
    connection = sqlite3.connect(sample_path)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()
    root = tmp_path / "b"
    opened = open_sample(sample_path, root)
    assert opened.backup is None
    assert len(opened_backups(sample_path, root)) == 1
    opened.close()


def test_the_process_ending_waits_for_the_copy(sample_path: Path, tmp_path: Path) -> None:
    root = tmp_path / "b"
    script = (
        "import sys; from pathlib import Path; "
        "from model.store.documents import open_for_editing; "
        "open_for_editing(Path(sys.argv[1]), create=False, backup_root=Path(sys.argv[2]))"
    )  # opens, and ends without closing
    subprocess.run(
        [sys.executable, "-c", script, str(sample_path), str(root)], cwd=ROOT, check=True
    )
    (backup,) = opened_backups(sample_path, root)
    assert dump(backup) == dump(sample_path)
    assert list(backup.parent.glob(".*partial*")) == []


def no_room(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    class Usage:
        free = 0

    monkeypatch.setattr(background.shutil, "disk_usage", lambda folder: Usage())


def folder_is_a_file(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    root.write_text("not a folder")


# What stops the backup before anything is copied: the document is not opened, as before.
REFUSED: list[tuple[str, Callable[[pytest.MonkeyPatch, Path], None], str]] = [
    ("no room on the disk", no_room, "is full"),
    ("the backups folder is a file", folder_is_a_file, "could not back up"),
]


@pytest.mark.parametrize(("what", "arrange", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_backup_that_cannot_be_taken_stops_the_open_and_changes_nothing(
    what: str,
    arrange: Callable[[pytest.MonkeyPatch, Path], None],
    message: str,
    sample_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = tmp_path / "b"
    arrange(monkeypatch, root)
    before = sample_path.read_bytes()
    with pytest.raises(BackupError, match=message):
        open_sample(sample_path, root)
    monkeypatch.undo()
    assert sample_path.read_bytes() == before
    open_sample(sample_path, tmp_path / "elsewhere").close()  # the lock was let go


def test_a_copy_failing_half_way_leaves_no_backup_and_says_why(
    sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(temp: Path, target: Path) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(background, "replace_durably", failing)
    root = tmp_path / "b"
    opened = open_sample(sample_path, root)
    assert isinstance(opened.backup, PendingBackup)
    assert "Input/output error" in opened.backup.wait()
    opened.close()
    assert opened_backups(sample_path, root) == []
    assert list(backups.backup_folder(sample_path, root).glob(".*")) == []


def test_a_damaged_document_gets_no_backup_on_open_and_is_kept_whole(
    sample_path: Path, tmp_path: Path
) -> None:
    root = tmp_path / "b"
    damaged = sample_path.read_bytes()[:5000]
    sample_path.write_bytes(damaged)
    with pytest.raises(DocumentDamagedError):
        open_sample(sample_path, root)
    assert list_backups(sample_path, root=root) == []
    assert sample_path.read_bytes() == damaged
