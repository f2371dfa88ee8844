"""File > New season…: series, year, classes in order and points scales, from nothing or
starting from an existing season (its classes, scales, rules and calendar a year on, and
its entry list if asked)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from model.edits.season_setup import copied_definition, points_from_text, points_text
from model.errors import InputError, PitboardError
from model.io.season_definition import SeasonDefinition
from model.scoring.rules import SeasonRules
from model.store.season_data import SeasonData

TITLE = "New season"
FROM_NOTHING = "Nothing: an empty season"

LoadSeason = Callable[[int], SeasonData]


class NewSeasonDialog(QDialog):
    """`definition()` is the season as filled in; `entries_from()` the season whose entry
    list is copied (None: none). `check`, when set, is asked on OK (e.g. whether the series
    has that year already) and a refusal keeps the dialog open with the reason."""

    def __init__(
        self,
        series: list[str],
        seasons: list[tuple[str, int, int]],
        load: LoadSeason,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self._load = load
        self.start: SeasonData | None = None
        self.check: Callable[[], object] | None = None
        self.series = QComboBox(editable=True)
        self.series.addItems(series)
        self.series.setCurrentText("")
        self.year = QLineEdit()
        self.year.setPlaceholderText("e.g. 2004")
        self.year.setMaximumWidth(90)
        self.start_from = QComboBox()
        self.start_from.addItem(FROM_NOTHING, None)
        for name, year, season_id in seasons:
            self.start_from.addItem(f"{name} {year}", season_id)
        self.copy_entries = QCheckBox("Copy the entry list (cars, teams and drivers)")
        self.copy_entries.setEnabled(False)
        self.classes = QListWidget()
        self.new_class = QLineEdit()
        self.new_class.setPlaceholderText("A class, e.g. GT")
        self.new_class.returnPressed.connect(lambda: self.add_class(self.new_class.text()))
        self.scales = QTableWidget(0, 2)
        self.scales.setHorizontalHeaderLabels(["Scale", "Points per place"])
        self.scales.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.scales.verticalHeader().setVisible(False)
        self.rules_note = QLabel()
        self.rules_note.setWordWrap(True)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        self.start_from.currentIndexChanged.connect(self._on_start_picked)
        self._lay_out()
        self._on_start_picked()

    # --- layout ---------------------------------------------------------------------------

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("Start from:", self.start_from)
        form.addRow("", self.copy_entries)
        form.addRow("Series:", self.series)
        form.addRow("Year:", self.year)
        classes = QGroupBox("Classes, in the order the standings list them")
        column = QVBoxLayout(classes)
        adding = QHBoxLayout()
        adding.addWidget(self.new_class)
        adding.addWidget(self._button("&Add", lambda: self.add_class(self.new_class.text())))
        column.addLayout(adding)
        column.addWidget(self.classes)
        moving = QHBoxLayout()
        moving.addWidget(self._button("&Remove", self.remove_class))
        moving.addWidget(self._button("Move &up", lambda: self.move_class(-1)))
        moving.addWidget(self._button("Move &down", lambda: self.move_class(1)))
        column.addLayout(moving)
        scales = QGroupBox("Points scales (26-22-19-16 or 25, 18, 15; 12.5 allowed)")
        scale_column = QVBoxLayout(scales)
        scale_column.addWidget(self.scales)
        scale_buttons = QHBoxLayout()
        scale_buttons.addWidget(self._button("Add &scale", lambda: self.add_scale("", "")))
        scale_buttons.addWidget(self._button("Remove s&cale", self.remove_scale))
        scale_buttons.addStretch()
        scale_column.addLayout(scale_buttons)
        lists = QHBoxLayout()
        lists.addWidget(classes, 2)
        lists.addWidget(scales, 3)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create season")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(lists)
        layout.addWidget(self.rules_note)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(860, 560)

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        return button

    # --- classes and scales ----------------------------------------------------------------

    def add_class(self, name: str) -> None:
        item = QListWidgetItem(name.strip())
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.classes.addItem(item)
        self.classes.setCurrentItem(item)
        self.new_class.clear()

    def remove_class(self) -> None:
        self.classes.takeItem(self.classes.currentRow())

    def move_class(self, by: int) -> None:
        row = self.classes.currentRow()
        if row < 0 or not 0 <= row + by < self.classes.count():
            return
        item = self.classes.takeItem(row)
        self.classes.insertItem(row + by, item)
        self.classes.setCurrentRow(row + by)

    def class_names(self) -> list[str]:
        return [self.classes.item(row).text() for row in range(self.classes.count())]

    def add_scale(self, name: str, points: str) -> None:
        row = self.scales.rowCount()
        self.scales.insertRow(row)
        self.scales.setItem(row, 0, QTableWidgetItem(name))
        self.scales.setItem(row, 1, QTableWidgetItem(points))

    def remove_scale(self) -> None:
        if self.scales.currentRow() >= 0:
            self.scales.removeRow(self.scales.currentRow())

    def _cell(self, row: int, column: int) -> str:
        item = self.scales.item(row, column)
        return item.text() if item is not None else ""

    # --- starting from a season ------------------------------------------------------------

    def _on_start_picked(self, _index: int = 0) -> None:
        season_id = self.start_from.currentData()
        self.copy_entries.setEnabled(season_id is not None)
        if season_id is None:
            self.start = None
            self.copy_entries.setChecked(False)
            self.rules_note.setText(
                "Rules: Pitboard's defaults, with no calendar yet. Set the rules in "
                "Season > Settings… and the rounds in the calendar once the season is created."
            )
            return
        try:
            self.start = self._load(season_id)
        except PitboardError as exc:
            self.message.setText(str(exc))
            return
        start = self.start
        self.series.setCurrentText(start.series)
        self.year.setText(str(start.year + 1))
        self.classes.clear()
        for name in start.classes:
            self.add_class(name)
        self.scales.setRowCount(0)
        for name, points in start.scales.items():
            self.add_scale(name, points_text(points))
        rounds = sum(1 for r in start.rounds if not r.cancelled)
        self.rules_note.setText(
            f"Rules and the calendar ({rounds} rounds, dates a year on) come from "
            f"{start.series} {start.year}; results do not."
        )

    # --- what was filled in ---------------------------------------------------------------

    def definition(self) -> SeasonDefinition:
        """The season as filled in; InputError naming the field that is not a value."""
        text = self.year.text().strip()
        if not text.isascii() or not text.isdigit():
            raise InputError(
                f"expected a year such as 2004, found '{text}'", source=TITLE, field="year"
            )
        year = int(text)
        scales: dict[str, object] = {}
        for row in range(self.scales.rowCount()):
            name = self._cell(row, 0).strip()
            if name in scales:
                message = f"points scale '{name}' is listed twice"
                raise InputError(message, source=TITLE, field=f"points scale {row + 1}")
            field = f"points scale {name or row + 1}"
            scales[name] = points_from_text(self._cell(row, 1), field_name=field, source=TITLE)
        if self.start is not None:
            base = copied_definition(self.start, year=year, series=self.series.currentText())
        else:
            base = SeasonDefinition(self.series.currentText(), year, (), {}, SeasonRules(), ())
        return SeasonDefinition(
            self.series.currentText(),
            year,
            tuple(self.class_names()),
            scales,  # type: ignore[arg-type]
            base.rules,
            base.rounds,
        )

    def entries_from(self) -> int | None:
        season_id = self.start_from.currentData()
        return season_id if self.copy_entries.isChecked() else None

    def accept(self) -> None:
        try:
            self.definition()
            if self.check is not None:
                self.check()
        except PitboardError as bad:
            self.message.setText(str(bad))
            return
        super().accept()
