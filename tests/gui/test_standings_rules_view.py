"""The standings panel and calendar with the rules' outputs: decimal points as published,
the penalty column and marked rounds, excluded competitors greyed below the ranked ones, the
manufacturers' championship, and each round's scale and factor in the calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from gui.calendar.calendar_model import CalendarModel
from gui.standings.standings_model import EXCLUDED_COLOUR, StandingsTableModel
from gui.standings.standings_panel import StandingsPanel
from gui.tables.table_model import SortProxy, SortRole
from model.scoring.points import ZERO
from model.scoring.rules import Championship, Penalty
from model.scoring.standings import SeasonStandings, StandingsTable, compute_standings
from model.store.queries import RoundLine
from model.store.season_data import SeasonData
from tests.builders import SeasonBuilder

COLLISION = Penalty(None, "P", "Bravo", 1, Decimal(-10), False, "causing a collision")
FUEL_TANK = Penalty(None, "P", "Delta", None, ZERO, True, "an illegal fuel tank")
BONUS = Penalty(Championship.TEAMS, "P", "Charlie", None, Decimal(80), False, "a test bonus")


def season(*penalties: Penalty) -> SeasonData:
    """Three rounds, the second at Monaco on half points; four cars of three makes."""
    b = SeasonBuilder(classes=("P",))
    first, monaco, third = b.round(), b.round(), b.round()
    b.rounds[1] = b.rounds[1]._replace(name="Monaco", factor=Decimal("0.5"))
    alpha = b.entry("Alpha", chassis="Audi R8", drivers=("Ann",))
    bravo = b.entry("Bravo", chassis="Audi R8", drivers=("Ben",))
    charlie = b.entry("Charlie", chassis="Porsche 911", drivers=("Cat",))
    delta = b.entry("Delta", chassis="Ferrari 360", drivers=("Dan",))
    b.finish(first, alpha, bravo, charlie, delta)
    b.finish(monaco, charlie, alpha, bravo, delta)
    b.finish(third, bravo, charlie, alpha, delta)
    return replace(b.build(), penalties=penalties)


def table(data: SeasonData, championship: Championship = Championship.TEAMS) -> StandingsTable:
    return compute_standings(data).table("P", championship)


def shown(model: Any) -> list[list[str]]:
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def headers(model: Any) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def test_teams_show_points_the_penalty_and_the_excluded_last(qtmodeltester: Any) -> None:
    model = StandingsTableModel()
    model.set_table(table(season(COLLISION, FUEL_TANK)))
    qtmodeltester.check(model, force_py=True)
    assert headers(model) == [
        "Pos",
        "Team",
        "Chassis",
        "Engine",
        "Rd 1",
        "Rd 2",
        "Rd 3",
        "Pen.",
        "Change",
        "Gap",
        "Total",
    ]
    assert shown(model) == [
        ["1", "Alpha", "Audi R8", "Engine", "20", "8", "13", "", "", "Leader", "41"],
        ["2", "Charlie", "Porsche 911", "Engine", "13", "10", "16", "", "", "-2", "39"],
        ["3", "Bravo", "Audi R8", "Engine", "16 (-10)", "6.5", "20", "-10", "", "-8.5", "32.5"],
        ["EXC", "Delta", "Ferrari 360", "Engine", "10", "5", "10", "", "", "", "25"],
    ]


def test_an_excluded_row_is_greyed_and_says_why() -> None:
    model = StandingsTableModel()
    model.set_table(table(season(COLLISION, FUEL_TANK)))
    excluded = model.index(3, 1)
    assert excluded.data(Qt.ItemDataRole.ForegroundRole).color() == EXCLUDED_COLOUR
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    assert "Reason: an illegal fuel tank." in excluded.data(Qt.ItemDataRole.ToolTipRole)
    bravo_round_1 = model.index(2, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert "Penalty for this round: -10" in bravo_round_1


def test_no_penalty_no_penalty_column() -> None:
    model = StandingsTableModel()
    model.set_table(table(season()))
    assert "Pen." not in headers(model)
    assert [row[0] for row in shown(model)] == ["1", "2", "3", "4"]


@pytest.mark.parametrize(
    ("championship", "name", "first"),
    [
        (
            Championship.TEAMS,
            "Team",
            ["1", "Bravo", "Audi R8", "Engine", "16", "6.5", "20", "", "Leader", "42.5"],
        ),
        (
            Championship.DRIVERS,
            "Driver",
            ["1", "Ben", "Audi R8", "Engine", "16", "6.5", "20", "", "Leader", "42.5"],
        ),
        (
            Championship.MANUFACTURERS,
            "Manufacturer",
            ["1", "Audi", "Audi R8", "Engine", "20", "8", "20", "", "Leader", "48"],
        ),
    ],
    ids=["teams", "drivers", "manufacturers"],
)
def test_each_championship_names_its_competitors(
    championship: Championship, name: str, first: list[str]
) -> None:
    model = StandingsTableModel()
    model.set_table(table(season(), championship))
    assert headers(model)[1] == name
    assert shown(model)[0] == first


def test_sorting_by_total_is_by_points_not_by_text() -> None:
    model = StandingsTableModel()
    model.set_table(table(season(BONUS, FUEL_TANK)))  # Charlie: 39 + 80 = 119
    proxy = SortProxy()
    proxy.setSourceModel(model)
    total = model.columnCount() - 1
    assert isinstance(model.index(0, total).data(SortRole), Decimal)
    proxy.sort(total, Qt.SortOrder.AscendingOrder)
    column = [proxy.index(row, total).data() for row in range(proxy.rowCount())]
    assert column == ["25", "41", "42.5", "119"]  # as text, 119 would come first


def test_the_picker_offers_every_championship(qtbot: QtBot) -> None:
    panel = StandingsPanel()
    qtbot.addWidget(panel)
    data = season(COLLISION, FUEL_TANK)
    standings: SeasonStandings = compute_standings(data)
    panel.show_standings(standings, data.classes)
    combo = panel.findChild(QComboBox)
    assert [combo.itemData(i) for i in range(combo.count())] == list(Championship)
    assert combo.itemText(2) == "Manufacturers championship"
    panel.set_championship(Championship.MANUFACTURERS)
    model = panel.shown_model()
    assert model is not None
    assert headers(model)[1] == "Manufacturer"
    assert [row[1] for row in shown(model)] == ["Audi", "Porsche", "Ferrari"]


def line(round_id: int, number: int | None, *, cancelled: bool = False) -> RoundLine:
    return RoundLine(
        round_id, number, f"Round {number}", "", dt.date(2003, 3, 1), "sprint", cancelled
    )


def test_the_calendar_shows_each_rounds_scale_and_factor(qtbot: QtBot) -> None:
    data = season()
    rounds = list(data.rounds)
    rounds[2] = rounds[2]._replace(scale=(Decimal(25), Decimal("12.5")), scale_name="sprint")
    model = CalendarModel()
    model.set_calendar([line(r.id, r.number) for r in rounds], rounds)
    points = [model.index(row, 3).data() for row in range(model.rowCount())]
    assert points == ["20-16-13…", "20-16-13… \u00d70.5", "25-12.5"]
    tooltip = model.index(1, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "Points: 20-16-13-10-8-6-4-3-2-1 to the top 10; half points"
    assert model.index(2, 3).data(Qt.ItemDataRole.ToolTipRole).startswith("Points (sprint):")
    doubled = [rounds[0], rounds[1]._replace(factor=Decimal(2)), rounds[2]]
    with qtbot.wait_signal(model.dataChanged):  # the line is the same; its factor is not
        model.set_calendar([line(r.id, r.number) for r in rounds], doubled)
    assert model.index(1, 3).data() == "20-16-13… \u00d72"


def test_without_the_seasons_rounds_the_calendar_names_the_scale() -> None:
    model = CalendarModel()
    model.set_rows([line(1, 1), line(2, None, cancelled=True)])
    assert [model.index(row, 3).data() for row in range(2)] == ["sprint", "—"]
