"""A main window on a fresh copy of a document, with settings kept in the test's folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from gui.app import build_window
from gui.main_window import MainWindow
from model.edits.entries import add_entry
from model.edits.seasons import import_season
from model.io.jsonlines import read_json
from model.io.season_definition import parse_season_definition
from model.store.db import open_engine, transaction, url_for_path
from tests.conftest import DATA
from tests.gui.prompts import ScriptedPrompts

GT_CARS = ("23", "24", "31", "35", "45", "51", "61", "63", "66", "69")


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def prompts() -> ScriptedPrompts:
    """The answers the `window` and `empty_window` give to their questions."""
    return ScriptedPrompts()


def open_window(
    qtbot: QtBot, path: Path, settings: QSettings, prompts: ScriptedPrompts | None = None
) -> MainWindow:
    window = build_window(path, settings, prompts or ScriptedPrompts())
    assert window is not None
    qtbot.addWidget(window)
    return window


def read_only_window(
    qtbot: QtBot,
    path: Path,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
    prompts: ScriptedPrompts | None = None,
) -> MainWindow:
    """A window on `path` opened read-only, as for a file the user may not write (the
    tests run as root, who may write anywhere, so the check is made to say no)."""
    with monkeypatch.context() as patch:
        patch.setattr(os, "access", lambda path, mode: False)
        window = open_window(qtbot, path, settings, prompts)
    assert window.document.read_only
    return window


@pytest.fixture
def window(
    qtbot: QtBot, sample_path: Path, settings: QSettings, prompts: ScriptedPrompts
) -> Iterator[MainWindow]:
    """The editor on the 2003 sample, round 1 shown."""
    window = open_window(qtbot, sample_path, settings, prompts)
    yield window
    window.document.close()


@pytest.fixture
def empty_round_path(tmp_path: Path) -> Path:
    """A 2004 test season whose GT class has ten numbered cars and no results yet."""
    path = tmp_path / "empty.pitboard"
    engine = open_engine(url_for_path(path))
    season_file = DATA / "three-scales-season.json"
    with transaction(engine) as session:
        definition = parse_season_definition(read_json(season_file), source=season_file.name)
        season_id = import_season(session=session, definition=definition).season_id
        for number, car in enumerate(GT_CARS, start=1):
            add_entry(
                session=session,
                season_id=season_id,
                class_name="GT",
                team=f"GT Team {number}",
                car=car,
                chassis="Porsche 911 GT3-RSR",
                engine="Porsche 3.6L Flat-6",
            )
        add_entry(session=session, season_id=season_id, class_name="LMP1", team="Proto", car="2")
    engine.dispose()
    return path


@pytest.fixture
def empty_window(
    qtbot: QtBot, empty_round_path: Path, settings: QSettings, prompts: ScriptedPrompts
) -> Iterator[MainWindow]:
    window = open_window(qtbot, empty_round_path, settings, prompts)
    yield window
    window.document.close()
