"""The results CSV's columns for the championships' own rules (pole, fastest_lap,
qualifying_pos, eligible, manufacturer, a short drive marked `Name*`): read, written to the
document, scored by the rules, logged in the history and undone whole."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import Session, select

from model.edits.door import Door, one_season
from model.edits.operations import apply_all, revert_all, touched_by
from model.edits.results_import import import_result_rows
from model.edits.results_import_edit import ResultsImportEdit
from model.edits.seasons import import_season
from model.errors import InputError
from model.io.alkamel import TimingFileError
from model.io.generic_import import guess_mapping, parse_delimited, table_to_timing
from model.io.jsonlines import read_json
from model.io.results_csv import parse_eligible, parse_results_csv
from model.io.season_definition import parse_season_definition
from model.scoring.rules import Championship
from model.scoring.standings import compute_standings
from model.store import tables as t
from model.store.db import open_engine, transaction, url_for_path
from model.store.documents import open_for_editing
from model.store.season_data import ResultInfo, SeasonData, load_season_data
from tests.conftest import DATA
from tests.helpers import dump, run

RULES = DATA / "rules"
SEASON_FILE = RULES / "columns-season.json"
RESULTS_FILE = RULES / "columns-results.csv"
YEAR = "2024"
T, D, M = Championship.TEAMS, Championship.DRIVERS, Championship.MANUFACTURERS
HEADER = (
    "round,class,class_pos,car,team,chassis,engine,status,drivers,"
    "pole,fastest_lap,qualifying_pos,eligible,manufacturer\n"
)
COLUMNS = next(csv.reader([HEADER]))


def _cells(line: str) -> dict[str, str]:
    return next(csv.DictReader([HEADER, line]))


# Line 2 of every hostile file: a new entry, with its manufacturer given.
GOOD = _cells("1,P,1,1,Alpha Racing,Audi R8,Audi V8,classified,Anna Ace,1,,1,,Audi")
# Line 3, before the case changes one of its fields.
BASE = _cells("1,P,2,2,Beta Racing,Porsche RS Spyder,Porsche V8,classified,Ben Brave,,,2,,")
SAME_CAR_AGAIN = {**GOOD, "round": "2"}
ENTERED_CAR = {**BASE, "car": "9", "team": "Omega Racing", "chassis": "Ferrari 333 SP"}

# (case, changes to line 3, field named, words of the message)
HOSTILE: list[tuple[str, dict[str, str], str, str]] = [
    ("pole 2", {"pole": "2"}, "pole", "expected 1 (or yes, y, true, x) or empty"),
    ("pole a word", {"pole": "maybe"}, "pole", "found 'maybe'"),
    ("pole negative", {"pole": "-1"}, "pole", "found '-1'"),
    ("pole 1.0", {"pole": "1.0"}, "pole", "found '1.0'"),
    ("pole two words", {"pole": "yes please"}, "pole", "found 'yes please'"),
    ("pole a tick", {"pole": "✓"}, "pole", "found '✓'"),
    ("fastest lap a time", {"fastest_lap": "1:41.2"}, "fastest_lap", "found '1:41.2'"),
    ("fastest lap on", {"fastest_lap": "on"}, "fastest_lap", "found 'on'"),
    ("fastest lap 11", {"fastest_lap": "11"}, "fastest_lap", "found '11'"),
    ("qualifying 0", {"qualifying_pos": "0"}, "qualifying_pos", "at least 1, found 0"),
    ("qualifying negative", {"qualifying_pos": "-3"}, "qualifying_pos", "at least 1"),
    ("qualifying a word", {"qualifying_pos": "first"}, "qualifying_pos", "expected a whole"),
    ("qualifying a fraction", {"qualifying_pos": "1.5"}, "qualifying_pos", "found '1.5'"),
    ("qualifying a superscript", {"qualifying_pos": "²"}, "qualifying_pos", "found '²'"),
    ("qualifying too big", {"qualifying_pos": "9" * 30}, "qualifying_pos", "at most 100,000"),
    ("eligible unknown", {"eligible": "everything"}, "eligible", "unknown championship"),
    ("eligible no- alone", {"eligible": "no-"}, "eligible", "unknown championship 'no-'"),
    ("eligible both kinds", {"eligible": "drivers no-teams"}, "eligible", "name one kind"),
    ("eligible yes and a name", {"eligible": "yes drivers"}, "eligible", "'yes'"),
    ("eligible no and a name", {"eligible": "no teams"}, "eligible", "unknown championship 'no'"),
    ("eligible a misspelling", {"eligible": "no-teems"}, "eligible", "'no-teems'"),
    ("eligible a dash list", {"eligible": "drivers-teams"}, "eligible", "'drivers-teams'"),
    ("a star alone", {"drivers": "*"}, "drivers", "a star needs a driver's name"),
    ("a star after a name", {"drivers": "Ben Brave; * "}, "drivers", "a star needs"),
    ("two stars", {"drivers": "Ben Brave**"}, "drivers", "one star, after the name"),
    ("a star inside", {"drivers": "Ben*Brave"}, "drivers", "one star, after the name"),
    ("named twice, once short", {"drivers": "Ben Brave;Ben Brave*"}, "drivers", "named twice"),
    ("manufacturer with an escape", {"manufacturer": "Audi\x1b[31m"}, "manufacturer", "(\\x1b)"),
    ("manufacturer too long", {"manufacturer": "A" * 501}, "manufacturer", "too long"),
    ("eligible with a line break", {"eligible": "drivers\nteams"}, "eligible", "(\\n)"),
    ("pole with a NUL", {"pole": "1\x00"}, "pole", "(\\x00)"),
    (
        "a new car's manufacturer changed",
        {**SAME_CAR_AGAIN, "manufacturer": "Porsche"},
        "manufacturer",
        "car 1 of Alpha Racing was given on line 2 manufacturer 'Audi', not 'Porsche'",
    ),
    (
        "an entered car's manufacturer changed",
        {**ENTERED_CAR, "manufacturer": "Dallara"},
        "manufacturer",
        "car 9 of Omega Racing is entered with manufacturer 'Ferrari', not 'Dallara'",
    ),
]


def _csv(*rows: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture(scope="module")
def season_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The season of columns-season.json, with one entry (car 9, a Ferrari) raced in round 2."""
    path = tmp_path_factory.mktemp("rules") / "template.pitboard"
    engine = open_engine(url_for_path(path))
    definition = parse_season_definition(read_json(SEASON_FILE), source=SEASON_FILE.name)
    entered = {**ENTERED_CAR, "round": "2", "class_pos": "1", "qualifying_pos": ""}
    rows = parse_results_csv(_csv(entered), source="entered.csv")
    with transaction(engine) as session:
        season_id = import_season(session=session, definition=definition).season_id
        import_result_rows(session=session, season_id=season_id, rows=rows, source="entered.csv")
    engine.dispose()
    return path


