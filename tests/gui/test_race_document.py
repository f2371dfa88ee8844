"""RaceDocument on its own, without a window: what each change broadcasts, and what it refuses."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlmodel import Session

from gui.race_document import NOTHING_TO_CHANGE, RaceDocument
from model.edits.changes import Changes
from model.edits.operations import Edit, ResultFieldEdit
from model.scoring.rules import Status
from model.store.documents import open_for_editing
from model.store.season_data import ResultInfo

SEASON = 1
TIMEOUT = 2000  # ms; the signals under test are emitted before the call returns


@pytest.fixture
def document(sample_path: Path, tmp_path: Path) -> Iterator[RaceDocument]:
    """A copy of the 2003 sample, its season on show."""
    opened = open_for_editing(sample_path, create=False, backup_root=tmp_path / "b")
    document = RaceDocument(opened)
    document.set_season(SEASON)
    yield document
    document.close()


def gt_winner(document: RaceDocument) -> ResultInfo:
    """The GT class winner of the season's first round."""
    data = document.data
    assert data is not None
    first = data.numbered_rounds[0].id
    return next(
        r
        for r in data.results
        if r.round_id == first and r.class_pos == 1 and data.entries[r.entry_id].class_name == "GT"
    )


def field_edit(result_id: int, **values: Any) -> Callable[[Session], list[Edit]]:
    return lambda session: [ResultFieldEdit.build(session, result_id, **values)]


def test_an_edit_is_broadcast_once_with_what_it_touched(
    qtbot: QtBot, document: RaceDocument
) -> None:
    winner = gt_winner(document)
    seen: list[Changes] = []
    document.changed.connect(seen.append)
    with (
        qtbot.wait_signal(document.changed, timeout=TIMEOUT) as blocker,
        qtbot.assert_not_emitted(document.failed),
    ):
        assert document.push("Laps", field_edit(winner.result_id, laps=(winner.laps or 0) + 1))
    named = frozenset({winner.result_id})  # the edit names the result it touched
    expected = Changes(SEASON, frozenset({winner.round_id}), result_ids=named)
    assert blocker.args == [expected]
    assert seen == [expected]
    assert document.undo_stack.count() == 1


def test_undo_and_redo_each_broadcast_and_recalculate(qtbot: QtBot, document: RaceDocument) -> None:
    winner = gt_winner(document)
    before = document.standings
    assert document.push("DNF", field_edit(winner.result_id, status=Status.DNF))
    after = document.standings
    assert after != before  # the winner's points are gone
    named = frozenset({winner.result_id})
    expected = [Changes(SEASON, frozenset({winner.round_id}), result_ids=named)]
    with qtbot.wait_signal(document.changed, timeout=TIMEOUT) as undone:
        document.undo_stack.undo()
    assert undone.args == expected
    assert document.standings == before
    with qtbot.wait_signal(document.changed, timeout=TIMEOUT) as redone:
        document.undo_stack.redo()
    assert redone.args == expected
    assert document.standings == after


REFUSED_EDITS = [
    pytest.param({"laps": -1}, "must be at least 0", id="negative laps"),
    pytest.param({"laps": "many"}, "expected a whole number", id="laps not a number"),
    pytest.param({"laps": 10**12}, "must be at most", id="laps beyond the limit"),
    pytest.param({"class_pos": 0}, "must be at least 1", id="position zero"),
    pytest.param({"status": "crashed"}, "", id="unknown status"),
    pytest.param({"round_id": 2}, "cannot be edited", id="a field no edit may change"),
]


@pytest.mark.parametrize(("values", "said"), REFUSED_EDITS)
def test_a_refused_edit_fails_and_changes_nothing(
    qtbot: QtBot, document: RaceDocument, values: dict[str, Any], said: str
) -> None:
    winner = gt_winner(document)
    standings = document.standings
    with (
        qtbot.wait_signal(document.failed, timeout=TIMEOUT) as blocker,
        qtbot.assert_not_emitted(document.changed),
    ):
        assert not document.push("Refused", field_edit(winner.result_id, **values))
    assert said in blocker.args[0]
    assert document.undo_stack.count() == 0
    assert document.standings == standings


