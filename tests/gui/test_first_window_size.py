"""On its first start the window fits the screen it opens on: never larger than the room
the screen leaves, and the preferred size where there is more."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize
from pytestqt.qtbot import QtBot

from gui.main_window import PREFERRED_SIZE, first_size
from tests.gui.conftest import open_window

# (case, the screen's room, the size the window opens at)
SIZES: list[tuple[str, QSize | None, QSize]] = [
    ("a 1366x768 laptop (taskbar 40 px)", QSize(1366, 728), QSize(1342, 680)),
    ("a 1920x1080 screen", QSize(1920, 1040), PREFERRED_SIZE),
    ("a narrow, tall screen", QSize(1280, 1400), QSize(1256, 900)),
    ("no screen known", None, PREFERRED_SIZE),
    ("an empty screen", QSize(0, 0), PREFERRED_SIZE),
]


@pytest.mark.parametrize(
    ("available", "expected"), [c[1:] for c in SIZES], ids=[c[0] for c in SIZES]
)
def test_the_first_size_fits_the_screen(available: QSize | None, expected: QSize) -> None:
    assert first_size(available) == expected


def test_a_first_window_opens_within_its_screen(
    qtbot: QtBot, sample_path: Path, settings: QSettings
) -> None:
    window = open_window(qtbot, sample_path, settings)
    screen = window.screen()
    assert screen is not None
    room = screen.availableGeometry().size()
    assert window.width() <= room.width()
    assert window.height() <= room.height()
    window.document.close()
