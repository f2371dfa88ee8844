"""The form one penalty is typed in: championship, class, competitor, round, points or
exclusion, and the reason published with it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from model.scoring.rules import Championship
from model.store.season_data import SeasonData

ALL = "all"
CHAMPIONSHIP_CHOICES = (
    ("Every championship", ALL),
    ("Teams", Championship.TEAMS.value),
    ("Drivers", Championship.DRIVERS.value),
    ("Manufacturers", Championship.MANUFACTURERS.value),
)


class PenaltyDialog(QDialog):
    """Fields are public so a test fills them as a user would; `values()` is what was typed,
    checked when it is turned into an edit (model.edits.penalty_edits)."""

    def __init__(
        self,
        data: SeasonData,
        competitors: dict[str, list[str]],
        current: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change penalty" if current else "Add penalty")
        self._competitors = competitors
        self.championship = QComboBox()
        for label, value in CHAMPIONSHIP_CHOICES:
            self.championship.addItem(label, value)
        self.class_name = QComboBox()
        self.class_name.addItems(list(data.classes))
        self.competitor = QLineEdit()
        self.competitor.setPlaceholderText(
            "team, driver, manufacturer or car as the table names it"
        )
        self.round = QComboBox()
        self.round.addItem("The whole season", None)
        for rnd in data.numbered_rounds:
            self.round.addItem(f"Round {rnd.number}: {rnd.name}", rnd.number)
        self.points = QLineEdit()
        self.points.setPlaceholderText("e.g. -10 or -2.5")
        self.excluded = QCheckBox("Excluded from the championship (results stand, not ranked)")
        self.excluded.toggled.connect(lambda on: self.points.setEnabled(not on))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("published under the table")
        form = QFormLayout(self)
        form.addRow("Championship", self.championship)
        form.addRow("Class", self.class_name)
        form.addRow("Competitor", self.competitor)
        form.addRow("Round", self.round)
        form.addRow("Points", self.points)
        form.addRow("", self.excluded)
        form.addRow("Reason", self.reason)
        hint = QLabel("A penalty is never dropped with its round.")
        hint.setEnabled(False)
        form.addRow("", hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.class_name.currentTextChanged.connect(self._complete_names)
        self._complete_names(self.class_name.currentText())
        if current:
            self._fill(current)
        self.setMinimumWidth(460)

    def _complete_names(self, class_name: str) -> None:
        completer = QCompleter(self._competitors.get(class_name, []), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.competitor.setCompleter(completer)

    def _fill(self, current: dict[str, Any]) -> None:
        self.championship.setCurrentIndex(
            max(0, self.championship.findData(current["championship"]))
        )
        self.class_name.setCurrentText(current["class"])
        self.competitor.setText(current["competitor"])
        self.round.setCurrentIndex(max(0, self.round.findData(current["round"])))
        self.points.setText("" if current["excluded"] else str(current["points"]))
        self.excluded.setChecked(bool(current["excluded"]))
        self.reason.setText(current["reason"])

    def values(self) -> dict[str, Any]:
        excluded = self.excluded.isChecked()
        return {
            "championship": self.championship.currentData(),
            "class": self.class_name.currentText(),
            "competitor": self.competitor.text(),
            "round": self.round.currentData(),
            "points": None if excluded else self.points.text(),
            "excluded": excluded,
            "reason": self.reason.text(),
        }
