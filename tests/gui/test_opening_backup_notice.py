"""A backup taken on opening is copied while the window comes up; a copy that fails is said."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

import model.store.background_backups as background
from gui.app import tell_if_the_opening_backup_fails
from tests.gui.conftest import open_window
from tests.gui.prompts import ScriptedPrompts


def test_a_copy_failing_after_the_window_is_shown_is_said(
    qtbot: QtBot,
    sample_path: Path,
    settings: QSettings,
    prompts: ScriptedPrompts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def failing(temp: Path, target: Path) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(background, "replace_durably", failing)
    window = open_window(qtbot, sample_path, settings, prompts)
    watching = tell_if_the_opening_backup_fails(window)
    assert watching is not None
    qtbot.waitUntil(lambda: not watching.isActive())
    (warning,) = prompts.said("warning")
    assert "could not back up sample.pitboard" in warning
    assert "Input/output error" in warning
    assert window.document.path == sample_path  # still open
    window.document.close()


def test_a_whole_copy_says_nothing(
    qtbot: QtBot, sample_path: Path, settings: QSettings, prompts: ScriptedPrompts
) -> None:
    window = open_window(qtbot, sample_path, settings, prompts)
    watching = tell_if_the_opening_backup_fails(window)
    assert watching is not None
    qtbot.waitUntil(lambda: not watching.isActive())
    window.document.close()
    assert prompts.said("warning") == []


def test_an_unchanged_document_has_nothing_to_watch(
    qtbot: QtBot, sample_path: Path, settings: QSettings, prompts: ScriptedPrompts
) -> None:
    first = open_window(qtbot, sample_path, settings, prompts)
    first.document.close()
    again = open_window(qtbot, sample_path, settings, prompts)
    assert tell_if_the_opening_backup_fails(again) is None
    again.document.close()
