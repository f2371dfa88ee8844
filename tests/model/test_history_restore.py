"""A restore is in the history, and the history written since the backup is kept."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import Session

from model.edits.results import update_result
from model.store.backups import take_backup
from model.store.db import open_engine, transaction, url_for_path
from model.store.history import recorded
from model.store.history_log import history
from model.store.history_past import season_data_at
from model.store.restore import restore_with_history
from tests.conftest import DATA

TAKEN = "2026-05-01 10:00:00"
STEP = f"Restored the backup of {TAKEN}"


def set_laps(path: Path, laps: int) -> None:
    engine = open_engine(url_for_path(path), create=False)
    with transaction(engine) as session, recorded(session, 1, author="me", step="Set laps"):
        update_result(session=session, result_id=1, laps=laps)
    engine.dispose()


def drop_the_history(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("DROP TABLE change_log")
    connection.commit()
    connection.close()


def earlier_version(path: Path) -> None:
    shutil.copyfile(DATA / "schema-v1.pitboard", path)


# (what happened to the document after its backup, whether the restore can read it)
REPLACED: list[tuple[str, Callable[[Path], None], bool]] = [
    ("edited", lambda path: set_laps(path, 777), True),
    ("unchanged", lambda path: None, True),
    ("its history dropped by another program", drop_the_history, False),
    ("replaced by a document of an earlier version", earlier_version, False),
    ("gone", lambda path: path.unlink(), False),
]


def log_of(path: Path) -> list[tuple[int, str, str]]:
    engine = open_engine(url_for_path(path), create=False)
    with Session(engine) as session:
        lines = history(session=session, season_id=1)
    engine.dispose()
    return [(line.change_id, line.step, line.description) for line in reversed(lines)]


def laps_after(path: Path, change_id: int) -> int | None:
    engine = open_engine(url_for_path(path), create=False)
    with Session(engine) as session:
        then = season_data_at(session=session, season_id=1, change_id=change_id)
    engine.dispose()
    return next(r.laps for r in then.results if r.result_id == 1)


@pytest.mark.parametrize(("what", "change", "read"), REPLACED, ids=[c[0] for c in REPLACED])
def test_a_restore_is_logged_and_the_newer_history_kept(
    sample_path: Path, tmp_path: Path, what: str, change: Callable[[Path], None], read: bool
) -> None:
    set_laps(sample_path, 100)
    root = tmp_path / "backups"
    backup = take_backup(sample_path, "opened", root=root)
    change(sample_path)
    restored = restore_with_history(backup, sample_path, author="me", taken=TAKEN, root=root)
    assert restored.history_note == ""
    lines = log_of(sample_path)
    steps = [step for _, step, _ in lines]
    marks = [text for _, step, text in lines if text.startswith("the document was restored")]
    assert steps[0] == "Set laps"  # the backup's own history
    assert len(marks) == 1
    assert ("could not be read" not in marks[0]) == read
    assert laps_after(sample_path, lines[-1][0]) == 100
    if what == "edited":
        newer = next(cid for cid, step, _ in lines[1:] if step == "Set laps")
        assert laps_after(sample_path, newer) == 777  # the history since the backup, kept
        assert lines[-1][1:] == (
            STEP,
            "car 1 (Infineon Team Joest) at Mobil 1 12 Hours of Sebring: laps 777 → 100",
        )
    else:
        assert steps.count("Set laps") == 1


def test_a_restore_over_a_document_of_a_later_backup_keeps_one_chain(
    sample_path: Path, tmp_path: Path
) -> None:
    """Restored twice (an older backup, then a newer one): every line still rebuilds."""
    root = tmp_path / "backups"
    set_laps(sample_path, 1)
    older = take_backup(sample_path, "opened", root=root)
    set_laps(sample_path, 2)
    newer = take_backup(sample_path, "opened", root=root)
    restore_with_history(older, sample_path, author="me", taken=TAKEN, root=root)
    set_laps(sample_path, 3)
    restore_with_history(newer, sample_path, author="me", taken=TAKEN, root=root)
    seen = [laps_after(sample_path, cid) for cid, step, _ in log_of(sample_path) if step]
    assert seen[-1] == 2
    laps_steps = [
        laps_after(sample_path, cid) for cid, step, _ in log_of(sample_path) if step == "Set laps"
    ]
    assert laps_steps == [1, 2, 3]
