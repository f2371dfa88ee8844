"""A change that was refused, failed or changed nothing never becomes an undo step."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot
from sqlmodel import Session

from gui.main_window import MainWindow
from model.reversible import Edit, ResultFieldEdit
from tests.cli.test_cli import dump


def paste_laps(window: MainWindow, block: str) -> None:
    window.results.set_class("GT")
    view = window.results.view
    view.setCurrentIndex(view.model().index(0, window.results.model.column_of("laps")))
    view.paste_text(block)


def same_laps_block(window: MainWindow) -> str:
    window.results.set_class("GT")
    lines = window.results.view.visible_lines()[:2]
    return "".join(f"{'' if line.laps is None else line.laps}\n" for line in lines)


PASTES: list[tuple[str, Callable[[MainWindow], str], str]] = [
    ("a number too large to store", lambda w: "99999999999999999999\n", "must be at most"),
    ("the values already there", same_laps_block, "Nothing to change"),
    ("a negative lap count", lambda w: "-3\n", "must be at least 0"),
]


@pytest.mark.parametrize(("what", "block", "message"), PASTES, ids=[p[0] for p in PASTES])
def test_a_paste_that_changes_nothing_adds_no_undo_step(
    qtbot: QtBot,
    window: MainWindow,
    what: str,
    block: Callable[[MainWindow], str],
    message: str,
) -> None:
    before = dump(window.document.path)  # type: ignore[arg-type]
    text = block(window)
    with qtbot.wait_signal(window.document.failed) as failed:
        paste_laps(window, text)
    assert message in failed.args[0]
    assert window.document.undo_stack.count() == 0
    assert dump(window.document.path) == before  # type: ignore[arg-type]


def failing_edits(window: MainWindow) -> Callable[[Session], list[Edit]]:
    """An import the database refuses when applied (a class position of 0 breaks a
    constraint), as a spreadsheet import with a 0 in its position column once did."""
    from model.rules import Status
    from model.timing_apply import TimingImportEdit
    from model.timing_import import ImportPlan, PlannedResult

    line = window.results.view.visible_lines()[0]
    result = PlannedResult(
        2,
        line.car or "",
        line.team,
        line.class_name,
        0,
        None,
        10,
        Status.CLASSIFIED,
        (),
        line.entry_id,
    )
    plan = ImportPlan(
        "table.csv", 1, line.round_id, (result,), (), (), (), {line.class_name: line.class_name}
    )

    def build(_session: Session) -> list[Edit]:
        return [TimingImportEdit(plan)]

    return build


def test_an_edit_the_database_refuses_adds_no_undo_step(qtbot: QtBot, window: MainWindow) -> None:
    before = dump(window.document.path)  # type: ignore[arg-type]
    with qtbot.wait_signal(window.document.failed) as failed:
        assert not window.document.push("Import table.csv", failing_edits(window))
    assert "nothing was changed" in failed.args[0]
    assert window.document.undo_stack.count() == 0
    assert dump(window.document.path) == before  # type: ignore[arg-type]


def test_a_failed_undo_leaves_the_step_where_the_document_is(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = window.results.view.visible_lines()[0]
    document = window.document
    assert document.push("Set laps", lambda s: [ResultFieldEdit.build(s, line.result_id, laps=123)])
    after_edit = dump(document.path)  # type: ignore[arg-type]

    def broken(self: ResultFieldEdit, session: Session) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(ResultFieldEdit, "revert", broken)
    with qtbot.wait_signal(document.failed) as failed:
        document.undo_stack.undo()
    assert failed.args[0].startswith("Undo failed")
    qtbot.wait_until(lambda: document.undo_stack.index() == 1)
    assert dump(document.path, history=False) == dump(document.path, history=False)
    assert dump(document.path, history=False) == [
        row for row in after_edit if '"change_log"' not in row
    ]
    monkeypatch.undo()
    document.undo_stack.undo()  # now it works, once
    assert window.results.view.visible_lines()[0].laps == line.laps
