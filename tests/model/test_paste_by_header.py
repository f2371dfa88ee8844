"""Reading a pasted block's header row: which results column each named column is."""

from __future__ import annotations

import pytest

from model.edits.paste import describe_paste, has_header, header_columns, header_rows, parse_block
from model.errors import InputError

ISSUE_BLOCK = (
    "Pos\tCar\tTeam\tLaps\tStatus\n"
    "1\t45\tGT Team 5\t300\tClassified\n"
    "2\t23\tGT Team 1\t299\tClassified\n"
    "\t69\tGT Team 10\t120\tDNF\n"
)

# (case, first row, is it a header)
FIRST_ROWS: list[tuple[str, str, bool]] = [
    ("the issue's header", "Pos\tCar\tTeam\tLaps\tStatus", True),
    ("shouting", "POS\tCAR\tTEAM\tLAPS\tSTATUS", True),
    ("other spellings", "P\t#\tState\tDrivers\tPos overall", True),
    ("dots and colons", "No.\tLaps:\tNote", True),
    ("one known name and one unknown", "Pos\tGap", True),
    ("a results row", "1\t45\tGT Team 5\t300\tClassified", False),
    ("a row without a place", "\t69\tGT Team 10\t120\tDNF", False),
    ("laps and a status", "300\tClassified", False),
    ("a status alone", "DNF", False),
    ("a known name beside a figure", "Team\t12", False),
    ("an empty row", "\t\t", False),
]


@pytest.mark.parametrize(
    ("first", "expected"), [r[1:] for r in FIRST_ROWS], ids=[r[0] for r in FIRST_ROWS]
)
def test_a_header_is_told_from_a_results_row(first: str, expected: bool) -> None:
    assert has_header(parse_block(first + "\n1\t2\n")) is expected


# (case, header, column keys)
HEADERS: list[tuple[str, str, list[str | None]]] = [
    (
        "the issue's header",
        "Pos\tCar\tTeam\tLaps\tStatus",
        ["class_pos", "car", "team", "laps", "status"],
    ),
    (
        "another case and order",
        "status\tLAPS\tno\tPosition\tteam",
        ["status", "laps", "car", "class_pos", "team"],
    ),
    (
        "the other spellings",
        "P\tNumber\tState\tClass\tDrivers\tOverall\tNote",
        ["class_pos", "car", "status", "class", "drivers", "overall_pos", "note"],
    ),
    ("pos overall and spaces", " Pos  Overall \t# \tLaps.", ["overall_pos", "car", "laps"]),
    ("an unnamed column", "Car\t\tLaps", ["car", None, "laps"]),
]


@pytest.mark.parametrize(("header", "keys"), [r[1:] for r in HEADERS], ids=[r[0] for r in HEADERS])
def test_header_names_map_to_columns(header: str, keys: list[str | None]) -> None:
    assert header_columns(header.split("\t")) == keys


# (case, block, the refusal)
REFUSED: list[tuple[str, str, str]] = [
    (
        "an unknown column",
        "Pos\tCar\tGap\n1\t45\t+2 laps\n",
        "pasted header, column 3: 'Gap' is not a results column",
    ),
    (
        "a column named twice",
        "Pos\tCar\tPosition\n",
        "column 3: 'Position' names the same column as 'Pos'",
    ),
    ("two spellings of the car", "No\t#\n", "column 2: '#' names the same column as 'No'"),
    ("a header alone", "Pos\tCar\tLaps\n", "a header row and no results under it"),
    (
        "a cell past the header",
        "Pos\tCar\n1\t45\t300\n",
        "pasted row 1: '300' is past the header's last column",
    ),
]


@pytest.mark.parametrize(("text", "message"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_a_bad_header_is_refused_by_name(text: str, message: str) -> None:
    block = parse_block(text)
    with pytest.raises(InputError) as refused:
        header_rows(block, len(header_columns(block[0])))
    assert message in refused.value.message


def test_the_rows_under_a_header_keep_their_empty_trailing_cells() -> None:
    block = parse_block(ISSUE_BLOCK + "3\t66\tGT Team 9\t298\tClassified\t\t\n")
    rows = header_rows(block, 5)
    assert [row[1] for row in rows] == ["45", "23", "69", "66"]


def test_the_unknown_column_refusal_lists_the_known_names() -> None:
    with pytest.raises(InputError) as refused:
        header_columns(["Gap"])
    assert "known: Pos, Car, Team, Class" in refused.value.message


def test_the_question_names_where_each_column_goes() -> None:
    text = describe_paste(
        5,
        [("Pos", "class position"), ("Car", "car"), ("Laps", "laps"), ("Status", "status")],
        ["Team"],
    )
    assert text == (
        "Pasting 5 rows: Pos → class position, Car → car, Laps → laps, Status → status."
        " Not written (the entry list fills them): Team. Go ahead?"
    )
    assert describe_paste(1, [("Car", "car")], []) == "Pasting 1 row: Car → car. Go ahead?"
