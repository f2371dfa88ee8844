"""The Penalties panel: a penalty typed in the form is one undo step that moves the standings;
a value that cannot be stored is said and the form comes back; removing asks first."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from gui.main_window import MainWindow
from gui.penalties.penalty_dialog import PenaltyDialog
from model.scoring.rules import Championship
from tests.gui.penalty_forms import JOB, filled, once
from tests.gui.prompts import ScriptedPrompts, scripted
from tests.helpers import dump


def gt_total(window: MainWindow, name: str) -> Decimal:
    live = window.document.live
    assert live is not None
    table = live.table("GT", Championship.TEAMS)
    return next(row.total for row in (*table.rows, *table.excluded) if row.name == name)


def add_penalty(window: MainWindow, *_: Any) -> None:
    """The panel's Add, with the form filled in (also a row of tests/gui/test_every_write)."""
    scripted(window).dialogs[PenaltyDialog] = once(filled())
    window.penalties.add_penalty()


def test_a_penalty_added_moves_the_standings_and_is_undone(window: MainWindow) -> None:
    path = window.document.path
    assert path is not None
    before, total = dump(path, history=False), gt_total(window, JOB)
    add_penalty(window)
    assert gt_total(window, JOB) == total - 10
    window.dock("Penalties").raise_()
    window.penalties.set_on_screen(True)
    (line,) = window.penalties.model.rows()
    assert (line.competitor, line.round_label, line.points) == (JOB, "3", "-10")
    window.document.undo_stack.undo()
    assert dump(path, history=False) == before
    assert window.penalties.model.rows() == []


def test_a_penalty_is_changed_and_removed(window: MainWindow, prompts: ScriptedPrompts) -> None:
    add_penalty(window)
    window.penalties.set_on_screen(True)
    window.penalties.view.setCurrentIndex(window.penalties.view.model().index(0, 0))
    prompts.dialogs[PenaltyDialog] = once(filled(points="", excluded=True, reason="fuel"))
    assert window.penalties.change_current()
    live = window.document.live
    assert live is not None
    assert [r.name for r in live.table("GT", Championship.TEAMS).excluded] == [JOB]
    prompts.confirm_answer = lambda _text: False
    assert not window.penalties.remove_current()
    prompts.confirm_answer = lambda _text: True
    assert window.penalties.remove_current()
    assert window.penalties.model.rows() == []


# (case, the form as typed, words of the warning)
REFUSED: list[tuple[str, dict[str, Any], str]] = [
    ("points in words", {"points": "ten"}, "field 'points'"),
    ("no points and no exclusion", {"points": ""}, "is missing"),
    ("no competitor", {"competitor": " "}, "field 'competitor'"),
    ("a thousandth of a point", {"points": "-0.125"}, "two decimal places"),
    ("an escape in the reason", {"reason": "x\x1b[31m"}, "control character"),
]


@pytest.mark.parametrize(("typed", "words"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_a_refused_penalty_is_said_and_the_form_comes_back(
    window: MainWindow, prompts: ScriptedPrompts, typed: dict[str, Any], words: str
) -> None:
    path = window.document.path
    assert path is not None
    before = dump(path)
    prompts.dialogs[PenaltyDialog] = once(filled(**typed))
    assert not window.penalties.add_penalty()
    (warning,) = prompts.said("warning")
    assert words in warning
    assert prompts.said("run") == ["PenaltyDialog", "PenaltyDialog"]
    assert dump(path) == before
    assert window.document.undo_stack.count() == 0
