"""Documents holding characters a workbook cannot hold still export, with them replaced."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from model.io.export.standings_export import export_standings
from model.io.export.text_guards import REPLACEMENT, printable
from model.scoring.standings import compute_standings
from tests.model.export.hostile import raw_headers, season_with_classes

# Characters openpyxl refuses, XML cannot carry, or a reader would not show.
HOSTILE_CHARACTERS = [
    pytest.param("\x00", id="NUL"),
    pytest.param("\x0b", id="vertical tab"),
    pytest.param("\x1b[31m", id="ANSI escape"),
    pytest.param("\x7f", id="DEL"),
    pytest.param("\x9b", id="C1 control"),
    pytest.param("\ud800", id="lone surrogate"),
    pytest.param("\ufffe", id="non-character"),
]
# Where a document's names reach a workbook: cells, sheet names, headers, properties.
PLACES = ["class", "team", "driver", "chassis", "engine", "round", "series", "author"]
BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def hostile_export(place: str, bad: str, folder: Path, *, single: bool) -> list[Path]:
    name = f"A{bad}B"
    names: dict[str, Any] = {"classes": ("GT", name) if place == "class" else ("GT",)}
    if place in ("team", "driver", "chassis", "engine", "series"):
        names[place] = name
    elif place == "round":
        names["round_name"] = name
    data = season_with_classes(**names)
    author = name if place == "author" else ""
    standings = compute_standings(data)
    return export_standings(data, standings, folder, single_workbook=single, author=author)


def everything_written(path: Path) -> list[str]:
    workbook = openpyxl.load_workbook(path)
    texts = [workbook.properties.title or "", workbook.properties.creator or ""]
    texts.extend(header for _, header in raw_headers(path))
    for ws in workbook.worksheets:
        texts.append(ws.title)
        texts.extend(
            str(cell.value) for row in ws.iter_rows() for cell in row if cell.value is not None
        )
    return texts


@pytest.mark.parametrize("bad", HOSTILE_CHARACTERS)
@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("single", [False, True], ids=["per class", "single workbook"])
def test_unprintable_characters_are_replaced_in_every_workbook(
    place: str, bad: str, single: bool, tmp_path: Path
) -> None:
    written = hostile_export(place, bad, tmp_path, single=single)
    texts = [text for path in written for text in everything_written(path)]
    assert not [text for text in texts if BAD.search(text)]
    assert any(REPLACEMENT in text for text in texts)


def test_the_guard_covers_everything_openpyxl_refuses() -> None:
    refused = [chr(n) for n in range(0x20) if ILLEGAL_CHARACTERS_RE.match(chr(n))]
    assert [printable(char) for char in refused] == [REPLACEMENT] * len(refused)
    assert printable("tab\tand\nlines\r") == "tab\tand\nlines\r"
