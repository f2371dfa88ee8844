"""Live standings, the problems panel, documents, settings, and a look at the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from gui.app import build_window, startup_document
from gui.main_window import MainWindow
from gui.prompts import Prompts
from gui.race_document import RaceDocument
from gui.standings.standings_model import StandingsTableModel
from model.scoring.problems import Problem, ProblemKind
from model.scoring.rules import Status
from model.scoring.standings import Championship
from tests.gui.conftest import open_window
from tests.gui.helpers import cell, line_of, set_cell, standings_total
from tests.gui.prompts import scripted
from tests.helpers import dump


def test_a_cell_edit_updates_the_standings(qtbot: QtBot, window: MainWindow) -> None:
    window.standings.show_class("GT")
    gt = window.standings.shown_model()
    assert gt is window.standings.model_for("GT")
    second = line_of(window, "GT", 2)  # Petersen / White Lightning at Sebring: 22 points
    team = "Petersen Motorsports / White Lightning Racing"
    with qtbot.wait_signal(gt.dataChanged, timeout=2000):  # the team keeps its place
        set_cell(window, second.result_id, "class_pos", 1)
    assert _shown_total(gt, team) == 73 + 4
    with qtbot.wait_signal(gt.dataChanged, timeout=2000):
        window.document.undo_stack.undo()
    assert _shown_total(gt, team) == 73
    assert standings_total(window, "GT", team) == 73


def _shown_total(model: StandingsTableModel, team: str) -> int | None:
    """The team's total as the table on screen holds it, without asking it to fill."""
    for row in range(model.rowCount()):
        if model.index(row, 1).data() == team:
            return int(model.index(row, model.columnCount() - 1).data())
    return None


def test_a_tab_behind_is_filled_when_it_is_shown(qtbot: QtBot, window: MainWindow) -> None:
    window.standings.show_class("LMP900")
    team = "Petersen Motorsports / White Lightning Racing"
    set_cell(window, line_of(window, "GT", 2).result_id, "class_pos", 1)
    window.standings.show_class("GT")
    gt = window.standings.shown_model()
    assert gt is not None
    assert _shown_total(gt, team) == 73 + 4


def test_the_drivers_championship_is_a_choice_away(window: MainWindow) -> None:
    window.standings.set_championship(Championship.DRIVERS)
    header = window.standings.model_for("GT").headerData(1, Qt.Orientation.Horizontal)
    assert header == "Driver"


def test_problems_are_highlighted_listed_and_jumped_to(qtbot: QtBot, window: MainWindow) -> None:
    second = line_of(window, "GT", 2)
    set_cell(window, second.result_id, "class_pos", 1)
    shared = [p for p in window.document.problems if p.kind is ProblemKind.SHARED_POSITION]
    assert {p.result_id for p in shared} == {second.result_id, line_of(window, "GT", 1).result_id}
    index = cell(window, second.result_id, "class_pos")
    assert "2 cars hold position 1 in GT" in index.data(3)  # ToolTipRole
    assert index.data(8) is not None  # BackgroundRole
    rows = window.problems.model.rows()
    target = next(row for row in rows if row.problem in shared)
    assert (target.round_label, target.car) in {("1", "23"), ("1", "31")}
    window.select_round(5)  # look elsewhere first
    window.problems.problem_activated.emit(target.problem)
    current = window.results.view.currentIndex()
    assert window.results.title.text().startswith("Round 1")
    assert current.column() == window.results.model.column_of("class_pos")
    assert window.results.view.visible_lines()[current.row()].result_id == target.problem.result_id


def test_a_problem_in_a_field_the_table_has_no_column_for_is_jumped_to(
    window: MainWindow,
) -> None:
    first = line_of(window, "GT", 1)
    problem = Problem(ProblemKind.SHARED_BONUS, 1, first.result_id, "manufacturer", "no column")
    window.select_round(5)
    window.problems.problem_activated.emit(problem)
    current = window.results.view.currentIndex()
    assert window.results.view.visible_lines()[current.row()].result_id == first.result_id
    assert current.column() == window.results.model.column_of("class_pos")


