"""`import-penalties`: penalties from CSV added to a season from the command line, all or
nothing, with the file, line and field of any fault. (Refusals for a read-only document and
a lock held elsewhere are rows of tests/cli/test_every_command.py.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from main import cli_author
from model.edits.seasons import find_season
from model.store.backups import list_backups
from model.store.db import open_engine, url_for_path
from model.store.history_log import HistoryLine, history
from tests.conftest import DATA
from tests.helpers import dump, run

FIXTURE = DATA / "penalties" / "alms-2003.csv"
HEADER = "championship,class,competitor,round,points,excluded,reason\n"

# (what, the rows after the header, what standard error says after "pitboard: error: ")
REFUSED: list[tuple[str, str, str]] = [
    ("an unknown class", "teams,GTX,Alex Job Racing,,-10,,\n", "penalties.csv, line 2, field 'class': unknown class 'GTX' (classes: LMP900, LMP675, GTS, GT)"),
    ("an unknown round", "teams,GT,Alex Job Racing,10,-10,,\n", "penalties.csv, line 2, field 'round': the season has no round 10"),
    ("points with three decimals", "teams,GT,Alex Job Racing,,-0.125,,\n", "penalties.csv, line 2, field 'points': expected points such as -10 or -2.5: '-0.125' has more than two decimal places"),
    ("excluded 'maybe'", ",GT,Alex Job Racing,,,maybe,\n", "penalties.csv, line 2, field 'excluded': expected yes or no, found 'maybe'"),
    ("an escape sequence", "teams,GT,Alex Job Racing\x1b]0;owned\x07,,-10,,\n", "penalties.csv, line 2, field 'competitor': contains a control character (\\x1b) at character 16"),
    ("a good row, then a bad one", "teams,GT,Alex Job Racing,,-10,,\nteams,GT,,,-10,,\n", "penalties.csv, line 3, field 'competitor': is empty"),
]  # fmt: skip


def penalties_file(folder: Path, rows: str) -> Path:
    path = folder / "penalties.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def gt_teams(capsys: pytest.CaptureFixture[str], document: Path) -> dict[str, dict[str, Any]]:
    code, out, err = run(
        capsys, "standings", "--season", "2003", "--class", "GT", "--format", "json",
        "--db", str(document),
    )  # fmt: skip
    assert (code, err) == (0, "")
    return {row["team"]: row for row in json.loads(out)}


def logged(document: Path) -> list[HistoryLine]:
    engine = open_engine(url_for_path(document, read_only=True), create=False)
    try:
        with Session(engine) as session:
            season_id = find_season(session=session, year=2003).id
            assert season_id is not None
            return history(session=session, season_id=season_id)
    finally:
        engine.dispose()


def test_penalties_are_added_and_the_standings_follow(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = gt_teams(capsys, sample_path)
    code, out, err = run(
        capsys, "import-penalties", "--season", "2003", str(FIXTURE), "--db", str(sample_path)
    )
    assert (code, out, err) == (0, "3 penalties added, 1 excluding a competitor\n", "")
    after = gt_teams(capsys, sample_path)
    for team, taken in (("Alex Job Racing", 10), ("Risi Competizione", 2.5)):
        assert after[team]["total"] == before[team]["total"] - taken
    ranked = {team for team, row in after.items() if row["pos"] is not None}
    assert "Unidentified GT team 3" in before
    assert "Unidentified GT team 3" not in ranked  # excluded: never ranked
    steps = {(line.step, line.author) for line in logged(sample_path)[:3]}
    assert steps == {("import-penalties alms-2003.csv", cli_author())}
    assert len(list_backups(sample_path)) == 1  # taken before the import


@pytest.mark.parametrize(("what", "rows", "message"), REFUSED, ids=[w for w, _, _ in REFUSED])
def test_a_bad_file_is_refused_and_changes_nothing(
    what: str,
    rows: str,
    message: str,
    sample_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = penalties_file(tmp_path, rows)
    before = dump(sample_path)
    code, out, err = run(
        capsys, "import-penalties", "--season", "2003", str(path), "--db", str(sample_path)
    )
    assert (code, out) == (1, "")
    assert err == f"pitboard: error: {message}\n"
    assert dump(sample_path) == before


def test_a_penalty_for_nobody_in_the_standings_is_added_with_a_warning(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = penalties_file(tmp_path, "teams,GT,Alex Job Racin,,-10,,\n")
    code, out, err = run(
        capsys, "import-penalties", "--season", "2003", str(path), "--db", str(sample_path)
    )
    assert (code, err) == (0, "")
    assert out == (
        "1 penalty added\n"
        "warning: penalties.csv, line 2: no competitor 'Alex Job Racin' in the GT standings "
        "(teams) yet; the penalty counts for nothing until there is\n"
    )


def test_the_same_file_twice_is_refused_the_second_time(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["import-penalties", "--season", "2003", str(FIXTURE), "--db", str(sample_path)]
    assert run(capsys, *argv)[0] == 0
    before = dump(sample_path)
    code, out, err = run(capsys, *argv)
    assert (code, out) == (1, "")
    refusal = "alms-2003.csv, line 2: the season already has this penalty"
    assert err == f"pitboard: error: {refusal}\n"
    assert dump(sample_path) == before


def test_a_season_not_in_the_document_is_named(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = dump(sample_path)
    code, _, err = run(
        capsys, "import-penalties", "--season", "1999", str(FIXTURE), "--db", str(sample_path)
    )
    assert code == 1
    assert err == "pitboard: error: no 1999 season in this document\n"
    assert dump(sample_path) == before
