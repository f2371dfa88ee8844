"""A penalty added, changed or removed by hand is one step through the door: the standings
follow, the history names it, undo gives the document back exactly, bad values are refused
by field."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from model.edits.door import Door, one_season
from model.edits.operations import apply_all, revert_all
from model.edits.penalty_edits import PenaltyEdit, penalty_values
from model.errors import InputError
from model.scoring.rules import Championship
from model.scoring.standings import compute_standings
from model.store import tables as t
from model.store.documents import OpenDocument, open_for_editing
from model.store.history_log import history
from model.store.season_data import load_season_data
from tests.helpers import dump

JOB = "Alex Job Racing"
TEN_OFF = {"class": "GT", "competitor": JOB, "round": 3, "points": "-10", "reason": "weight"}


@pytest.fixture
def door(sample_path: Path) -> Iterator[Door]:
    opened: OpenDocument = open_for_editing(sample_path, create=False, backup_on_open=False)
    yield Door(opened)
    opened.close()


def gt_team_total(session: Session, name: str) -> Decimal:
    data = load_season_data(session=session, season_id=1)
    table = compute_standings(data).table("GT", Championship.TEAMS)
    return next(row.total for row in (*table.rows, *table.excluded) if row.name == name)


def push(door: Door, build: Callable[[Session], PenaltyEdit]) -> PenaltyEdit:
    edit = door.read(build)
    door.apply(lambda s: apply_all(s, [edit]), step="penalty", seasons=one_season(1))
    return edit


def penalty_ids(door: Door) -> list[int]:
    return door.read(lambda s: [p.id for p in s.exec(select(t.Penalty)) if p.id is not None])


def test_add_change_remove_and_undo_each(door: Door, sample_path: Path) -> None:
    start = door.read(lambda s: gt_team_total(s, JOB))
    before = dump(sample_path, history=False)
    added = push(door, lambda s: PenaltyEdit.add(s, 1, TEN_OFF))
    assert door.read(lambda s: gt_team_total(s, JOB)) == start - 10
    (penalty_id,) = penalty_ids(door)
    lines = door.read(lambda s: history(session=s, season_id=1))
    assert lines[0].description == f"penalty for {JOB} added"
    after_add = dump(sample_path, history=False)
    changed = push(door, lambda s: PenaltyEdit.change(s, penalty_id, {**TEN_OFF, "points": "-2.5"}))
    assert door.read(lambda s: gt_team_total(s, JOB)) == start - Decimal("2.5")
    assert door.read(lambda s: penalty_values(s, penalty_id))["points"] == "-2.5"
    removed = push(door, lambda s: PenaltyEdit.remove(s, penalty_id))
    assert door.read(lambda s: gt_team_total(s, JOB)) == start
    for edit, expected in ((removed, None), (changed, after_add), (added, before)):
        door.apply(lambda s, e=edit: revert_all(s, [e]), step="undo", seasons=one_season(1))
        if expected is not None:
            assert dump(sample_path, history=False) == expected
    assert penalty_ids(door) == []


def test_redo_puts_the_penalty_back_under_its_id(door: Door) -> None:
    added = push(door, lambda s: PenaltyEdit.add(s, 1, TEN_OFF))
    first = penalty_ids(door)
    door.apply(lambda s: revert_all(s, [added]), step="undo", seasons=one_season(1))
    door.apply(lambda s: apply_all(s, [added]), step="redo", seasons=one_season(1))
    assert penalty_ids(door) == first


def test_an_exclusion_sets_the_team_apart(door: Door) -> None:
    push(door, lambda s: PenaltyEdit.add(s, 1, {**TEN_OFF, "points": None, "excluded": True}))
    data = door.read(lambda s: load_season_data(session=s, season_id=1))
    table = compute_standings(data).table("GT", Championship.TEAMS)
    assert [row.name for row in table.excluded] == [JOB]


# (case, what was typed, the field named, words of the message)
REFUSED: list[tuple[str, dict[str, Any], str, str]] = [
    ("no class", {**TEN_OFF, "class": ""}, "class", "is missing"),
    ("an unknown class", {**TEN_OFF, "class": "LMP1"}, "class", "unknown class"),
    ("no competitor", {**TEN_OFF, "competitor": "  "}, "competitor", "is empty"),
    ("an unknown round", {**TEN_OFF, "round": 12}, "round", "no round 12"),
    ("a cancelled round's place", {**TEN_OFF, "round": 0}, "round", "no round 0"),
    ("points in words", {**TEN_OFF, "points": "ten"}, "points", "expected points"),
    ("a thousandth of a point", {**TEN_OFF, "points": "-0.125"}, "points", "two decimal places"),
    ("no points and no exclusion", {**TEN_OFF, "points": ""}, "points", "is missing"),
    ("an unknown championship", {**TEN_OFF, "championship": "nations"}, "championship", "unknown championship"),
    ("a control character", {**TEN_OFF, "reason": "a\x1bb"}, "reason", "control character"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "field", "words"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_a_penalty_that_cannot_be_stored_is_refused_by_field(
    door: Door, sample_path: Path, typed: dict[str, Any], field: str, words: str
) -> None:
    before = dump(sample_path)
    with pytest.raises(InputError) as raised:
        door.read(lambda s: PenaltyEdit.add(s, 1, typed))
    assert raised.value.field == field
    assert words in str(raised.value)
    assert dump(sample_path) == before
