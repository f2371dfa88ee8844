"""A round of two races from the command line: the season file names the round's races,
results name each race by its number through the calendar, and the standings head the two
races' columns by the round and a letter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run

SEASON = {
    "series": "Sprint Cup",
    "season": 2021,
    "classes": ["GT"],
    "points_scales": {"race": [25, 18, 15], "sprint": [12.5, 9, 7.5]},
    "rules": {"best_results": 1},
    "rounds": [
        {
            "round": 1,
            "name": "Opener",
            "races": [
                {"name": "Sprint", "points_scale": "sprint"},
                {"name": "Main", "points_scale": "race"},
            ],
        },
        {"round": 2, "name": "Finale", "points_scale": "race"},
    ],
}
RESULTS = """round,class,class_pos,car,team,status
1,GT,1,7,Team A,classified
1,GT,2,8,Team B,classified
2,GT,1,7,Team A,classified
2,GT,2,8,Team B,classified
3,GT,1,8,Team B,classified
3,GT,2,7,Team A,classified
"""


def test_a_round_of_two_races_counts_as_one_round(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "cup.pitboard")
    season, results = tmp_path / "season.json", tmp_path / "results.csv"
    season.write_text(json.dumps(SEASON), encoding="utf-8")
    results.write_text(RESULTS, encoding="utf-8")
    assert run(capsys, "--db", db, "import-season", str(season))[0] == 0
    assert run(capsys, "--db", db, "import-results", "--season", "2021", str(results))[0] == 0
    code, out, err = run(
        capsys, "--db", db, "standings", "--season", "2021", "--class", "GT", "--format", "csv"
    )
    assert (code, err) == (0, "")
    header, first, second = out.splitlines()
    assert header == "Pos,Team,Chassis,Engine,Rd 1a,Rd 1b,Rd 2,Total,Max,Title"
    # Best 1 round: A's opener (12.5 + 25) beats its 18 in the finale; B's finale (25)
    # loses to its opener (9 + 18 = 27).
    assert first == "1,Team A,,,12.5,25,(18),37.5,37.5,champion"
    assert second == "2,Team B,,,9,18,(25),27,27,out of contention"
