"""Who can still win, in the standings panel: the title mark frozen beside the total, the most
each competitor can reach in the scrolling part and in the tooltips, a legend under the table,
and the right-click menu on both views."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.standings.standings_model import COL_NAME, OUT_COLOUR
from gui.standings.standings_page import StandingsPage
from gui.standings.standings_panel import StandingsPanel
from model.scoring.live_season import LiveSeason
from model.scoring.standings import compute_standings
from model.store.season_data import SeasonData
from tests.builders import SeasonBuilder


def season(finishes: list[tuple[str, ...]], rounds: int) -> SeasonData:
    """Teams of class P finishing in these orders in the first of `rounds` (20-16-13)."""
    b = SeasonBuilder(classes=("P",))
    ids = [b.round(scale=(20, 16, 13)) for _ in range(rounds)]
    teams = sorted({team for order in finishes for team in order})
    entries = {team: b.entry(team, car=str(n)) for n, team in enumerate(teams, start=1)}
    for round_id, order in zip(ids, finishes, strict=False):
        b.finish(round_id, *(entries[team] for team in order))
    return b.build()


def panel_on(qtbot: QtBot, data: SeasonData) -> tuple[StandingsPanel, StandingsPage]:
    panel = StandingsPanel()
    qtbot.addWidget(panel)
    panel.resize(600, 400)
    panel.show_standings(LiveSeason(1, data), data.classes)
    page = panel.shown_page()
    assert page is not None
    return panel, page


def shown_marks(page: StandingsPage) -> dict[str, tuple[str, str, str | None]]:
    """Each competitor's mark, Max and the mark's tooltip, as on screen."""
    model = page.model
    assert model.mark_column is not None
    assert model.max_column is not None
    return {
        model.index(row, COL_NAME).data(): (
            model.index(row, model.mark_column).data(),
            model.index(row, model.max_column).data(),
            model.index(row, model.mark_column).data(Qt.ItemDataRole.ToolTipRole),
        )
        for row in range(model.rowCount())
    }


# (case, finishes, rounds, each team's (mark, Max, tooltip))
CASES = [
    ("one round left, both can win", [("A", "B"), ("A", "B")], 3, {"A": ("✓", "60", "Can still win: can reach 60"), "B": ("✓", "52", "Can still win: can reach 52")}),
    ("one round left, too far behind", [("A", "C"), ("A",)], 3, {"A": ("C", "60", "Champion"), "C": ("", "36", "Out of contention: can reach 36")}),
    ("season over", [("A", "B", "C"), ("B", "A", "C")], 2, {"A": ("C", "36", "Champion"), "B": ("C", "36", "Champion"), "C": ("", "26", "Out of contention: can reach 26")}),
    ("third out, two can win", [("A", "B", "C"), ("B", "A")], 3, {"A": ("✓", "56", "Can still win: can reach 56"), "B": ("✓", "56", "Can still win: can reach 56"), "C": ("", "33", "Out of contention: can reach 33")}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("finishes", "rounds", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_marks_max_and_tooltips(
    qtbot: QtBot,
    finishes: list[tuple[str, ...]],
    rounds: int,
    expected: dict[str, tuple[str, str, str]],
) -> None:
    _, page = panel_on(qtbot, season(finishes, rounds))
    assert shown_marks(page) == expected
    model = page.model
    for row in range(model.rowCount()):
        name = model.index(row, COL_NAME)
        out = model.index(row, model.mark_column or 0).data() == ""
        brush = name.data(Qt.ItemDataRole.ForegroundRole)
        assert (brush is not None and brush.color() == OUT_COLOUR) is out  # dimmed when out
        champion = model.index(row, model.mark_column or 0).data() == "C"
        font = model.index(row, model.mark_column or 0).data(Qt.ItemDataRole.FontRole)
        assert (font is not None and font.bold()) is champion
        assert expected[name.data()][2] in name.data(Qt.ItemDataRole.ToolTipRole)


def test_the_mark_is_frozen_max_scrolls_and_a_legend_explains(qtbot: QtBot) -> None:
    _, page = panel_on(qtbot, season([("A", "B"), ("A", "B")], 3))
    model = page.model
    assert model.mark_column is not None
    assert model.max_column is not None
    assert page.frozen_columns()[:4] == [0, COL_NAME, model.total_column, model.gap_column]
    assert not page.frozen.isColumnHidden(model.mark_column)
    assert page.rounds.isColumnHidden(model.mark_column)
    assert not page.rounds.isColumnHidden(model.max_column)
    assert page.frozen.isColumnHidden(model.max_column)
    assert model.headerData(model.mark_column, Qt.Orientation.Horizontal) == ""  # narrow
    assert page.legend.isVisibleTo(page)
    assert "can still win" in page.legend.text()
    header = model.as_tsv().split("\n")[0].split("\t")
    assert header[-5:] == ["Max", "Title", "Change", "Gap", "Total"]


def test_past_standings_have_no_marks(qtbot: QtBot) -> None:
    """A season's standings as they were (the history panel) say nothing about the title."""
    data = season([("A", "B"), ("A", "B")], 3)
    panel = StandingsPanel()
    qtbot.addWidget(panel)
    panel.show_standings(compute_standings(data), data.classes)
    page = panel.shown_page()
    assert page is not None
    assert page.model.mark_column is None
    assert page.model.max_column is None
    assert not page.legend.isVisibleTo(page)


@pytest.mark.parametrize("view_name", ["frozen", "rounds"])
def test_the_right_click_menu_copies_the_table_or_a_row(qtbot: QtBot, view_name: str) -> None:
    panel, page = panel_on(qtbot, season([("A", "B", "C"), ("B", "A", "C")], 3))
    view = getattr(page, view_name)
    assert view.contextMenuPolicy() is Qt.ContextMenuPolicy.CustomContextMenu
    second = QPoint(5, view.rowViewportPosition(1) + 2)
    menu = panel.context_menu(view, second)
    actions = {action.text(): action for action in menu.actions()}
    assert list(actions) == ["Copy table", "Copy row"]
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    actions["Copy table"].trigger()
    assert clipboard.text() == panel.table_text() == page.model.as_tsv()
    actions["Copy row"].trigger()
    lines = clipboard.text().rstrip("\n").split("\n")
    assert len(lines) == 2
    assert lines[0] == page.model.as_tsv().split("\n")[0]
    second_row = [page.model.index(1, column).data() for column in (0, COL_NAME)]
    assert lines[1].split("\t")[:2] == second_row
    assert second_row[1] != page.model.index(0, COL_NAME).data()


@pytest.mark.parametrize("view_name", ["frozen", "rounds"])
def test_no_row_under_the_click_nothing_to_copy_as_a_row(qtbot: QtBot, view_name: str) -> None:
    panel, page = panel_on(qtbot, season([("A", "B")], 3))
    view = getattr(page, view_name)
    below = QPoint(5, view.rowViewportPosition(page.model.rowCount() - 1) + 200)
    actions = {action.text(): action for action in panel.context_menu(view, below).actions()}
    assert not actions["Copy row"].isEnabled()
    assert actions["Copy table"].isEnabled()


@pytest.mark.parametrize("class_name", ["GT", "LMP900"])
def test_the_finished_sample_has_one_champion_per_class(
    window: MainWindow, class_name: str
) -> None:
    model = window.standings.model_for(class_name)
    assert model.mark_column is not None
    marks = [model.index(row, model.mark_column).data() for row in range(model.rowCount())]
    assert marks.count("C") == 1
    assert marks[0] == "C"
    assert set(marks) <= {"C", ""}
