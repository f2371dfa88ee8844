"""The problems panel: grouped, one line per problem, accepted problems stored with who and
why (hidden and counted), a right-click menu, and a line still leading to its cell."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSettings
from pytestqt.qtbot import QtBot
from sqlmodel import Session, select

from gui.main_window import MainWindow
from gui.problems.problems_panel import LineRole
from gui.tables.context_menu import context_menu_of
from model.scoring.live_season import LiveSeason
from model.scoring.problem_groups import ProblemLine
from model.scoring.problems import ProblemKind
from model.store import tables as t
from tests.gui.conftest import open_window
from tests.gui.helpers import line_of, set_cell
from tests.gui.prompts import ScriptedPrompts

SAMPLE_PROBLEMS = 37  # position gap runs of the untouched sample: each one already a run


def index_of(window: MainWindow, wanted: ProblemLine) -> QModelIndex:
    view = window.problems.view
    proxy = view.model()
    for group in range(proxy.rowCount()):
        head = proxy.index(group, 0)
        for row in range(proxy.rowCount(head)):
            index = proxy.index(row, 0, head)
            if index.data(LineRole) == wanted:
                return index
    raise AssertionError(f"{wanted.text} is not shown")


def choose(window: MainWindow, line: ProblemLine) -> None:
    window.problems.view.setCurrentIndex(index_of(window, line))


def accepted_rows(window: MainWindow) -> list[tuple[str, str, str]]:
    with Session(window.document.door.engine) as session:
        rows = session.exec(select(t.AcceptedProblem)).all()
        return [(r.key, r.who, r.why) for r in rows]


def test_the_sample_lists_each_gap_run_once_grouped_by_class(window: MainWindow) -> None:
    panel = window.problems
    panel.reload()
    lines = panel.model.rows()
    assert len(lines) == SAMPLE_PROBLEMS
    assert len({line.key for line in lines}) == len(lines)
    assert {line.problem.kind for line in lines} == {ProblemKind.POSITION_GAP}
    titles = [panel.model.item(row, 0).text() for row in range(panel.model.rowCount())]
    assert titles == [
        "Position gaps \u2014 GT (13)",
        "Position gaps \u2014 GTS (12)",
        "Position gaps \u2014 LMP675 (5)",
        "Position gaps \u2014 LMP900 (7)",
    ]
    assert "Rd 1 LMP675: positions 3\u20136 missing" in [line.text for line in lines]
    assert panel.summary.text() == f"{SAMPLE_PROBLEMS} problems"


def folded(window: MainWindow) -> list[bool]:
    view = window.problems.view
    heads = [view.model().index(row, 0) for row in range(view.model().rowCount())]
    return [not view.isExpanded(head) for head in heads]


def test_long_groups_start_folded_and_stay_as_the_user_left_them(window: MainWindow) -> None:
    """The sample opens on four group lines, the short LMP675 one unfolded; a group the user
    unfolds stays unfolded through the edits that reload the panel."""
    panel = window.problems
    panel.reload()
    assert folded(window) == [True, True, False, True]  # GT 13, GTS 12, LMP675 5, LMP900 7
    panel.view.setExpanded(panel.view.model().index(0, 0), True)
    panel.view.setExpanded(panel.view.model().index(2, 0), False)
    assert set_cell(window, line_of(window, "GT", 1).result_id, "laps", 301)
    panel.reload()
    assert folded(window) == [False, True, True, True]


def test_two_cars_in_one_place_are_one_line(window: MainWindow) -> None:
    first, second = line_of(window, "GT", 1), line_of(window, "GT", 2)
    assert set_cell(window, second.result_id, "class_pos", 1)
    shared = [x for x in window.problems.model.rows() if "hold position 1" in x.text]
    assert [x.result_ids for x in shared] == [(first.result_id, second.result_id)]


def test_double_click_goes_to_the_cell(qtbot: QtBot, window: MainWindow) -> None:
    line = window.problems.model.rows()[0]
    window.select_round(5)
    with qtbot.wait_signal(window.problems.problem_activated):
        window.problems.view.doubleClicked.emit(index_of(window, line))
    current = window.results.view.currentIndex()
    assert window.results.view.visible_lines()[current.row()].result_id == line.problem.result_id


def test_accept_hides_counts_stores_and_undoes(
    window: MainWindow, prompts: ScriptedPrompts
) -> None:
    panel = window.problems
    window.document.author = "Race Control"
    line = panel.model.rows()[0]
    prompts.text_answer = "  Car 4 withdrew   before the start "
    assert panel.accept(line)
    assert accepted_rows(window) == [(line.key, "Race Control", "Car 4 withdrew before the start")]
    assert line.key not in {x.key for x in panel.model.rows()}
    assert panel.summary.text() == f"{SAMPLE_PROBLEMS - 1} problems \u00b7 1 accepted"
    panel.show_accepted.setChecked(True)
    shown = next(x for x in panel.model.rows() if x.key == line.key)
    assert shown.accepted is not None
    assert shown.accepted.why == "Car 4 withdrew before the start"
    window.document.undo_stack.undo()
    assert accepted_rows(window) == []
    assert panel.summary.text() == f"{SAMPLE_PROBLEMS} problems"
    window.document.undo_stack.redo()
    assert panel.unaccept(next(x for x in panel.model.rows() if x.key == line.key))
    assert accepted_rows(window) == []


def test_an_accepted_problem_stays_accepted_when_reopened(
    qtbot: QtBot, sample_path: Path, settings: QSettings, prompts: ScriptedPrompts
) -> None:
    window = open_window(qtbot, sample_path, settings, prompts)
    line = window.problems.model.rows()[3]
    prompts.text_answer = "known"
    assert window.problems.accept(line)
    assert set_cell(window, line_of(window, "GT", 1).result_id, "laps", 301)  # unrelated edit
    season_id = window.document.season_id
    assert season_id is not None
    window.document.close()
    reopened = open_window(qtbot, sample_path, settings, ScriptedPrompts())
    try:
        assert (
            reopened.problems.summary.text() == f"{SAMPLE_PROBLEMS - 1} problems \u00b7 1 accepted"
        )
        with Session(reopened.document.door.engine) as session:
            live = LiveSeason.load(session=session, season_id=season_id)
        assert [a.key for a in live.data.accepted] == [line.key]
    finally:
        reopened.document.close()


@pytest.mark.parametrize(
    ("answer", "stored", "refusal"),
    [
        (None, None, ""),  # cancelled: nothing asked of the document
        ("", None, "field 'why'"),
        ("   \t ", None, "field 'why'"),
        ("x" * 501, None, "longer than 500"),
        ("x" * 500, "x" * 500, ""),
        ("'; DROP TABLE result; --", "'; DROP TABLE result; --", ""),
        (
            "Car excluded \u00e0 l'arriv\u00e9e \U0001f3c1",
            "Car excluded \u00e0 l'arriv\u00e9e \U0001f3c1",
            "",
        ),
        ("two\nlines", "two lines", ""),
    ],
)
def test_hostile_reasons(
    window: MainWindow,
    prompts: ScriptedPrompts,
    answer: str | None,
    stored: str | None,
    refusal: str,
) -> None:
    said: list[str] = []
    window.document.failed.connect(said.append)
    line = window.problems.model.rows()[0]
    prompts.text_answer = answer
    assert window.problems.accept(line) == (stored is not None)
    assert [why for _key, _who, why in accepted_rows(window)] == ([stored] if stored else [])
    assert all(refusal in text for text in said)
    assert bool(said) == bool(refusal)
    assert window.problems.model.rows()[0] == line or stored is not None


def test_the_right_click_menu(window: MainWindow, prompts: ScriptedPrompts) -> None:
    panel = window.problems
    menu = context_menu_of(panel.view)
    assert menu is not None
    choose(window, panel.model.rows()[0])
    enabled = {a.text(): a.isEnabled() for a in menu.menu().actions() if a.text()}
    assert enabled == {"Go to cell": True, "Accept\u2026": True, "Un-accept": False, "Copy": True}
    line = panel.model.rows()[0]
    prompts.text_answer = "fine"
    next(a for a in menu.actions() if a.text() == "Accept\u2026").trigger()
    assert [k for k, _w, _y in accepted_rows(window)] == [line.key]
    panel.show_accepted.setChecked(True)
    choose(window, next(x for x in panel.model.rows() if x.key == line.key))
    enabled = {a.text(): a.isEnabled() for a in menu.menu().actions() if a.text()}
    assert enabled["Un-accept"]
    assert not enabled["Accept\u2026"]
    next(a for a in menu.actions() if a.text() == "Un-accept").trigger()
    assert accepted_rows(window) == []
