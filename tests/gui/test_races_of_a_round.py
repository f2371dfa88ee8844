"""A round gets a second race from the calendar (a sprint beside the main race): every race
is numbered in calendar order, the round's races share its number for the drop rules, and
the step is undone exactly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from gui.calendar.round_dialog import RoundDialog
from gui.main_window import MainWindow
from tests.gui.prompts import ScriptedPrompts
from tests.helpers import dump


def typed(name: str, factor: str = "1") -> Callable[[Any], int]:
    def fill(dialog: RoundDialog) -> int:
        dialog.name.setText(name)
        dialog.factor.setText(factor)
        dialog.accept()
        return dialog.result()

    return fill


def rounds(window: MainWindow) -> list[tuple[int | None, int | None, str]]:
    data = window.document.data
    assert data is not None
    return [(r.number, r.event, r.name) for r in data.rounds]


def test_a_sprint_added_to_round_2_numbers_every_race_and_keeps_the_rounds(
    window: MainWindow, prompts: ScriptedPrompts
) -> None:
    path = window.document.path
    assert path is not None
    before = dump(path, history=False)
    window.calendar_view.selectRow(2)  # Atlanta, round 2 (Mexico is cancelled above it)
    prompts.dialogs[RoundDialog] = typed("Atlanta sprint", "0.5")
    assert window.calendar_editor.add_race()
    found = rounds(window)
    assert found[:5] == [
        (1, 1, "Mobil 1 12 Hours of Sebring"),
        (None, None, "Grand Prix of Mexico"),
        (2, 2, "Chevy Grand Prix of Atlanta"),
        (3, 2, "Atlanta sprint"),
        (4, 3, "Infineon Grand Prix of Sonoma"),
    ]
    assert found[-1] == (10, 9, "Petit Le Mans")
    live = window.document.live
    assert live is not None
    headings = live.standings.table("GT", next(iter(live.standings.tables))[1])
    assert [headings.label(i) for i in range(3)] == ["1", "2a", "2b"]
    window.document.undo_stack.undo()
    assert dump(path, history=False) == before


@pytest.mark.parametrize(
    ("name", "words"), [("", "a round needs a name"), ("Petit Le Mans", "already has a round")]
)
def test_a_race_that_cannot_be_added_is_said_and_changes_nothing(
    window: MainWindow, prompts: ScriptedPrompts, name: str, words: str
) -> None:
    path = window.document.path
    assert path is not None
    before = dump(path)
    seen: list[RoundDialog] = []

    def fill(dialog: RoundDialog) -> int:
        seen.append(dialog)
        return typed(name)(dialog)

    failed: list[str] = []
    window.document.failed.connect(failed.append)
    window.calendar_view.selectRow(2)
    prompts.dialogs[RoundDialog] = fill
    assert not window.calendar_editor.add_race()
    said = [seen[0].error.text(), *failed]
    assert any(words in text for text in said), said
    assert dump(path) == before


def test_a_cancelled_round_gets_no_race(window: MainWindow, prompts: ScriptedPrompts) -> None:
    window.calendar_view.selectRow(1)  # Mexico, cancelled
    assert not window.calendar_editor.race.isEnabled()