def test_an_edit_of_a_result_that_is_not_there_fails(qtbot: QtBot, document: RaceDocument) -> None:
    with (
        qtbot.wait_signal(document.failed, timeout=TIMEOUT) as blocker,
        qtbot.assert_not_emitted(document.changed),
    ):
        assert not document.push("Ghost", field_edit(999_999, laps=10))
    assert "999999" in blocker.args[0]
    assert document.undo_stack.count() == 0


def _nothing(_path: Path) -> None:
    pass


def _unlink(path: Path) -> None:
    path.unlink()  # moved or deleted while open


CLOSED_DOORS = [
    pytest.param(True, _nothing, "read-only", id="opened read-only"),
    pytest.param(False, _unlink, "deleted or moved", id="file gone while open"),
]


@pytest.mark.parametrize(("read_only", "spoil", "said"), CLOSED_DOORS)
def test_a_document_that_cannot_be_written_refuses_every_edit(
    qtbot: QtBot,
    sample_path: Path,
    tmp_path: Path,
    read_only: bool,
    spoil: Callable[[Path], None],
    said: str,
) -> None:
    opened = open_for_editing(
        sample_path, create=False, read_only=read_only, backup_root=tmp_path / "b"
    )
    document = RaceDocument(opened)
    try:
        document.set_season(SEASON)
        winner = gt_winner(document)
        spoil(sample_path)
        with (
            qtbot.wait_signal(document.failed, timeout=TIMEOUT) as blocker,
            qtbot.assert_not_emitted(document.changed),
        ):
            assert not document.push("Laps", field_edit(winner.result_id, laps=1))
        assert said in blocker.args[0]
        assert document.undo_stack.count() == 0
    finally:
        document.close()


def test_a_push_that_changes_nothing_fails_without_an_undo_step(
    qtbot: QtBot, document: RaceDocument
) -> None:
    winner = gt_winner(document)
    with (
        qtbot.wait_signal(document.failed, timeout=TIMEOUT) as blocker,
        qtbot.assert_not_emitted(document.changed),
    ):
        assert not document.push("Same laps", field_edit(winner.result_id, laps=winner.laps))
    assert blocker.args == [NOTHING_TO_CHANGE]
    assert document.undo_stack.count() == 0


def test_set_season_says_which_season(qtbot: QtBot, document: RaceDocument) -> None:
    standings = document.standings
    with qtbot.wait_signal(document.season_changed, timeout=TIMEOUT) as blocker:
        document.set_season(SEASON)
    assert blocker.args == [SEASON]
    assert document.season_id == SEASON
    assert document.standings == standings


def test_set_season_starts_a_new_undo_history(qtbot: QtBot, document: RaceDocument) -> None:
    winner = gt_winner(document)
    assert document.push("Laps", field_edit(winner.result_id, laps=(winner.laps or 0) + 1))
    with qtbot.wait_signal(document.season_changed, timeout=TIMEOUT):
        document.set_season(SEASON)
    assert document.undo_stack.count() == 0


def test_open_says_another_document_is_open(
    qtbot: QtBot, document: RaceDocument, sample_path: Path, tmp_path: Path
) -> None:
    winner = gt_winner(document)
    assert document.push("Laps", field_edit(winner.result_id, laps=(winner.laps or 0) + 1))
    other = tmp_path / "other.pitboard"
    shutil.copyfile(sample_path, other)
    opened = open_for_editing(other, create=False, backup_root=tmp_path / "b")
    with (
        qtbot.wait_signal(document.opened, timeout=TIMEOUT),
        qtbot.assert_not_emitted(document.changed),
    ):
        document.open(opened)
    assert document.path == other
    assert document.undo_stack.count() == 0  # the old document's steps do not apply here
    assert (document.season_id, document.data, document.standings) == (None, None, None)


def test_a_document_moved_away_before_its_season_is_read_is_not_recreated(
    sample_path: Path, tmp_path: Path
) -> None:
    from model.errors import PitboardError

    opened = open_for_editing(sample_path, create=False, backup_root=tmp_path / "b")
    document = RaceDocument(opened)
    sample_path.rename(tmp_path / "elsewhere.pitboard")
    with pytest.raises(PitboardError):
        document.set_season(1)
    document.close()
    assert not sample_path.exists()