@pytest.fixture
def season_path(season_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "season.pitboard"
    shutil.copy(season_template, path)
    return path


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [case[1:] for case in HOSTILE],
    ids=[case[0] for case in HOSTILE],
)
def test_a_bad_value_in_a_new_column_is_named_and_changes_nothing(
    changes: dict[str, str],
    field: str,
    words: str,
    season_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(_csv(GOOD, {**BASE, **changes}), encoding="utf-8")
    before = dump(season_path)
    code, _, err = run(
        capsys, "import-results", "--db", str(season_path), "--season", YEAR, str(bad)
    )
    assert code == 1
    assert f"bad.csv, line 3, field '{field}': " in err
    assert words in err
    assert dump(season_path) == before


@pytest.mark.parametrize(
    ("cell", "ineligible"),
    [
        ("", set()),
        ("yes", set()),
        ("YES", set()),
        ("no", {T, D, M}),
        ("drivers", {T, M}),
        ("driver", {T, M}),
        ("drivers teams", {M}),
        ("drivers+teams", {M}),
        ("Drivers / Teams", {M}),
        ("drivers;teams", {M}),
        ("drivers, teams", {M}),
        ("teams drivers manufacturers", set()),
        ("drivers drivers", {T, M}),
        ("no-teams", {T}),
        ("NO-Teams", {T}),
        ("no-team", {T}),
        ("no-teams no-manufacturers", {T, M}),
        ("no-teams+no-manufacturers", {T, M}),
        ("no-teams no-drivers no-manufacturers", {T, D, M}),
    ],
)
def test_the_eligible_cell_names_the_championships_a_car_scores_in(
    cell: str, ineligible: set[Championship]
) -> None:
    assert parse_eligible(cell) == ineligible


@pytest.mark.parametrize(
    ("cell", "flag"),
    [(v, True) for v in ("1", "yes", "Y", "true", "TRUE", "x", "X", " 1 ")]
    + [(v, False) for v in ("", "0", "no", "N", "false", "False")],
)
def test_pole_and_fastest_lap_cells_read_as_yes_or_no(cell: str, flag: bool) -> None:
    text = _csv({**GOOD, "pole": cell, "fastest_lap": cell})
    (row,) = parse_results_csv(text, source="flags.csv")
    assert (row.pole, row.fastest_lap) == (flag, flag)


def test_a_quoted_eligible_cell_may_hold_commas() -> None:
    text = _csv({**GOOD, "eligible": "drivers, manufacturers"})
    assert '"drivers, manufacturers"' in text
    (row,) = parse_results_csv(text, source="quoted.csv")
    assert row.ineligible == {T}


def test_a_bad_value_is_refused_by_the_reader_with_file_line_and_field() -> None:
    with pytest.raises(InputError) as raised:
        parse_results_csv(_csv(GOOD, {**BASE, "pole": "2"}), source="x.csv")
    assert (raised.value.source, raised.value.line, raised.value.field) == ("x.csv", 3, "pole")


def _data(path: Path) -> SeasonData:
    engine = open_engine(url_for_path(path))
    try:
        with Session(engine) as session:
            season_id = session.exec(select(t.Season.id).where(t.Season.year == int(YEAR))).one()
            assert season_id is not None
            return load_season_data(session=session, season_id=season_id)
    finally:
        engine.dispose()


def _import(capsys: pytest.CaptureFixture[str], path: Path, results: Path) -> None:
    code, out, err = run(
        capsys, "import-results", "--db", str(path), "--season", YEAR, str(results)
    )
    assert (code, err) == (0, ""), out


def _result(data: SeasonData, car: str, round_number: int = 1) -> ResultInfo:
    (rnd,) = (r for r in data.rounds if r.number == round_number)
    return next(
        r
        for r in data.results
        if r.round_id == rnd.id and data.entries[r.entry_id].car_number == car
    )


def _round_one(data: SeasonData, championship: Championship) -> dict[str, Decimal | None]:
    """Each competitor's points in round 1 (round 2 holds car 9's win)."""
    table = compute_standings(data).table("P", championship)
    assert table.round_numbers == (1, 2)
    return {row.name: row.cells[0].points for row in table.rows if row.cells[0].raced}


def test_every_new_column_reaches_the_document_and_scores_by_the_rules(
    season_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(capsys, season_path, RESULTS_FILE)
    data = _data(season_path)
    alpha, beta, gamma, delta = (_result(data, car) for car in "1234")
    assert (alpha.pole, alpha.fastest_lap, alpha.qualifying_pos) == (True, False, 1)
    assert (beta.pole, beta.fastest_lap, beta.qualifying_pos) == (False, True, 2)
    assert delta.qualifying_pos is None
    assert alpha.drivers == ("Anna Ace", "Tom Kristensen")
    assert alpha.short_drives == {"Tom Kristensen"}
    assert beta.short_drives == frozenset()
    assert [r.ineligible for r in (alpha, beta, gamma, delta)] == [set(), {T, M}, {M}, set()]
    makers = {e.car_number: e.manufacturer for e in data.entries.values()}
    assert makers == {"1": "", "2": "Porsche", "3": "Lola", "4": "Mazda", "9": ""}
    # Places pay 10, 6, 4, 3; the pole and the fastest lap 1 each; qualifying 3, 2, 1.
    # Car 2 scores for its driver only, and car 3 behind it keeps its place (4 points).
    assert _round_one(data, T) == {"Alpha Racing": 14, "Gamma Racing": 5, "Delta Racing": 3}
    # Tom Kristensen drove too little: his co-driver and his team score, he does not.
    assert _round_one(data, D) == {"Anna Ace": 14, "Ben Brave": 9, "Cid Clark": 5, "Dan Dane": 3}
    assert _round_one(data, M) == {"Audi": 14, "Mazda": 3}


def test_the_stored_ineligible_text_is_the_sorted_names(
    season_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(capsys, season_path, RESULTS_FILE)
    with sqlite3.connect(season_path) as connection:
        stored = {
            car: (ineligible, short)
            for car, ineligible, short in connection.execute(
                "SELECT e.car_number, r.ineligible, group_concat(d.short_drive) FROM result r "
                "JOIN entry e ON e.id = r.entry_id JOIN result_driver d ON d.result_id = r.id "
                "GROUP BY r.id"
            )
        }
    assert stored["1"] == ("", "0,1")
    assert stored["2"] == ("manufacturers teams", "0")
    assert stored["3"] == ("manufacturers", "0")


@pytest.fixture
def door(season_path: Path) -> Iterator[Door]:
    opened = open_for_editing(season_path, create=False, backup_on_open=False)
    try:
        yield Door(opened)
    finally:
        opened.close()


def _season_id(door: Door) -> int:
    found = door.read(lambda s: s.exec(select(t.Season.id).where(t.Season.year == int(YEAR))).one())
    assert found is not None
    return found


def _edit_step(door: Door, text: str, source: str) -> ResultsImportEdit:
    """Import `text` as the command line and the editor do: one edit, one recorded step."""
    season_id = _season_id(door)
    rows = parse_results_csv(text, source=source)
    edit = door.read(lambda s: ResultsImportEdit.build(s, season_id, rows, source))
    _apply(door, edit, season_id, apply_all, f"import {source}")
    return edit


def _apply(door: Door, edit: ResultsImportEdit, season_id: int, act: object, step: str) -> None:
    door.apply(
        lambda s: act(s, [edit]),  # type: ignore[operator]
        step=step,
        seasons=one_season(season_id),
        touched=touched_by([edit]),
    )


def _log(path: Path, step: str) -> list[tuple[str, str, str | None, str | None, str | None]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT subject, action, field, old, new FROM change_log WHERE step = ? ORDER BY id",
            (step,),
        ).fetchall()


# Round 1 again: the pole, the fastest lap and the short drive move, the qualifying order and
# the eligibility change, and car 4's new driver drove too little.
REPLACING = _csv(
    {
        **GOOD,
        "class_pos": "2",
        "pole": "",
        "fastest_lap": "x",
        "qualifying_pos": "2",
        "eligible": "no-drivers",
        "manufacturer": "",
        "drivers": "Anna Ace*;Tom Kristensen",
    },
    {
        **BASE,
        "class_pos": "1",
        "pole": "y",
        "qualifying_pos": "1",
        "eligible": "no",
        "manufacturer": "Porsche",
    },
    {
        **BASE,
        "car": "4",
        "team": "Delta Racing",
        "chassis": "Courage C65",
        "engine": "AER P07",
        "class_pos": "4",
        "qualifying_pos": "",
        "drivers": "Dan Dane;Eve East*",
    },
)


def test_an_import_is_logged_and_its_undo_puts_the_document_back(
    door: Door, season_path: Path
) -> None:
    before = dump(season_path, history=False)
    edit = _edit_step(door, RESULTS_FILE.read_text(encoding="utf-8"), "columns-results.csv")
    added = [
        json.loads(new)
        for subject, action, _, _, new in _log(season_path, "import columns-results.csv")
        if action == "added" and new
    ]
    results = [row for row in added if "qualifying_pos" in row]
    assert {
        (r["qualifying_pos"], r["ineligible"], r["pole"], r["fastest_lap"]) for r in results
    } == {
        (1, "", True, False),
        (2, "manufacturers teams", False, True),
        (3, "manufacturers", False, False),
        (None, "", False, False),
    }
    assert ["Anna Ace", "Tom Kristensen*"] in [r["drivers"] for r in results]
    assert {r.get("manufacturer") for r in added if "chassis" in r} == {
        "",
        "Porsche",
        "Lola",
        "Mazda",
    }
    _apply(door, edit, _season_id(door), revert_all, "undo")
    assert dump(season_path, history=False) == before


def test_undoing_an_import_that_replaced_results_restores_them_whole(
    door: Door, season_path: Path
) -> None:
    _edit_step(door, RESULTS_FILE.read_text(encoding="utf-8"), "columns-results.csv")
    before = dump(season_path, history=False)
    edit = _edit_step(door, REPLACING, "replacing.csv")
    changed = {
        (field, old, new)
        for _, action, field, old, new in _log(season_path, "import replacing.csv")
        if action == "changed"
    }
    assert ("qualifying_pos", "1", "2") in changed
    assert ("ineligible", '"manufacturers teams"', '"drivers manufacturers teams"') in changed
    assert ("pole", "true", "false") in changed
    assert (
        "drivers",
        '["Anna Ace", "Tom Kristensen*"]',
        '["Anna Ace*", "Tom Kristensen"]',
    ) in changed
    _apply(door, edit, _season_id(door), revert_all, "undo")
    assert dump(season_path, history=False) == before


OLD_COLUMNS = "round,class,class_pos,car,team,chassis,engine,status\n"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (OLD_COLUMNS + "1,P,1,1,Alpha Racing,Audi R8,Audi V8,classified\n", True),
        (_csv({**GOOD, "pole": "", "qualifying_pos": "", "manufacturer": ""}), False),
    ],
    ids=["columns left out: kept", "columns given empty: cleared"],
)
def test_a_replaced_result_keeps_what_a_file_without_the_columns_does_not_say(
    text: str, kept: bool, door: Door, season_path: Path
) -> None:
    _edit_step(door, _csv({**GOOD, "fastest_lap": "1", "eligible": "drivers"}), "first.csv")
    _edit_step(door, text, "again.csv")
    alpha = _result(_data(season_path), "1")
    assert (alpha.pole, alpha.fastest_lap, alpha.qualifying_pos) == (
        (True, True, 1) if kept else (False, False, None)
    )
    assert alpha.ineligible == ({T, M} if kept else set())
    assert alpha.drivers == ("Anna Ace",)  # a file without drivers leaves them, as before


@pytest.mark.parametrize("cell", ["Tom Kristensen*", "Anna Ace / Tom Kristensen*", "*", "A*B"])
def test_a_spreadsheet_import_refuses_a_short_drive_it_cannot_carry(cell: str) -> None:
    table = parse_delimited(f"Pos,No.,Class,Drivers\n1,7,P,{cell}\n", source="sheet.csv")
    with pytest.raises(TimingFileError) as raised:
        table_to_timing(table, guess_mapping(table.header))
    assert str(raised.value).startswith("sheet.csv, line 2, field 'drivers': ")
    assert "results CSV only" in str(raised.value)
