"""Seasons whose names are hostile to file systems and spreadsheets, and ways to inspect the
workbooks exported from them."""

from __future__ import annotations

import dataclasses
import unicodedata
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree

from model.scoring.rules import SeasonRules
from model.store.season_data import SeasonData
from tests.builders import SeasonBuilder

NAME_MAX = 255  # bytes in one file name on Linux, APFS and (as UTF-16 units) NTFS and HFS+
PARTIAL_DECORATION = len(".") + len(".abcdefgh.partial")  # a temporary file beside a target
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def season_with_classes(
    classes: Sequence[str],
    *,
    team: str = "Team",
    driver: str = "Driver",
    chassis: str = "Chassis",
    engine: str = "Engine",
    round_name: str = "Round 1",
    series: str = "Test Series",
) -> SeasonData:
    """One round in which each class has one classified car, so every table has a row."""
    b = SeasonBuilder(classes=tuple(classes))
    rnd = b.round()
    for number, class_name in enumerate(classes, start=1):
        entry = b.entry(
            f"{team} {number}",
            class_name,
            car=str(number),
            chassis=chassis,
            engine=engine,
            drivers=(f"{driver} {number}",),
        )
        b.result(rnd, entry, 1, overall_pos=number)
    data = b.build()
    rounds = tuple(r._replace(name=round_name, circuit=round_name) for r in data.rounds)
    return dataclasses.replace(data, rounds=rounds, series=series)


def synthetic() -> SeasonData:
    """One class whose team names a spreadsheet would read as formulas, over two rounds
    scored best-1: the winner of both has one dropped, and a 12th place scores nothing."""
    b = SeasonBuilder(classes=("GT/GTS",), rules=SeasonRules(best_results=1))
    r1, r2 = b.round(), b.round()
    names = ["=1+1", "+SUM(A1)", "-2", "@cmd"]
    cars = [
        b.entry(name, "GT/GTS", car=str(n), drivers=(f"Driver {name}",))
        for n, name in enumerate(names)
    ]
    b.finish(r1, *cars)
    b.result(r2, cars[0], 1)
    b.result(r2, cars[1], 12)
    return b.build()


def name_bytes(name: str) -> int:
    """The longest a name can be stored: as given (ext4, APFS) or decomposed (HFS+)."""
    return max(len(unicodedata.normalize(form, name).encode("utf-8")) for form in ("NFC", "NFD"))


def caseless(name: str) -> str:
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", name).casefold())


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def raw_headers(path: Path) -> list[tuple[str, str]]:
    """Every page header and footer as Excel reads it from the file, codes included."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/sheet"):
                root = ElementTree.fromstring(archive.read(member))
                for tag in ("oddHeader", "oddFooter", "evenHeader", "evenFooter"):
                    found.extend((tag, node.text or "") for node in root.iter(f"{MAIN}{tag}"))
    return found


def partials(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial"))
