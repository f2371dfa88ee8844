"""What the preview of a timing import says before anything is written: the positions each car
gets, every result replaced or removed by name, a file of another year or series, a sheet of
one class without a class column, and what the statuses of timing systems mean."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from model.edits.timing_apply import TimingImportEdit
from model.io.alkamel import TimingFile, TimingFileError
from model.io.generic_import import parse_delimited, table_to_timing
from model.io.timing_import import ImportPlan, plan_import, status_mapping
from model.io.timing_preview import file_date, mismatch_warnings
from model.scoring.rules import Status
from model.store import tables as t
from model.store.db import transaction
from tests.helpers import dump

NINE = [("1", "LMGT3", f"{n}", f"Team {n}") for n in range(21, 30)]


def sheet(rows: list[tuple[str, str, str, str]], source: str = "results.csv") -> TimingFile:
    text = "Pos,Class,Car,Team\n" + "\n".join(",".join(row) for row in rows)
    table = parse_delimited(text, source=source)
    return table_to_timing(
        table, {"position": "Pos", "class": "Class", "car": "Car", "team": "Team"}
    )


def numbered(rows: list[tuple[str, str, str, str]]) -> list[tuple[str, str, str, str]]:
    return [(str(i), cls, car, team) for i, (_, cls, car, team) in enumerate(rows, start=1)]


def plan(engine: Engine, season_id: int, timing: TimingFile) -> ImportPlan:
    with Session(engine) as session:
        return plan_import(session=session, season_id=season_id, round_id=1, timing=timing)


def apply(engine: Engine, found: ImportPlan) -> None:
    with transaction(engine) as session:
        TimingImportEdit(found).apply(session)


def test_a_five_row_sheet_names_the_four_results_it_removes(
    engine: Engine, timing_season: int
) -> None:
    apply(engine, plan(engine, timing_season, sheet(numbered(NINE))))
    five = [NINE[i] for i in (0, 2, 4, 6, 8)]  # cars 21, 23, 25, 27, 29
    found = plan(engine, timing_season, sheet(numbered(five)))
    assert len(found.replaced) == 5
    assert found.replaced[0] == "LMGT3: #21 Team 21, now P1, will be P1"
    assert found.removed == (
        "4 results of Rd 1 LMGT3 not in the file will be removed: "
        "#22 Team 22, now P2; #24 Team 24, now P4; #26 Team 26, now P6; #28 Team 28, now P8",
    )


def test_the_plan_gives_each_row_its_class_and_overall_position(
    engine: Engine, timing_season: int
) -> None:
    rows = [("1", "LMP2", "7", "Blue"), ("2", "LMGT3", "56", "Grey"), ("3", "LMP2", "8", "Red")]
    found = plan(engine, timing_season, sheet(rows))
    assert [(r.car, r.class_pos, r.overall_pos) for r in found.results] == [
        ("7", 1, 1),
        ("56", 1, 2),
        ("8", 2, 3),
    ]


@pytest.mark.parametrize(
    ("source", "round_date", "expected"),
    [
        ("results.csv", None, None),
        ("2026_WEC_SaoPaulo_Race_Hour6_Classification.csv", None, "is this the right series?"),
        ("2026_Test_Race.csv", None, None),
        ("2003_Sebring.csv", None, "the file's name says 2003, but Rd 1 (Race One) is in 2026"),
        ("2026_Sebring.csv", dt.date(2003, 3, 15), "says 2026, but Rd 1 (Race One) is in 2003"),
        ("202607121130_Race.CSV", dt.date(2026, 7, 12), None),
        ("202607121130_Race.CSV", dt.date(2026, 8, 16), "dates it 2026-07-12"),
        ("202613991130_Race.CSV", None, None),  # not a real day: the year alone is not read
        ("ELMS_2014_Imola.csv", None, "the file's name says 2014|the file's name says ELMS"),
        ("LMS.csv", None, "the file's name says LMS, but this season is Test Endurance Series"),
        ("Wecker 2026.csv", None, None),  # a word containing a series name is not one
    ],
)
def test_a_file_of_another_year_or_series_is_warned_about(
    source: str, round_date: dt.date | None, expected: str | None
) -> None:
    warnings = mismatch_warnings(
        source=source,
        series="Test Endurance Series",
        year=2026,
        round_label="Rd 1 (Race One)",
        round_date=round_date,
    )
    if expected is None:
        assert warnings == []
    else:
        wanted = expected.split("|")  # one warning each, in order
        assert len(warnings) == len(wanted), warnings
        assert all(w in said for w, said in zip(wanted, warnings, strict=True)), warnings


def test_the_round_date_is_compared_before_anything_is_written(
    engine: Engine, timing_season: int
) -> None:
    with transaction(engine) as session:
        rnd = session.get(t.Round, 1)
        assert rnd is not None
        rnd.date = dt.date(2003, 3, 15)
        session.add(rnd)
    found = plan(engine, timing_season, sheet(numbered(NINE), source="2026_GT_results.csv"))
    assert found.warnings[0].startswith("the file's name says 2026, but Rd 1 (Race One) is in 2003")


def test_an_al_kamel_time_stamp_gives_the_day() -> None:
    name = "Results/15_2026/04_SAO PAULO/666_FIA WEC/202607121130_Race/03_Classification.CSV"
    assert file_date(name) == (2026, dt.date(2026, 7, 12))


def test_a_sheet_without_a_class_column_takes_one_class_for_every_row(
    engine: Engine, timing_season: int
) -> None:
    table = parse_delimited("Pos,Car,Team\n1,5,A\n2,6,B\n", source="gt.csv")
    timing = table_to_timing(
        table, {"position": "Pos", "car": "Car", "team": "Team"}, every_row_class="LMGT3"
    )
    found = plan(engine, timing_season, timing)
    assert [(r.car, r.class_name, r.class_pos) for r in found.results] == [
        ("5", "LMGT3", 1),
        ("6", "LMGT3", 2),
    ]


@pytest.mark.parametrize(
    ("mapping", "every_row_class", "message"),
    [
        ({"car": "Car"}, None, "choose the column for: Class"),
        ({"car": "Car"}, "  ", "choose the column for: Class"),
        ({"car": "Car", "class": "Cls"}, "GT", "both chosen"),
    ],
)
def test_a_class_must_come_from_one_place(
    mapping: dict[str, str], every_row_class: str | None, message: str
) -> None:
    table = parse_delimited("Car,Cls\n5,GT\n", source="gt.csv")
    with pytest.raises(TimingFileError, match=message) as caught:
        table_to_timing(table, mapping, every_row_class=every_row_class)
    assert "gt.csv" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Classified", Status.CLASSIFIED),
        ("Not classified", Status.NOT_CLASSIFIED),
        ("NOT  CLASSIFIED", Status.NOT_CLASSIFIED),
        ("Retired", Status.DNF),
        ("Not started", Status.DNS),
        ("Running", Status.NOT_CLASSIFIED),  # still on track when the file was made
        ("running ", Status.NOT_CLASSIFIED),
        ("RUNNING", Status.NOT_CLASSIFIED),
        ("Finished", None),  # asked about, never guessed
        ("Run", None),
        ("", None),
    ],
)
def test_what_the_statuses_of_timing_systems_mean(text: str, status: Status | None) -> None:
    timing = sheet([("1", "LMGT3", "5", "A")])
    row = timing.rows[0].__class__(**{**timing.rows[0].__dict__, "status": text})
    one = TimingFile("x.csv", timing.layout, (row,), ())
    if status is None:
        with pytest.raises(TimingFileError, match="statuses Pitboard does not know"):
            status_mapping(one)
    else:
        assert status_mapping(one) == {text: status}


def test_running_cars_are_named_in_the_warnings(engine: Engine, timing_season: int) -> None:
    table = parse_delimited("Pos,Class,Car,Status\n1,LMGT3,5,Running\n", source="x.csv")
    timing = table_to_timing(
        table, {"position": "Pos", "class": "Class", "car": "Car", "status": "Status"}
    )
    found = plan(engine, timing_season, timing)
    assert found.results[0].status is Status.NOT_CLASSIFIED
    assert any("car 5 is 'Running'" in w for w in found.warnings)


def test_a_plan_writes_nothing(engine: Engine, timing_season: int, db_path: object) -> None:
    before = dump(db_path)  # type: ignore[arg-type]
    plan(engine, timing_season, sheet(numbered(NINE), source="2003_results.csv"))
    assert dump(db_path) == before  # type: ignore[arg-type]
