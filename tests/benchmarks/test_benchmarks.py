"""Keeps the benchmark code working; timings are only ever reported, never asserted."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import Session

from model.paths import user_data_dir
from model.scoring.standings import Championship, compute_standings
from model.store.season_data import SeasonData, load_season_data
from tests.benchmarks import __main__ as bench_main
from tests.benchmarks import export, recalculation, server_load, sizes, startup, timing_import
from tests.benchmarks.timing import Measurement, format_table
from tests.conftest import SAMPLE_TEMPLATE, ServerTemplates


def test_synthetic_season_has_the_requested_shape(tmp_path: Path) -> None:
    engine, _ = recalculation.synthetic_document(tmp_path, rounds=3, classes=2, cars=12)
    with Session(engine) as session:
        data = load_season_data(session=session, season_id=1)
    engine.dispose()
    assert len(data.results) == 3 * 2 * 12
    standings = compute_standings(data)
    table = standings.table("Class 1", Championship.TEAMS)
    assert table.round_numbers == (1, 2, 3)
    assert sum(row.total for row in table.rows) == 3 * sum(
        (20, 16, 13, 10, 8, 6, 4, 3, 2, 1)
    ) - sum(_lost_to_team_mates(data, round_id, "Class 1") for round_id in (1, 2, 3))


def _lost_to_team_mates(data: SeasonData, round_id: int, class_name: str) -> int:
    """Points earned by a team's second car, which the team does not score."""
    scale = (20, 16, 13, 10, 8, 6, 4, 3, 2, 1)
    seen: set[str] = set()
    lost = 0
    ordered = sorted(
        (
            r
            for r in data.results
            if r.round_id == round_id and data.entries[r.entry_id].class_name == class_name
        ),
        key=lambda r: r.class_pos or 0,  # every synthetic result is placed
    )
    for result in ordered:
        team, place = data.entries[result.entry_id].team, result.class_pos
        if team in seen and place is not None and place <= len(scale):
            lost += scale[place - 1]
        seen.add(team)
    return lost


def test_benchmarks_run_and_print_a_table(tmp_path: Path) -> None:
    measurements = recalculation.measure(tmp_path, repeat=1)
    text = format_table(measurements)
    assert len(text.splitlines()) == 2 + len(measurements)
    assert all(m.seconds > 0 and m.floor_seconds > 0 for m in measurements)


SIZE_SERIES_ROWS = (
    "recalculate",
    "edit to standings shown",
    "undo to standings shown",
    "pick another round, results shown",
    "switch standings class tab, its class just edited",
    "switch teams/drivers championship",
    "choose All classes in results",
    "History: All rounds, dock raised",
    "import {rows} result rows (CSV), standings shown",
    "edit after 3 edits, standings shown",
    "undo after 3 edits, standings shown",
)


def test_size_series_benchmark_runs(tmp_path: Path, qapp: object) -> None:
    measurements = sizes.measure(tmp_path, sizes=((2, 2, 6),), repeat=1, warmup=0, many_edits=3)
    assert [m.name for m in measurements] == [
        f"{row.format(rows=rows)} ({label})"
        for label, rows in (("2003, 175 results", 60), ("24 results", 24))
        for row in SIZE_SERIES_ROWS
    ]
    assert all(m.seconds > 0 and m.floor_seconds > 0 for m in measurements)


def test_size_series_runs_only_the_rows_asked_for(tmp_path: Path, qapp: object) -> None:
    measurements = sizes.measure(
        tmp_path, sizes=((2, 2, 6),), sample=False, repeat=1, warmup=0, only="PICK ANOTHER"
    )
    assert [m.name for m in measurements] == ["pick another round, results shown (24 results)"]
    assert not (tmp_path / "size-series" / "sample.pitboard").exists()


# (what, --sizes, whether the sample runs, the synthetic sizes)
SIZES_CASES: list[tuple[str, str, bool, tuple[tuple[int, int, int], ...]]] = [
    ("the sample", "175", True, ()),
    ("the sample and 960", "175,960", True, ((8, 4, 30),)),
    ("spaces and underscores", " 960 , 14_400", False, ((8, 4, 30), (20, 6, 120))),
    ("in the series' order", "14400,4320", False, ((12, 6, 60), (20, 6, 120))),
]


