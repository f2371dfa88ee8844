"""Season > Add round… and Edit round…: a round's name, circuit, date, points scale and
factor (and, for a new round, where it goes in the calendar)."""

from __future__ import annotations

from collections.abc import Sequence

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

from model.edits.calendar_edits import RoundFields, round_fields
from model.errors import InputError
from model.scoring.points import format_points
from model.store.queries import RoundLine

AT_THE_END = "At the end of the calendar"
NO_SCALE = "— no points —"


class RoundDialog(QDialog):
    """The fields of one round. `accept()` closes it only when every field can be stored;
    otherwise the field at fault is named below the form and the dialog stays open. With
    `calendar` given (a new round) it also asks after which round the new one goes."""

    def __init__(
        self,
        scales: Sequence[str],
        *,
        current: RoundFields | None = None,
        calendar: Sequence[RoundLine] | None = None,
        after: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit round" if calendar is None else "Add round")
        self.scales = tuple(scales)
        shown = current or RoundFields("", scale=self.scales[0] if self.scales else "")
        self.name = QLineEdit(shown.name)
        self.circuit = QLineEdit(shown.circuit)
        self.date = QLineEdit(shown.date.isoformat() if shown.date else "")
        self.date.setPlaceholderText("YYYY-MM-DD")
        self.scale = QComboBox()
        self.scale.addItem(NO_SCALE, "")
        for name in self.scales:
            self.scale.addItem(name, name)
        self.scale.setCurrentIndex(max(self.scale.findData(shown.scale), 0))
        self.factor = QLineEdit(format_points(shown.factor))
        self.factor.setToolTip("The scale's points are multiplied by this: 0.5 half, 2 double")
        self.place = QComboBox()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.fields: RoundFields | None = None  # what was accepted
        self._lay_out(calendar, after)

    def _lay_out(self, calendar: Sequence[RoundLine] | None, after: int | None) -> None:
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Circuit:", self.circuit)
        form.addRow("&Date:", self.date)
        form.addRow("Points &scale:", self.scale)
        form.addRow("Points &factor:", self.factor)
        if calendar is not None:
            for line in calendar:
                number = "cancelled" if line.cancelled else f"round {line.number}"
                self.place.addItem(f"After {line.name} ({number})", line.round_id)
            self.place.addItem(AT_THE_END, None)
            self.place.setCurrentIndex(self.place.findData(after) if after is not None else -1)
            if self.place.currentIndex() < 0:
                self.place.setCurrentIndex(self.place.count() - 1)
            form.addRow("&Place:", self.place)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    @property
    def after(self) -> int | None:
        """The round the new round follows (None: at the end)."""
        data = self.place.currentData()
        return data if isinstance(data, int) else None

    def read_fields(self) -> RoundFields:
        """The fields as typed; InputError naming the one that is wrong."""
        return round_fields(
            name=self.name.text(),
            circuit=self.circuit.text(),
            date=self.date.text(),
            scale=str(self.scale.currentData() or ""),
            factor=self.factor.text(),
            scales=self.scales,
        )

    def accept(self) -> None:
        try:
            self.fields = self.read_fields()
        except InputError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        super().accept()
