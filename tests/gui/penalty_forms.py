"""Answers to the penalty form, for the tests that add penalties through it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog

from gui.penalties.penalty_dialog import PenaltyDialog

JOB = "Alex Job Racing"
ACCEPTED, REJECTED = int(QDialog.DialogCode.Accepted), int(QDialog.DialogCode.Rejected)


def filled(**fields: Any) -> Callable[[PenaltyDialog], int]:
    def fill(dialog: PenaltyDialog) -> int:
        dialog.class_name.setCurrentText(fields.get("class_name", "GT"))
        dialog.competitor.setText(fields.get("competitor", JOB))
        dialog.round.setCurrentIndex(dialog.round.findData(fields.get("round", 3)))
        dialog.points.setText(fields.get("points", "-10"))
        dialog.excluded.setChecked(fields.get("excluded", False))
        dialog.reason.setText(fields.get("reason", "minimum weight"))
        championship = fields.get("championship", "all")
        dialog.championship.setCurrentIndex(dialog.championship.findData(championship))
        return ACCEPTED

    return fill


def once(*answers: Callable[[PenaltyDialog], int]) -> Callable[[PenaltyDialog], int]:
    """Each showing of the form answered by the next handler; then cancelled."""
    queue = list(answers)
    return lambda dialog: queue.pop(0)(dialog) if queue else REJECTED
