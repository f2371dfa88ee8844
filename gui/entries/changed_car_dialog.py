"""Changed car…: the new chassis or engine of a car and the first round it raced with it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from gui.entries.entries_model import EntryRow
from model.edits.changed_car import ChangedCarEdit
from model.edits.operations import Edit
from model.store.season_data import RoundInfo


@dataclass(frozen=True)
class ChangedCarRequest:
    entry_id: int
    chassis: str
    engine: str
    from_round: int | None

    def describe(self) -> str:
        return " / ".join(part for part in (self.chassis, self.engine) if part) or "no chassis"


def changed_car_edits(session: Session, request: ChangedCarRequest) -> list[Edit]:
    """The dialog's answer as the one edit it makes."""
    return [
        ChangedCarEdit.build(
            session,
            request.entry_id,
            chassis=request.chassis,
            engine=request.engine,
            from_round=request.from_round,
        )
    ]


class ChangedCarDialog(QDialog):
    """Fields `chassis`, `engine` (the car's own to start with) and `from_round` (the rounds
    of the calendar that take place); `request()` reads them."""

    def __init__(
        self, entry: EntryRow, rounds: Sequence[RoundInfo], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Changed car")
        self._entry = entry
        self.chassis = QLineEdit(entry.chassis)
        self.engine = QLineEdit(entry.engine)
        self.from_round = QComboBox()
        for rnd in rounds:
            if not rnd.cancelled:
                label = f"Round {rnd.number}: {rnd.name}" if rnd.number else rnd.name
                self.from_round.addItem(label, rnd.id)
        form = QFormLayout()
        form.addRow("New chassis", self.chassis)
        form.addRow("New engine", self.engine)
        form.addRow("From round", self.from_round)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        car = f"Car {entry.car}" if entry.car else "This car"
        explanation = QLabel(
            f"{car} ({entry.team}, {entry.class_name}) gets a second entry with the same team, "
            "number, class and drivers; its results from the round chosen on move to it."
        )
        explanation.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def set_round(self, round_id: int) -> None:
        self.from_round.setCurrentIndex(max(self.from_round.findData(round_id), 0))

    def request(self) -> ChangedCarRequest:
        round_id = self.from_round.currentData()
        return ChangedCarRequest(
            self._entry.entry_id,
            self.chassis.text(),
            self.engine.text(),
            round_id if isinstance(round_id, int) else None,
        )
