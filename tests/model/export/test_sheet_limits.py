"""Excel's limits on sheet names, page headers and cells, met whatever the names are."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from model.io.export.standings_export import export_standings
from model.scoring.standings import compute_standings
from tests.model.export.hostile import caseless, raw_headers, season_with_classes, utf16_units

SHEET_FORBIDDEN = set("[]:*?/\\")

# Classes whose sheets, in one workbook, used to break one of Excel's rules for sheet names.
SHEET_HOSTILE = [
    pytest.param(("GT[1]", "P:1/2", "a*b?c\\d"), id="forbidden characters"),
    pytest.param(("'GT'", "GT'", "'"), id="apostrophes at either end"),
    pytest.param(("x" * 22 + "'y",), id="apostrophe where the name is cut"),
    pytest.param(
        ("Grand Touring Endurance Cup A", "Grand Touring Endurance Cup B"),
        id="long, equal in their first 23 characters",
    ),
    pytest.param(("GT", "gt", "Gt"), id="case"),
    pytest.param(("🏁" * 40,), id="emoji count twice in UTF-16"),
    pytest.param(("GT\x1b[31m", "GT\x00"), id="control characters"),
    pytest.param(("[]", "::", "**"), id="nothing left but dashes"),
    pytest.param(("Season", "Season results"), id="like the season sheet"),
    pytest.param(("漢" * 40, "漢" * 40 + "x"), id="long non-Latin"),
]


@pytest.mark.parametrize("classes", SHEET_HOSTILE)
def test_sheet_names_excel_accepts_one_per_class(classes: tuple[str, ...], tmp_path: Path) -> None:
    data = season_with_classes(classes)
    (path,) = export_standings(data, compute_standings(data), tmp_path, single_workbook=True)
    workbook = openpyxl.load_workbook(path)
    names = workbook.sheetnames
    assert len(names) == 4 * len(classes) + 1  # teams, drivers, manufacturers, chart
    assert len({caseless(name) for name in names}) == len(names)
    for name in names:
        assert 0 < utf16_units(name) <= 31
        assert not SHEET_FORBIDDEN & set(name)
        assert all(ord(char) >= 0x20 for char in name)
        assert not name.startswith("'")
        assert not name.endswith("'")
    for index in range(len(classes)):
        teams, drivers, makers, chart = workbook.worksheets[4 * index : 4 * index + 4]
        assert (teams.title.endswith(" Teams"), drivers.title.endswith(" Drivers")) == (True, True)
        assert makers.title.endswith(" Manufacturers")
        assert chart.title.endswith(" Chart")
        assert teams["A1"].value == drivers["A1"].value == makers["A1"].value
        assert teams["A2"].value == "Teams Championship"
    assert names[-1] == "Season results"


def test_short_plain_classes_keep_their_sheet_names(tmp_path: Path) -> None:
    data = season_with_classes(("GT", "P"))
    (path,) = export_standings(data, compute_standings(data), tmp_path, single_workbook=True)
    assert openpyxl.load_workbook(path).sheetnames == [
        "GT Teams",
        "GT Drivers",
        "GT Manufacturers",
        "GT Chart",
        "P Teams",
        "P Drivers",
        "P Manufacturers",
        "P Chart",
        "Season results",
    ]


# Names that used to make a page header longer than the 255 characters Excel allows.
HEADER_HOSTILE = [
    pytest.param({"classes": ("X" * 300,)}, id="long class"),
    pytest.param({"classes": ("&" * 200,)}, id="ampersands count twice"),
    pytest.param({"classes": ("GT",), "series": "S" * 260}, id="long series"),
    pytest.param({"classes": ("🏁" * 130,)}, id="emoji count twice"),
    pytest.param({"classes": ("GT",), "series": "&" * 126 + "x"}, id="cut beside an ampersand"),
]


@pytest.mark.parametrize("names", HEADER_HOSTILE)
@pytest.mark.parametrize("single", [False, True], ids=["per class", "single workbook"])
def test_page_headers_fit_excels_limit(
    names: dict[str, object], single: bool, tmp_path: Path
) -> None:
    data = season_with_classes(**names)  # type: ignore[arg-type]
    for path in export_standings(data, compute_standings(data), tmp_path, single_workbook=single):
        headers = raw_headers(path)
        assert headers
        for tag, header in headers:
            assert utf16_units(header) <= 255
            if tag == "oddHeader":  # the centre alone: a doubled '&' is never cut in two
                assert all(len(run) % 2 == 0 for run in re.findall("&+", header[len("&C") :]))
        centre = openpyxl.load_workbook(path).worksheets[0].oddHeader.center.text
        assert centre.endswith("…")


def test_a_short_heading_is_whole(tmp_path: Path) -> None:
    data = season_with_classes(("A&B",))
    (path,) = export_standings(data, compute_standings(data), tmp_path)
    teams = openpyxl.load_workbook(path)["Teams"]
    assert teams.oddHeader.center.text == "Test Series 2003 — A&&B — Teams Championship"


@pytest.mark.parametrize("character", ["T", "🏁"], ids=["ASCII", "emoji count twice"])
def test_text_past_a_cells_limit_is_cut(character: str, tmp_path: Path) -> None:
    data = season_with_classes(("GT",), team=character * 40_000)
    (path,) = export_standings(data, compute_standings(data), tmp_path)
    cell = openpyxl.load_workbook(path)["Teams"]["B5"].value
    assert isinstance(cell, str)
    assert 32766 <= utf16_units(cell) <= 32767
    assert set(cell) == {character}
