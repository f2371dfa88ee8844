"""Fixtures of the server tests: the 2003 sample on the test server, and two editors on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from model.edits.sample import SAMPLE
from model.store.documents import open_for_editing
from tests.gui.conftest import open_window


@pytest.fixture
def sample_url(pg_url: str) -> str:
    """A server document holding the 2003 sample."""
    open_for_editing(pg_url, create=True, initial=SAMPLE).close()
    return pg_url


def window_settings(tmp_path: Path, name: str) -> QSettings:
    return QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def two_windows(
    qtbot: QtBot, sample_url: str, tmp_path: Path
) -> Iterator[tuple[MainWindow, MainWindow]]:
    """Two editors, as on two laptops, on one server document; A is Ann Smith."""
    a = open_window(qtbot, sample_url, window_settings(tmp_path, "a"))  # type: ignore[arg-type]
    b = open_window(qtbot, sample_url, window_settings(tmp_path, "b"))  # type: ignore[arg-type]
    a.document.author = "Ann Smith"
    yield a, b
    for window in (a, b):
        window.server_watch.stop()
        window.document.close()
