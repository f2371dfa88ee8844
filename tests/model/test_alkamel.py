"""The Al Kamel reader on small files of every layout, real files when present, and junk."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.io.alkamel import (
    Layout,
    TimingFileError,
    is_timing_file,
    parse_gap,
    parse_time,
    parse_timing_file,
    read_timing_file,
    repair_garbled,
)
from tests.conftest import DATA
from tests.model.timing_files import FIXTURES, read_independently, real_timing_file


def test_layout_a_with_its_quirks() -> None:
    timing = read_timing_file(FIXTURES / "layout-a.csv")  # BOM, CRLF, blank line, short row
    assert timing.layout is Layout.WEC_ELMS
    assert [row.number for row in timing.rows] == ["7", "007", "56", "88", "91", "12"]
    first, _, grey, red, *_ = timing.rows
    assert first.drivers == ("Anna BLUE", "Ben BLAU")
    assert first.total_time == pytest.approx(4 * 3600 + 10.5)
    assert first.fastest_lap == pytest.approx(110.1)
    assert grey.team == "Grey Motorsport, Inc."
    assert (red.status, red.laps, red.gap) == ("Not classified", 60, "-60 Laps")
    assert timing.classes == ("LMP2", "LMGTE")
    assert timing.statuses == ("Classified", "Not classified", "Retired", "Not started")


def test_layout_b_reads_driver_5_after_the_lap_columns() -> None:
    timing = read_timing_file(FIXTURES / "layout-b.csv")
    assert timing.layout is Layout.WEC_2021
    assert timing.rows[0].drivers == ("Kai ONE", "Lee TWO", "Max FIVE")
    assert timing.garbled_lines == (4,)


def test_layout_c_splits_names_and_keeps_leading_zeros() -> None:
    timing = read_timing_file(FIXTURES / "layout-c.csv")
    assert timing.layout is Layout.IMSA
    assert timing.layout.marks_every_starter_classified
    assert [row.number for row in timing.rows] == ["01", "1", "44"]
    assert timing.rows[0].drivers == ("Sebastien Bourdais", "Renger van der Zande")
    assert timing.rows[0].total_time == pytest.approx(24 * 3600 + 14.673)
    assert timing.garbled_lines == ()  # the garbled town is not a name Pitboard reads


def test_layout_d_single_driver_names_and_ragged_rows() -> None:
    timing = read_timing_file(FIXTURES / "layout-d.csv")
    assert timing.layout is Layout.ECM
    assert [row.drivers for row in timing.rows] == [("Wyatt Smith",), ("Lia Jones",)]
    assert timing.rows[0].fastest_lap == pytest.approx(120.088)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("6:00'26.462", 21626.462),
        ("24:00:14.673", 86414.673),
        ("1'36.144", 96.144),
        ("2:00.088", 120.088),
        ("28.869", 28.869),
        ("+13.366", 13.366),
        ("", None),
        ("-", None),
    ],
)
def test_times(text: str, seconds: float | None) -> None:
    assert parse_time(text) == (pytest.approx(seconds) if seconds else None)


@pytest.mark.parametrize(
    ("text", "gap"),
    [
        ("1 Lap", (1, None)),
        ("2 Laps", (2, None)),
        ("-12 Laps", (12, None)),
        ("+13.366", (0, 13.366)),
        ("1'00.569", (0, 60.569)),
        ("-", (0, None)),
    ],
)
def test_gaps(text: str, gap: tuple[int, float | None]) -> None:
    assert parse_gap(text) == (gap[0], pytest.approx(gap[1]) if gap[1] else None)


def test_repairing_double_encoded_text() -> None:
    assert repair_garbled("MÃ¤ntsÃ¤lÃ¤") == "Mäntsälä"
    assert repair_garbled("Mäntsälä") == "Mäntsälä"


def test_timing_files_are_recognised_by_their_header(tmp_path: Path) -> None:
    assert is_timing_file(FIXTURES / "layout-c.csv")
    assert not is_timing_file(DATA / "three-scales-results.csv")


BAD: list[tuple[str, bytes, str]] = [
    ("empty", b"", "the file is empty"),
    (
        "header only",
        "\ufeffPOSITION;NUMBER;TEAM;CLASS;STATUS;LAPS;\r\n".encode(),
        "line 2: the file has a header but no cars",
    ),
    (
        "wrong encoding",
        "POSITION;NUMBER;TEAM;CLASS;STATUS;LAPS\n1;7;Équipe;LMP2;Classified;3\n".encode("latin-1"),
        "line 2: the file is not UTF-8 text",
    ),
    (
        "missing columns",
        b"POSITION;NUMBER;TEAM;STATUS\n1;7;A;Classified\n",
        "no CLASS, LAPS column (columns found: POSITION, NUMBER, TEAM, STATUS)",
    ),
    (
        "truncated row",
        b"POSITION;NUMBER;TEAM;CLASS;STATUS;LAPS\n1;7;A;LMP2;Classified;1\n2;8;B;LM",
        "line 3, field 'STATUS': a car without a status",
    ),
    (
        "laps not a number",
        b"POSITION;NUMBER;TEAM;CLASS;STATUS;LAPS\n1;7;A;LMP2;Classified;many\n",
        "line 2, field 'LAPS': expected a whole number, found 'many'",
    ),
    (
        "too many fields",
        b"POSITION;NUMBER;TEAM;CLASS;STATUS;LAPS\n1;7;A;LMP2;Classified;3;extra;more\n",
        "line 2: 8 fields where the header has 6",
    ),
    ("megabytes of junk", b"x" * 6_000_000, "far too large"),
    (
        "position zero",
        b"POSITION;NUMBER;TEAM;CLASS;STATUS;LAPS\n0;7;A;LMP2;Classified;3\n",
        "line 2, field 'POSITION': must be at least 1, found 0",
    ),
    (
        "a superscript where laps go",
        "POSITION;NUMBER;TEAM;CLASS;STATUS;LAPS\n1;7;A;LMP2;Classified;²\n".encode(),
        "line 2, field 'LAPS': expected a whole number, found '²'",
    ),
    (
        "laps past what SQLite stores",
        b"POSITION;NUMBER;TEAM;CLASS;STATUS;LAPS\n1;7;A;LMP2;Classified;9223372036854775808\n",
        "line 2, field 'LAPS': must be at most 100,000",
    ),
    (
        "a vertical tab inside a row",
        b"POSITION;NUMBER;TEAM;CLASS;STATUS;LAPS\n1;7;A\x0bB;LMP2;Classified;3\n",
        "line 2, field 'TEAM': contains a control character (\\x0b) at character 2",
    ),
    (
        "more cars than any race",
        b"POSITION;NUMBER;TEAM;CLASS;STATUS;LAPS\n"
        + b"".join(b"%d;%d;T;GT;Classified;3\n" % (n, n) for n in range(1, 10_002)),
        "line 10002: more than 10,000 cars: far too many for one race",
    ),
    (
        "a bad fastest lap",
        b"POSITION;NUMBER;TEAM;CLASS;STATUS;LAPS;FL_TIME\n1;7;A;LMP2;Classified;3;1'2'3\n",
        "line 2, field 'FL_TIME': '1'2'3' is not a time",
    ),
]


@pytest.mark.parametrize(("data", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_files_give_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(TimingFileError) as raised:
        parse_timing_file(data, source="bad.csv")
    assert str(raised.value).startswith("bad.csv")
    assert message in str(raised.value)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_the_reader_raises_only_its_own_error_on_any_bytes(data: bytes) -> None:
    with contextlib.suppress(TimingFileError):
        parse_timing_file(data, source="fuzz.csv")


HEADER = "POSITION;NUMBER;TEAM;CLASS;STATUS;LAPS;TOTAL_TIME;FL_TIME;DRIVER_1\n"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.text(alphabet="0123456789;:'.+- LapsCMx\r", max_size=12), max_size=9),
        max_size=8,
    )
)
def test_the_reader_survives_malformed_rows(rows: list[list[str]]) -> None:
    text = HEADER + "\n".join(";".join(row) for row in rows)
    try:
        timing = parse_timing_file(text.encode(), source="fuzz.csv")
    except TimingFileError:
        return
    assert all(row.number for row in timing.rows)


@pytest.mark.parametrize(
    ("name", "layout", "cars"),
    [
        ("2014_ELMS_Imola_Race_Classification.csv", Layout.WEC_ELMS, 37),
        ("2014_ELMS_Silverstone_Race_Classification.csv", Layout.WEC_ELMS, 38),
        ("2026_WEC_SaoPaulo_Race_Hour6_Classification.csv", Layout.WEC_2021, 35),
        ("2026_IMSA_RoadAmerica_AEC_Race_Results.csv", Layout.ECM, 9),
    ],
)
def test_real_files(name: str, layout: Layout, cars: int) -> None:
    path = real_timing_file(name)
    timing = read_timing_file(path)
    assert (timing.layout, len(timing.rows)) == (layout, cars)
    expected = read_independently(path)
    assert [r.number for r in timing.rows] == [row["NUMBER"] for row in expected]
    assert [r.laps for r in timing.rows] == [int(row["LAPS"]) for row in expected]
    assert [r.class_name for r in timing.rows] == [row["CLASS"] for row in expected]
    assert [r.status for r in timing.rows] == [row["STATUS"] for row in expected]
