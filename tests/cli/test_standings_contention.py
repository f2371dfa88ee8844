"""`standings` says who can still win: each row ends with the most points the competitor can
still reach and its title mark, in the table, CSV and JSON outputs, on the 1984 season cut
after a given round (Monaco's half points in round 6)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from model.edits.results_import import import_result_rows
from model.edits.seasons import import_season
from model.io.results_csv import read_results_csv
from model.io.season_definition import parse_season_definition
from model.store.db import open_engine, transaction, url_for_path
from tests.helpers import F1_1984, run


def season_after(folder: Path, last_round: int) -> Path:
    """The 1984 season with the results of its first `last_round` rounds only."""
    path = folder / f"f1-after-{last_round}.pitboard"
    definition = json.loads((F1_1984 / "season.json").read_text(encoding="utf-8"))
    engine = open_engine(url_for_path(path))
    with transaction(engine) as session:
        parsed = parse_season_definition(definition, source="season.json")
        season_id = import_season(session=session, definition=parsed).season_id
        rows = read_results_csv(F1_1984 / "results.csv")
        kept = [row for row in rows if row.round_number <= last_round]
        import_result_rows(session=session, season_id=season_id, rows=kept, source="results.csv")
    engine.dispose()
    return path


def drivers_json(capsys: pytest.CaptureFixture[str], path: Path, output: str = "json") -> str:
    argv = ["standings", "--db", str(path), "--season", "1984", "--class", "F1"]
    code, out, err = run(capsys, *argv, "--championship", "drivers", "--format", output)
    assert (code, err) == (0, "")
    return out


# (rounds run, rounds left: each driver's most is the total and 9 a round left)
CUTS = [(16, 0), (15, 1), (14, 2), (12, 4), (6, 10)]


@pytest.mark.parametrize(("last_round", "left"), CUTS)
def test_json_rows_end_with_the_most_reachable_and_the_title(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, last_round: int, left: int
) -> None:
    rows = json.loads(drivers_json(capsys, season_after(tmp_path, last_round)))
    leader = rows[0]["total"]
    for row in rows:
        assert list(row)[-2:] == ["max", "title"]  # added after the existing fields
        assert row["max"] == row["total"] + 9 * left
    titles = [row["title"] for row in rows]
    if left == 0:
        assert titles.count("champion") == 1
        assert titles[0] == "champion"
    for row in rows:
        if left and row["max"] >= leader:
            assert row["title"] == "can still win"
        elif row is not rows[0] or left:
            assert row["title"] in {"out of contention", "champion"}


@pytest.mark.parametrize("output", ["table", "csv"])
def test_table_and_csv_end_with_max_and_title(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, output: str
) -> None:
    path = season_after(tmp_path, 14)
    text = drivers_json(capsys, path, output)
    expected = {r["driver"]: r for r in json.loads(drivers_json(capsys, path))}
    if output == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][-3:] == ["Total", "Max", "Title"]
        lines = {row[1]: row for row in rows[1:]}
    else:
        lines = {}
        for line in text.splitlines():
            cells = [cell.strip() for cell in line.split("  ") if cell.strip()]
            lines[cells[1]] = cells
        assert lines["Driver"][-3:] == ["Total", "Max", "Title"]
    for driver, row in expected.items():
        assert lines[driver][-2:] == [str(row["max"]), row["title"]]
