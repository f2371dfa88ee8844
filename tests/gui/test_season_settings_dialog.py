"""Season > Settings… and Season > Points scales…: every rule and scale in a form, a preview
of what a change does, OK as one undo step that recalculates at once; bad values are refused
in the dialog and change nothing; a read-only document refuses both."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.season.rules_form import RULES
from gui.season.scales_dialog import PointsScalesDialog
from gui.season.settings_dialog import SeasonSettingsDialog
from model.scoring.rules import Championship, DropSegment, SeasonRules
from model.store.history_log import history
from tests.gui.conftest import read_only_window
from tests.gui.prompts import ScriptedPrompts
from tests.helpers import dump

D = Decimal
Dialog = Any


def answered(fill: Callable[[Any], None], said: list[str] | None = None) -> Callable[[Any], int]:
    def answer(dialog: Any) -> int:
        fill(dialog)
        dialog.accept()
        if said is not None:
            said.append(dialog.message.text())
        return int(dialog.result())

    return answer


def history_words(window: MainWindow) -> list[str]:
    return [
        line.description for line in window.document.read(lambda s: history(session=s, season_id=1))
    ]


def gt_teams_total(window: MainWindow, team: str) -> Decimal:
    standings = window.document.standings
    assert standings is not None
    table = standings.tables[("GT", Championship.TEAMS)]
    return next(row.total for row in table.rows if row.name == team)


# --- settings -----------------------------------------------------------------------------


def test_the_form_has_a_row_for_every_rule_the_engine_knows() -> None:
    keys = {rule.key for rule in RULES}
    assert keys == set(SeasonRules().to_json()) - {"championships"}


def test_the_dialog_shows_the_seasons_rules(window: MainWindow) -> None:
    data = window.document.data
    assert data is not None
    dialog = SeasonSettingsDialog(data, window, "GT")
    assert dialog.rules() == data.rules
    assert "The rules as they are." in dialog.preview.toPlainText()
    assert "GT teams: no change" in dialog.preview.toPlainText()


def test_the_preview_says_what_a_rule_changes(window: MainWindow) -> None:
    data = window.document.data
    assert data is not None
    dialog = SeasonSettingsDialog(data, window, "GT")
    dialog.forms[None].set_value("best_results", 3)
    dialog.refresh_preview()
    shown = dialog.preview.toPlainText()
    assert "Best results counted: — → 3" in shown
    assert "GT teams:" in shown
    assert "→" in shown.split("GT teams:")[1]
    assert "1. " in shown.split("GT teams:")[1]


PREVIEWS: list[tuple[Championship | None, str, Any, str]] = [
    (None, "best_results", 3, "Best results counted: — → 3"),
    (None, "qualifying_points", "endurance", "Qualifying points scale: (none) → endurance"),
    (None, "min_distance_pct", 75, "Minimum distance (%): 70 → 75"),
    (
        None,
        "scoring_statuses",
        ["classified", "not_classified"],
        "Statuses that score: Classified → Classified, Not classified",
    ),
    (None, "team_scoring", "per_car", "Team scores: its best car → each car on its own"),
    (
        Championship.DRIVERS,
        "best_results",
        5,
        "Drivers' own best results counted: as the season's → 5",
    ),
]


@pytest.mark.parametrize(("form", "key", "value", "line"), PREVIEWS, ids=[p[1] for p in PREVIEWS])
def test_the_preview_names_each_changed_rule(
    window: MainWindow, form: Championship | None, key: str, value: Any, line: str
) -> None:
    data = window.document.data
    assert data is not None
    dialog = SeasonSettingsDialog(data, window, "GT")
    dialog.forms[form].set_value(key, value)
    dialog.refresh_preview()
    assert line in dialog.preview.toPlainText()
    assert dialog.message.text() == ""


def test_changed_rules_are_one_undo_step_that_recalculates_at_once(
    window: MainWindow, prompts: ScriptedPrompts
) -> None:
    path = window.document.path
    assert path is not None
    before, total = dump(path, history=False), gt_teams_total(window, "Alex Job Racing")

    def fill(dialog: SeasonSettingsDialog) -> None:
        dialog.forms[None].set_value("best_results", 3)
        drivers = dialog.forms[Championship.DRIVERS]
        drivers.set_value("best_results", [{"rounds": [1, 5], "best": 2}])
        drivers.set_value("pole_points", 1)

    prompts.dialogs[SeasonSettingsDialog] = answered(fill)
    assert window.season_setup.settings()
    assert prompts.said("warning") == []
    data = window.document.data
    assert data is not None
    assert data.rules.best_results == 3
    drivers = data.rules.for_championship(Championship.DRIVERS)
    assert drivers.best_results == (DropSegment(1, 5, 2),)
    assert drivers.pole_points == 1
    assert gt_teams_total(window, "Alex Job Racing") < total  # recalculated already
    words = history_words(window)
    assert any("best_results" in w for w in words), words
    window.document.undo_stack.undo()
    assert dump(path, history=False) == before
    assert gt_teams_total(window, "Alex Job Racing") == total


def test_ok_without_a_change_is_no_undo_step(window: MainWindow, prompts: ScriptedPrompts) -> None:
    prompts.dialogs[SeasonSettingsDialog] = answered(lambda _dialog: None)
    assert not window.season_setup.settings()
    assert window.document.undo_stack.count() == 0


def typed(form: Championship | None, key: str, text: str) -> Callable[[Dialog], None]:
    def fill(dialog: SeasonSettingsDialog) -> None:
        if form is not None:
            dialog.forms[form].own[key].setChecked(True)
        editor = dialog.forms[form].editors[key]
        assert isinstance(editor, QLineEdit)
        editor.setText(text)

    return fill


SETTINGS_HOSTILE: list[tuple[str, Callable[[Dialog], None], str]] = [
    ("a distance that is text", typed(None, "min_distance_pct", "seventy"), "Minimum distance"),
    ("a distance over 100%", typed(None, "min_distance_pct", "150"), "percentage"),
    ("best results as text", typed(None, "best_results", "x"), "Best results counted"),
    ("best results 0", typed(None, "best_results", "0"), "whole number from 1"),
    ("overlapping segments", typed(None, "best_results", "1-5: 3, 4-8: 2"), "overlap"),
    ("negative pole points", typed(None, "pole_points", "-1"), "Pole points"),
    ("pole points with 3 decimals", typed(None, "pole_points", "0.125"), "two decimal"),
    ("fastest lap down to 0th", typed(None, "fastest_lap_max_pos", "0"), "Fastest lap paid"),
    ("no manufacturer car counted", typed(None, "manufacturers", "0"), "best_cars"),
    (
        "a drivers' own rule that is text",
        typed(Championship.DRIVERS, "best_results", "most"),
        "Drivers' own: Best results counted",
    ),
]


@pytest.mark.parametrize(
    ("what", "fill", "said"), SETTINGS_HOSTILE, ids=[row[0] for row in SETTINGS_HOSTILE]
)
def test_a_value_that_is_not_a_rule_is_refused_and_changes_nothing(
    window: MainWindow,
    prompts: ScriptedPrompts,
    what: str,
    fill: Callable[[Dialog], None],
    said: str,
) -> None:
    path = window.document.path
    assert path is not None
    before = dump(path)
    shown: list[str] = []
    prompts.dialogs[SeasonSettingsDialog] = answered(fill, shown)
    assert not window.season_setup.settings()
    assert said in shown[0], shown
    assert dump(path) == before
    assert window.document.undo_stack.count() == 0


# --- points scales ---------------------------------------------------------------------------


def test_scales_and_rounds_change_as_one_undo_step(
    window: MainWindow, prompts: ScriptedPrompts
) -> None:
    path = window.document.path
    assert path is not None
    before = dump(path, history=False)

    def fill(dialog: PointsScalesDialog) -> None:
        dialog.set_scale(dialog.scale_row("endurance"), name="long", points="30-24-20.5")
        dialog.add_scale("double", "40, 32, 26")
        dialog.set_round(6, factor="0.5")  # Road America (round 6; Mexico is row 1)
        dialog.set_round(9, scale="double")  # Petit Le Mans
        assert "half points" in dialog.round_table.item(6, 4).text()
        assert dialog.round_table.item(0, 4).text() == "30-24-20.5"  # Sebring follows its scale

    prompts.dialogs[PointsScalesDialog] = answered(fill)
    assert window.season_setup.points_scales()
    assert prompts.said("warning") == []
    data = window.document.data
    assert data is not None
    assert data.scales["long"] == (D(30), D(24), D("20.5"))
    assert data.scales["double"] == (D(40), D(32), D(26))
    assert data.rounds[0].scale_name == "long"
    assert data.rounds[6].factor == D("0.5")
    assert data.rounds[9].scale_name == "double"
    words = history_words(window)
    assert any("points scale" in w and "long" in w for w in words), words
    window.document.undo_stack.undo()
    assert dump(path, history=False) == before


def row_of(name: str) -> Callable[[PointsScalesDialog], int]:
    return lambda dialog: dialog.scale_row(name)


def removing(name: str) -> Callable[[Dialog], None]:
    def fill(dialog: PointsScalesDialog) -> None:
        assert not dialog.remove_scale(dialog.scale_row(name))

    return fill


def scale_points(name: str, points: str) -> Callable[[Dialog], None]:
    return lambda dialog: dialog.set_scale(dialog.scale_row(name), points=points)


def factor(row: int, text: str) -> Callable[[Dialog], None]:
    return lambda dialog: dialog.set_round(row, factor=text)


SCALES_HOSTILE: list[tuple[str, Callable[[Dialog], None], str]] = [
    ("removing a scale in use", removing("endurance"), "used by Mobil 1 12 Hours of Sebring"),
    ("points 25-x", scale_points("standard", "25-x"), "found 'x'"),
    ("negative points", scale_points("standard", "25, -3"), "negative"),
    ("three decimals", scale_points("standard", "10.125"), "two decimal places"),
    ("no points", scale_points("standard", " "), "has no points"),
    ("a duplicate name", lambda d: d.add_scale("Standard", "1"), "listed twice"),
    ("an empty name", lambda d: d.add_scale(" ", "1"), "empty"),
    ("a factor of 0", factor(0, "0"), "more than 0"),
    ("a factor that is text", factor(0, "half"), "expected a factor"),
    ("a negative factor", factor(0, "-1"), "more than 0"),
]


@pytest.mark.parametrize(
    ("what", "fill", "said"), SCALES_HOSTILE, ids=[row[0] for row in SCALES_HOSTILE]
)
def test_a_bad_scale_or_factor_is_refused_and_changes_nothing(
    window: MainWindow,
    prompts: ScriptedPrompts,
    what: str,
    fill: Callable[[Dialog], None],
    said: str,
) -> None:
    path = window.document.path
    assert path is not None
    before = dump(path)
    shown: list[str] = []
    prompts.dialogs[PointsScalesDialog] = answered(fill, shown)
    assert not window.season_setup.points_scales()
    assert said in shown[0], shown
    assert dump(path) == before
    assert window.document.undo_stack.count() == 0


def test_a_scale_the_qualifying_rule_uses_cannot_be_removed(
    window: MainWindow, prompts: ScriptedPrompts
) -> None:
    prompts.dialogs[PointsScalesDialog] = answered(lambda d: d.add_scale("quali", "3-2-1"))
    assert window.season_setup.points_scales()
    prompts.dialogs[SeasonSettingsDialog] = answered(
        lambda d: d.forms[None].set_value("qualifying_points", "quali")
    )
    assert window.season_setup.settings()
    shown: list[str] = []
    prompts.dialogs[PointsScalesDialog] = answered(
        lambda d: d.remove_scale(d.scale_row("quali")), shown
    )
    assert not window.season_setup.points_scales()
    assert "qualifying_points" in shown[0], shown


# --- read-only ------------------------------------------------------------------------------

ACTIONS: list[tuple[str, Callable[[MainWindow], bool], type[QDialog]]] = [
    ("settings", lambda w: w.season_setup.settings(), SeasonSettingsDialog),
    ("points scales", lambda w: w.season_setup.points_scales(), PointsScalesDialog),
]


@pytest.mark.parametrize(("what", "action", "kind"), ACTIONS, ids=[row[0] for row in ACTIONS])
def test_a_read_only_document_refuses_them(
    qtbot: QtBot,
    sample_path: Path,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
    what: str,
    action: Callable[[MainWindow], bool],
    kind: type[QDialog],
) -> None:
    prompts = ScriptedPrompts()
    window = read_only_window(qtbot, sample_path, settings, monkeypatch, prompts)
    assert window.document.read_only
    before = dump(sample_path)
    prompts.dialogs[kind] = answered(lambda _dialog: None)
    assert not action(window)
    assert any("read-only" in text for text in prompts.said("warning"))
    assert dump(sample_path) == before
    window.document.close()
