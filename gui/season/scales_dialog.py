"""Season > Points scales…: the season's named scales (decimals allowed), and the scale and
points factor of each round, with what each round then pays."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from model.edits.season_setup import RoundPoints, ScaleChange, points_from_text, points_text
from model.errors import InputError, PitboardError
from model.io.export.rules_text import factor_words
from model.scoring.points import to_points
from model.store.season_data import SeasonData

TITLE = "Points scales"
KEY, STORED = Qt.ItemDataRole.UserRole, Qt.ItemDataRole.UserRole + 1
NAME, POINTS = 0, 1
NUMBER, ROUND, SCALE, FACTOR, PAYS = range(5)
SHOWN_PLACES = 6  # of a scale, in the rounds' "Pays" column


class PointsScalesDialog(QDialog):
    """Scales and the rounds' scales and factors; `scales()` and `rounds()` say what was
    filled in (InputError for a value that is not one)."""

    def __init__(self, data: SeasonData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{TITLE}: {data.series} {data.year}")
        self.data = data
        self._next_key = 0
        self.check: Callable[[], object] | None = None  # asked on OK; a refusal is shown
        self.scale_table = QTableWidget(0, 2)
        self.scale_table.setHorizontalHeaderLabels(["Name", "Points per place"])
        self.scale_table.horizontalHeader().setSectionResizeMode(
            POINTS, QHeaderView.ResizeMode.Stretch
        )
        self.round_table = QTableWidget(0, 5)  # filled once the scales are listed
        self.round_table.setHorizontalHeaderLabels(["Rd", "Round", "Scale", "Factor", "Pays"])
        header = self.round_table.horizontalHeader()
        for column in (NUMBER, ROUND, FACTOR):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PAYS, QHeaderView.ResizeMode.Stretch)
        for table in (self.scale_table, self.round_table):
            table.verticalHeader().setVisible(False)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        for name, points in data.scales.items():
            self.add_scale(name, points_text(points), stored=name)
        self._fill_rounds()
        self.scale_table.itemChanged.connect(self._on_scales_edited)
        self.round_table.itemChanged.connect(lambda _item: self.refresh_pays())
        self._lay_out()
        self.refresh_pays()

    def _lay_out(self) -> None:
        add, remove = QPushButton("&Add scale"), QPushButton("&Remove scale")
        add.clicked.connect(lambda: self.add_scale("", ""))
        remove.clicked.connect(lambda: self.remove_scale(self.scale_table.currentRow()))
        scales = QGroupBox("Scales (points for 1st, 2nd, …: 26-22-19 or 25, 18, 15; 12.5 allowed)")
        scale_column = QVBoxLayout(scales)
        scale_column.addWidget(self.scale_table)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(add)
        buttons_row.addWidget(remove)
        buttons_row.addStretch()
        scale_column.addLayout(buttons_row)
        rounds = QGroupBox("Rounds (factor 0.5: half points, 2: double points)")
        QVBoxLayout(rounds).addWidget(self.round_table)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scales, 1)
        layout.addWidget(rounds, 2)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(1000, 700)

    # --- scales ---------------------------------------------------------------------------

    def add_scale(self, name: str, points: str, *, stored: str | None = None) -> int:
        """A row for a scale (`stored`: its name in the document); returns the row."""
        row = self.scale_table.rowCount()
        self.scale_table.blockSignals(True)
        self.scale_table.insertRow(row)
        name_item = QTableWidgetItem(name)
        name_item.setData(KEY, self._next_key)
        name_item.setData(STORED, stored)
        self._next_key += 1
        self.scale_table.setItem(row, NAME, name_item)
        self.scale_table.setItem(row, POINTS, QTableWidgetItem(points))
        self.scale_table.blockSignals(False)
        self._on_scales_edited()
        return row

    def set_scale(self, row: int, name: str | None = None, points: str | None = None) -> None:
        if name is not None:
            self._item(row, NAME).setText(name)
        if points is not None:
            self._item(row, POINTS).setText(points)

    def scale_row(self, name: str) -> int:
        """The row of the scale named `name` (-1: none)."""
        rows = range(self.scale_table.rowCount())
        return next((r for r in rows if self._item(r, NAME).text().strip() == name), -1)

    def remove_scale(self, row: int) -> bool:
        """Remove a scale no round uses; one in use stays, and the message says where."""
        if not 0 <= row < self.scale_table.rowCount():
            return False
        key = self._item(row, NAME).data(KEY)
        users = [
            self.data.rounds[r].name
            for r in range(self.round_table.rowCount())
            if self._combo(r).currentData() == key
        ]
        if users:
            name = self._item(row, NAME).text()
            self.message.setText(
                f"Points scale '{name}' is used by {', '.join(users)}: "
                "give those rounds another scale first."
            )
            return False
        self.scale_table.removeRow(row)
        self._on_scales_edited()
        return True

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.scale_table.item(row, column)
        assert item is not None
        return item

    def _on_scales_edited(self, _item: object = None) -> None:
        """Every round's scale list follows the scales' names; a round keeps its scale."""
        names = [
            (self._item(r, NAME).text(), self._item(r, NAME).data(KEY))
            for r in range(self.scale_table.rowCount())
        ]
        for row in range(self.round_table.rowCount()):
            combo = self._combo(row)
            kept = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("—", None)
            for name, key in names:
                combo.addItem(name, key)
            combo.setCurrentIndex(max(combo.findData(kept), 0))
            combo.blockSignals(False)
        self.refresh_pays()

    # --- rounds ---------------------------------------------------------------------------

    def _fill_rounds(self) -> None:
        keys = {
            self._item(r, NAME).data(STORED): self._item(r, NAME).data(KEY)
            for r in range(self.scale_table.rowCount())
        }
        self.round_table.setRowCount(len(self.data.rounds))
        for row, rnd in enumerate(self.data.rounds):
            number = "—" if rnd.cancelled or rnd.number is None else str(rnd.number)
            name = f"{rnd.name} (cancelled)" if rnd.cancelled else rnd.name
            for column, text in ((NUMBER, number), (ROUND, name)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.round_table.setItem(row, column, item)
            combo = QComboBox()
            combo.addItem("—", None)
            combo.setProperty("stored", keys.get(rnd.scale_name))
            self.round_table.setCellWidget(row, SCALE, combo)
            combo.currentIndexChanged.connect(lambda _i: self.refresh_pays())
            self.round_table.setItem(row, FACTOR, QTableWidgetItem(_factor_text(rnd.factor)))
            pays = QTableWidgetItem()
            pays.setFlags(pays.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.round_table.setItem(row, PAYS, pays)
        self._on_scales_edited()
        for row in range(self.round_table.rowCount()):
            combo = self._combo(row)
            combo.setCurrentIndex(max(combo.findData(combo.property("stored")), 0))

    def _combo(self, row: int) -> QComboBox:
        combo = self.round_table.cellWidget(row, SCALE)
        assert isinstance(combo, QComboBox)
        return combo

    def set_round(self, row: int, scale: str | None = None, factor: str | None = None) -> None:
        """A round's scale (by the name in the scales table) and factor, as typed."""
        if scale is not None:
            combo = self._combo(row)
            combo.setCurrentIndex(max(combo.findText(scale), 0))
        if factor is not None:
            item = self.round_table.item(row, FACTOR)
            assert item is not None
            item.setText(factor)

    def refresh_pays(self) -> None:
        """Each round's points as its scale and factor make them: "13-11-9.5… (half points)"."""
        rows = range(self.scale_table.rowCount())
        texts = {self._item(r, NAME).data(KEY): self._item(r, POINTS).text() for r in rows}
        for row in range(self.round_table.rowCount()):
            item = self.round_table.item(row, PAYS)
            if item is not None:
                item.setText(self._pays(row, texts))

    def _pays(self, row: int, texts: dict[int, str]) -> str:
        key = self._combo(row).currentData()
        if key is None:
            return "nothing"
        try:
            points = points_from_text(texts.get(key, ""))
            factor = self._factor(row)
        except InputError as bad:
            return f"? {bad.message}"
        shown = points_text(points[:SHOWN_PLACES]) + ("…" if len(points) > SHOWN_PLACES else "")
        return shown if factor == 1 else f"{shown} ({factor_words(factor)})"

    def _factor(self, row: int) -> Decimal:
        item = self.round_table.item(row, FACTOR)
        text = item.text().strip() if item is not None else ""
        try:
            return to_points(text)
        except ValueError:
            where = f"round {self.data.rounds[row].name}"
            raise InputError(
                f"expected a factor such as 1, 0.5 or 2, found '{text}'",
                source=TITLE,
                field=f"{where}: factor",
            ) from None

    # --- what was filled in ---------------------------------------------------------------

    def scales(self) -> list[ScaleChange]:
        changes = []
        for row in range(self.scale_table.rowCount()):
            name = self._item(row, NAME).text()
            field = f"scale {name.strip() or row + 1}"
            points = points_from_text(
                self._item(row, POINTS).text(), field_name=field, source=TITLE
            )
            changes.append(ScaleChange(self._item(row, NAME).data(STORED), name, points))
        return changes

    def rounds(self) -> dict[int, RoundPoints]:
        names = {
            self._item(r, NAME).data(KEY): self._item(r, NAME).text().strip()
            for r in range(self.scale_table.rowCount())
        }
        return {
            rnd.id: RoundPoints(names.get(self._combo(row).currentData()), self._factor(row))
            for row, rnd in enumerate(self.data.rounds)
        }

    def accept(self) -> None:
        try:
            self.scales()
            self.rounds()
            if self.check is not None:
                self.check()
        except PitboardError as bad:
            self.message.setText(str(bad))
            return
        super().accept()


def _factor_text(factor: Decimal) -> str:
    return f"{factor.normalize():f}"
