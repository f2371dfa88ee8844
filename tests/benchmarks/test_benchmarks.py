"""Keeps the benchmark code working; timings are only ever reported, never asserted."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from model.scoring.standings import Championship, compute_standings
from model.store.season_data import SeasonData, load_season_data
from tests.benchmarks import export, recalculation, sizes, startup, timing_import
from tests.benchmarks.timing import format_table


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
        key=lambda r: r.class_pos,
    )
    for result in ordered:
        team = data.entries[result.entry_id].team
        if team in seen and result.class_pos <= len(scale):
            lost += scale[result.class_pos - 1]
        seen.add(team)
    return lost


def test_benchmarks_run_and_print_a_table(tmp_path: Path) -> None:
    measurements = recalculation.measure(tmp_path, repeat=1)
    text = format_table(measurements)
    assert len(text.splitlines()) == 2 + len(measurements)
    assert all(m.seconds > 0 and m.floor_seconds > 0 for m in measurements)


def test_size_series_benchmark_runs(tmp_path: Path, qapp: object) -> None:
    measurements = sizes.measure(tmp_path, sizes=((2, 2, 6),), repeat=1)
    assert [m.name for m in measurements] == [
        "recalculate (2003, 175 results)",
        "edit to standings shown (2003, 175 results)",
        "undo to standings shown (2003, 175 results)",
        "recalculate (24 results)",
        "edit to standings shown (24 results)",
        "undo to standings shown (24 results)",
    ]
    assert all(m.seconds > 0 and m.floor_seconds > 0 for m in measurements)


def test_export_benchmark_runs(tmp_path: Path) -> None:
    measurements = export.measure(tmp_path, repeat=1)
    assert len(measurements) == 3
    assert all(m.seconds > 0 and m.floor_seconds > 0 for m in measurements)


def test_timing_import_benchmark_runs(tmp_path: Path) -> None:
    (measurement,) = timing_import.measure(tmp_path, repeat=1)
    assert measurement.seconds > 0


def test_startup_benchmark_runs(tmp_path: Path) -> None:
    measurements = startup.measure(tmp_path, repeat=1)
    assert len(measurements) == 3
    assert all(m.seconds > 0 and m.floor_seconds > 0 for m in measurements)
