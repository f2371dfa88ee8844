"""Everything that can move a standings number is in the history, in words, and the season
as it stood before any of it can be rebuilt from the log."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from main import main
from model.edits.entries import update_entry
from model.edits.names import set_result_drivers
from model.scoring.standings import Championship, compute_standings
from model.store.db import open_engine, transaction, url_for_path
from model.store.history import recorded
from model.store.history_log import history
from model.store.history_past import season_data_at
from model.store.season_data import SeasonData, load_season_data
from tests.model.season_changes import (
    ATLANTA,
    PETIT_LE_MANS,
    SEASON_FILE,
    cancel_sebring,
    import_changed_season,
    in_round,
    new_class,
    new_round,
    rules,
    run_mexico,
    scale,
    swap_gt_classes,
)

# (what, change to season.json, a line the History panel shows for it)
SEASON_CHANGES: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    (
        "cancelling a round with results",
        cancel_sebring,
        "Round 1 Mobil 1 12 Hours of Sebring: status scheduled → cancelled",
    ),
    (
        "a cancelled round goes ahead",
        run_mexico,
        "Round 10 Grand Prix of Mexico: status cancelled → scheduled",
    ),
    ("drop rounds", rules(best_results=7), "rule best_results: — → 7"),
    ("the distance rule", rules(min_distance_pct=50), "rule min_distance_pct: 70 → 50"),
    (
        "the statuses that score",
        rules(scoring_statuses=["classified", "not_classified"]),
        "rule scoring_statuses: classified → classified, not_classified",
    ),
    ("the tie-break", rules(tie_break="shared"), "rule tie_break: countback → shared"),
    ("bonus points", rules(pole_points=1), "rule pole_points: 0 → 1"),
    (
        "a points scale",
        scale("standard", [25, 18, 15, 12, 10, 8, 6, 4, 2, 1]),
        "points scale standard: 20-16-13-10-8-6-4-3-2-1 → 25-18-15-12-10-8-6-4-2-1",
    ),
    ("a new points scale", scale("sprint", [10, 5]), "points scale sprint added"),
    (
        "a round's points scale",
        in_round(PETIT_LE_MANS - 1, points_scale="standard"),
        "Round 9 Petit Le Mans: points scale endurance → standard",
    ),
    (
        "a round's date",
        in_round(ATLANTA, date="2003-07-06"),
        "Round 2 Chevy Grand Prix of Atlanta: date 2003-06-29 → 2003-07-06",
    ),
    (
        "a round's name",
        in_round(ATLANTA, name="Petit Petit Le Mans"),
        "Round 2 Petit Petit Le Mans: name Chevy Grand Prix of Atlanta → Petit Petit Le Mans",
    ),
    ("a new round", new_round, "Round 10 Season Finale added"),
    ("a new class", new_class, "class GTX added"),
    ("the class order", swap_gt_classes, "class GT: place in the class order 4 → 3"),
]


def season_now(engine: Engine) -> SeasonData:
    with Session(engine) as session:
        return load_season_data(session=session, season_id=1)


@pytest.mark.parametrize(
    ("what", "change", "described"), SEASON_CHANGES, ids=[c[0] for c in SEASON_CHANGES]
)
def test_a_season_definition_import_is_in_the_history_and_can_be_taken_back(
    sample_path: Path,
    tmp_path: Path,
    what: str,
    change: Callable[[dict[str, Any]], None],
    described: str,
) -> None:
    engine = open_engine(url_for_path(sample_path), create=False)
    before = season_now(engine)
    import_changed_season(sample_path, tmp_path, change)
    with Session(engine) as session:
        lines = history(session=session, season_id=1)
        first = min(line.change_id for line in lines)
        then = season_data_at(session=session, season_id=1, change_id=first - 1)
        now = season_data_at(session=session, season_id=1, change_id=lines[0].change_id)
    after = season_now(engine)
    engine.dispose()
    assert {line.step for line in lines} == {"import-season season.json"}
    assert described in [line.description for line in lines]
    assert then == before
    assert now == after


def test_the_past_before_a_rule_change_is_scored_by_the_old_rules(
    sample_path: Path, tmp_path: Path
) -> None:
    engine = open_engine(url_for_path(sample_path), create=False)
    teams = compute_standings(season_now(engine)).table("GT", Championship.TEAMS)
    import_changed_season(sample_path, tmp_path, rules(best_results=2))
    with Session(engine) as session:
        first = min(line.change_id for line in history(session=session, season_id=1))
        then = season_data_at(session=session, season_id=1, change_id=first - 1)
    dropped = compute_standings(season_now(engine)).table("GT", Championship.TEAMS)
    engine.dispose()
    assert [r.total for r in dropped.rows] != [r.total for r in teams.rows]
    assert compute_standings(then).table("GT", Championship.TEAMS) == teams


def test_a_new_season_is_in_the_history(tmp_path: Path) -> None:
    path = tmp_path / "new.pitboard"
    assert main(["import-season", str(SEASON_FILE), "--db", str(path)]) == 0
    engine = open_engine(url_for_path(path), create=False)
    with Session(engine) as session:
        described = {line.description for line in history(session=session, season_id=1)}
    engine.dispose()
    assert "Round 1 Mobil 1 12 Hours of Sebring added" in described
    assert "points scale endurance added" in described
    assert "class GT added" in described
    assert "season rules added" in described


def set_drivers(engine: Engine, step: str, change: Callable[[Session], object]) -> int:
    """Run `change` as one recorded step; returns how many lines it logged."""
    with transaction(engine) as session, recorded(session, 1, author="me", step=step) as done:
        change(session)
    return done.lines


DRIVER_CHANGES: list[tuple[str, Callable[[Session, list[str]], object], str]] = [
    (
        "a result's drivers",
        lambda session, names: set_result_drivers(session, 1, names),
        "car 1 (Infineon Team Joest) at Mobil 1 12 Hours of Sebring: drivers A, B → A, C",
    ),
    (
        "an entry's drivers",
        lambda session, names: update_entry(session=session, entry_id=1, drivers=names),
        "entry car 1 (Infineon Team Joest): drivers A, B → A, C",
    ),
]


@pytest.mark.parametrize(
    ("what", "change", "described"), DRIVER_CHANGES, ids=[c[0] for c in DRIVER_CHANGES]
)
def test_changing_only_drivers_is_in_the_history(
    sample_engine: Engine,
    what: str,
    change: Callable[[Session, list[str]], object],
    described: str,
) -> None:
    assert set_drivers(sample_engine, "first", lambda s: change(s, ["A", "B"])) == 1
    first = season_now(sample_engine)
    assert set_drivers(sample_engine, "second", lambda s: change(s, ["A", "C"])) == 1
    with Session(sample_engine) as session:
        line = history(session=session, season_id=1)[0]
        then = season_data_at(session=session, season_id=1, change_id=line.change_id - 1)
    assert line.description == described
    assert then == first


def test_a_block_that_changes_nothing_logs_nothing(sample_engine: Engine) -> None:
    assert set_drivers(sample_engine, "same", lambda s: set_result_drivers(s, 1, [])) == 0
