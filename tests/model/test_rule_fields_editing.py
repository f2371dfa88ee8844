"""The per-result and per-entry values the rules read (pole, fastest lap, qualifying place,
championships a car is not registered for, manufacturer) change through the one door like
any other field: the standings follow, the history names them, undo gives the document back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from model.edits.door import Door, one_season
from model.edits.operations import EntryFieldEdit, ResultFieldEdit, apply_all, revert_all
from model.errors import InputError
from model.scoring.rules import Championship
from model.scoring.standings import compute_standings
from model.store import tables as t
from model.store.documents import OpenDocument, open_for_editing
from model.store.history_log import history
from model.store.season_data import load_season_data
from tests.helpers import dump

BONUSES = {"pole_points": 1, "fastest_lap_points": 2, "qualifying_points": "standard"}


@pytest.fixture
def opened(sample_path: Path) -> Iterator[OpenDocument]:
    document = open_for_editing(sample_path, create=False, backup_on_open=False)
    with Session(document.engine) as session:
        season = session.get(t.Season, 1)
        assert season is not None
        season.rules = {**season.rules, **BONUSES}
        session.add(season)
        session.commit()
    yield document
    document.close()


def gt_winner_of_round_1(session: Session) -> tuple[int, int]:
    """(result id, entry id) of the GT class winner at Sebring."""
    row = session.exec(
        select(t.Result.id, t.Result.entry_id)
        .join(t.Entry, t.Entry.id == t.Result.entry_id)
        .join(t.SeasonClass, t.SeasonClass.id == t.Entry.class_id)
        .where(t.Result.round_id == 1, t.SeasonClass.name == "GT", t.Result.class_pos == 1)
    ).one()
    return row[0], row[1]


def gt_total(session: Session, championship: Championship, name: str) -> Decimal:
    table = compute_standings(load_season_data(session=session, season_id=1))
    rows = table.table("GT", championship).rows
    return next((row.total for row in rows if row.name == name), Decimal(0))


Build = Callable[[Session, int, int], Any]

# (case, the edit, what changes in the GT teams' table: winner's total before -> after)
EDITS: list[tuple[str, Build, Decimal]] = [
    ("pole", lambda s, rid, _: ResultFieldEdit.build(s, rid, pole=True), Decimal(1)),
    ("fastest lap typed as yes", lambda s, rid, _: ResultFieldEdit.build(s, rid, fastest_lap="yes"), Decimal(2)),
    ("qualifying 2nd", lambda s, rid, _: ResultFieldEdit.build(s, rid, qualifying_pos=2), Decimal(16)),
    ("not registered for the teams", lambda s, rid, _: ResultFieldEdit.build(s, rid, ineligible="teams"), Decimal(-26)),
]  # fmt: skip


@pytest.mark.parametrize(("build", "delta"), [c[1:] for c in EDITS], ids=[c[0] for c in EDITS])
def test_a_rule_field_changes_through_the_door_and_back(
    opened: OpenDocument, sample_path: Path, build: Build, delta: Decimal
) -> None:
    door = Door(opened)
    result_id, entry_id = door.read(gt_winner_of_round_1)
    team = door.read(lambda s: s.get(t.Team, s.get(t.Entry, entry_id).team_id).name)  # type: ignore[union-attr]
    before_total = door.read(lambda s: gt_total(s, Championship.TEAMS, team))
    before = dump(sample_path, history=False)
    edits = door.read(lambda s: [build(s, result_id, entry_id)])
    door.apply(lambda s: apply_all(s, edits), step="edit", seasons=one_season(1))
    after_total = door.read(lambda s: gt_total(s, Championship.TEAMS, team))
    assert after_total - before_total == delta
    lines = door.read(lambda s: history(session=s, season_id=1))
    assert lines[0].step == "edit"
    door.apply(lambda s: revert_all(s, edits), step="undo", seasons=one_season(1))
    assert dump(sample_path, history=False) == before


def test_a_manufacturer_set_on_an_entry_moves_its_points(
    opened: OpenDocument, sample_path: Path
) -> None:
    door = Door(opened)
    _, entry_id = door.read(gt_winner_of_round_1)
    before = dump(sample_path, history=False)
    edits = door.read(lambda s: [EntryFieldEdit.build(s, entry_id, manufacturer="Stuttgart")])
    door.apply(lambda s: apply_all(s, edits), step="edit", seasons=one_season(1))
    assert door.read(lambda s: gt_total(s, Championship.MANUFACTURERS, "Stuttgart")) > 0
    lines = door.read(lambda s: history(session=s, season_id=1))
    assert "manufacturer" in lines[0].description
    door.apply(lambda s: revert_all(s, edits), step="undo", seasons=one_season(1))
    assert dump(sample_path, history=False) == before


# (case, field, value typed, words of the message)
REFUSED: list[tuple[str, str, Any, str]] = [
    ("a pole that is a maybe", "pole", "maybe", "expected yes or no"),
    ("a fastest lap of 2", "fastest_lap", "2", "expected yes or no"),
    ("qualifying 0th", "qualifying_pos", 0, "at least 1"),
    ("qualifying in words", "qualifying_pos", "first", "whole number"),
    ("an unknown championship", "ineligible", "nations", "unknown championship 'nations'"),
]


@pytest.mark.parametrize(
    ("field", "value", "words"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_a_value_that_cannot_be_stored_is_refused_by_field(
    opened: OpenDocument, sample_path: Path, field: str, value: Any, words: str
) -> None:
    door = Door(opened)
    result_id, _ = door.read(gt_winner_of_round_1)
    before = dump(sample_path)
    with pytest.raises(InputError) as raised:
        door.read(lambda s: ResultFieldEdit.build(s, result_id, **{field: value}))
    assert raised.value.field == field
    assert words in str(raised.value)
    assert dump(sample_path) == before


def test_a_manufacturer_with_a_control_character_is_refused(opened: OpenDocument) -> None:
    door = Door(opened)
    _, entry_id = door.read(gt_winner_of_round_1)
    edits = door.read(lambda s: [EntryFieldEdit.build(s, entry_id, manufacturer="Evil\x1b[0m")])
    with pytest.raises(InputError, match="control character"):
        door.apply(lambda s: apply_all(s, edits), step="edit", seasons=one_season(1))