def test_new_open_and_save_a_copy(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, sample_path: Path
) -> None:
    files, prompts = window.files, scripted(window)
    copy = tmp_path / "copy.pitboard"
    prompts.save_answer = str(copy)
    assert files.save_copy_as()
    assert dump(copy) == dump(sample_path)
    new = tmp_path / "season-2026"
    prompts.save_answer = str(new)
    assert files.new_document()
    assert window.document.path == new.with_suffix(".pitboard")
    assert window.season_picker.count() == 0
    assert window.results.model.rowCount() == 0
    prompts.open_answer = str(copy)
    assert files.open_document()
    assert window.season_picker.currentText() == "American Le Mans Series 2003"
    assert files.recent_paths()[:3] == [
        str(copy),
        str(new.with_suffix(".pitboard")),
        str(sample_path),
    ]


def test_a_file_that_is_not_a_document_is_refused(window: MainWindow, tmp_path: Path) -> None:
    junk = tmp_path / "notes.pitboard"
    junk.write_bytes(b"these are not results" * 100)
    assert not window.files.open_path(junk)
    shown = scripted(window).said("warning")
    assert "not a Pitboard document" in shown[0]
    assert junk.read_bytes() == b"these are not results" * 100
    assert window.season_picker.currentText() == "American Le Mans Series 2003"


def test_last_document_and_layout_come_back(
    qtbot: QtBot, sample_path: Path, settings: QSettings
) -> None:
    first = open_window(qtbot, sample_path, settings)
    first.show()
    qtbot.wait_exposed(first)
    first.resize(790, 520)  # within the offscreen screen, so restoring does not clamp it
    first.dock("Standings").hide()
    first.close()
    assert startup_document(None, settings) == (sample_path.resolve(), False)
    second = build_window(None, settings)
    assert second is not None
    qtbot.addWidget(second)
    assert second.document.path == sample_path.resolve()
    assert (second.width(), second.height()) == (790, 520)
    second.show()
    qtbot.wait_exposed(second)
    assert second.dock("Standings").isHidden()


def test_with_no_document_the_app_opens_on_the_sample(
    qtbot: QtBot, settings: QSettings, tmp_path: Path, monkeypatch: object
) -> None:
    default = tmp_path / "first-run" / "standings.pitboard"
    monkeypatch.setenv("PITBOARD_DB", str(default))  # type: ignore[attr-defined]
    window = build_window(None, settings)
    assert window is not None
    qtbot.addWidget(window)
    assert default.exists()
    assert window.season_picker.currentText() == "American Le Mans Series 2003"
    assert window.standings.model_for("LMP900").index(0, 1).data() == "Infineon Team Joest"


def test_grab_the_main_window(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    window.resize(1500, 900)
    window.show()
    qtbot.wait_exposed(window)
    third = line_of(window, "GT", 3)
    set_cell(window, third.result_id, "status", Status.DNF.value)
    shot = tmp_path / "main-window.png"
    assert window.grab().save(str(shot))
    assert shot.stat().st_size > 20_000


def test_importing_results_keeps_the_round_on_screen(window: MainWindow, tmp_path: Path) -> None:
    window.select_round(3)  # round 2
    csv_file = tmp_path / "late.csv"
    csv_file.write_text(
        "round,class,class_pos,car,team,status\n2,GT,11,99,Late Entry,classified\n",
        encoding="utf-8",
    )
    assert window.files.import_results_file(csv_file)
    assert window.results.title.text().startswith("Round 2")
    assert "Late Entry" in {line.team for line in window.results.model.rows()}
    assert standings_total(window, "GT", "Late Entry") is None  # 11th scores nothing


def test_a_window_asks_its_questions_with_dialogs_unless_given_prompts(
    qtbot: QtBot, settings: QSettings
) -> None:
    window = MainWindow(RaceDocument(), settings)
    qtbot.addWidget(window)
    assert type(window.prompts) is Prompts


def test_moving_cars_up_after_an_exclusion_is_asked_through_the_prompts(
    window: MainWindow,
) -> None:
    prompts = scripted(window)
    prompts.confirm_answer = lambda _question: False
    third = line_of(window, "GT", 3)
    set_cell(window, third.result_id, "status", Status.DISQUALIFIED.value)
    assert prompts.said("confirm") == [
        f"Car {third.car or '?'} is disqualified. Move the GT cars behind it up one place?"
    ]
