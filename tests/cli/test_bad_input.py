"""Bad input files: a clear message naming file, line and field, and an unchanged document."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import dump, run

HEADER = "round,class,class_pos,car,team,chassis,engine,laps,status\n"
GOOD = "2,GT,1,23,Alex Job Racing,Porsche 911 GT3-RS,Porsche 3.6L Flat-6,110,classified\n"

RESULT_FILES: list[tuple[str, bytes, str]] = [
    (
        "unknown class",
        (HEADER + GOOD + "2,GT2,2,31,Petersen,Porsche,Porsche,109,classified\n").encode(),
        "line 3, field 'class': unknown class 'GT2' (this season's classes: LMP900, LMP675, GTS, GT)",
    ),
    (
        "unknown round",
        (HEADER + "12,GT,1,23,Alex Job Racing,Porsche,Porsche,110,classified\n").encode(),
        "line 2, field 'round': unknown round 12",
    ),
    (
        "two cars with one class position",
        (HEADER + GOOD + "2,GT,1,31,Petersen,Porsche,Porsche,109,classified\n").encode(),
        "line 3, field 'class_pos': class position 1 in GT is already taken by line 2",
    ),
    (
        "negative laps",
        (HEADER + "2,GT,1,23,Alex Job Racing,Porsche,Porsche,-4,classified\n").encode(),
        "line 2, field 'laps': must be at least 0, found -4",
    ),
    (
        "laps not a number",
        (HEADER + "2,GT,1,23,Alex Job Racing,Porsche,Porsche,lots,classified\n").encode(),
        "line 2, field 'laps': expected a whole number, found 'lots'",
    ),
    (
        "unknown status",
        (HEADER + "2,GT,1,23,Alex Job Racing,Porsche,Porsche,110,finito\n").encode(),
        "line 2, field 'status': unknown status 'finito'",
    ),
    (
        "classified without a position",
        (HEADER + "2,GT,,23,Alex Job Racing,Porsche,Porsche,110,classified\n").encode(),
        "line 2, field 'class_pos': a classified car needs a class position",
    ),
    (
        "a row with too few fields",
        (HEADER + GOOD + "2,GT,2,31,Petersen\n").encode(),
        "line 3: expected 9 fields, found 5",
    ),
    (
        "an unterminated quote",
        (HEADER + GOOD + '2,GT,2,31,"Petersen,Porsche,Porsche,109,classified\n').encode(),
        "line 3: malformed CSV",
    ),
    (
        "not UTF-8",
        (HEADER + GOOD).encode()
        + "2,GT,2,31,Écurie,Porsche,Porsche,109,classified\n".encode("latin-1"),
        "line 3: the file is not UTF-8 text",
    ),
    ("an empty file", b"", "the file is empty"),
    ("only blank lines", b"\n\n  \n", "the file is empty"),
    ("a header only", HEADER.encode(), "line 2: the file has a header but no results"),
    (
        "a missing column",
        b"round,class,class_pos,car,chassis,engine,laps,status\n2,GT,1,23,P,P,110,classified\n",
        "line 1, field 'team': required column is missing",
    ),
    (
        "an unknown column",
        b"round,class,class_pos,lap,team,status\n2,GT,1,110,AJR,classified\n",
        "line 1, field 'lap': unknown column 'lap'",
    ),
    (
        "a car twice in one round",
        (
            HEADER
            + GOOD
            + "2,GT,2,23,Alex Job Racing,Porsche 911 GT3-RS,Porsche 3.6L Flat-6,110,classified\n"
        ).encode(),
        "line 3, field 'car': car 23 already has a result in round 2 (line 2)",
    ),
]


@pytest.mark.parametrize(
    ("content", "message"),
    [case[1:] for case in RESULT_FILES],
    ids=[case[0] for case in RESULT_FILES],
)
def test_bad_results_file_is_refused_and_changes_nothing(
    sample_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    message: str,
) -> None:
    bad = tmp_path / "bad-results.csv"
    bad.write_bytes(content)
    before = dump(sample_path)
    code, out, err = run(
        capsys, "import-results", "--db", str(sample_path), "--season", "2003", str(bad)
    )
    assert code == 1
    assert out == ""
    assert err.startswith("pitboard: error: bad-results.csv")
    assert message in err
    assert dump(sample_path) == before


def test_a_position_already_held_in_the_document_is_refused(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The sample has Alex Job Racing 1st in GT at round 2; a new car cannot take 1st as well.
    bad = tmp_path / "late.csv"
    bad.write_text(HEADER + "2,GT,1,99,New Team,Porsche,Porsche,110,classified\n", encoding="utf-8")
    before = dump(sample_path)
    code, _, err = run(
        capsys, "import-results", "--db", str(sample_path), "--season", "2003", str(bad)
    )
    assert code == 1
    assert (
        "late.csv, line 2, field 'class_pos': class position 1 in GT already belongs to another car"
        in err
    )
    assert dump(sample_path) == before


def test_a_missing_file_is_reported(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys,
        "import-results",
        "--db",
        str(sample_path),
        "--season",
        "2003",
        str(tmp_path / "nope.csv"),
    )
    assert code == 1
    assert "nope.csv: cannot read the file" in err


SEASON_FILES: list[tuple[str, bytes, str]] = [
    ("not JSON", b'{"series": "X",\n "season": 2003,\n oops}', "line 3: not valid JSON"),
    ("empty", b"", "the file is empty"),
    ("not UTF-8", '{"series": "Écurie"}'.encode("latin-1"), "line 1: the file is not UTF-8 text"),
    (
        "an unknown points scale",
        b'{"series": "S", "season": 2003, "classes": ["GT"],\n "points_scales": {"a": [3, 2, 1]},\n'
        b' "rounds": [\n  {"round": 1, "name": "One", "points_scale": "a"},\n'
        b'  {"round": 2, "name": "Two", "points_scale": "b"}\n ]}',
        "line 5, field 'rounds[1].points_scale': unknown points scale 'b'",
    ),
    (
        "a missing year",
        b'{"series": "S", "classes": ["GT"], "points_scales": {"a": [1]}, "rounds": []}',
        "line 1, field 'season': is missing",
    ),
    (
        "a round number twice",
        b'{"series": "S", "season": 2003, "classes": ["GT"], "points_scales": {"a": [1]},\n'
        b' "rounds": [{"round": 1, "name": "A", "points_scale": "a"},\n'
        b' {"round": 1, "name": "B", "points_scale": "a"}]}',
        "line 3, field 'rounds[1].round': round 1 is listed twice",
    ),
    (
        "a bad date",
        b'{"series": "S", "season": 2003, "classes": ["GT"], "points_scales": {"a": [1]},\n'
        b' "rounds": [{"round": 1, "name": "A", "points_scale": "a", "date": "15/03/2003"}]}',
        "line 2, field 'rounds[0].date': expected a date as YYYY-MM-DD, found '15/03/2003'",
    ),
    (
        "an unknown rule",
        b'{"series": "S", "season": 2003, "classes": ["GT"], "points_scales": {"a": [1]},\n'
        b' "rules": {"drop_worst": 2},\n "rounds": [{"round": 1, "name": "A", "points_scale": "a"}]}',
        "line 2, field 'rules.drop_worst': unknown rule",
    ),
    (
        "negative points",
        b'{"series": "S", "season": 2003, "classes": ["GT"], "points_scales": {"a": [3, -1]},\n'
        b' "rounds": [{"round": 1, "name": "A", "points_scale": "a"}]}',
        "field 'points_scales.a': points cannot be negative",
    ),
]


@pytest.mark.parametrize(
    ("content", "message"),
    [case[1:] for case in SEASON_FILES],
    ids=[case[0] for case in SEASON_FILES],
)
def test_bad_season_file_is_refused_and_changes_nothing(
    sample_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    message: str,
) -> None:
    bad = tmp_path / "bad-season.json"
    bad.write_bytes(content)
    before = dump(sample_path)
    code, _, err = run(capsys, "import-season", str(bad), "--db", str(sample_path))
    assert code == 1
    assert err.startswith("pitboard: error: bad-season.json")
    assert message in err
    assert dump(sample_path) == before


def test_removing_a_round_that_has_results_is_refused(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from tests.helpers import SAMPLE

    season = json.loads((SAMPLE / "season.json").read_text(encoding="utf-8"))
    del season["rounds"][-1]
    path = tmp_path / "shorter.json"
    path.write_text(json.dumps(season), encoding="utf-8")
    before = dump(sample_path)
    code, _, err = run(capsys, "import-season", str(path), "--db", str(sample_path))
    assert code == 1
    assert "shorter.json, field 'rounds': round 'Petit Le Mans' has results and cannot be" in err
    assert dump(sample_path) == before
