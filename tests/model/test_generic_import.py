"""Spreadsheets and other timing systems: tables read, columns mapped, then the usual planner."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine
from sqlmodel import Session

from model.io.alkamel import TimingFileError
from model.io.generic_import import guess_mapping, parse_delimited, read_table, table_to_timing
from model.io.timing_import import plan_import
from model.scoring.rules import Status

SHEET = [
    ["Pos", "No.", "Team", "Class", "Laps", "Drivers", "Status"],
    [1, 7, "Blue Racing", "LMP2", 120, "Anna Blue / Ben Blau", "Classified"],
    [2, 56, "Grey Motorsport", "LMGTE", 110, "Carl Grey", "Finished"],
    [3, 8, "Second Blue", "LMP2", 118, "Dan Blue", ""],
    [4, 91, "Green Team", "LMGTE", 40, "Finn Grun", "Retired"],
]


def test_tsv_csv_and_semicolons_are_told_apart() -> None:
    for separator in ("\t", ",", ";"):
        text = "\n".join(separator.join(str(c) for c in row) for row in SHEET) + "\n"
        table = parse_delimited(text, source="x.txt")
        assert table.header == tuple(SHEET[0])
        assert table.rows[1][1][:3] == ("2", "56", "Grey Motorsport")


def test_guessing_columns_by_their_names() -> None:
    assert guess_mapping(tuple(SHEET[0])) == {
        "position": "Pos",
        "car": "No.",
        "team": "Team",
        "class": "Class",
        "status": "Status",
        "laps": "Laps",
        "drivers": "Drivers",
    }


def test_a_workbook_is_read_from_its_first_sheet(tmp_path: Path) -> None:
    workbook = Workbook()
    for row in SHEET:
        workbook.active.append(row)  # type: ignore[union-attr]
    path = tmp_path / "results.xlsx"
    workbook.save(path)
    table = read_table(path)
    timing = table_to_timing(table, guess_mapping(table.header))
    assert [(r.number, r.position, r.laps) for r in timing.rows] == [
        ("7", 1, 120),
        ("56", 2, 110),
        ("8", 3, 118),
        ("91", 4, 40),
    ]
    assert timing.rows[0].drivers == ("Anna Blue", "Ben Blau")
    assert timing.rows[2].status == "Classified"  # an empty status cell


def test_the_planner_takes_spreadsheets_too(engine: Engine, timing_season: int) -> None:
    text = "\n".join("\t".join(str(c) for c in row) for row in SHEET)
    timing = table_to_timing(parse_delimited(text, source="x.tsv"), guess_mapping(tuple(SHEET[0])))
    with Session(engine) as session:
        plan = plan_import(
            session=session,
            season_id=timing_season,
            round_id=1,
            timing=timing,
            statuses={"Finished": Status.CLASSIFIED},
        )
    got = {(r.class_name, r.car): (r.class_pos, r.overall_pos, r.status) for r in plan.results}
    assert got == {
        ("LMP2", "7"): (1, 1, Status.CLASSIFIED),
        ("LMGTE", "56"): (1, 2, Status.CLASSIFIED),
        ("LMP2", "8"): (2, 3, Status.CLASSIFIED),
        ("LMGTE", "91"): (None, None, Status.DNF),
    }


def test_class_positions_may_come_from_their_own_column() -> None:
    table = parse_delimited("Car,Class,Class pos\n5,GT,2\n6,GT,1\n", source="x.csv")
    timing = table_to_timing(table, guess_mapping(table.header))
    assert [(r.number, r.class_pos, r.position) for r in timing.rows] == [
        ("5", 2, None),
        ("6", 1, None),
    ]


@pytest.mark.parametrize(
    ("text", "mapping", "message"),
    [
        ("Car,Class\n", {"car": "Car", "class": "Class"}, "header but no cars"),
        ("", {}, "the file is empty"),
        ("Car,Team\n1,A\n", {"car": "Car", "team": "Team"}, "choose the column for: Class"),
        (
            "Car,Class,Laps\n1,GT,many\n",
            {"car": "Car", "class": "Class", "laps": "Laps"},
            "line 2, field 'laps': expected a whole number",
        ),
        (
            "Car,Class\n,GT\n",
            {"car": "Car", "class": "Class"},
            "line 2, field 'car': a row without a car number",
        ),
    ],
)
def test_bad_tables(text: str, mapping: dict[str, str], message: str) -> None:
    with pytest.raises(TimingFileError, match=message):
        table_to_timing(parse_delimited(text, source="bad.csv"), mapping)


def test_a_damaged_workbook_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(TimingFileError, match="not a readable workbook"):
        read_table(path)
