"""A table's right-click menu: the same actions as the menu bar and the panel's buttons.

Attach a list of actions (None draws a separator), or a function giving them when the menu
opens, to a view; a disabled action is shown disabled rather than left out, so the menu
reads the same every time and says what could be done.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QMenu, QWidget

from model.edits.paste import format_block

MenuItems = Sequence[QAction | None]
ItemsSource = MenuItems | Callable[[], MenuItems]


class ContextMenu(QObject):
    """Kept as a child of its view: `context_menu_of(view)` finds it (tests, other panels)."""

    def __init__(self, view: QWidget, items: ItemsSource) -> None:
        super().__init__(view)
        self.setObjectName("contextMenu")
        self._view = view
        self._items = items
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self.show_at)

    def items(self) -> list[QAction | None]:
        return list(self._items() if callable(self._items) else self._items)

    def actions(self) -> list[QAction]:
        return [item for item in self.items() if item is not None]

    def menu(self) -> QMenu:
        menu = QMenu(self._view)
        for item in self.items():
            if item is None:
                menu.addSeparator()
            else:
                menu.addAction(item)
        return menu

    def show_at(self, pos: QPoint) -> None:
        # A scroll area reports the point in its viewport's coordinates.
        view = self._view
        origin = view.viewport() if isinstance(view, QAbstractScrollArea) else view
        menu = self.menu()
        menu.exec(origin.mapToGlobal(pos))
        menu.deleteLater()


def attach_context_menu(view: QWidget, items: ItemsSource) -> ContextMenu:
    """Give `view` a right-click menu of `items` (replacing any it had)."""
    old = context_menu_of(view)
    if old is not None:
        view.customContextMenuRequested.disconnect(old.show_at)
        old.setParent(None)
    return ContextMenu(view, items)


def context_menu_of(view: QWidget) -> ContextMenu | None:
    found = view.findChild(ContextMenu, "contextMenu", Qt.FindChildOption.FindDirectChildrenOnly)
    return found if isinstance(found, ContextMenu) else None


def copy_cells(view: QAbstractItemView) -> str:
    """The selected cells as tab-separated lines (as a spreadsheet pastes them), copied."""
    indexes = view.selectionModel().selectedIndexes() if view.selectionModel() else []
    if not indexes:
        return ""
    rows = sorted({i.row() for i in indexes})
    columns = sorted({i.column() for i in indexes if not _hidden(view, i.column())})
    model = view.model()
    block = [[str(model.index(r, c).data() or "") for c in columns] for r in rows]
    text = format_block(block)
    QGuiApplication.clipboard().setText(text)
    return text


def _hidden(view: QAbstractItemView, column: int) -> bool:
    is_hidden = getattr(view, "isColumnHidden", None)
    return bool(is_hidden(column)) if is_hidden is not None else False


def copy_action(view: QAbstractItemView) -> QAction:
    """Copy for a read-mostly table: Ctrl+C while the table has the focus, and its menu."""
    action = QAction("&Copy", view)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(lambda: copy_cells(view))
    view.addAction(action)  # the shortcut works only for actions added to a widget
    return action
