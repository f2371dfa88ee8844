"""Everything that can move a standings number is in the history, in words."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from main import main
from model.db import open_engine, transaction, url_for_path
from model.history import history, season_data_at
from model.names import set_result_drivers
from model.standings import Championship, compute_standings
from tests.conftest import DATA  # noqa: F401  (the shared data folder)

SEASON_FILE = Path("resources/samples/alms-2003/season.json")


def season_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SEASON_FILE.read_text(encoding="utf-8"))
    return data


def cancel_sebring(data: dict[str, Any]) -> None:
    data["rounds"][0]["status"] = "cancelled"
    data["rounds"][0].pop("round", None)
    for number, rnd in enumerate((r for r in data["rounds"] if "round" in r), start=1):
        rnd["round"] = number


def drop_rounds(data: dict[str, Any]) -> None:
    data["rules"]["best_results"] = 7


def new_scale(data: dict[str, Any]) -> None:
    name = next(iter(data["points_scales"]))
    data["points_scales"][name] = [25, 18, 15, 12, 10, 8, 6, 4, 2, 1]


SEASON_CHANGES: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("cancelling a round with results", cancel_sebring, "cancelled False → True"),
    ("a rule", drop_rounds, "rule: best_results — → 7"),
    ("a points scale", new_scale, "→ 25-18-15-12-10-8-6-4-2-1"),
]


@pytest.mark.parametrize(
    ("what", "change", "described"), SEASON_CHANGES, ids=[c[0] for c in SEASON_CHANGES]
)
def test_a_season_definition_import_is_in_the_history(
    sample_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    what: str,
    change: Callable[[dict[str, Any]], None],
    described: str,
) -> None:
    data = season_json()
    change(data)
    changed = tmp_path / "season.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    assert main(["import-season", str(changed), "--db", str(sample_path)]) == 0, capsys.readouterr()
    engine = open_engine(url_for_path(sample_path), create=False)
    with Session(engine) as session:
        lines = history(session=session, season_id=1)
    engine.dispose()
    assert lines, "nothing was logged"
    assert lines[0].step == "import-season season.json"
    assert any(described in line.description for line in lines), [ln.description for ln in lines]


def test_a_new_season_is_in_the_history(tmp_path: Path) -> None:
    path = tmp_path / "new.pitboard"
    assert main(["import-season", str(SEASON_FILE), "--db", str(path)]) == 0
    engine = open_engine(url_for_path(path), create=False)
    with Session(engine) as session:
        described = {line.description for line in history(session=session, season_id=1)}
    engine.dispose()
    assert "Round 1 Mobil 1 12 Hours of Sebring added" in described
    assert "season rules added" in described


def test_changing_only_a_results_drivers_is_in_the_history(sample_path: Path) -> None:
    from model.history import recorded

    engine = open_engine(url_for_path(sample_path), create=False)
    with transaction(engine) as session, recorded(session, 1, author="me", step="drivers"):
        set_result_drivers(session, 1, ["Driver One", "Driver Two"])
    with Session(engine) as session:
        line = history(session=session, season_id=1)[0]
        then = season_data_at(session=session, season_id=1, change_id=line.change_id - 1)
        now = season_data_at(session=session, season_id=1, change_id=line.change_id)
    engine.dispose()
    assert line.description.endswith("drivers — → Driver One, Driver Two")
    assert next(r for r in now.results if r.result_id == 1).drivers == ("Driver One", "Driver Two")
    assert next(r for r in then.results if r.result_id == 1).drivers == ()


def test_the_past_before_a_cancellation_scores_the_round(sample_path: Path, tmp_path: Path) -> None:
    data = season_json()
    cancel_sebring(data)
    changed = tmp_path / "season.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    assert main(["import-season", str(changed), "--db", str(sample_path)]) == 0
    engine = open_engine(url_for_path(sample_path), create=False)
    with Session(engine) as session:
        first = min(line.change_id for line in history(session=session, season_id=1))
        then = season_data_at(session=session, season_id=1, change_id=first - 1)
    engine.dispose()
    table = compute_standings(then).table("LMP900", Championship.TEAMS)
    assert [(r.name, r.total) for r in table.rows][:1] == [("Infineon Team Joest", 170)]
