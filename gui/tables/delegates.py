"""Editors for the results and entry tables, one per kind of field, that hold only valid values."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from model.scoring.rules import Championship, Status

Index = QModelIndex | QPersistentModelIndex
UNKNOWN = "unknown"


class NumberDelegate(QStyledItemDelegate):
    """A spin box from `minimum` up; one step below it means 'unknown' (stored as nothing)."""

    def __init__(self, minimum: int, maximum: int = 99_999, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._minimum = minimum
        self._maximum = maximum

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QSpinBox(parent)
        editor.setRange(self._minimum - 1, self._maximum)
        editor.setSpecialValueText(UNKNOWN)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setValue(int(value) if value not in (None, "") else self._minimum - 1)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        editor.interpretText()
        value = editor.value()
        model.setData(index, None if value < self._minimum else value, Qt.ItemDataRole.EditRole)


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box of (label, value) choices, read when the editor opens."""

    def __init__(
        self, choices: Callable[[], list[tuple[str, str]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QComboBox(parent)
        for label, value in self._choices():
            editor.addItem(label, value)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def status_choices() -> list[tuple[str, str]]:
    return [(status.label, status.value) for status in Status]


class CompletingDelegate(QStyledItemDelegate):
    """A line edit that completes from a list read when the editor opens (car numbers, teams).
    With a `separator`, the cell holds a list (drivers: 'A; B') and the name being typed after
    the last separator is the one completed."""

    def __init__(
        self,
        words: Callable[[Index], list[str]],
        parent: QWidget | None = None,
        *,
        separator: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._words = words
        self._separator = separator

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        words = self._words(index)
        completer = (
            ListCompleter(words, self._separator, editor)
            if self._separator
            else QCompleter(words, editor)
        )
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        editor.setCompleter(completer)
        return editor


class ListCompleter(QCompleter):
    """Completes the last item of a separated list, keeping the items before it."""

    def __init__(self, words: list[str], separator: str, editor: QLineEdit) -> None:
        super().__init__(words, editor)
        self._separator = separator
        self._editor = editor

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(self._separator, 1)[-1].strip()]

    def pathFromIndex(self, index: Index) -> str:
        text = self._editor.text()
        head = text.rsplit(self._separator, 1)[0] + f"{self._separator} "
        return (head if self._separator in text else "") + super().pathFromIndex(index)


class FlagDelegate(QStyledItemDelegate):
    """A yes/no cell shown as a check mark (pole, fastest lap): a double click or Space
    toggles it, with no editor to open."""

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        toggles = event.type() == QEvent.Type.MouseButtonDblClick or (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Space
        )
        if toggles and index.flags() & Qt.ItemFlag.ItemIsEditable:
            model.setData(index, not index.data(Qt.ItemDataRole.EditRole))
            return True
        return super().editorEvent(event, model, option, index)

    def createEditor(  # type: ignore[override]  # Qt takes no editor: nothing opens
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget | None:
        return None  # typed letters do nothing: Space or a double click toggles


class ChampionshipsEditor(QWidget):
    """One check box per championship: checked means the car is registered for it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.boxes = {c: QCheckBox(c.value, self) for c in Championship}
        for box in self.boxes.values():
            layout.addWidget(box)

    def set_not_registered(self, names: str) -> None:
        for championship, box in self.boxes.items():
            box.setChecked(championship.value not in names.split())

    def not_registered(self) -> list[str]:
        return [c.value for c, box in self.boxes.items() if not box.isChecked()]


class ChampionshipsDelegate(QStyledItemDelegate):
    """Edits the championships a car is not registered for (stored as 'teams drivers') with a
    check box per championship, wider than its narrow column where it must be."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        return ChampionshipsEditor(parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, ChampionshipsEditor)
        editor.set_not_registered(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, ChampionshipsEditor)
        model.setData(index, editor.not_registered(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        """As wide as its check boxes, moved left where the table's right edge would cut them."""
        rect = option.rect
        width = max(rect.width(), editor.sizeHint().width())
        table = editor.parentWidget()
        room = table.width() if table is not None else width
        x = max(0, min(rect.x(), room - width))
        editor.setGeometry(x, rect.y(), width, rect.height())
