"""The files the writes are fed with that both the editor and the command line offer: each
changes the 2003 sample, so a write that goes through is seen in its history."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import SAMPLE


def changed_season_file(folder: Path) -> Path:
    """The sample's season definition with drop rounds added."""
    data = json.loads((SAMPLE / "season.json").read_text(encoding="utf-8"))
    data["rules"]["best_results"] = 7
    path = folder / "season.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def results_file(folder: Path) -> Path:
    """A results CSV for round 2's GT class: a car of the entry list and one it lacks."""
    path = folder / "results.csv"
    path.write_text(
        "round,class,class_pos,car,team,status,laps\n"
        "2,GT,1,23,Alex Job Racing,classified,111\n"
        "2,GT,40,199,Newcomer Racing,classified,20\n",
        encoding="utf-8",
    )
    return path
