"""Workbook file names from hostile class names: never two alike, never too long to create."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import pytest

from model.io.export.standings_export import export_standings
from model.scoring.standings import compute_standings
from tests.model.export.hostile import (
    NAME_MAX,
    PARTIAL_DECORATION,
    caseless,
    name_bytes,
    partials,
    season_with_classes,
)

# Classes whose names used to give the same workbook file (on some or all systems).
CLASHING = [
    pytest.param(("GT/1", "GT:1", "GT-1"), id="slash colon dash"),
    pytest.param(("GT", "gt"), id="case (Windows, macOS)"),
    pytest.param(("GTE", "gte", "Gte"), id="three cases"),
    pytest.param(("A" * 150 + "x", "A" * 150 + "y"), id="equal first 150 characters"),
    pytest.param(("Ж" * 120 + "1", "Ж" * 120 + "2"), id="equal first 240 bytes"),
    pytest.param(("GT 1", "GT  1", "GT\t1"), id="white space"),
    pytest.param(("Café", "Cafe\u0301"), id="composed and decomposed accents"),
    pytest.param(("///", "***", "???"), id="nothing but unsafe characters"),
    pytest.param(("ΣΤΡΑΣΣΕ", "στρασσε", "ßtraße"), id="Greek case and sharp s"),
]


def class_of(path: Path) -> str:
    """The class a per-class workbook is about, from its title cell."""
    title = openpyxl.load_workbook(path)["Teams"]["A1"].value
    assert isinstance(title, str)
    return title.split(" — ", 1)[1]


@pytest.mark.parametrize("classes", CLASHING)
def test_classes_with_clashing_names_get_a_workbook_each(
    classes: tuple[str, ...], tmp_path: Path
) -> None:
    data = season_with_classes(classes)
    written = export_standings(data, compute_standings(data), tmp_path)
    assert len({caseless(p.name) for p in written}) == len(classes)
    assert sorted(p.name for p in tmp_path.glob("*.xlsx")) == sorted(p.name for p in written)
    assert [class_of(p) for p in written] == list(classes)


def test_a_clash_gets_a_number_in_class_order(tmp_path: Path) -> None:
    data = season_with_classes(("GT/1", "GT:1", "GT-1"))
    written = export_standings(data, compute_standings(data), tmp_path)
    assert [p.name for p in written] == [
        "Test Series 2003 GT-1 standings.xlsx",
        "Test Series 2003 GT-1 standings (2).xlsx",
        "Test Series 2003 GT-1 standings (3).xlsx",
    ]


def test_one_class_alone_gets_the_name_it_has_in_a_whole_export(tmp_path: Path) -> None:
    data = season_with_classes(("GT", "gt"))
    (tmp_path / "whole").mkdir()
    (tmp_path / "alone").mkdir()
    whole = export_standings(data, compute_standings(data), tmp_path / "whole", classes=None)
    alone = export_standings(data, compute_standings(data), tmp_path / "alone", classes=["gt"])
    assert [p.name for p in alone] == [whole[1].name]


def test_a_class_never_takes_the_single_workbooks_name(tmp_path: Path) -> None:
    data = season_with_classes(("   ", "GT"))
    standings = compute_standings(data)
    single = export_standings(data, standings, tmp_path, single_workbook=True)
    per_class = export_standings(data, standings, tmp_path)
    assert single[0] not in per_class
    assert openpyxl.load_workbook(single[0]).sheetnames[0].endswith("Teams")


LONG = [
    pytest.param("漢" * 200, id="CJK 200"),
    pytest.param("Ж" * 200, id="Cyrillic 200"),
    pytest.param("한" * 200, id="Hangul 200 (3 times longer decomposed)"),
    pytest.param("🏁" * 200, id="emoji 200"),
    pytest.param("e\u0301" * 200, id="decomposed accents 200"),
    pytest.param("ΐ" * 200, id="longer decomposed than composed"),
    pytest.param("a" + "漢" * 199, id="cut falls mid-character"),
    pytest.param("👨\u200d👩\u200d👧" * 60, id="joined emoji"),
    pytest.param("क्षि" * 100, id="Devanagari with marks"),
    pytest.param("x" * 1000, id="ASCII 1000"),
]


@pytest.mark.parametrize("class_name", LONG)
@pytest.mark.parametrize("single", [False, True], ids=["per class", "single workbook"])
def test_long_non_latin_names_fit_a_file_name(
    class_name: str, single: bool, tmp_path: Path
) -> None:
    data = season_with_classes((class_name, class_name[:-1] + "!", "GT"))
    written = export_standings(data, compute_standings(data), tmp_path, single_workbook=single)
    assert len(written) == (1 if single else 3)
    for path in written:
        assert name_bytes(path.name) + PARTIAL_DECORATION <= NAME_MAX
        assert path.name == unicodedata.normalize("NFC", path.name)
        stem = path.name.removesuffix(".xlsx")
        assert not unicodedata.combining(stem[-1])
        assert stem[-1] != "\u200d"
        assert openpyxl.load_workbook(path).sheetnames[-1] == "Season results"
    assert partials(tmp_path) == []


@pytest.mark.parametrize(
    ("series", "expected"),
    [
        ("../../etc", "etc 2003 GT standings.xlsx"),
        ("a\u202egpj.exe", "a-gpj.exe 2003 GT standings.xlsx"),
        ("\x1b[31mRed", "[31mRed 2003 GT standings.xlsx"),
        ("", "2003 GT standings.xlsx"),
    ],
    ids=["folders", "right-to-left override", "escape", "empty"],
)
def test_hostile_series_names(series: str, expected: str, tmp_path: Path) -> None:
    data = season_with_classes(("GT",), series=series)
    (path,) = export_standings(data, compute_standings(data), tmp_path)
    assert path.name == expected
    assert path.parent == tmp_path
