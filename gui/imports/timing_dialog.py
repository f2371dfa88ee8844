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
    QVBoxLayout,
    QWidget,
)

from gui.race_document import RaceDocument
from model.io.alkamel import Layout, TimingFile, TimingFileError
from model.io.timing_import import (
    KNOWN_STATUSES,
    ImportPlan,
    UnknownStatusesError,
    UnmappedClassesError,
    plan_import,
    suggested_classes,
)
from model.scoring.rules import Status
from model.store.queries import calendar

NOT_CHOSEN = "— choose —"


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
        self.summary.setMinimumSize(560, 260)
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
        self.import_button.setEnabled(self.plan is not None)


def describe_plan(plan: ImportPlan) -> str:
    lines = [f"{len(plan.results)} results will be written."]
    if plan.new_entries:
        lines.append(f"\nNew entries ({len(plan.new_entries)}):")
        lines += [
            f"  {e.class_name}: car {e.car}, {e.team} ({e.chassis or '?'})"
            for e in plan.new_entries
        ]
    if plan.replaced:
        lines.append(f"\nResults replaced ({len(plan.replaced)}):")
        lines += [f"  {text}" for text in plan.replaced]
    if plan.warnings:
        lines.append("\nWarnings:")
        lines += [f"  {text}" for text in plan.warnings]
    return "\n".join(lines)
