"""Changes to the sample's season definition, and importing the changed definition from the
command line: the steps the history tests take."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from main import main

SEASON_FILE = Path("resources/samples/alms-2003/season.json")
SEBRING, ATLANTA, PETIT_LE_MANS = 0, 2, 10  # places in the sample's calendar


def season_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SEASON_FILE.read_text(encoding="utf-8"))
    return data


def cancel_sebring(data: dict[str, Any]) -> None:
    data["rounds"][SEBRING]["status"] = "cancelled"
    data["rounds"][SEBRING]["round"] = None
    for number, rnd in enumerate((r for r in data["rounds"] if r["round"]), start=1):
        rnd["round"] = number


def run_mexico(data: dict[str, Any]) -> None:
    mexico = data["rounds"][1]
    mexico.pop("status")
    mexico.update(round=10, points_scale="standard")


def swap_gt_classes(data: dict[str, Any]) -> None:
    data["classes"] = ["LMP900", "LMP675", "GT", "GTS"]


def rules(**values: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: data["rules"].update(values)


def scale(name: str, points: list[int]) -> Callable[[dict[str, Any]], None]:
    return lambda data: data["points_scales"].update({name: points})


def in_round(place: int, **values: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: data["rounds"][place].update(values)


def new_round(data: dict[str, Any]) -> None:
    finale = {
        "round": 10,
        "name": "Season Finale",
        "date": "2003-11-01",
        "points_scale": "standard",
    }
    data["rounds"].append(finale)


def new_class(data: dict[str, Any]) -> None:
    data["classes"].append("GTX")


def import_changed_season(
    path: Path, tmp_path: Path, change: Callable[[dict[str, Any]], None]
) -> None:
    data = season_json()
    change(data)
    changed = tmp_path / "season.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    assert main(["import-season", str(changed), "--db", str(path)]) == 0
