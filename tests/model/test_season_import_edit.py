"""A season definition imported as one undo step: undo puts the season back exactly as it
was (or removes the season the import created), redo imports it again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from model.edits.door import Door
from model.edits.operations import apply_all, revert_all, seasons_of
from model.edits.season_import_edit import SeasonImportEdit
from model.io.season_definition import parse_season_definition
from model.store.documents import open_for_editing
from model.store.history_log import history
from tests.helpers import dump
from tests.model.season_changes import (
    cancel_sebring,
    in_round,
    new_class,
    new_round,
    rules,
    run_mexico,
    scale,
    season_json,
    swap_gt_classes,
)


def another_year(data: dict[str, Any]) -> None:
    data["season"] = 2004


def penalties(data: dict[str, Any]) -> None:
    data["penalties"] = [
        {"class": "GT", "competitor": "Alex Job Racing", "round": 2, "points": -5, "reason": "r"},
        {
            "championship": "teams",
            "class": "GTS",
            "competitor": "Corvette Racing",
            "excluded": True,
        },
    ]


def two_races_at_the_finale(data: dict[str, Any]) -> None:
    finale = {
        "round": 10,
        "name": "Season Finale",
        "races": [
            {"name": "Sprint", "points_scale": "standard"},
            {"name": "Main", "points_scale": "endurance", "points_factor": 2},
        ],
    }
    data["rounds"].append(finale)


CHANGES: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
    ("the rules", rules(best_results=7)),
    ("a round cancelled, the calendar renumbered", cancel_sebring),
    ("a cancelled round run after all", run_mexico),
    ("the GT classes swapped in order", swap_gt_classes),
    ("a new points scale", scale("double", [50, 40, 30])),
    ("a round's details", in_round(3, name="Renamed Grand Prix")),
    ("a new round", new_round),
    ("a new class", new_class),
    ("a new season", another_year),
    ("half points at a round", in_round(3, points_factor=0.5)),
    ("a scale with half points", scale("halves", [12.5, 9.5, 0.5])),
    ("rules of one championship", rules(championships={"drivers": {"best_results": 3}})),
    ("penalties and an exclusion", penalties),
    ("a round of two races", two_races_at_the_finale),
]


@pytest.mark.parametrize(("what", "change"), CHANGES, ids=[what for what, _ in CHANGES])
def test_undo_puts_the_season_back_and_redo_imports_it_again(
    what: str, change: Callable[[dict[str, Any]], None], sample_path: Path
) -> None:
    data = season_json()
    change(data)
    edit = SeasonImportEdit(parse_season_definition(data, source="season.json"), "season.json")
    before = dump(sample_path, history=False)
    opened = open_for_editing(sample_path, create=False, backup_on_open=False)
    door = Door(opened)
    seasons = seasons_of([edit])
    assert seasons is not None
    try:
        door.apply(lambda s: apply_all(s, [edit]), step="import", seasons=seasons)
        imported = dump(sample_path, history=False)
        assert imported != before
        door.apply(lambda s: revert_all(s, [edit]), step="Undo: import", seasons=seasons)
        assert dump(sample_path, history=False) == before
        door.apply(lambda s: apply_all(s, [edit]), step="Redo: import", seasons=seasons)
        assert dump(sample_path, history=False) == imported
        season_id = edit.season_id
        assert season_id is not None
        steps = {line.step for line in door.read(lambda s: history(session=s, season_id=season_id))}
        assert {"import", "Undo: import", "Redo: import"} <= steps
    finally:
        opened.close()
