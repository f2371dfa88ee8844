"""Each committed change to a server document is announced on one channel, with who, where,
which step and the newest history line; a change rolled back is never announced."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select
from sqlmodel import Session, col

from model.edits.changes import Changes
from model.edits.door import Door, one_season
from model.edits.operations import ResultFieldEdit, apply_all
from model.edits.sample import load_sample_season
from model.errors import PitboardError
from model.store import tables as t
from model.store.documents import OpenDocument, open_for_editing
from model.store.notify import CHANNEL, Notice, parse_payload, payload

WAIT = 30.0  # seconds at most for a notification that must come (it comes at once)


@pytest.fixture
def document(pg_url: str) -> Iterator[tuple[OpenDocument, int]]:
    opened = open_for_editing(pg_url, create=True)
    season_id = load_sample_season(opened.engine)
    yield opened, season_id
    opened.close()


@pytest.fixture
def listener(pg_url: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """A connection listening as another editor's would (autocommit: no transaction holds the
    notifications back)."""
    conninfo = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f"LISTEN {CHANNEL}")
        yield connection


def _first_result(door: Door) -> int:
    return door.read(lambda s: s.execute(select(func.min(col(t.Result.id)))).scalar() or 0)


def _edit_laps(result_id: int, laps: int, *, fail: bool = False) -> Callable[[Session], Changes]:
    def change(session: Session) -> Changes:
        changes = apply_all(session, [ResultFieldEdit.build(session, result_id, laps=laps)])
        if fail:
            raise PitboardError("refused after writing")
        return changes

    return change


def test_a_committed_change_is_announced_and_a_rolled_back_one_is_not(
    document: tuple[OpenDocument, int],
    listener: psycopg.Connection[tuple[object, ...]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened, season_id = document
    monkeypatch.setenv("PITBOARD_HOST", "press-office")
    door = Door(opened, author="Bob Jones")
    result_id = _first_result(door)
    with pytest.raises(PitboardError, match="refused after writing"):
        door.apply(
            _edit_laps(result_id, 1, fail=True),
            step="Edit laps (rolled back)",
            seasons=one_season(season_id),
        )
    door.apply(
        _edit_laps(result_id, 312),
        step="Edit laps",
        seasons=one_season(season_id),
    )
    newest = door.read(lambda s: s.execute(select(func.max(col(t.ChangeLog.id)))).scalar())
    received = list(listener.notifies(timeout=WAIT, stop_after=1))
    assert [(n.channel, parse_payload(n.payload)) for n in received] == [
        (CHANNEL, Notice(season_id, "Bob Jones", "press-office", "Edit laps", newest or 0))
    ]


def test_a_file_announces_nothing(tmp_path: Path) -> None:
    """No notification machinery on SQLite: the same door writes without one."""
    opened = open_for_editing(tmp_path / "one.pitboard", create=True)
    try:
        season_id = load_sample_season(opened.engine)
        door = Door(opened, author="Ann")
        door.apply(
            _edit_laps(_first_result(door), 3),
            step="Edit laps",
            seasons=one_season(season_id),
        )
    finally:
        opened.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (payload(3, "Ann", "desk", "Edit laps", 7), Notice(3, "Ann", "desk", "Edit laps", 7)),
        (payload(None, "", "", "Add season"), Notice(None, "", "", "Add season", 0)),
        (payload(1, "Zoë 🏁", "pc", "x" * 500), Notice(1, "Zoë 🏁", "pc", "x" * 200, 0)),
        ("not json", None),
        ("[1, 2]", None),
        ('{"season_id": "3"}', None),
        ('{"season_id": true}', None),
        ('{"season_id": 1, "change": 1.5}', None),
        ('{"season_id": 1, "author": 5}', None),
        ('{"season_id": 1}', Notice(1, "", "", "", 0)),
        ("", None),
    ],
)
def test_a_payload_is_read_back_or_ignored(text: str, expected: Notice | None) -> None:
    assert parse_payload(text) == expected