@pytest.mark.parametrize(
    ("text", "sample", "synthetic"), [c[1:] for c in SIZES_CASES], ids=[c[0] for c in SIZES_CASES]
)
def test_sizes_option_names_the_series_sizes(
    text: str, sample: bool, synthetic: tuple[tuple[int, int, int], ...]
) -> None:
    assert bench_main._sizes(text) == (sample, synthetic)


# (what, --sizes, the part the message names)
BAD_SIZES: list[tuple[str, str, str]] = [
    ("nothing", "", "names no size"),
    ("a size not in the series", "100", "'100'"),
    ("a thousands comma splits the size", "4,320", "'4'"),
    ("an empty part", "175,,960", "''"),
    ("a negative size", "-960", "'-960'"),
    ("another separator", "175;960", "'175;960'"),
    ("words", "small", "'small'"),
]


@pytest.mark.parametrize(
    ("text", "named"), [c[1:] for c in BAD_SIZES], ids=[c[0] for c in BAD_SIZES]
)
def test_sizes_option_refuses_what_is_not_a_series_size(
    text: str, named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        bench_main.main(["--sizes", text])
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert named in error
    assert "known: [175, 960, 4320, 14400]" in error


def test_only_with_no_such_row_runs_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    others = tuple((title, _never_run) for title, _measure in bench_main.OTHERS)
    monkeypatch.setattr(bench_main, "OTHERS", others)
    assert bench_main.main(["--only", "no such row"]) == 0
    assert capsys.readouterr().out == "no benchmark has such a row\n"


def _never_run(_folder: Path) -> list[Measurement]:
    raise AssertionError("a benchmark ran though none of its rows was asked for")


def test_only_runs_a_benchmark_whose_rows_it_names(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []

    def recorded(title: str) -> Callable[[Path], list[Measurement]]:
        def measure(_folder: Path) -> list[Measurement]:
            ran.append(title)
            return [Measurement(f"{title} 4 class workbooks (2003)", 1.0, "floor", 1.0)]

        return measure

    others = tuple((title, recorded(title)) for title, _measure in bench_main.OTHERS)
    monkeypatch.setattr(bench_main, "OTHERS", others)
    monkeypatch.setattr(sizes, "measure", lambda *_a, **_k: [])
    assert bench_main.main(["--only", "export 4"]) == 0
    assert ran == ["export"]


def test_the_benchmarks_keep_out_of_the_user_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def where_backups_go(*_args: object, **_kwargs: object) -> list[Measurement]:
        seen.append(str(user_data_dir()))
        return []

    monkeypatch.setattr(sizes, "measure", where_backups_go)
    before = dict(os.environ)
    assert bench_main.main(["--sizes", "175"]) == 0
    assert seen[0].startswith(tempfile.gettempdir())
    assert "pitboard-bench-" in seen[0]
    assert dict(os.environ) == before


def test_export_benchmark_runs(tmp_path: Path) -> None:
    measurements = export.measure(tmp_path, repeat=1)
    assert len(measurements) == 3
    assert all(m.seconds > 0 and m.floor_seconds > 0 for m in measurements)


def test_timing_import_benchmark_runs(tmp_path: Path) -> None:
    (measurement,) = timing_import.measure(tmp_path, repeat=1)
    assert measurement.seconds > 0


def test_startup_benchmark_runs(tmp_path: Path) -> None:
    measurements = startup.measure(tmp_path, repeat=1, sizes=startup.SMALL)
    assert len(measurements) == 3
    assert all(m.seconds > 0 and m.floor_seconds > 0 for m in measurements)


def test_four_editors_on_one_server_lose_nothing(pg_templates: ServerTemplates) -> None:
    """The server load benchmark, briefly: every committed edit is in the history once, no
    edit overwrote another unseen, and every editor computes the same standings."""
    url = pg_templates.clone(SAMPLE_TEMPLATE)
    report = server_load.run_load(url, seconds=3, editors=4)
    assert (report.lost, report.duplicated, report.standings_equal) == ([], [], True)
    assert all(editor.steps for editor in report.editors)
    assert "lost: 0  duplicated: 0" in server_load.format_report(report)
