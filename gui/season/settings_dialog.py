"""Season > Settings…: every rule of the season, and each championship's own, with a preview
of what the change does to the rules and to one class's standings before it is made."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.season.rules_form import RULE_LABELS, RulesForm
from gui.season.rules_preview import rule_changes, standings_changes
from model.errors import InputError, PitboardError
from model.scoring.rule_kinds import RuleValueError
from model.scoring.rules import Championship, SeasonRules
from model.store.season_data import SeasonData

TITLE = "Season settings"
PREVIEW_DELAY_MS = 250  # typing a number does not recalculate at every key


class SeasonSettingsDialog(QDialog):
    """The season's rules; `chosen` holds the rules once accepted."""

    def __init__(
        self, data: SeasonData, parent: QWidget | None = None, class_name: str | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{TITLE}: {data.series} {data.year}")
        self.data = data
        self.chosen: SeasonRules | None = None
        self.check: Callable[[], object] | None = None  # asked on OK; a refusal is shown
        scales = tuple(data.scales)
        self.forms: dict[Championship | None, RulesForm] = {None: RulesForm(scales)}
        for championship in Championship:
            self.forms[championship] = RulesForm(scales, own_boxes=True)
        self._show(data.rules)
        self.preview_class = QComboBox()
        self.preview_class.addItems(list(data.classes))
        if class_name in data.classes:
            self.preview_class.setCurrentText(class_name)
        self.preview = QPlainTextEdit(readOnly=True)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        for form in self.forms.values():
            form.edited.connect(self._timer.start)
        self.preview_class.currentIndexChanged.connect(self.refresh_preview)
        self._lay_out()
        self.refresh_preview()

    def _show(self, rules: SeasonRules) -> None:
        stored = rules.to_json()
        self.forms[None].set_values(stored)
        for championship in Championship:
            own = stored["championships"].get(championship.value, {})
            self.forms[championship].set_values({**stored, **own}, own=own)

    def _lay_out(self) -> None:
        tabs = QTabWidget()
        tabs.addTab(_scrolled(self.forms[None]), "All championships")
        for championship in Championship:
            note = QLabel(
                f"Tick a rule to set it again for the {championship.value}' championship; "
                "the others are the season's."
            )
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.addWidget(note)
            column.addWidget(self.forms[championship])
            column.addStretch()
            tabs.addTab(_scrolled(holder), f"{championship.value.capitalize()}' own")
        preview = QGroupBox("What it changes")
        column = QVBoxLayout(preview)
        pick = QHBoxLayout()
        pick.addWidget(QLabel("Standings of"))
        pick.addWidget(self.preview_class, 1)
        column.addLayout(pick)
        column.addWidget(self.preview)
        preview.setMinimumWidth(330)
        body = QHBoxLayout()
        body.addWidget(tabs, 3)
        body.addWidget(preview, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(1240, 660)

    # --- values ---------------------------------------------------------------------------

    def rules(self) -> SeasonRules:
        """The rules as filled in; InputError naming the tab and rule of a value that is not
        one."""
        stored = self.forms[None].values()
        stored["championships"] = {
            championship.value: own
            for championship in Championship
            if (own := self.forms[championship].values())
        }
        try:
            return SeasonRules.from_json(stored)
        except RuleValueError as bad:
            raise InputError(
                f"{bad.value!r} is not {bad.expected}", source=TITLE, field=_where(bad.key)
            ) from None

    def refresh_preview(self) -> None:
        self._timer.stop()
        try:
            candidate = self.rules()
        except InputError as bad:
            self.message.setText(str(bad))
            return
        self.message.clear()
        lines = rule_changes(self.data.rules, candidate) or ["The rules as they are."]
        class_name = self.preview_class.currentText()
        if class_name:
            try:
                lines += ["", *standings_changes(self.data, candidate, class_name)]
            except PitboardError as exc:
                lines += ["", f"Standings cannot be worked out: {exc}"]
        self.preview.setPlainText("\n".join(lines))

    def done(self, result: int) -> None:
        self._timer.stop()  # no preview is worked out for a dialog that has closed
        super().done(result)

    def accept(self) -> None:
        try:
            self.chosen = self.rules()
            if self.check is not None:
                self.check()
        except PitboardError as bad:
            self.message.setText(str(bad))
            return
        super().accept()


def _where(key: str) -> str:
    """A rule's key as the form names it: "Drivers' own: Best results counted"."""
    parts = key.split(".")
    label = RULE_LABELS.get(parts[-1], parts[-1])
    if len(parts) == 3:
        return f"{parts[1].capitalize()}' own: {label}"
    return label


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    return area
