"""Pasting a spreadsheet block with or without a header row into the results table."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from tests.gui.helpers import standings_total
from tests.gui.prompts import scripted
from tests.helpers import dump

# The issue's block: a DNF car at the end (teams as the empty round's entry list has them).
ISSUE_BLOCK = (
    "Pos\tCar\tTeam\tLaps\tStatus\n"
    "1\t45\tGT Team 5\t300\tClassified\n"
    "2\t23\tGT Team 1\t299\tClassified\n"
    "3\t66\tGT Team 9\t298\tClassified\n"
    "4\t31\tGT Team 3\t290\tClassified\n"
    "5\t69\tGT Team 10\t120\tDNF\n"
)
ISSUE_QUESTION = (
    "Pasting 5 rows: Pos → class position, Car → car, Laps → laps, Status → status."
    " Not written (the entry list fills them): Team. Go ahead?"
)

Written = list[tuple[int | None, str | None, int | None, str]]


def written(window: MainWindow) -> Written:
    """(class position, car, laps, status) of the GT results, in table order."""
    return [
        (line.class_pos, line.car, line.laps, line.status.value)
        for line in window.results.view.visible_lines()
    ]


# (case, block, what the GT class holds after, the question asked or "" for none)
PASTES: list[tuple[str, str, Written, str]] = [
    (
        "the issue's block",
        ISSUE_BLOCK,
        [
            (1, "45", 300, "classified"),
            (2, "23", 299, "classified"),
            (3, "66", 298, "classified"),
            (4, "31", 290, "classified"),
            (5, "69", 120, "dnf"),
        ],
        ISSUE_QUESTION,
    ),
    (
        "another case and order",
        "STATUS\tlaps\tno\tposition\n classified\t300\t45\t1\nDNF\t12\t23\t2\n",
        [(1, "45", 300, "classified"), (2, "23", 12, "dnf")],
        "Pasting 2 rows: STATUS → status, laps → laps, no → car, position → class position."
        " Go ahead?",
    ),
    (
        "other spellings, an unnamed column, a Windows line end",
        "P\t#\t\tState\r\n1\t66\twhatever\tDNS\r\n",
        [(1, "66", None, "dns")],
        "Pasting 1 row: P → class position, # → car, State → status. Go ahead?",
    ),
    (
        "no header: by the columns it was pasted on",
        "1\t45\n2\t23\n",
        [(1, "45", None, "classified"), (2, "23", None, "classified")],
        "",
    ),
    (
        "no header, cells landing where nothing is written",
        "1\t45\tGT Team 5\t300\tDNF\n",
        [(1, "45", None, "classified")],
        "Pasting 1 row: column 1 → class position, column 2 → car. Not written (the entry"
        " list fills them): column 3 (Team), column 4 (Class), column 5 (Chassis). Go ahead?",
    ),
]


@pytest.mark.parametrize(
    ("block", "expected", "question"), [r[1:] for r in PASTES], ids=[r[0] for r in PASTES]
)
def test_a_block_lands_by_its_header_or_by_position(
    empty_window: MainWindow, block: str, expected: Written, question: str
) -> None:
    window = empty_window
    window.results.set_class("GT")
    window.results.view.paste_text(block)
    assert written(window) == expected
    assert scripted(window).said("confirm") == ([question] if question else [])
    assert window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    assert written(window) == []


def test_the_dnf_car_of_the_issue_scores_nothing(empty_window: MainWindow) -> None:
    window = empty_window
    window.results.set_class("GT")
    window.results.view.paste_text(ISSUE_BLOCK)
    assert standings_total(window, "GT", "GT Team 10") in (None, 0)
    assert (standings_total(window, "GT", "GT Team 5") or 0) > 0


def test_a_header_block_pasted_on_another_column_still_lands_by_name(window: MainWindow) -> None:
    window.results.set_class("GT")
    view = window.results.view
    first = view.visible_lines()[0]
    view.setCurrentIndex(view.model().index(0, window.results.model.column_of("note")))
    view.paste_text(f"Car\tLaps\tStatus\n{first.car}\t7\tDNF\n")
    line = view.visible_lines()[0]
    assert (line.result_id, line.laps, line.status.value) == (first.result_id, 7, "dnf")


def decline(_text: str) -> bool:
    return False


# (case, block, the refusal in the status line, or "" when the user stopped at the question)
STOPPED: list[tuple[str, str, str]] = [
    (
        "an unknown column",
        "Pos\tCar\tGap\n1\t45\t+2 laps\n",
        "pasted header, column 3: 'Gap' is not a results column",
    ),
    ("a header alone", "Pos\tCar\tTeam\tLaps\tStatus\n", "a header row and no results under it"),
    ("a column named twice", "Car\tNo\n45\t45\n", "'No' names the same column as 'Car'"),
    ("a bad cell under a header", "Car\tLaps\n45\t-1\n", "pasted row 1, column Laps: must be"),
    ("an unknown car under a header", "Car\tLaps\n45\t300\n99\t3\n", "pasted row 2"),
    ("the user says no", ISSUE_BLOCK, ""),
]


@pytest.mark.parametrize(
    ("block", "message"), [r[1:] for r in STOPPED], ids=[r[0] for r in STOPPED]
)
def test_a_refused_or_declined_paste_changes_nothing(
    qtbot: QtBot, empty_window: MainWindow, block: str, message: str
) -> None:
    window = empty_window
    window.results.set_class("GT")
    scripted(window).confirm_answer = decline if not message else lambda _text: True
    before = dump(window.document.path)  # type: ignore[arg-type]
    failures: list[str] = []
    window.document.failed.connect(failures.append)
    window.results.view.paste_text(block)
    if message:
        assert len(failures) == 1
        assert message in failures[0]
    else:
        assert failures == []
        assert scripted(window).said("confirm") == [ISSUE_QUESTION]
    assert dump(window.document.path) == before  # type: ignore[arg-type]
    assert window.document.undo_stack.count() == 0
    assert written(window) == []


def test_an_unknown_column_is_refused_before_any_question(empty_window: MainWindow) -> None:
    empty_window.results.set_class("GT")
    empty_window.results.view.paste_text("Pos\tCar\tGap\n1\t45\t1.2\n")
    assert scripted(empty_window).said("confirm") == []
