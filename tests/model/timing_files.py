"""Al Kamel timing files for the tests (small ones of every layout, and the shared real ones
when present) and the endurance season they are imported into."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA, REFERENCE

FIXTURES = DATA / "alkamel"
REAL = REFERENCE.parent / "formats" / "alkamel"

# A season whose classes cover every layout's fixtures: timing files are imported into it.
TIMING_SEASON: dict[str, Any] = {
    "series": "Test Endurance Series",
    "season": 2026,
    "classes": ["HYPERCAR", "LMP2", "LMGTE", "LMGT3", "GTC", "GTP", "GTDPRO", "P3"],
    "points_scales": {"standard": [25, 18, 15, 12, 10, 8, 6, 4, 2, 1]},
    "rules": {"min_distance_pct": 70, "distance_reference": "overall_winner"},
    "rounds": [
        {"round": 1, "name": "Race One", "points_scale": "standard"},
        {"round": 2, "name": "Race Two", "points_scale": "standard"},
    ],
}


def real_timing_file(name: str) -> Path:
    """One of the shared real timing files; the test is skipped where they are not present."""
    path = REAL / name
    if not path.exists():
        pytest.skip("the shared Al Kamel samples are not present")
    return path


def read_independently(path: Path) -> list[dict[str, str]]:
    """The file read with the csv module alone, for values worked out apart from the reader."""
    text = path.read_text(encoding="utf-8-sig")
    lines = [line for line in text.splitlines() if line.strip()]
    header = [name.strip() for name in lines[0].split(";")]
    return [dict(zip(header, row, strict=False)) for row in csv.reader(lines[1:], delimiter=";")]
