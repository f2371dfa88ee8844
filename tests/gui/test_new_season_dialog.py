"""File > New season…: a season from nothing or from another one, as one undo step; bad input
is refused in the dialog and changes nothing; a read-only document refuses it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from gui.calendar.round_dialog import AT_THE_END, RoundDialog
from gui.main_window import MainWindow
from gui.season.new_season_dialog import FROM_NOTHING, NewSeasonDialog
from gui.season.settings_dialog import SeasonSettingsDialog
from model.edits.season_setup import definition_of
from model.edits.seasons import list_seasons
from model.io.jsonlines import read_json
from model.io.season_definition import RoundDefinition, parse_season_definition
from model.store.season_data import SeasonData, load_season_data
from tests.gui.conftest import read_only_window
from tests.gui.prompts import ScriptedPrompts
from tests.helpers import SAMPLE, dump

Fill = Callable[[NewSeasonDialog], None]


def seasons(window: MainWindow) -> list[tuple[str, int, int]]:
    return window.document.read(lambda s: list_seasons(session=s))


def season_data(window: MainWindow, season_id: int) -> SeasonData:
    return window.document.read(lambda s: load_season_data(session=s, season_id=season_id))


def answered(fill: Fill, said: list[str] | None = None) -> Callable[[NewSeasonDialog], int]:
    """A scripted answer: fill the dialog in, press its OK, say what it showed."""

    def answer(dialog: NewSeasonDialog) -> int:
        fill(dialog)
        dialog.accept()
        if said is not None:
            said.append(dialog.message.text())
        return dialog.result()

    return answer


def from_nothing(
    series: str = "Test Series",
    year: str = "2010",
    classes: tuple[str, ...] = ("Proto", "GT"),
    scales: tuple[tuple[str, str], ...] = (("standard", "25-18-15"),),
) -> Fill:
    def fill(dialog: NewSeasonDialog) -> None:
        dialog.start_from.setCurrentIndex(dialog.start_from.findText(FROM_NOTHING))
        dialog.series.setCurrentText(series)
        dialog.year.setText(year)
        dialog.classes.clear()
        for name in classes:
            dialog.add_class(name)
        dialog.scales.setRowCount(0)
        for name, points in scales:
            dialog.add_scale(name, points)

    return fill


def test_a_season_copied_as_the_next_year_is_one_undo_step(
    window: MainWindow, prompts: ScriptedPrompts
) -> None:
    path = window.document.path
    assert path is not None
    before = dump(path, history=False)

    def copy_with_entries(dialog: NewSeasonDialog) -> None:
        assert dialog.start_from.currentData() == 1  # the season on screen
        assert dialog.year.text() == "2004"
        dialog.copy_entries.setChecked(True)

    prompts.dialogs[NewSeasonDialog] = answered(copy_with_entries)
    assert window.season_setup.new_season()
    assert prompts.said("warning") == []
    (new_id,) = [sid for _, year, sid in seasons(window) if year == 2004]
    sample, copy = season_data(window, 1), season_data(window, new_id)
    assert copy.classes == sample.classes
    assert copy.scales == sample.scales
    assert copy.rules == sample.rules
    assert [(r.number, r.name, r.scale_name) for r in copy.rounds] == [
        (r.number, r.name, r.scale_name) for r in sample.rounds
    ]
    assert copy.rounds[0].date == dt.date(2004, 3, 15)
    assert len(copy.entries) == len(sample.entries)
    assert window.document.season_id == 1  # the season on screen stays, with its undo steps
    window.document.undo_stack.undo()
    assert dump(path, history=False) == before
    window.document.undo_stack.redo()
    assert len(seasons(window)) == 2


def test_a_season_from_nothing_with_the_scales_typed_in(
    window: MainWindow, prompts: ScriptedPrompts
) -> None:
    fill = from_nothing(scales=(("sprint", "25, 18, 15"), ("halves", "12.5 9 6.25")))
    prompts.dialogs[NewSeasonDialog] = answered(fill)
    assert window.season_setup.new_season()
    (new_id,) = [sid for series, _, sid in seasons(window) if series == "Test Series"]
    created = season_data(window, new_id)
    assert created.classes == ("Proto", "GT")
    assert {k: [str(p) for p in v] for k, v in created.scales.items()} == {
        "sprint": ["25", "18", "15"],
        "halves": ["12.5", "9", "6.25"],
    }
    assert created.rounds == ()
    assert created.entries == {}


def test_classes_are_put_in_order(window: MainWindow, prompts: ScriptedPrompts) -> None:
    def reorder(dialog: NewSeasonDialog) -> None:
        from_nothing(classes=("A", "B", "C"))(dialog)
        dialog.classes.setCurrentRow(2)
        dialog.move_class(-1)  # A C B
        dialog.classes.setCurrentRow(0)
        dialog.move_class(1)  # C A B
        dialog.classes.setCurrentRow(1)
        dialog.remove_class()  # C B

    prompts.dialogs[NewSeasonDialog] = answered(reorder)
    assert window.season_setup.new_season()
    (new_id,) = [sid for series, _, sid in seasons(window) if series == "Test Series"]
    assert season_data(window, new_id).classes == ("C", "B")


# (what, how the dialog is filled in, what its message says)
HOSTILE: list[tuple[str, Fill, str]] = [
    ("an empty series", from_nothing(series="  "), "series"),
    ("year 0", from_nothing(year="0"), "from 1000 to 9999"),
    ("year 99999", from_nothing(year="99999"), "from 1000 to 9999"),
    ("a year that is not a number", from_nothing(year="20x4"), "expected a year"),
    ("an empty year", from_nothing(year=""), "expected a year"),
    ("no class", from_nothing(classes=()), "at least one class"),
    ("a class twice", from_nothing(classes=("GT", "Proto", "GT")), "listed twice"),
    ("a class with a control character", from_nothing(classes=("G\x1bT",)), "control character"),
    ("no scale", from_nothing(scales=()), "at least one points scale"),
    ("a scale 25-x", from_nothing(scales=(("s", "25-x"),)), "found 'x'"),
    ("negative points", from_nothing(scales=(("s", "25, -3"),)), "negative"),
    ("three decimals", from_nothing(scales=(("s", "10.125"),)), "two decimal places"),
    ("a scale without points", from_nothing(scales=(("s", ""),)), "has no points"),
    ("a scale without a name", from_nothing(scales=(("", "3-2-1"),)), "empty"),
    (
        "a scale name twice",
        from_nothing(scales=(("s", "3-2-1"), ("s", "5-4"))),
        "listed twice",
    ),
    (
        "a year the series has already",
        from_nothing(series="American Le Mans Series", year="2003"),
        "already has a 2003 season",
    ),
]


@pytest.mark.parametrize(("what", "fill", "said"), HOSTILE, ids=[row[0] for row in HOSTILE])
def test_bad_input_is_refused_in_the_dialog_and_changes_nothing(
    window: MainWindow, prompts: ScriptedPrompts, what: str, fill: Fill, said: str
) -> None:
    path = window.document.path
    assert path is not None
    before = dump(path)
    shown: list[str] = []
    prompts.dialogs[NewSeasonDialog] = answered(fill, shown)
    assert not window.season_setup.new_season()
    assert said in shown[0], shown
    assert dump(path) == before
    assert window.document.undo_stack.count() == 0


def test_a_read_only_document_refuses_a_new_season(
    qtbot: QtBot,
    sample_path: Path,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prompts = ScriptedPrompts()
    window = read_only_window(qtbot, sample_path, settings, monkeypatch, prompts)
    assert window.document.read_only
    before = dump(sample_path)
    prompts.dialogs[NewSeasonDialog] = answered(from_nothing())
    assert not window.season_setup.new_season()
    assert any("read-only" in text for text in prompts.said("warning"))
    assert dump(sample_path) == before
    window.document.close()


def test_the_2003_season_is_built_from_nothing_after_file_new(
    window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    """File > New offers the New season dialog; the ALMS 2003 season typed in there, in
    Season > Settings… and round by round in the calendar is the sample's."""
    sample = parse_season_definition(read_json(SAMPLE / "season.json"), source="season.json")
    prompts.save_answer = str(tmp_path / "alms.pitboard")
    alms = from_nothing(
        series="American Le Mans Series",
        year="2003",
        classes=("LMP900", "LMP675", "GTS", "GT"),
        scales=(
            ("standard", "20-16-13-10-8-6-4-3-2-1"),
            ("endurance", "26-22-19-16-14-12-10-9-8-7"),
        ),
    )
    prompts.dialogs[NewSeasonDialog] = answered(alms)

    def rules(dialog: SeasonSettingsDialog) -> int:
        form = dialog.forms[None]
        form.set_value("min_distance_pct", 70)
        form.set_value("distance_reference", "overall_winner")
        form.set_value("team_scoring", "best_entry")
        form.set_value("team_positions", "as_classified")
        dialog.accept()
        return dialog.result()

    prompts.dialogs[SeasonSettingsDialog] = rules
    assert window.files.new_document()
    assert ("run", "NewSeasonDialog") in prompts.asked
    season_id = window.document.season_id
    assert season_id is not None  # shown at once: the document had no season
    assert window.season_setup.settings()
    assert prompts.said("warning") == []
    for rnd in sample.rounds:  # the calendar typed in round by round, Mexico then cancelled
        prompts.dialogs[RoundDialog] = typed_round(rnd)
        assert window.calendar_editor.add_round()
    window.calendar_view.selectRow(1)
    assert window.calendar_editor.toggle_cancelled()
    built = season_data(window, season_id)
    assert (built.series, built.year) == (sample.series, sample.year)
    assert built.classes == sample.classes
    assert built.scales == sample.points_scales
    assert built.rules == sample.rules
    # A round cancelled in the editor keeps the scale it had, to pay it again if reinstated.
    rounds = [
        replace(r, points_scale=None) if r.cancelled else r for r in definition_of(built).rounds
    ]
    assert tuple(rounds) == sample.rounds


def typed_round(rnd: RoundDefinition) -> Callable[[RoundDialog], int]:
    def fill(dialog: RoundDialog) -> int:
        dialog.name.setText(rnd.name)
        dialog.circuit.setText(rnd.circuit)
        dialog.date.setText(rnd.date.isoformat() if rnd.date else "")
        dialog.scale.setCurrentIndex(dialog.scale.findData(rnd.points_scale or "standard"))
        dialog.place.setCurrentIndex(dialog.place.findText(AT_THE_END))
        dialog.accept()
        return dialog.result()

    return fill


def test_cancel_changes_nothing(window: MainWindow, prompts: ScriptedPrompts) -> None:
    path = window.document.path
    assert path is not None
    before = dump(path)
    prompts.dialogs[NewSeasonDialog] = lambda dialog: int(QDialog.DialogCode.Rejected)
    assert not window.season_setup.new_season()
    assert dump(path) == before


def test_the_new_season_action_is_in_the_file_menu(window: MainWindow) -> None:
    texts = [
        action.text()
        for top in window.menuBar().actions()
        if (menu := top.menu()) is not None
        for action in menu.actions()
    ]
    assert "New s&eason…" in texts
    assert "&Settings…" in texts
    assert "&Points scales…" in texts
