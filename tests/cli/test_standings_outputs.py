"""`standings` as a table, CSV and JSON for a season with half points, penalties and an
exclusion: the 1984 Formula One season (Lauda 72, Prost 71.5 after half points at Monaco),
with a penalty in a round, one for the season and an excluded constructor added."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from model.edits.results_import import import_result_rows
from model.edits.seasons import import_season
from model.io.results_csv import read_results_csv
from model.io.season_definition import parse_season_definition
from model.store.db import open_engine, transaction, url_for_path
from tests.helpers import F1_1984, run

PENALTIES = [
    {
        "championship": "teams",
        "class": "F1",
        "competitor": "Williams-Honda",
        "round": 3,
        "points": -5,
        "reason": "unsafe release in the pit lane",
    },
    {
        "championship": "drivers",
        "class": "F1",
        "competitor": "Keke Rosberg",
        "points": -2.5,
        "reason": "ignoring blue flags",
    },
    {
        "class": "F1",
        "competitor": "Lotus-Renault",
        "excluded": True,
        "reason": "an underweight car",
    },
]


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 1984 season with the penalties above, imported once for every test here."""
    path = tmp_path_factory.mktemp("f1-1984") / "f1.pitboard"
    definition = json.loads((F1_1984 / "season.json").read_text(encoding="utf-8"))
    definition["penalties"] = PENALTIES
    engine = open_engine(url_for_path(path))
    with transaction(engine) as session:
        parsed = parse_season_definition(definition, source="season.json")
        season_id = import_season(session=session, definition=parsed).season_id
        rows = read_results_csv(F1_1984 / "results.csv")
        import_result_rows(session=session, season_id=season_id, rows=rows, source="results.csv")
    engine.dispose()
    return path


def standings(
    capsys: pytest.CaptureFixture[str], document: Path, championship: str, output: str
) -> str:
    argv = ["standings", "--db", str(document), "--season", "1984", "--class", "F1"]
    code, out, err = run(capsys, *argv, "--championship", championship, "--format", output)
    assert (code, err) == (0, "")
    return out


def table_lines(text: str) -> dict[str, list[str]]:
    """Each table line by the competitor it names (columns split on two spaces or more)."""
    lines = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.split("  ") if cell.strip()]
        if len(cells) > 1:
            lines[cells[1]] = cells
    return lines


def test_the_drivers_table_writes_half_points_as_published(
    capsys: pytest.CaptureFixture[str], document: Path
) -> None:
    lines = table_lines(standings(capsys, document, "drivers", "table"))
    # Each row ends with the most the competitor can reach and its title mark.
    assert (lines["Niki Lauda"][0], lines["Niki Lauda"][-3]) == ("1", "72")
    assert (lines["Alain Prost"][0], lines["Alain Prost"][-3]) == ("2", "71.5")
    assert "4.5" in lines["Alain Prost"]  # Monaco, half of 9
    assert lines["Keke Rosberg"][-4:-2] == ["-2.5", "18"]  # the Pen. column, then the total


@pytest.mark.parametrize("output", ["table", "csv", "json"])
@pytest.mark.parametrize("championship", ["teams", "drivers", "manufacturers"])
def test_no_output_writes_a_whole_number_with_a_decimal_point(
    capsys: pytest.CaptureFixture[str], document: Path, championship: str, output: str
) -> None:
    text = standings(capsys, document, championship, output)
    assert ".0" not in text.replace(".0L", "")  # engine names aside


def test_the_teams_table_marks_the_penalty_and_lists_the_excluded_last(
    capsys: pytest.CaptureFixture[str], document: Path
) -> None:
    text = standings(capsys, document, "teams", "table")
    header, *rows = text.split("\n\n")[0].splitlines()
    assert header.split()[-4:] == ["Pen.", "Total", "Max", "Title"]
    williams = table_lines(text)["Williams-Honda"]
    assert "3 (-5)" in williams  # round 3: 3 points, 5 taken for it
    assert williams[-4:] == ["-5", "20.5", "20.5", "out of contention"]
    assert rows[-1].split()[:2] == ["EXC", "Lotus-Renault"]
    assert [row.split()[0] for row in rows[:-1]] == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "=8",
        "=8",
        "=8",
        "11",
    ]
    notes = text.split("\n\n")[1].splitlines()
    assert notes == [
        "Williams-Honda: 5 points deducted in round 3 (Belgian Grand Prix). Reason: unsafe release in the pit lane.",
        "Lotus-Renault: excluded from the championship (listed at the foot of the table). "
        "Reason: an underweight car.",
    ]


def test_csv_has_the_penalty_column_the_reasons_and_the_excluded_row(
    capsys: pytest.CaptureFixture[str], document: Path
) -> None:
    rows = list(csv.reader(io.StringIO(standings(capsys, document, "teams", "csv"))))
    assert rows[0][-5:] == ["Pen.", "Total", "Penalty reasons", "Max", "Title"]
    by_team = {row[1]: row for row in rows[1:]}
    williams = by_team["Williams-Honda"]
    assert williams[rows[0].index("Rd 3")] == "3 (-5)"
    assert williams[-5:] == [
        "-5",
        "20.5",
        "Williams-Honda: 5 points deducted in round 3 (Belgian Grand Prix). Reason: unsafe release in the pit lane.",
        "20.5",
        "out of contention",
    ]
    assert rows[-1][:2] == ["EXC", "Lotus-Renault"]
    assert rows[-1][-3].endswith("Reason: an underweight car.")
    assert rows[-1][-2:] == ["", ""]  # excluded: no title to win
    assert by_team["McLaren-TAG"][-5:] == ["", "143.5", "", "143.5", "champion"]


def test_json_gives_numbers_as_numbers_and_each_penalty_with_its_reason(
    capsys: pytest.CaptureFixture[str], document: Path
) -> None:
    drivers = {r["driver"]: r for r in json.loads(standings(capsys, document, "drivers", "json"))}
    assert drivers["Niki Lauda"]["total"] == 72
    assert isinstance(drivers["Niki Lauda"]["total"], int)
    assert drivers["Alain Prost"]["total"] == 71.5
    assert drivers["Alain Prost"]["rounds"][5] == 4.5
    rosberg: dict[str, Any] = drivers["Keke Rosberg"]
    assert (rosberg["penalty"], rosberg["total"], rosberg["excluded"]) == (-2.5, 18, False)
    assert rosberg["penalties"] == [
        {"round": None, "points": -2.5, "excluded": False, "reason": "ignoring blue flags"}
    ]
    teams = json.loads(standings(capsys, document, "teams", "json"))
    assert teams[-1]["team"] == "Lotus-Renault"
    assert (teams[-1]["pos"], teams[-1]["excluded"]) == (None, True)
    assert teams[-1]["penalties"][0]["reason"] == "an underweight car"
    williams = next(row for row in teams if row["team"] == "Williams-Honda")
    assert williams["penalties"][0]["round"] == 3
    assert all(row["excluded"] is False for row in teams[:-1])


@pytest.mark.parametrize("output", ["table", "csv", "json"])
def test_the_manufacturers_table_names_its_competitors_manufacturers(
    capsys: pytest.CaptureFixture[str], document: Path, output: str
) -> None:
    text = standings(capsys, document, "manufacturers", output)
    if output == "json":
        first = json.loads(text)[0]
        assert (first["pos"], first["manufacturer"], first["total"]) == (1, "McLaren", 112.5)
        assert "team" not in first
    else:
        header = text.splitlines()[0]
        assert header.replace(",", " ").split()[:2] == ["Pos", "Manufacturer"]
        assert "Pen." not in header  # nobody in it has a penalty
