"""The main window's toolbar: the frequent actions, the very ones of the menus."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QStyle, QToolBar, QWidget

TOOLBAR_NAME = "actions-toolbar"  # saved with the window's state under this name

# The toolbar's short word for each action and its standard icon; menus keep the long text.
Shown = tuple[QAction, str, QStyle.StandardPixmap]


def main_toolbar(window: QWidget, shown: Sequence[Shown | None]) -> QToolBar:
    """A toolbar of the given actions (None: a separator), words beside the icons."""
    toolbar = QToolBar("Actions", window)
    toolbar.setObjectName(TOOLBAR_NAME)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    style = window.style()
    for item in shown:
        if item is None:
            toolbar.addSeparator()
            continue
        action, word, icon = item
        action.setIcon(style.standardIcon(icon))
        action.setIconText(word)
        toolbar.addAction(action)
    return toolbar
