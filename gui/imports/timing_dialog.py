"""Previewing a timing file before it is imported: round, class and status mapping, what changes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.race_document import RaceDocument
from model.io.alkamel import Layout, TimingFile, TimingFileError
from model.io.timing_import import (
    KNOWN_STATUSES,
    ImportPlan,
    PlannedResult,
    UnknownStatusesError,
    UnmappedClassesError,
    plan_import,
    suggested_classes,
)
from model.scoring.rules import Status
from model.store.queries import calendar

NOT_CHOSEN = "— choose —"
# The preview table: what each row of the file will be written as.
COLUMNS = ("Line", "Class", "Class pos", "Overall", "Car", "Team", "Status", "Laps", "Entry")


class TimingImportDialog(QDialog):
    """Shows what importing one timing file will do; Import is enabled once nothing is unknown."""

    def __init__(
        self,
        document: RaceDocument,
        timing: TimingFile,
        round_id: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import {timing.source}")
        self.document, self.timing = document, timing
        self.plan: ImportPlan | None = None
        season_id = document.season_id or 0
        self.round_picker = QComboBox()
        for line in document.read(lambda s: calendar(session=s, season_id=season_id)):
            if not line.cancelled:
                self.round_picker.addItem(f"Round {line.number}: {line.name}", line.round_id)
        self.round_picker.setCurrentIndex(max(self.round_picker.findData(round_id), 0))
        self.class_pickers = {
            name: self._picker(document.data.classes if document.data else ())
            for name in timing.classes
        }
        unknown = [s for s in timing.statuses if " ".join(s.lower().split()) not in KNOWN_STATUSES]
        self.status_pickers = {
            name: self._picker(tuple(s.label for s in Status)) for name in unknown
        }
        self.repair = QCheckBox("Repair names that look double-encoded")
        self.repair.setVisible(bool(timing.garbled_lines))
        self.summary = QPlainTextEdit(readOnly=True)
        self.summary.setMinimumSize(560, 180)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setMinimumHeight(160)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self._prefill_classes()
        for widget in (
            self.round_picker,
            *self.class_pickers.values(),
            *self.status_pickers.values(),
        ):
            widget.currentIndexChanged.connect(self.refresh)
        self.repair.toggled.connect(self.refresh)
        self.refresh()

    def _picker(self, choices: tuple[str, ...]) -> QComboBox:
        picker = QComboBox()
        picker.addItem(NOT_CHOSEN, None)
        for choice in choices:
            picker.addItem(choice, choice)
        return picker

    def _lay_out(self) -> None:
        form = QFormLayout()
        kind = (
            "read through a column mapping"
            if self.timing.layout is Layout.GENERIC
            else f"Al Kamel layout {self.timing.layout.value}"
        )
        form.addRow("File:", QLabel(f"{self.timing.source} ({kind}, {len(self.timing.rows)} cars)"))
        form.addRow("Round:", self.round_picker)
        classes = QGroupBox("Classes in the file")
        class_form = QFormLayout(classes)
        for name, picker in self.class_pickers.items():
            class_form.addRow(f"{name} is", picker)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(classes)
        if self.status_pickers:
            statuses = QGroupBox("Statuses Pitboard does not know")
            status_form = QFormLayout(statuses)
            for name, picker in self.status_pickers.items():
                status_form.addRow(f"'{name}' means", picker)
            layout.addWidget(statuses)
        layout.addWidget(self.repair)
        layout.addWidget(self.table)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

    def _prefill_classes(self) -> None:
        season_id = self.document.season_id or 0
        suggested = self.document.read(
            lambda s: suggested_classes(
                session=s, season_id=season_id, file_classes=self.timing.classes
            )
        )
        for name, target in suggested.items():
            picker = self.class_pickers[name]
            picker.setCurrentIndex(max(picker.findData(target), 0))

    def choose_class(self, file_class: str, season_class: str) -> None:
        picker = self.class_pickers[file_class]
        picker.setCurrentIndex(picker.findData(season_class))

    def choose_status(self, file_status: str, status: Status) -> None:
        picker = self.status_pickers[file_status]
        picker.setCurrentIndex(picker.findData(status.label))

    def _plan_now(self) -> ImportPlan:
        classes = {k: p.currentData() for k, p in self.class_pickers.items() if p.currentData()}
        labels = {s.label: s for s in Status}
        statuses = {
            k: labels[p.currentData()] for k, p in self.status_pickers.items() if p.currentData()
        }
        season_id, round_id = self.document.season_id or 0, self.round_picker.currentData()
        return self.document.read(
            lambda s: plan_import(
                session=s,
                season_id=season_id,
                round_id=round_id,
                timing=self.timing,
                classes=classes,
                statuses=statuses,
                repair_names=self.repair.isChecked(),
            )
        )

    def refresh(self) -> None:
        try:
            self.plan = self._plan_now()
        except (UnmappedClassesError, UnknownStatusesError) as exc:
            self.plan = None
            self.summary.setPlainText(f"To do before importing:\n{exc.message}")
        except TimingFileError as exc:
            self.plan = None
            self.summary.setPlainText(str(exc))
        else:
            self.summary.setPlainText(describe_plan(self.plan))
        self._fill_table(self.plan.results if self.plan else ())
        self.import_button.setEnabled(self.plan is not None)

    def _fill_table(self, results: tuple[PlannedResult, ...]) -> None:
        self.table.setRowCount(len(results))
        for row, result in enumerate(results):
            for column, text in enumerate(preview_cells(result)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()


def preview_cells(result: PlannedResult) -> tuple[str, ...]:
    """One row of the preview table: the positions are the ones that will be stored."""

    def place(value: int | None) -> str:
        return "" if value is None else str(value)

    return (
        str(result.line),
        result.class_name,
        place(result.class_pos),
        place(result.overall_pos),
        result.car,
        result.team,
        result.status.label + (f" ({result.note})" if result.note else ""),
        place(result.laps),
        "new" if result.entry_id is None else "found",
    )


def describe_plan(plan: ImportPlan) -> str:
    """What the import will do, the things to check first: warnings, then what goes."""
    lines = [f"{len(plan.results)} results will be written."]
    if plan.warnings:
        lines.append("\nWarnings:")
        lines += [f"  {text}" for text in plan.warnings]
    if plan.removed:
        lines.append("\nRemoved (cars of the file's classes that the file does not list):")
        lines += [f"  {text}" for text in plan.removed]
    if plan.replaced:
        lines.append(f"\nResults replaced by the file's ({len(plan.replaced)}):")
        lines += [f"  {text}" for text in plan.replaced]
    if plan.new_entries:
        lines.append(f"\nNew entries ({len(plan.new_entries)}):")
        lines += [
            f"  {e.class_name}: car {e.car}, {e.team} ({e.chassis or '?'})"
            for e in plan.new_entries
        ]
    return "\n".join(lines)
