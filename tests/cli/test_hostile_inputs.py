"""Hostile input files on the command line: each is refused with the file, line and field, no
traceback, no control character on the terminal, and the document unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from model.io.limits import MAX_RESULTS_CSV_BYTES, MAX_SEASON_BYTES, MAX_TIMING_BYTES
from tests.conftest import DATA
from tests.helpers import ROOT, dump, run

HEADER = "round,class,class_pos,car,team,chassis,engine,laps,status,drivers,note\n"


def result_line(**changes: str) -> str:
    cells = {
        "round": "2",
        "class": "GT",
        "class_pos": "11",
        "car": "99",
        "team": "New Team",
        "chassis": "Porsche",
        "engine": "Flat-6",
        "laps": "100",
        "status": "classified",
        "drivers": "Ann One;Bob Two",
        "note": "",
    }
    cells.update(changes)
    return ",".join(cells.values()) + "\n"


# (case, file content, what the message must say)
RESULTS_CSV: list[tuple[str, str, str]] = [
    (
        "two cars of one team without numbers",
        HEADER + result_line(car="", class_pos="11") + result_line(car="", class_pos="12"),
        "line 3, field 'team': New Team (no car number) already has a result in round 2 (line 2)",
    ),
    ("laps of 2**63", HEADER + result_line(laps=str(2**63)), "field 'laps': must be at most"),
    (
        "class position of 2**63",
        HEADER + result_line(class_pos=str(2**63)),
        "line 2, field 'class_pos': must be at most 100,000",
    ),
    (
        "overall position of 10**30",
        HEADER.replace(",note", ",overall_pos") + result_line(note=str(10**30)),
        "line 2, field 'overall_pos': must be at most 100,000",
    ),
    ("round of 2**64", HEADER + result_line(round=str(2**64)), "field 'round': must be at most"),
    (
        "laps of -2**63 - 1",
        HEADER + result_line(laps=str(-(2**63) - 1)),
        "line 2, field 'laps': must be at least 0",
    ),
    (
        "laps of 400 digits",
        HEADER + result_line(laps="9" * 400),
        "field 'laps': must be at most",
    ),
    (
        "laps of 5,000 digits",
        HEADER + result_line(laps="9" * 5000),
        "field 'laps': 5,000 characters is too long (at most 500)",
    ),
    ("a superscript two", HEADER + result_line(laps="²"), "field 'laps': expected a whole number"),
    ("Arabic-Indic digits", HEADER + result_line(laps="١٢"), "field 'laps': expected a whole"),
    (
        "an escape sequence in a team",
        HEADER + result_line(team="Evil\x1b[2J Team"),
        "line 2, field 'team': contains a control character (\\x1b) at character 5",
    ),
    ("NUL in a driver", HEADER + result_line(drivers="Ann\x00;Bob"), "field 'drivers': contains"),
    (
        "vertical tab in a chassis",
        HEADER + result_line(chassis="P\x0b"),
        "field 'chassis': contains",
    ),
    ("C1 control in an engine", HEADER + result_line(engine="F6\x9b31m"), "(\\x9b)"),
    ("DEL in a car number", HEADER + result_line(car="9\x7f"), "field 'car': contains"),
    ("escape in a note", HEADER + result_line(note="x\x1b[0m"), "field 'note': contains"),
    ("backspace in a class", HEADER + result_line(**{"class": "G\x08T"}), "field 'class'"),
    (
        "escape in the header",
        HEADER.replace("team", "te\x1bam"),
        "line 1, field 'column 5': contains a control character (\\x1b)",
    ),
    ("a team of 501 characters", HEADER + result_line(team="T" * 501), "field 'team': 501 char"),
    (
        "a driver named twice",
        HEADER + result_line(drivers="Ann One;Ann One"),
        "field 'drivers': 'Ann One' is named twice",
    ),
]


@pytest.mark.parametrize(
    ("content", "message"), [c[1:] for c in RESULTS_CSV], ids=[c[0] for c in RESULTS_CSV]
)
def test_hostile_results_file(
    sample_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    message: str,
) -> None:
    bad = tmp_path / "hostile.csv"
    bad.write_text(content, encoding="utf-8", newline="")
    refused(capsys, sample_path, message, "import-results", "--season", "2003", str(bad))


def refused(capsys: pytest.CaptureFixture[str], document: Path, message: str, *argv: str) -> str:
    """Run the command; it must fail with `message` and change nothing."""
    before = dump(document)
    code, out, err = run(capsys, *argv, "--db", str(document))
    assert (code, out) == (1, "")
    assert err.startswith("pitboard: error: ")
    assert message in err
    assert "Traceback" not in err
    assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in err)
    assert dump(document) == before
    return err


def test_tabs_and_line_breaks_are_kept_in_a_note(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "note.csv"
    good.write_text(HEADER + result_line(note='"first\tsecond\nthird"'), encoding="utf-8")
    code, _, err = run(
        capsys, "import-results", "--season", "2003", str(good), "--db", str(sample_path)
    )
    assert (code, err) == (0, "")


TIMING_COLUMNS = (DATA / "alkamel" / "layout-a.csv").read_text(encoding="utf-8-sig").splitlines()


def timing_file(column: str, value: str) -> str:
    """The layout A fixture with one value of its first car replaced."""
    header = TIMING_COLUMNS[0].split(";")
    first = TIMING_COLUMNS[1].split(";")
    first[header.index(column)] = value
    return "\n".join([TIMING_COLUMNS[0], ";".join(first), *TIMING_COLUMNS[2:]]) + "\n"


# (case, column, value, what the message must say)
TIMING: list[tuple[str, str, str, str]] = [
    ("position 0", "POSITION", "0", "line 2, field 'POSITION': must be at least 1, found 0"),
    ("a superscript in laps", "LAPS", "1²", "line 2, field 'LAPS': expected a whole number"),
    ("a lone superscript", "POSITION", "³", "field 'POSITION': expected a whole number"),
    ("Arabic-Indic digits", "LAPS", "١٢٠", "field 'LAPS': expected a whole number"),
    ("a 25-digit number", "LAPS", "1" * 25, "line 2, field 'LAPS': must be at most 100,000"),
    ("laps of 2**63", "LAPS", str(2**63), "field 'LAPS': must be at most 100,000"),
    ("a huge time", "TOTAL_TIME", "99999999:00:00.000", "field 'TOTAL_TIME': '99999999:00"),
    ("a time of 5,000 digits", "TOTAL_TIME", "9" * 5000, "field 'TOTAL_TIME': 5,000 characters"),
    ("a fastest lap in 300 digits", "FL_TIME", "9" * 300, "field 'FL_TIME': '999"),
    ("an escape in a team", "TEAM", "Blue\x1b[31m", "field 'TEAM': contains a control character"),
    ("NUL in a driver", "DRIVER_1", "Anna\x00", "line 2, field 'DRIVER_1': contains"),
    ("a vertical tab in a car", "VEHICLE", "Oreca\x0b07", "line 2, field 'VEHICLE': contains"),
    ("a form feed in a class", "CLASS", "LMP2\x0c", "line 2, field 'CLASS': contains"),
    ("a C1 control in an unused column", "GAP_FIRST", "\x85", "line 2, field 'GAP_FIRST'"),
    ("a driver named twice", "DRIVER_2", "Anna BLUE", "field 'drivers': 'Anna BLUE' is named"),
]


@pytest.mark.parametrize(
    ("column", "value", "message"), [c[1:] for c in TIMING], ids=[c[0] for c in TIMING]
)
def test_hostile_timing_file(
    sample_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    column: str,
    value: str,
    message: str,
) -> None:
    bad = tmp_path / "timing.csv"
    bad.write_text(timing_file(column, value), encoding="utf-8", newline="")
    err = refused(
        capsys,
        sample_path,
        message,
        "import-results",
        "--season",
        "2003",
        "--round",
        "2",
        "--map-class",
        "LMP2=GT",
        "--map-class",
        "LMGTE=GTS",
        str(bad),
    )
    assert "timing.csv" in err


def season(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "series": "Hostile Series",
        "season": 2030,
        "classes": ["GT"],
        "points_scales": {"s": [10, 5]},
        "rules": {},
        "rounds": [{"round": 1, "name": "One", "points_scale": "s"}],
    }
    data.update(changes)
    return data


# (case, file text, what the message must say)
SEASONS: list[tuple[str, str, str]] = [
    ("nested 5,000 deep", "[" * 5000 + "]" * 5000, "line 1: objects and lists are nested more"),
    (
        "nested objects 5,000 deep",
        '{"a":' * 5000 + "1" + "}" * 5000,
        "nested more than 64 deep",
    ),
    ("a year of 2**63", json.dumps(season(season=2**63)), "field 'season': must be from 1000"),
    ("a year of 0", json.dumps(season(season=0)), "field 'season': must be from 1000 to 9,999"),
    (
        "a round of 2**63",
        json.dumps(season(rounds=[{"round": 2**63, "name": "One", "points_scale": "s"}])),
        "field 'rounds[0].round': must be from 1 to 100,000",
    ),
    (
        "points of 2**63",
        json.dumps(season(points_scales={"s": [2**63]})),
        "field 'points_scales.s': expected points such as 25 or 12.5",
    ),
    (
        "best results of 2**63",
        json.dumps(season(rules={"best_results": 2**63})),
        "field 'rules.best_results': 9223372036854775808 is not a whole number from 1 to 100,000",
    ),
    (
        "negative pole points",
        json.dumps(season(rules={"pole_points": -1})),
        "field 'rules.pole_points': -1 is not a number of points from 0",
    ),
    (
        "a number of 5,000 digits",
        '{"series": "S",\n "season": ' + "9" * 5000 + "}",
        "line 2: not a number Pitboard can use: a number of 5,000 digits",
    ),
    ("NaN", '{"series": "S",\n "season": NaN}', "line 2: not a number Pitboard can use: NaN"),
    ("Infinity", '{"rules": {"min_distance_pct": Infinity}}', "Infinity is not a number JSON"),
    (
        "an escape in the series",
        json.dumps(season(series="Evil\x1b]0;owned\x07")),
        "line 1, field 'series': contains a control character (\\x1b)",
    ),
    (
        "NUL in a class",
        json.dumps(season(classes=["GT\x00"])),
        "field 'classes[0]': contains a control character (\\x00)",
    ),
    (
        "an escape in a key",
        json.dumps(season(rules={"pole\x1b": 1})),
        "field 'rules.pole\\x1b': contains a control character",
    ),
    (
        "a round name of 600 characters",
        json.dumps(season(rounds=[{"round": 1, "name": "N" * 600, "points_scale": "s"}])),
        "field 'rounds[0].name': 600 characters is too long",
    ),
]


@pytest.mark.parametrize(("text", "message"), [c[1:] for c in SEASONS], ids=[c[0] for c in SEASONS])
def test_hostile_season_file(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    bad = tmp_path / "season.json"
    bad.write_text(text, encoding="utf-8")
    err = refused(capsys, sample_path, message, "import-season", str(bad))
    assert err.startswith("pitboard: error: season.json")


COMMANDS = {
    "results": (["import-results", "--season", "2003"], MAX_RESULTS_CSV_BYTES, "results files"),
    "season": (["import-season"], MAX_SEASON_BYTES, "season definitions"),
    "timing": (["import-results", "--season", "2003", "--round", "2"], None, ""),
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("kind", ["device", "folder"])
def test_only_regular_files_are_read(
    sample_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    kind: str,
) -> None:
    if kind == "device":
        path = Path("/dev/zero")  # endless: reading it whole runs out of memory
        if not path.exists():
            pytest.skip("no /dev/zero here")
    else:
        path = tmp_path / "folder.csv"
        path.mkdir()
    words = "a device" if kind == "device" else "a folder"
    argv, _, _ = COMMANDS[command]
    refused(capsys, sample_path, f"this is {words}, not a file", *argv, str(path))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_named_pipe_is_refused_not_waited_on(
    sample_path: Path, tmp_path: Path, command: str
) -> None:
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    argv, _, _ = COMMANDS[command]
    before = dump(sample_path)
    done = subprocess.run(  # a separate process: the old reader waited for a writer for ever
        [sys.executable, str(ROOT / "main.py"), *argv, str(pipe), "--db", str(sample_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 1
    assert "pipe.csv: this is a named pipe, not a file Pitboard can read" in done.stderr
    assert dump(sample_path) == before


@pytest.mark.parametrize(
    ("command", "limit", "what"),
    [
        ("results", MAX_RESULTS_CSV_BYTES, "results files of at most 20 MB"),
        ("season", MAX_SEASON_BYTES, "season definitions of at most 1 MB"),
        ("timing", MAX_TIMING_BYTES, "timing files of at most 5 MB"),
    ],
)
def test_files_past_the_size_limit_are_refused_unread(
    sample_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    limit: int,
    what: str,
) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:  # sparse: costs no disk, and no time if it is never read
        handle.write(b"POSITION;NUMBER;TEAM;CLASS;STATUS;LAPS\n" if command == "timing" else b"{")
        handle.truncate(limit + 1)
    argv, _, _ = COMMANDS[command]
    refused(
        capsys, sample_path, f"big.csv: the file is {(limit + 1) / 1e6:.1f} MB", *argv, str(big)
    )
    refused(capsys, sample_path, what, *argv, str(big))


def test_importing_the_same_results_again_replaces_them_unchanged(
    season_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    results = tmp_path / "results.csv"
    results.write_text(HEADER + result_line() + result_line(car="98", class_pos="12", drivers="Cy"))
    argv = ("import-results", "--season", "2003", str(results), "--db", str(season_db))
    assert run(capsys, *argv)[:2] == (0, "2 results read: 2 added, 0 replaced, 2 new entries\n")
    once = dump(season_db, history=False)
    assert run(capsys, *argv)[:2] == (0, "2 results read: 0 added, 2 replaced, 0 new entries\n")
    assert dump(season_db, history=False) == once
