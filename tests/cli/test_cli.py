"""The headless command line: the same services as the editor, errors on stderr."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import PUBLISHED, ROOT, SAMPLE, dump, run
from tests.model.timing_files import FIXTURES, TIMING_SEASON


def test_import_season_then_results_then_standings(
    season_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys,
        "import-results",
        "--season",
        "2003",
        str(SAMPLE / "results.csv"),
        "--db",
        str(season_db),
    )
    assert (code, err) == (0, "")
    assert "175 added" in out
    connection = sqlite3.connect(season_db)
    authors = connection.execute("SELECT DISTINCT author, step FROM change_log").fetchall()
    connection.close()
    assert [(a.startswith("command line ("), step) for a, step in authors] == [
        (True, "import-season season.json"),
        (True, "import-results results.csv"),
    ]
    code, out, _ = run(
        capsys,
        "standings",
        "--db",
        str(season_db),
        "--season",
        "2003",
        "--class",
        "GT",
        "--format",
        "json",
    )
    assert code == 0
    rows = json.loads(out)
    assert [(r["pos"], r["team"], r["rounds"], r["total"]) for r in rows] == [
        (p["pos"], p["team"], p["rounds"], p["total"]) for p in PUBLISHED["GT"]
    ]
    assert set(rows[0]) == {
        "pos",
        "team",
        "chassis",
        "engine",
        "rounds",
        "penalty",
        "total",
        "excluded",
        "penalties",
        "max",
        "title",
    }
    assert (rows[0]["max"], rows[0]["title"]) == (rows[0]["total"], "champion")  # season over


def test_importing_a_season_again_updates_it(
    season_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = json.loads((SAMPLE / "season.json").read_text(encoding="utf-8"))
    changed["rounds"][2]["name"] = "Grand Prix of Atlanta"
    changed["rules"]["min_distance_pct"] = 75
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(changed), encoding="utf-8")
    code, out, err = run(capsys, "import-season", str(path), "--db", str(season_db))
    assert (code, err) == (0, "")
    assert "updated" in out
    connection = sqlite3.connect(season_db)
    assert connection.execute("SELECT count(*) FROM season").fetchone() == (1,)
    assert connection.execute("SELECT count(*) FROM round").fetchone() == (10,)
    assert connection.execute("SELECT name FROM round WHERE number = 2").fetchone() == (
        "Grand Prix of Atlanta",
    )
    assert connection.execute("SELECT rules ->> 'min_distance_pct' FROM season").fetchone() == (75,)
    connection.close()


def test_standings_table_and_csv_formats(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ("standings", "--db", str(sample_path), "--season", "2003", "--class", "LMP900")
    code, table, _ = run(capsys, *base)
    assert code == 0
    lines = table.splitlines()
    assert lines[0].split()[:4] == ["Pos", "Team", "Chassis", "Engine"]
    assert lines[1].split()[0] == "1"
    assert "Infineon Team Joest" in lines[1]
    assert lines[1].split()[-3:] == ["170", "170", "champion"]  # total, max, title
    code, text, _ = run(capsys, *base, "--format", "csv")
    assert code == 0
    csv_lines = text.splitlines()
    assert (
        csv_lines[0]
        == "Pos,Team,Chassis,Engine,Rd 1,Rd 2,Rd 3,Rd 4,Rd 5,Rd 6,Rd 7,Rd 8,Rd 9,Total,Max,Title"
    )
    assert (
        csv_lines[4] == "4,American Spirit Racing,Riley & Scott Mk III C,Lincoln 5.0L V8,"
        "8,6,,8,,6,10,8,14,60,60,out of contention"
    )


def test_drivers_championship_uses_the_driver_key(
    season_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = tmp_path / "drivers.csv"
    results.write_text(
        "round,class,class_pos,car,team,chassis,engine,laps,status,drivers\n"
        "1,GT,1,23,Alex Job Racing,Porsche 911 GT3-RS,Porsche 3.6L Flat-6,,classified,"
        "Timo Bernhard; Jörg Bergmeister\n",
        encoding="utf-8",
    )
    db = str(season_db)
    assert run(capsys, "import-results", "--db", db, "--season", "2003", str(results))[0] == 0
    code, out, _ = run(
        capsys,
        "standings",
        "--db",
        db,
        "--season",
        "2003",
        "--class",
        "GT",
        "--championship",
        "drivers",
        "--format",
        "json",
    )
    assert code == 0
    assert [(r["driver"], r["total"]) for r in json.loads(out)] == [
        ("Jörg Bergmeister", 26),
        ("Timo Bernhard", 26),
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--season", "1999", "--class", "GT"), "no 1999 season"),
        (("--season", "2003", "--class", "LMP1"), "no class 'LMP1'"),
        (("--season", "2003", "--class", "GT", "--series", "Le Mans Cup"), "no 2003 season of"),
    ],
)
def test_standings_errors_name_what_is_missing(
    sample_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, "standings", "--db", str(sample_path), *argv)
    assert code == 1
    assert out == ""
    assert message in err


def test_standings_on_a_missing_document_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.pitboard"
    code, _, err = run(
        capsys, "standings", "--db", str(missing), "--season", "2003", "--class", "GT"
    )
    assert code == 1
    assert "no Pitboard document" in err
    assert not missing.exists()


def test_first_run_creates_the_default_document_with_the_sample(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    default = Path(os.environ["PITBOARD_DB"])
    assert not default.exists()
    code, out, _ = run(capsys, "standings", "--season", "2003", "--class", "GTS")
    assert code == 0
    assert "Corvette Racing" in out
    assert default.exists()


def test_main_runs_as_a_script(sample_path: Path) -> None:
    completed = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "standings",
            "--db",
            str(sample_path),
            "--season",
            "2003",
            "--class",
            "LMP675",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)[0]["team"] == "Dyson Racing"


def test_export_writes_one_workbook_per_class(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "published"
    code, printed, err = run(
        capsys,
        "export",
        "--db",
        str(sample_path),
        "--season",
        "2003",
        "--out",
        str(out),
        "--author",
        "Series statistician",
    )
    assert (code, err) == (0, "")
    names = sorted(path.name for path in out.iterdir())
    assert names == sorted(
        [
            "pitboard-export.json",
            *(
                f"American Le Mans Series 2003 {c} standings.xlsx"
                for c in ("LMP900", "LMP675", "GTS", "GT")
            ),
        ]
    )
    assert printed.splitlines() == [
        str(out / n)
        for n in (
            f"American Le Mans Series 2003 {c} standings.xlsx"
            for c in ("LMP900", "LMP675", "GTS", "GT")
        )
    ]


def test_export_one_class_or_one_workbook(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ("export", "--db", str(sample_path), "--season", "2003", "--out", str(tmp_path))
    assert run(capsys, *base, "--class", "GTS")[0] == 0
    assert run(capsys, *base, "--single-workbook")[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx") == [
        "American Le Mans Series 2003 GTS standings.xlsx",
        "American Le Mans Series 2003 standings.xlsx",
    ]


def test_export_errors(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ("export", "--db", str(sample_path), "--season", "2003")
    code, _, err = run(capsys, *base, "--out", str(tmp_path), "--class", "GT1")
    assert code == 1
    assert "no class 'GT1' in 2003" in err
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    code, _, err = run(capsys, *base, "--out", str(a_file))
    assert code == 1
    assert "is not a folder" in err


def test_import_results_recognises_a_timing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "endurance.pitboard"
    season = tmp_path / "season.json"
    season.write_text(json.dumps(TIMING_SEASON), encoding="utf-8")
    assert run(capsys, "import-season", str(season), "--db", str(db))[0] == 0
    timing = FIXTURES / "layout-a.csv"
    code, _, err = run(capsys, "import-results", "--db", str(db), "--season", "2026", str(timing))
    assert code == 1
    assert "is a timing file of one race: name its --round" in err
    code, out, err = run(
        capsys, "import-results", "--db", str(db), "--season", "2026", "--round", "1", str(timing)
    )
    assert (code, err) == (0, "")
    assert out.startswith("layout-a.csv (layout A): 6 results into round 1, 6 new entries")
    renamed = tmp_path / "renamed.csv"
    renamed.write_bytes(timing.read_bytes().replace(b"LMGTE", b"GTE"))
    before = dump(db)
    code, _, err = run(
        capsys, "import-results", "--db", str(db), "--season", "2026", "--round", "2", str(renamed)
    )
    assert code == 1
    assert "classes not in this season: GTE" in err
    assert dump(db) == before
    code, out, _ = run(
        capsys,
        "import-results",
        "--db",
        str(db),
        "--season",
        "2026",
        "--round",
        "2",
        "--map-class",
        "GTE=LMGTE",
        str(renamed),
    )
    assert code == 0
    code, out, _ = run(
        capsys,
        "standings",
        "--db",
        str(db),
        "--season",
        "2026",
        "--class",
        "LMGTE",
        "--format",
        "json",
    )
    assert [(r["team"], r["rounds"]) for r in json.loads(out)] == [
        ("Grey Motorsport, Inc.", [25, 25])
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"\xef\xbb\xbfPOSITION;NUMBER;TEAM;CLASS;STATUS;LAPS;\n",
            "the file has a header but no cars",
        ),
        (
            b"POSITION;NUMBER;TEAM;CLASS;STATUS;LAPS\n1;7;A;LMP2;Classified;3\n2;8;B;LM",
            "a car without a status",
        ),
        (
            "POSITION;NUMBER;TEAM;CLASS;STATUS;LAPS\n1;7;Équipe;LMP2;Classified;3\n".encode(
                "latin-1"
            ),
            "not UTF-8",
        ),
        (
            b"POSITION;NUMBER;TEAM;CLASS;STATUS;LAPS\n1;7;A;LMP2;Classified;3\n2;7;B;LMP2;Classified;3\n",
            "car 7 appears twice in LMP2",
        ),
    ],
    ids=["header only", "truncated", "wrong encoding", "duplicate car"],
)
def test_a_bad_timing_file_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    db = tmp_path / "endurance.pitboard"
    season = tmp_path / "season.json"
    season.write_text(json.dumps(TIMING_SEASON), encoding="utf-8")
    assert run(capsys, "import-season", str(season), "--db", str(db))[0] == 0
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    before = dump(db)
    code, _, err = run(
        capsys, "import-results", "--db", str(db), "--season", "2026", "--round", "1", str(bad)
    )
    assert code == 1
    assert err.startswith("pitboard: error: bad.csv")
    assert message in err
    assert dump(db) == before


def test_a_timing_import_names_the_results_it_removes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second file for the round without car 88 removes its result, and says so by name."""
    db = tmp_path / "endurance.pitboard"
    season = tmp_path / "season.json"
    season.write_text(json.dumps(TIMING_SEASON), encoding="utf-8")
    assert run(capsys, "import-season", str(season), "--db", str(db))[0] == 0
    timing = FIXTURES / "layout-a.csv"
    base = ("import-results", "--db", str(db), "--season", "2026", "--round", "1")
    assert run(capsys, *base, str(timing))[0] == 0
    shorter = tmp_path / "shorter.csv"
    lines = timing.read_bytes().split(b"\n")
    shorter.write_bytes(b"\n".join(line for line in lines if b";88;" not in line))
    code, out, err = run(capsys, *base, str(shorter))
    assert (code, err) == (0, "")
    removed = [line for line in out.splitlines() if line.startswith("removed: ")]
    assert len(removed) == 1
    assert "#88 Red Corse" in removed[0]
