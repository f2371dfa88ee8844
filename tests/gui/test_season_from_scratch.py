"""A whole season built in the editor from an empty document, through its dialogs only (no
season file, no results file): the season, its rules, its calendar, the entry list, two
rounds of finishers typed in, a car not registered for the teams' championship and a
penalty. Its standings must be the ones the same season gives when imported from files."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlmodel import Session

from gui.calendar.round_dialog import AT_THE_END, RoundDialog
from gui.entries.entries_panel import NEW_TEAM
from gui.main_window import MainWindow
from gui.penalties.penalty_dialog import PenaltyDialog
from gui.season.new_season_dialog import FROM_NOTHING, NewSeasonDialog
from gui.season.settings_dialog import SeasonSettingsDialog
from model.edits.results_import import import_result_rows
from model.edits.seasons import import_season
from model.io.results_csv import parse_results_csv
from model.io.season_definition import parse_season_definition
from model.scoring.rules import Championship
from model.scoring.standings import SeasonStandings, compute_standings
from model.store.db import open_engine, url_for_path
from model.store.season_data import load_season_data
from tests.gui.prompts import ScriptedPrompts

CARS = (  # car, team, chassis, drivers
    ("1", "Red Racing", "Audi R8", "Ann Able; Bo Best"),
    ("2", "Blue Racing", "Lola B01", "Cy Cole"),
    ("3", "Red Racing", "Audi R8", "Di Dunn"),
)
ROUNDS = (("Opener", "2027-03-06", "1"), ("Short race", "2027-04-10", "0.5"))
FINISHES = (("1", "2", "3"), ("2", "3", "1"))
PENALTY = {
    "class": "P",
    "competitor": "Blue Racing",
    "round": 2,
    "points": -5,
    "reason": "jump start",
}

# The same season as files say it.
SEASON_FILE = {
    "series": "Scratch Cup",
    "season": 2027,
    "classes": ["P", "GT"],
    "points_scales": {"race": [25, 18, 15, 12, 10]},
    "rules": {"team_scores": "all_entries"},
    "rounds": [
        {"round": n, "name": name, "date": date, "points_scale": "race", "points_factor": float(f)}
        for n, (name, date, f) in enumerate(ROUNDS, start=1)
    ],
    "penalties": [PENALTY],
}
RESULTS_FILE = "round,class,class_pos,car,team,chassis,status,drivers,eligible\n" + "".join(
    f"{rnd},P,{pos},{car},{team},{chassis},classified,{drivers},{'drivers' if car == '3' else ''}\n"
    for rnd, order in enumerate(FINISHES, start=1)
    for pos, car in enumerate(order, start=1)
    for number, team, chassis, drivers in CARS
    if number == car
)


def answer(fill: Callable[[Any], None]) -> Callable[[Any], int]:
    def answered(dialog: Any) -> int:
        fill(dialog)
        dialog.accept()
        return int(dialog.result())

    return answered


def new_season(dialog: NewSeasonDialog) -> None:
    dialog.start_from.setCurrentIndex(dialog.start_from.findText(FROM_NOTHING))
    dialog.series.setCurrentText("Scratch Cup")
    dialog.year.setText("2027")
    dialog.classes.clear()
    for name in ("P", "GT"):
        dialog.add_class(name)
    dialog.scales.setRowCount(0)
    dialog.add_scale("race", "25-18-15-12-10")


def rules(dialog: SeasonSettingsDialog) -> None:
    dialog.forms[None].set_value("team_scoring", "all_entries")


def round_typed(name: str, date: str, factor: str) -> Callable[[RoundDialog], None]:
    def fill(dialog: RoundDialog) -> None:
        dialog.name.setText(name)
        dialog.date.setText(date)
        dialog.factor.setText(factor)
        dialog.place.setCurrentIndex(dialog.place.findText(AT_THE_END))

    return fill


def penalty(dialog: PenaltyDialog) -> None:
    dialog.class_name.setCurrentText(PENALTY["class"])
    dialog.competitor.setText(str(PENALTY["competitor"]))
    dialog.round.setCurrentIndex(dialog.round.findData(PENALTY["round"]))
    dialog.points.setText(str(PENALTY["points"]))
    dialog.reason.setText(str(PENALTY["reason"]))


def set_entry(window: MainWindow, entry_id: int, field: str, value: str) -> None:
    model = window.entries.model
    row = model.row_of(entry_id)
    assert row is not None
    index = model.index(row, model.column_of(field))
    assert model.setData(index, value, Qt.ItemDataRole.EditRole), (field, value)


def type_finishers(qtbot: QtBot, window: MainWindow, cars: tuple[str, ...]) -> None:
    entry = window.results.car_entry
    entry.setFocus()
    for car in cars:
        qtbot.keyClicks(entry, car)
        qtbot.keyClick(entry, Qt.Key.Key_Return)


def table_of(standings: SeasonStandings) -> list[tuple[Any, ...]]:
    """Every table's rows as published: position, name, points per round, total, and the
    excluded ones."""
    return [
        (key, row.pos, row.name, tuple(c.points for c in row.cells), row.total, row.excluded)
        for key, table in standings.tables.items()
        for row in (*table.rows, *table.excluded)
    ]


def from_files(tmp_path: Path) -> SeasonStandings:
    engine = open_engine(url_for_path(tmp_path / "files.pitboard"))
    with Session(engine) as session:
        definition = parse_season_definition(SEASON_FILE, source="season.json")
        season_id = import_season(session=session, definition=definition, source=None).season_id
        rows = parse_results_csv(RESULTS_FILE, source="results.csv")
        import_result_rows(session=session, season_id=season_id, rows=rows, source="results.csv")
        session.commit()
        data = load_season_data(session=session, season_id=season_id)
    engine.dispose()
    return compute_standings(data)


def test_a_season_built_in_the_editor_scores_as_the_same_season_from_files(
    qtbot: QtBot, window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    prompts.save_answer = str(tmp_path / "scratch.pitboard")
    prompts.dialogs[NewSeasonDialog] = answer(new_season)
    assert window.files.new_document()
    season_id = window.document.season_id
    assert season_id is not None
    prompts.dialogs[SeasonSettingsDialog] = answer(rules)
    assert window.season_setup.settings()
    for name, date, factor in ROUNDS:
        prompts.dialogs[RoundDialog] = answer(round_typed(name, date, factor))
        assert window.calendar_editor.add_round()
    for car, team, chassis, drivers in CARS:
        assert window.entries.add_entry("P")
        (new,) = [row for row in window.entries.model.rows() if row.team == NEW_TEAM]
        for field, value in (("car", car), ("chassis", chassis), ("drivers", drivers)):
            set_entry(window, new.entry_id, field, value)
        set_entry(window, new.entry_id, "team", team)
    data = window.document.data
    assert data is not None
    for rnd, order in zip(data.numbered_rounds, FINISHES, strict=True):
        window.select_round(rnd.id)
        window.results.set_class("P")
        type_finishers(qtbot, window, order)
    (third,) = [row for row in window.entries.model.rows() if row.car == "3"]
    set_entry(window, third.entry_id, "ineligible", "manufacturers teams")
    prompts.dialogs[PenaltyDialog] = answer(penalty)
    assert window.penalties.add_penalty()
    assert prompts.said("warning") == []
    assert prompts.said("error") == []
    live = window.document.live
    assert live is not None
    built = live.standings
    assert table_of(built) == table_of(from_files(tmp_path))
    teams = built.table("P", Championship.TEAMS)
    # Red Racing: 25 + 0 (car 3 not registered for teams, 18 at half points)... car 1 is 3rd
    # at half points (7.5); Blue Racing: 18 + 12.5 - 5.
    assert [(row.name, row.total) for row in teams.rows] == [
        ("Red Racing", Decimal("32.5")),
        ("Blue Racing", Decimal("25.5")),
    ]
