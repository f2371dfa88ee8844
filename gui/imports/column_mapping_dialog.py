"""Which column holds what, for timing systems and spreadsheets Pitboard does not know."""

from __future__ import annotations

import hashlib
import json

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from model.io.generic_import import FIELDS, REQUIRED_FIELDS, Table, guess_mapping

UNUSED = "— not in the file —"
NO_CLASS = "— choose —"


def mapping_key(header: tuple[str, ...]) -> str:
    digest = hashlib.sha1("\x1f".join(header).encode()).hexdigest()[:16]
    return f"import/mappings/{digest}"


class ColumnMappingDialog(QDialog):
    """A combo per Pitboard field; the choice is remembered for files with the same columns."""

    def __init__(
        self,
        table: Table,
        settings: QSettings,
        parent: QWidget | None = None,
        classes: tuple[str, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Columns of {table.source}")
        self.table, self.settings = table, settings
        self.pickers: dict[str, QComboBox] = {}
        form = QFormLayout()
        for field, label in FIELDS.items():
            picker = QComboBox()
            picker.addItem(UNUSED, None)
            for column in table.header:
                picker.addItem(column, column)
            picker.currentIndexChanged.connect(self._update)
            self.pickers[field] = picker
            form.addRow(f"{label}{' *' if field in REQUIRED_FIELDS else ''}:", picker)
        # A sheet of one class often has no class column: the class is then said once here.
        self.class_for_all = QComboBox()
        self.class_for_all.addItem(NO_CLASS, None)
        for name in classes:
            self.class_for_all.addItem(name, name)
        self.class_for_all.currentIndexChanged.connect(self._update)
        form.addRow("All rows are class:", self.class_for_all)
        sample = "; ".join(table.rows[0][1][:6])
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"First row: {sample}"))
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.set_mapping(self._remembered() or guess_mapping(table.header))

    def mapping(self) -> dict[str, str]:
        return {field: p.currentData() for field, p in self.pickers.items() if p.currentData()}

    def every_row_class(self) -> str | None:
        """The class every row is in, when no column holds the class."""
        if "class" in self.mapping():
            return None
        found = self.class_for_all.currentData()
        return str(found) if found else None

    def choose_class_for_all(self, name: str) -> None:
        self.class_for_all.setCurrentIndex(max(self.class_for_all.findData(name), 0))

    def set_mapping(self, mapping: dict[str, str]) -> None:
        for field, picker in self.pickers.items():
            picker.setCurrentIndex(max(picker.findData(mapping.get(field)), 0))
        self._update()

    def accept(self) -> None:
        self.settings.setValue(mapping_key(self.table.header), json.dumps(self.mapping()))
        super().accept()

    def _remembered(self) -> dict[str, str]:
        text = self.settings.value(mapping_key(self.table.header), "")
        try:
            found = json.loads(str(text)) if text else {}
        except ValueError:
            return {}
        return {k: v for k, v in found.items() if k in FIELDS and v in self.table.header}

    def _update(self) -> None:
        mapped = set(self.mapping())
        self.class_for_all.setEnabled("class" not in mapped)
        if self.class_for_all.currentData():
            mapped.add("class")
        ready = all(field in mapped for field in REQUIRED_FIELDS)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(ready)
