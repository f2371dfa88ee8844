"""Situations a laptop at the track meets: a second window, a locked or vanished file, damage."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from gui.app import build_window
from gui.main_window import MainWindow
from tests.gui.conftest import open_window
from tests.gui.helpers import line_of, set_cell
from tests.gui.prompts import ScriptedPrompts
from tests.helpers import dump


def test_a_second_window_opens_read_only_after_asking(
    qtbot: QtBot, window: MainWindow, sample_path: Path, settings: QSettings
) -> None:
    prompts = ScriptedPrompts()
    second_settings = QSettings(str(sample_path.parent / "second.ini"), QSettings.Format.IniFormat)
    second = build_window(None, second_settings, prompts)  # the default document, for a window
    assert second is not None
    qtbot.addWidget(second)
    prompts.read_only_answer = True
    assert second.files.open_path(window.document.path or sample_path)
    assert "open in another Pitboard window or process" in prompts.said("read_only")[0]
    assert second.document.read_only
    assert "read-only" in second.file_label.text()
    before = dump(sample_path)
    with qtbot.wait_signal(second.document.failed) as failed:
        set_cell(second, line_of(second, "GT", 1).result_id, "laps", 5)
    assert "open read-only" in failed.args[0]
    assert dump(sample_path) == before


def test_declining_read_only_opens_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    prompts = ScriptedPrompts()
    other_settings = QSettings(str(tmp_path / "other.ini"), QSettings.Format.IniFormat)
    other = build_window(None, other_settings, prompts)
    assert other is not None
    qtbot.addWidget(other)
    prompts.read_only_answer = False
    assert not other.files.open_path(window.document.path)  # type: ignore[arg-type]
    assert len(prompts.said("read_only")) == 1


def test_a_locked_document_refuses_the_edit_with_a_message(
    qtbot: QtBot, window: MainWindow, sample_path: Path
) -> None:
    blocker = sqlite3.connect(sample_path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with qtbot.wait_signal(window.document.failed, timeout=10_000) as failed:
            assert not set_cell(window, line_of(window, "GT", 1).result_id, "laps", 9)
    finally:
        blocker.rollback()
        blocker.close()
    assert "busy: another program kept it locked" in failed.args[0]
    assert window.document.undo_stack.count() == 0
    assert line_of(window, "GT", 1).laps is None


def test_a_document_deleted_while_open_is_not_written_to(
    qtbot: QtBot, window: MainWindow, sample_path: Path
) -> None:
    moved = sample_path.with_name("moved.pitboard")
    os.replace(sample_path, moved)
    with qtbot.wait_signal(window.document.failed) as failed:
        assert not set_cell(window, line_of(window, "GT", 1).result_id, "laps", 9)
    assert "was deleted or moved while open" in failed.args[0]
    assert not sample_path.exists()


def test_an_unwritable_file_opens_read_only(
    qtbot: QtBot, sample_path: Path, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # root may write anywhere
    window = open_window(qtbot, sample_path, settings)
    assert window.document.read_only


def test_a_damaged_document_offers_its_backups(
    qtbot: QtBot, window: MainWindow, sample_path: Path, tmp_path: Path
) -> None:
    path = window.document.path
    assert path is not None
    window.document.close()
    path.write_bytes(path.read_bytes()[:5000])  # the battery died mid-copy
    offered: list[Path] = []
    window.files.restore_from_backup = lambda document=None: offered.append(document) or False  # type: ignore[method-assign]
    assert not window.files.open_path(path)
    assert offered == [path]


HEALTHY_BUT_UNREADABLE_NOW = [
    ("a full disk", "SQLITE_FULL", "database or disk is full"),
    ("a read-only file", "SQLITE_READONLY", "attempt to write a readonly database"),
    ("a file busy in another program", "SQLITE_BUSY", "database is locked"),
    ("a drive that went away", "SQLITE_IOERR_READ", "disk I/O error"),
]


@pytest.mark.parametrize(
    ("what", "code", "text"),
    HEALTHY_BUT_UNREADABLE_NOW,
    ids=[c[0] for c in HEALTHY_BUT_UNREADABLE_NOW],
)
def test_a_healthy_document_that_cannot_be_opened_now_is_never_offered_a_restore(
    qtbot: QtBot,
    window: MainWindow,
    prompts: ScriptedPrompts,
    monkeypatch: pytest.MonkeyPatch,
    what: str,
    code: str,
    text: str,
) -> None:
    import model.store.documents

    path = window.document.path
    assert path is not None
    window.document.close()

    class Failing:
        def execute(self, *args: object) -> None:
            error = sqlite3.OperationalError(text)
            error.sqlite_errorname = code  # type: ignore[attr-defined]
            raise error

        def close(self) -> None:
            pass

    monkeypatch.setattr(model.store.documents, "connect_file", lambda *args, **kwargs: Failing())
    offered: list[Path | None] = []
    window.files.restore_from_backup = lambda document=None: offered.append(document) or False  # type: ignore[method-assign]
    before = path.read_bytes()
    assert not window.files.open_path(path)
    assert offered == []
    warnings = prompts.said("warning")
    assert "damaged" not in warnings[0]
    assert "Restore a backup" not in warnings[0]
    assert path.read_bytes() == before


def test_the_window_says_why_a_document_is_read_only(
    qtbot: QtBot, sample_path: Path, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # root may write anywhere
    window = open_window(qtbot, sample_path, settings)
    assert "read-only (sample.pitboard is a read-only file)" in window.file_label.text()
    window.document.close()
