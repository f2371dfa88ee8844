"""Which importer the registry picks for a file, and what it says when none fits."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from model.errors import InputError
from model.io.alkamel import TimingFile
from model.io.generic_import import Table
from model.io.registry import (
    AL_KAMEL,
    GENERIC_TABLE,
    IMPORTERS,
    PITBOARD_CSV,
    SEASON_JSON,
    Importer,
    dialog_filter,
    recognise,
)
from model.io.season_definition import SeasonDefinition
from tests.benchmarks.timing_import import sixty_car_file

ROOT = Path(__file__).resolve().parents[2]
SEASON = ROOT / "resources" / "samples" / "alms-2003" / "season.json"

PITBOARD_ROWS = (
    "round,class,class_pos,car,team,chassis,engine,laps,status\n"
    "1,GT,1,23,Alex Job Racing,Porsche 911 GT3 RS,Porsche,110,classified\n"
)
TABLE_ROWS = "Pos,Car,Team,Class,Laps\n1,7,Blue,LMP2,100\n2,56,Grey,LMGTE,90\n"

Make = Callable[[Path], Path]


def text(name: str, content: str) -> Make:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_text(content, encoding="utf-8", newline="")
        return path

    return make


def raw(name: str, content: bytes) -> Make:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content)
        return path

    return make


def workbook(folder: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["Place", "Car", "Entrant", "Category"], [1, 7, "Blue", "LMP2"]):
        sheet.append(row)
    path = folder / "hand-kept.xlsx"
    book.save(path)
    return path


def folder(parent: Path) -> Path:
    path = parent / "results.csv"
    path.mkdir()
    return path


def season_text() -> str:
    return SEASON.read_text(encoding="utf-8")


# (what, how the file is made, the importer, or the start of the message that refuses it)
FILES: list[tuple[str, Make, Importer[Any] | str]] = [
    ("Pitboard results CSV", text("results.csv", PITBOARD_ROWS), PITBOARD_CSV),
    (
        "Pitboard CSV with a BOM, capitals and no suffix",
        text("results", "\ufeff" + PITBOARD_ROWS.replace("round,class", "Round, Class")),
        PITBOARD_CSV,
    ),
    ("Al Kamel classification", sixty_car_file, AL_KAMEL),
    (
        "Al Kamel header missing columns: its reader says which",
        raw("broken.csv", b"\xef\xbb\xbfPOSITION;NUMBER;TEAM\n1;7;A\n"),
        AL_KAMEL,
    ),
    ("season definition", text("season.json", season_text()), SEASON_JSON),
    ("season definition named .txt", text("season.txt", season_text()), SEASON_JSON),
    (
        "season definition broken after its year: its reader says where",
        text("broken.json", '{"season": 2026, "series": \n'),
        SEASON_JSON,
    ),
    ("generic CSV", text("sheet.csv", TABLE_ROWS), GENERIC_TABLE),
    ("generic TSV", text("sheet.tsv", TABLE_ROWS.replace(",", "\t")), GENERIC_TABLE),
    ("workbook", workbook, GENERIC_TABLE),
    (
        "a sheet with Round, Class, Team and Status and its own columns",
        text("kept.csv", "Round,Class,Team,Status,Pos\n1,GT,Blue,Classified,1\n"),
        GENERIC_TABLE,
    ),
    (
        "Pitboard columns and one unknown, named .csv",
        text("typo.csv", PITBOARD_ROWS.replace("engine", "engines")),
        GENERIC_TABLE,
    ),
    (
        "binary named .csv: its reader says it is not text",
        raw("photo.csv", b"\xff\xd8\xff\x00" * 9),
        GENERIC_TABLE,
    ),
    ("empty", raw("empty.csv", b""), "empty.csv: the file is empty"),
    (
        "a BOM and blank lines",
        raw("blank.csv", b"\xef\xbb\xbf\r\n \n"),
        "blank.csv: the file is empty",
    ),
    (
        "binary",
        raw("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF" * 40),
        "photo.jpg: Pitboard cannot tell what this file is",
    ),
    (
        "JSON that is not a season",
        text("other.json", '{"name": "x", "rounds": []}'),
        "other.json: Pitboard cannot tell what this file is",
    ),
    (
        "JSON list",
        text("list.json", "[1, 2, 3]\n"),
        "list.json: Pitboard cannot tell what this file is",
    ),
    (
        "plain text",
        text("notes", "round one went well\n"),
        "notes: Pitboard cannot tell what this file is",
    ),
    ("a folder", folder, "results.csv: this is a folder, not a file Pitboard can read"),
    ("missing", lambda parent: parent / "nope.csv", "nope.csv: cannot read the file"),
]


@pytest.mark.parametrize(("make", "expected"), [c[1:] for c in FILES], ids=[c[0] for c in FILES])
def test_each_file_goes_to_its_importer_or_is_refused(
    tmp_path: Path, make: Make, expected: Importer[Any] | str
) -> None:
    path = make(tmp_path)
    if isinstance(expected, str):
        with pytest.raises(InputError) as refused:
            recognise(path)
        assert expected in str(refused.value)
        assert path.name in str(refused.value)
    else:
        assert recognise(path) is expected


def test_the_refusal_lists_every_kind_and_how_it_is_told(tmp_path: Path) -> None:
    path = text("other.json", "{}")(tmp_path)
    with pytest.raises(InputError) as refused:
        recognise(path)
    message = str(refused.value)
    for importer in IMPORTERS:
        assert f"{importer.name} ({importer.sign})" in message


# (what, how the file is made, the importers the caller takes, its own reader, the outcome)
ASKED: list[
    tuple[str, Make, Sequence[Importer[Any]], Importer[Any] | None, Importer[Any] | str]
] = [
    (
        "a timing file, asked by the command line's import-results",
        sixty_car_file,
        (AL_KAMEL, PITBOARD_CSV),
        PITBOARD_CSV,
        AL_KAMEL,
    ),
    (
        "a sheet, asked by import-results: Pitboard's reader names the wrong column",
        text("sheet.csv", TABLE_ROWS),
        (AL_KAMEL, PITBOARD_CSV),
        PITBOARD_CSV,
        PITBOARD_CSV,
    ),
    (
        "binary, asked by import-results: Pitboard's reader says it is not text",
        raw("photo.jpg", b"\xff\xd8\xff\xe0" * 40),
        (AL_KAMEL, PITBOARD_CSV),
        PITBOARD_CSV,
        PITBOARD_CSV,
    ),
    (
        "a season definition, asked by import-results",
        text("season.json", season_text()),
        (AL_KAMEL, PITBOARD_CSV),
        PITBOARD_CSV,
        "season.json: this is a season definition, not an Al Kamel timing file or a Pitboard results CSV",
    ),
    (
        "a timing file, asked by the editor's Import season",
        sixty_car_file,
        (SEASON_JSON,),
        None,
        "sixty.csv: this is an Al Kamel timing file, not a season definition",
    ),
    (
        "a results CSV, asked by the editor's timing import",
        text("results.csv", PITBOARD_ROWS),
        (AL_KAMEL, GENERIC_TABLE),
        None,
        "results.csv: this is a Pitboard results CSV, not an Al Kamel timing file or a table",
    ),
    (
        "a sheet, asked by the editor's timing import",
        text("sheet.tsv", TABLE_ROWS.replace(",", "\t")),
        (AL_KAMEL, GENERIC_TABLE),
        None,
        GENERIC_TABLE,
    ),
    (
        "an empty file, even where the caller has its own reader",
        raw("empty.json", b" \n"),
        (SEASON_JSON,),
        SEASON_JSON,
        "empty.json: the file is empty",
    ),
]


@pytest.mark.parametrize(
    ("make", "among", "otherwise", "expected"), [c[1:] for c in ASKED], ids=[c[0] for c in ASKED]
)
def test_a_caller_gets_an_importer_it_takes_or_a_message_naming_the_kind(
    tmp_path: Path,
    make: Make,
    among: Sequence[Importer[Any]],
    otherwise: Importer[Any] | None,
    expected: Importer[Any] | str,
) -> None:
    path = make(tmp_path)
    if isinstance(expected, str):
        with pytest.raises(InputError) as refused:
            recognise(path, among=among, otherwise=otherwise)
        assert str(refused.value).startswith(expected)
    else:
        assert recognise(path, among=among, otherwise=otherwise) is expected


READS: list[tuple[str, Make, type]] = [
    ("results CSV", text("results.csv", PITBOARD_ROWS), list),
    ("timing file", sixty_car_file, TimingFile),
    ("season definition", text("season.json", season_text()), SeasonDefinition),
    ("sheet", text("sheet.csv", TABLE_ROWS), Table),
    ("workbook", workbook, Table),
]


@pytest.mark.parametrize(("make", "kind"), [c[1:] for c in READS], ids=[c[0] for c in READS])
def test_the_recognised_importer_reads_what_its_import_needs(
    tmp_path: Path, make: Make, kind: type
) -> None:
    path = make(tmp_path)
    assert isinstance(recognise(path).read(path), kind)


def test_the_timing_dialog_offers_every_table_suffix() -> None:
    offered = dialog_filter("Timing results", (AL_KAMEL, GENERIC_TABLE))
    assert offered.startswith("Timing results (*.csv *.CSV ")
    assert "*.xlsx" in offered
    assert "*.tsv" in offered
    assert offered.endswith(";;All files (*)")
