"""The one door: every write is refused, backed up, recorded and stored in one place."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from model.edits.changes import Changes
from model.edits.door import Door, no_seasons, one_season
from model.edits.results import update_result
from model.store.backups import list_backups
from model.store.documents import open_for_editing
from model.store.history_log import history
from model.store.schema import DocumentError
from tests.helpers import dump


def set_laps(laps: int) -> object:
    def change(session: Session) -> Changes:
        return update_result(session=session, result_id=1, laps=laps)

    return change


def test_a_change_is_stored_with_its_history_and_its_backup(
    sample_path: Path, tmp_path: Path
) -> None:
    opened = open_for_editing(sample_path, create=False, backup_root=tmp_path / "b")
    door = Door(opened, author="Race Control", backup_root=tmp_path / "b")
    applied = door.apply(set_laps(77), step="Set laps", seasons=one_season(1), backup="risky")  # type: ignore[arg-type]
    with Session(opened.engine) as session:
        line = history(session=session, season_id=1)[0]
    opened.close()
    assert applied.history_lines == 1
    assert (line.author, line.step) == ("Race Control", "Set laps")
    assert "risky" in [b.reason for b in list_backups(sample_path, root=tmp_path / "b")]


def read_only(path: Path, tmp_path: Path) -> Door:
    return Door(open_for_editing(path, create=False, read_only=True))


def not_locked(path: Path, tmp_path: Path) -> Door:
    return Door(open_for_editing(path, create=False, lock=False, backup_root=tmp_path / "b"))


def moved_away(path: Path, tmp_path: Path) -> Door:
    door = Door(open_for_editing(path, create=False, backup_root=tmp_path / "b"))
    path.rename(tmp_path / "elsewhere.pitboard")
    return door


REFUSALS = [
    ("a read-only document", read_only, "open read-only"),
    ("a document whose lock is not held", not_locked, "not open for writing here"),
    ("a document moved away while open", moved_away, "deleted or moved while open"),
]


@pytest.mark.parametrize(("what", "make", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_the_door_refuses_and_changes_nothing(
    sample_path: Path, tmp_path: Path, what: str, make: object, message: str
) -> None:
    before = dump(sample_path)
    door = make(sample_path, tmp_path)  # type: ignore[operator]
    with pytest.raises(DocumentError, match=message):
        door.apply(set_laps(5), step="Set laps", seasons=one_season(1), backup="risky")
    door.opened.close()
    still = sample_path if sample_path.exists() else tmp_path / "elsewhere.pitboard"
    assert dump(still) == before
    assert "risky" not in [b.reason for b in list_backups(sample_path, root=tmp_path / "b")]


def test_a_refused_value_leaves_the_document_as_it_was(sample_path: Path, tmp_path: Path) -> None:
    opened = open_for_editing(sample_path, create=False, backup_root=tmp_path / "b")
    before = dump(sample_path)

    def overflow(session: Session) -> Changes:
        session.connection().exec_driver_sql("UPDATE result SET laps = 5 WHERE id = 1")
        session.connection().exec_driver_sql("UPDATE result SET class_pos = 0 WHERE id = 2")
        return Changes(1)

    with pytest.raises(DocumentError, match="could not be stored"):
        Door(opened).apply(overflow, step="Bad", seasons=no_seasons)
    opened.close()
    assert dump(sample_path) == before


def test_a_new_documents_sample_season_is_its_first_recorded_change(tmp_path: Path) -> None:
    from model.edits.sample import SAMPLE, SAMPLE_STEP

    opened = open_for_editing(
        tmp_path / "new.pitboard", create=True, initial=SAMPLE, backup_root=tmp_path / "b"
    )
    with Session(opened.engine) as session:
        steps = {(line.author, line.step) for line in history(session=session, season_id=1)}
    opened.close()
    assert steps == {("Pitboard", SAMPLE_STEP)}
