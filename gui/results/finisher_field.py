"""The finisher field: a car number or a team name, Enter adds it as the next finisher.

Completion is shown inline, but Enter takes what was typed: a car number is never completed
("6" stays car 6, even with 63 offered), a team name is (the completion shown when what was
typed is not itself a car or a team). Ctrl+Z in the field takes back the last finisher added.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QSizePolicy, QWidget

from model.store.queries import car_sort_key
from model.store.season_data import EntryInfo

FINISHER_STEP = "Add car"  # the undo text of every step this field makes begins so
ROOM_FOR = 18  # characters of a team name the field shows however narrow the window starts


class FinisherEdit(QLineEdit):
    """A line edit that hands Enter (what was typed, what was offered) and Ctrl+Z to the
    results panel, which decides which of the two counts; Ctrl+Z undoes a finisher, not typing.
    """

    entered = Signal(str, str)
    undo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Car number or team, Enter: adds the next finisher")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(least_width(self))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.choices = QStringListModel(self)
        completer = QCompleter(self.choices, self)
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # never the line edit's own Enter, which accepts the completion
            self.entered.emit(self.typed(), self.text())
            return
        if event.matches(QKeySequence.StandardKey.Undo):
            event.accept()
            self.undo_requested.emit()
            return
        super().keyPressEvent(event)

    def typed(self) -> str:
        """The text without the completion shown after it (selected, up to the end)."""
        text, start = self.text(), self.selectionStart()
        offered = self.hasSelectedText() and start > 0
        if offered and start + len(self.selectedText()) == len(text):
            return text[:start]
        return text

    def set_choices(self, choices: list[str]) -> None:
        if self.choices.stringList() != choices:
            self.choices.setStringList(choices)


def least_width(field: QLineEdit) -> int:
    """Room for a team name of ROOM_FOR characters, the frame and the clear button."""
    metrics = field.fontMetrics()
    text = metrics.averageCharWidth() * ROOM_FOR
    return text + 2 * metrics.height() + 12  # the clear button is about a line high


def error_label() -> QLabel:
    """Beside the field: why the last entry was refused, until one is accepted."""
    label = QLabel()
    label.setObjectName("finisherError")
    label.setStyleSheet("color: #b00020;")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignRight)
    label.setWordWrap(True)
    return label


@dataclass(frozen=True)
class TeamPick:
    """What a typed team name chose: one entry, or why it could not choose."""

    entry_id: int | None
    refusal: str = ""
    car: str | None = None  # the team's one car number (a car that changed chassis)


def in_class(entries: Iterable[EntryInfo], class_name: str | None) -> list[EntryInfo]:
    return [e for e in entries if class_name is None or e.class_name == class_name]


def completions(entries: Iterable[EntryInfo], class_name: str | None) -> list[str]:
    """The car numbers, then the team names, of the class shown (all classes: every one)."""
    shown = in_class(entries, class_name)
    cars = sorted({e.car_number for e in shown if e.car_number}, key=car_sort_key)
    teams = sorted({e.team for e in shown}, key=str.casefold)
    return cars + [team for team in teams if team not in cars]


def is_car_number(entries: Iterable[EntryInfo], class_name: str | None, text: str) -> bool:
    """True when `text` is exactly a car number of the class shown: a number always wins."""
    return any(e.car_number == text for e in in_class(entries, class_name))


def is_team(entries: Iterable[EntryInfo], class_name: str | None, text: str) -> bool:
    wanted = text.strip().casefold()
    return any(e.team.casefold() == wanted for e in in_class(entries, class_name))


def pick_team(entries: Iterable[EntryInfo], class_name: str | None, text: str) -> TeamPick | None:
    """The entry a team name names in the class shown; None when no team is called so."""
    wanted = text.casefold()
    cars = [e for e in in_class(entries, class_name) if e.team.casefold() == wanted]
    if not cars:
        return None
    if len(cars) == 1:
        return TeamPick(cars[0].id)
    numbers = {e.car_number for e in cars}
    if len(numbers) == 1 and cars[0].car_number:
        return TeamPick(None, car=cars[0].car_number)
    team = cars[0].team
    within = f" in {class_name}" if class_name else ""
    named = "; ".join(_describe(e) for e in sorted(cars, key=_entry_order))
    return TeamPick(
        None,
        f"{team} has {len(cars)} cars{within} ({named}): give each a car number",
    )


def _describe(entry: EntryInfo) -> str:
    car = f"car {entry.car_number}" if entry.car_number else "no number"
    details = ", ".join(x for x in (entry.chassis, " / ".join(entry.drivers)) if x)
    return f"{car}, {details}" if details else car


def _entry_order(entry: EntryInfo) -> tuple[tuple[int, int, str], int]:
    return (car_sort_key(entry.car_number), entry.id)
