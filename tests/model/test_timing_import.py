"""Timing files onto a round: classes, positions, statuses, entries; previewed, then all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from model.edits.timing_apply import TimingImportEdit
from model.io.alkamel import TimingFileError, parse_timing_file, read_timing_file
from model.io.timing_import import (
    UnknownStatusesError,
    UnmappedClassesError,
    plan_import,
    remember_class_mapping,
)
from model.scoring.rules import Status
from model.store.db import transaction
from tests.helpers import dump, result_lines
from tests.model.timing_files import FIXTURES, read_independently, real_timing_file


def run_import(
    engine: Engine, season_id: int, path: Path, round_id: int = 1, **options: Any
) -> TimingImportEdit:
    timing = read_timing_file(path)
    with transaction(engine) as session:
        plan = plan_import(
            session=session, season_id=season_id, round_id=round_id, timing=timing, **options
        )
        edit = TimingImportEdit(plan)
        edit.apply(session)
        remember_class_mapping(session=session, season_id=season_id, mapping=plan.class_map)
    return edit


def stored(engine: Engine, round_id: int = 1) -> dict[str, tuple[Any, ...]]:
    with Session(engine) as session:
        return {
            f"{line.class_name} {line.car}": (
                line.class_pos,
                line.overall_pos,
                line.laps,
                line.status,
            )
            for line in result_lines(session=session, round_id=round_id)
        }


def test_class_positions_come_from_the_overall_order(engine: Engine, timing_season: int) -> None:
    run_import(engine, timing_season, FIXTURES / "layout-a.csv")
    assert stored(engine) == {
        "LMP2 7": (1, 1, 120, Status.CLASSIFIED),
        "LMP2 007": (2, 2, 119, Status.CLASSIFIED),
        "LMP2 12": (None, None, 0, Status.DNS),
        "LMGTE 56": (1, 3, 110, Status.CLASSIFIED),
        "LMGTE 91": (None, None, 95, Status.DNF),
        "LMGTE 88": (None, None, 60, Status.NOT_CLASSIFIED),
    }


def test_new_entries_take_team_vehicle_and_drivers(engine: Engine, timing_season: int) -> None:
    with Session(engine) as session:
        plan = plan_import(
            session=session,
            season_id=timing_season,
            round_id=1,
            timing=read_timing_file(FIXTURES / "layout-a.csv"),
        )
    first = plan.new_entries[0]
    assert (first.car, first.team, first.class_name, first.chassis, first.engine) == (
        "7",
        "Blue Racing",
        "LMP2",
        "Oreca 07",
        "Gibson",
    )
    assert first.drivers == ("Anna BLUE", "Ben BLAU")
    assert len(plan.new_entries) == 6
    assert plan.replaced == ()


def test_importing_again_matches_entries_and_replaces_results(
    engine: Engine, timing_season: int
) -> None:
    run_import(engine, timing_season, FIXTURES / "layout-a.csv")
    with Session(engine) as session:
        plan = plan_import(
            session=session,
            season_id=timing_season,
            round_id=1,
            timing=read_timing_file(FIXTURES / "layout-a.csv"),
        )
    assert plan.new_entries == ()
    assert len(plan.replaced) == 6
    assert all(result.entry_id is not None for result in plan.results)


def test_every_starter_classified_layouts_follow_the_distance_rule(
    engine: Engine, timing_season: int
) -> None:
    edit = run_import(engine, timing_season, FIXTURES / "layout-c.csv")
    assert stored(engine) == {
        "GTP 01": (1, 1, 791, Status.CLASSIFIED),
        "GTDPRO 1": (1, 2, 790, Status.CLASSIFIED),
        "GTDPRO 44": (None, None, 58, Status.NOT_CLASSIFIED),  # 58 of 791 laps
    }
    assert "distance rule decides" in " ".join(edit.plan.warnings)


def test_unmapped_classes_are_asked_about_then_remembered(
    engine: Engine, timing_season: int
) -> None:
    renamed = (FIXTURES / "layout-b.csv").read_bytes().replace(b"HYPERCAR", b"HY")
    timing = parse_timing_file(renamed, source="renamed.csv")
    with Session(engine) as session, pytest.raises(UnmappedClassesError) as raised:
        plan_import(session=session, season_id=timing_season, round_id=1, timing=timing)
    assert raised.value.classes == ["HY"]
    assert "classes not in this season: HY" in str(raised.value)
    with transaction(engine) as session:
        plan = plan_import(
            session=session,
            season_id=timing_season,
            round_id=1,
            timing=timing,
            classes={"HY": "HYPERCAR"},
        )
        remember_class_mapping(session=session, season_id=timing_season, mapping=plan.class_map)
    with Session(engine) as session:
        again = plan_import(session=session, season_id=timing_season, round_id=2, timing=timing)
    assert again.class_map == {"HY": "HYPERCAR", "LMGT3": "LMGT3"}


def test_unknown_statuses_are_asked_about_never_guessed(engine: Engine, timing_season: int) -> None:
    data = (FIXTURES / "layout-a.csv").read_bytes().replace(b";Retired;", b";Disqualified;")
    timing = parse_timing_file(data, source="dsq.csv")
    with Session(engine) as session, pytest.raises(UnknownStatusesError) as raised:
        plan_import(session=session, season_id=timing_season, round_id=1, timing=timing)
    assert raised.value.statuses == ["Disqualified"]
    with Session(engine) as session:
        plan = plan_import(
            session=session,
            season_id=timing_season,
            round_id=1,
            timing=timing,
            statuses={"Disqualified": Status.DISQUALIFIED},
        )
    assert {r.car: r.status for r in plan.results}["91"] is Status.DISQUALIFIED


def test_duplicate_car_numbers_in_a_class_are_refused(engine: Engine, timing_season: int) -> None:
    data = (FIXTURES / "layout-a.csv").read_bytes().replace(b"2;007;", b"2;7;")
    timing = parse_timing_file(data, source="twice.csv")
    with (
        Session(engine) as session,
        pytest.raises(TimingFileError, match="car 7 appears twice in LMP2"),
    ):
        plan_import(session=session, season_id=timing_season, round_id=1, timing=timing)


def test_garbled_names_are_reported_and_can_be_repaired(engine: Engine, timing_season: int) -> None:
    timing = read_timing_file(FIXTURES / "layout-b.csv")
    with Session(engine) as session:
        plain = plan_import(session=session, season_id=timing_season, round_id=1, timing=timing)
        repaired = plan_import(
            session=session, season_id=timing_season, round_id=1, timing=timing, repair_names=True
        )
    assert any("double-encoded" in w for w in plain.warnings)
    assert [e.team for e in plain.new_entries][-1] == "CafÃ© Racing"
    assert [e.team for e in repaired.new_entries][-1] == "Café Racing"


def test_an_import_is_reverted_exactly(engine: Engine, timing_season: int, db_path: Path) -> None:
    run_import(engine, timing_season, FIXTURES / "layout-a.csv")
    before = dump(db_path)
    changed = (
        (FIXTURES / "layout-a.csv").read_bytes().replace(b"1;7;Blue Racing", b"1;77;Blue Racing")
    )
    timing = parse_timing_file(changed, source="changed.csv")
    with transaction(engine) as session:
        edit = TimingImportEdit(
            plan_import(session=session, season_id=timing_season, round_id=1, timing=timing)
        )
        edit.apply(session)
    assert "LMP2 77" in stored(engine)
    with transaction(engine) as session:
        edit.revert(session)
    assert dump(db_path) == before


def test_a_failing_import_changes_nothing(
    engine: Engine, timing_season: int, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_import(engine, timing_season, FIXTURES / "layout-a.csv")
    before = dump(db_path)
    from model.edits import timing_apply

    def failing(*args: Any) -> Any:  # fails after old results are gone and new ones written
        raise TimingFileError("the disk went away", source="x")

    monkeypatch.setattr(timing_apply, "driver_ids", failing)
    with pytest.raises(TimingFileError):
        run_import(engine, timing_season, FIXTURES / "layout-c.csv")
    assert dump(db_path) == before


def independent_positions(path: Path) -> dict[str, tuple[int | None, int]]:
    """Class positions worked out from the raw rows: classified cars by POSITION in each class."""
    rows = sorted(read_independently(path), key=lambda r: int(r["POSITION"] or 10_000))
    counts: dict[str, int] = {}
    expected = {}
    for row in rows:
        position = None
        if row["STATUS"] == "Classified":
            counts[row["CLASS"]] = counts.get(row["CLASS"], 0) + 1
            position = counts[row["CLASS"]]
        expected[f"{row['CLASS']} {row['NUMBER']}"] = (position, int(row["LAPS"]))
    return expected


@pytest.mark.parametrize(
    "name",
    [
        "2014_ELMS_Imola_Race_Classification.csv",
        "2014_ELMS_Silverstone_Race_Classification.csv",
        "2026_WEC_SaoPaulo_Race_Hour6_Classification.csv",
    ],
)
def test_real_wec_and_elms_files(engine: Engine, timing_season: int, name: str) -> None:
    path = real_timing_file(name)
    run_import(engine, timing_season, path)
    got = {key: (pos, laps) for key, (pos, _, laps, _) in stored(engine).items()}
    assert got == independent_positions(path)


def test_real_silverstone_statuses(engine: Engine, timing_season: int) -> None:
    run_import(
        engine, timing_season, real_timing_file("2014_ELMS_Silverstone_Race_Classification.csv")
    )
    results = stored(engine)
    assert results["LMP2 46"] == (1, 1, 118, Status.CLASSIFIED)
    assert results["GTC 71"][3] is Status.DNS
    assert results["LMP2 38"][3] is Status.NOT_CLASSIFIED


def test_real_imsa_file_uses_the_distance_rule(engine: Engine, timing_season: int) -> None:
    path = real_timing_file("2026_IMSA_RoadAmerica_AEC_Race_Results.csv")
    run_import(engine, timing_season, path)
    rows = read_independently(path)
    winner_laps = max(int(r["LAPS"]) for r in rows)
    needed = -(-70 * winner_laps // 100)
    results = stored(engine)
    for row in rows:
        status = results[f"P3 {row['NUMBER']}"][3]
        expected = Status.CLASSIFIED if int(row["LAPS"]) >= needed else Status.NOT_CLASSIFIED
        assert status is expected, row["NUMBER"]
    assert sum(r[0] is not None for r in results.values()) == sum(
        int(r["LAPS"]) >= needed for r in rows
    )
