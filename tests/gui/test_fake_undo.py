"""A change that was refused, failed or changed nothing never becomes an undo step, leaves the
document as it was, and says why."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from gui.imports.column_mapping_dialog import ColumnMappingDialog
from gui.imports.timing_dialog import TimingImportDialog
from gui.main_window import MainWindow
from model.edits.changes import Changes
from model.edits.operations import DeleteResultsEdit, Edit, ResultFieldEdit
from model.edits.timing_apply import TimingImportEdit
from model.io.timing_import import ImportPlan, PlannedResult
from model.scoring.rules import Status
from tests.gui.prompts import scripted
from tests.helpers import dump

Attempt = Callable[[MainWindow, Path], object]


def paste(column: str, block: str) -> Attempt:
    def attempt(window: MainWindow, _folder: Path) -> None:
        window.results.set_class("GT")
        view = window.results.view
        view.setCurrentIndex(view.model().index(0, window.results.model.column_of(column)))
        view.paste_text(block)

    return attempt


def paste_what_is_there(window: MainWindow, folder: Path) -> None:
    window.results.set_class("GT")
    lines = window.results.view.visible_lines()[:3]
    block = "".join(f"{line.class_pos or ''}\t{line.car or ''}\n" for line in lines)
    paste("class_pos", block)(window, folder)


def push(text: str, build: Callable[[MainWindow, Session], Sequence[Edit]]) -> Attempt:
    def attempt(window: MainWindow, _folder: Path) -> None:
        assert not window.document.push(text, lambda session: build(window, session))

    return attempt


class WritesNothing:
    """An edit whose work turns out to change nothing the standings depend on."""

    def __init__(self, season_id: int) -> None:
        self.season_id = season_id

    def apply(self, session: Session) -> Changes:
        return Changes(self.season_id)

    def revert(self, session: Session) -> Changes:
        raise AssertionError("never undone: it never became a step")


def import_plan(window: MainWindow, **values: object) -> list[Edit]:
    """A timing import of the GT winner with `values`, as a plan that passed its checks."""
    line = window.results.view.visible_lines()[0]
    fields: dict[str, object] = {
        "line": 2,
        "car": line.car or "",
        "team": line.team,
        "class_name": line.class_name,
        "class_pos": 1,
        "overall_pos": None,
        "laps": 10,
        "status": Status.CLASSIFIED,
        "drivers": (),
        "entry_id": line.entry_id,
    }
    result = PlannedResult(**{**fields, **values})  # type: ignore[arg-type]
    plan = ImportPlan(
        "table.csv", 1, line.round_id, (result,), (), (), (), {line.class_name: line.class_name}
    )
    return [TimingImportEdit(plan)]


def generic_import(rows: str) -> Attempt:
    """File > Import timing results… with a spreadsheet of another timing system."""

    def attempt(window: MainWindow, folder: Path) -> None:
        path = folder / "sheet.csv"
        path.write_text(f"Pos,Car,Team,Class,Laps\n{rows}", encoding="utf-8")

        def map_columns(dialog: ColumnMappingDialog) -> int:
            columns = {"position": "Pos", "car": "Car", "team": "Team", "class": "Class"}
            dialog.set_mapping({**columns, "laps": "Laps"})
            dialog.accept()
            return QDialog.DialogCode.Accepted

        def accept(dialog: TimingImportDialog) -> int:
            return QDialog.DialogCode.Accepted

        prompts = scripted(window)
        prompts.files_answer = [str(path)]
        prompts.dialogs[ColumnMappingDialog] = map_columns
        prompts.dialogs[TimingImportDialog] = accept
        assert window.timing_import.run() == 0

    return attempt


# (what, the attempt, what the user is told)
REFUSED: list[tuple[str, Attempt, str]] = [
    ("laps too large to store", paste("laps", "99999999999999999999\n"), "must be at most"),
    ("negative laps", paste("laps", "-3\n"), "must be at least 0"),
    ("position 0", paste("class_pos", "0\n"), "must be at least 1"),
    ("a position in words", paste("class_pos", "first\n"), "expected a whole number"),
    ("the laps already there", paste("laps", "\n\n"), "Nothing to change"),
    ("the positions and cars already there", paste_what_is_there, "Nothing to change"),
    ("a new row without a car", paste("class_pos", "\n" * 10 + "11\n"), "needs a car number"),
    (
        "the same value through the edit itself",
        push("Set laps", lambda w, s: [ResultFieldEdit.build(s, 1, laps=None)]),
        "Nothing to change",
    ),
    (
        "deleting no results",
        push("Delete 0 results", lambda w, s: [DeleteResultsEdit.build(s, [])]),
        "Nothing to change",
    ),
    (
        "an edit that writes nothing",
        push("Tidy up", lambda w, s: [WritesNothing(w.document.season_id or 0)]),
        "Nothing to change",
    ),
    (
        "an import the database refuses (class position 0)",
        push("Import table.csv", lambda w, s: import_plan(w, class_pos=0)),
        "nothing was changed",
    ),
    (
        "an import with laps too large for SQLite",
        push("Import table.csv", lambda w, s: import_plan(w, laps=2**63)),
        "nothing was changed",
    ),
    ("a spreadsheet with position 0", generic_import("0,23,Alex Job Racing,GT,100\n"), "position"),
]


@pytest.mark.parametrize(("what", "attempt", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_refused_or_empty_change_adds_no_undo_step(
    window: MainWindow, tmp_path: Path, what: str, attempt: Attempt, message: str
) -> None:
    window.results.set_class("GT")
    path = window.document.path
    assert path is not None
    before = dump(path)
    failed: list[str] = []
    window.document.failed.connect(failed.append)
    attempt(window, tmp_path)
    told = [*failed, *scripted(window).said("error")]
    assert window.document.undo_stack.count() == 0
    assert dump(path) == before
    assert any(message in text for text in told), told
    if told == [window.statusBar().currentMessage().removeprefix("Not changed: ")]:
        return
    assert any(message in text for text in told if "Not changed" not in text)


def test_an_import_refused_when_applied_says_why_in_a_message(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(self: TimingImportEdit, session: Session) -> Changes:
        raise IntegrityError("INSERT", {}, Exception("CHECK constraint failed: class_pos"))

    monkeypatch.setattr(TimingImportEdit, "apply", refused)
    path = window.document.path
    assert path is not None
    before = dump(path)
    generic_import("1,23,Alex Job Racing,GT,100\n")(window, tmp_path)
    shown = scripted(window).said("error")
    assert window.document.undo_stack.count() == 0
    assert dump(path) == before
    assert shown[0].startswith("sheet.csv was not imported: the change could not be stored")
    assert "nothing was changed" in window.statusBar().currentMessage()


def test_a_change_after_a_refused_one_is_the_only_step(window: MainWindow, tmp_path: Path) -> None:
    paste("laps", "99999999999999999999\n")(window, tmp_path)
    paste("laps", "123\n")(window, tmp_path)
    assert window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    assert window.results.view.visible_lines()[0].laps is None


def test_a_failed_undo_leaves_the_step_where_the_document_is(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = window.results.view.visible_lines()[0]
    document = window.document
    assert document.push("Set laps", lambda s: [ResultFieldEdit.build(s, line.result_id, laps=123)])
    after_edit = dump(document.path, history=False)  # type: ignore[arg-type]

    def broken(self: ResultFieldEdit, session: Session) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(ResultFieldEdit, "revert", broken)
    with qtbot.wait_signal(document.failed) as failed:
        document.undo_stack.undo()
    assert failed.args[0].startswith("Undo failed")
    qtbot.wait_until(lambda: document.undo_stack.index() == 1)
    assert dump(document.path, history=False) == after_edit
    monkeypatch.undo()
    document.undo_stack.undo()  # now it works, once
    assert window.results.view.visible_lines()[0].laps == line.laps


def test_a_failed_redo_drops_the_step_and_leaves_the_document_undone(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = window.results.view.visible_lines()[0]
    document = window.document
    assert document.push("Set laps", lambda s: [ResultFieldEdit.build(s, line.result_id, laps=123)])
    document.undo_stack.undo()
    undone = dump(document.path, history=False)  # type: ignore[arg-type]

    def broken(self: ResultFieldEdit, session: Session) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(ResultFieldEdit, "apply", broken)
    with qtbot.wait_signal(document.failed) as failed:
        document.undo_stack.redo()
    assert failed.args[0].startswith("Redo failed")
    assert (document.undo_stack.count(), document.undo_stack.canUndo()) == (0, False)
    assert dump(document.path, history=False) == undone  # type: ignore[arg-type]
