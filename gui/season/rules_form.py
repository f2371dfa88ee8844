"""One form row per rule the engine knows, each with a one-line explanation.

The form reads and writes the rules' stored form (SeasonRules.to_json's keys), so a value
typed here is checked by the one reader every season's rules go through. A form for one
championship has a box per row: ticked, the rule is set again for that championship.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from model.scoring.points import format_points
from model.scoring.rule_kinds import (
    DistanceReference,
    DistanceRounding,
    DriverTwoCars,
    DropBy,
    SharedDrivePoints,
    Status,
    TeamPositions,
    TeamScoring,
    TieBreak,
)

NO_SCALE = "(none)"
EDITOR_WIDTH = 270  # the explanations get the rest of the row
_SEGMENT = re.compile(r"\s*([0-9]+)\s*-\s*([0-9]+)\s*:\s*([0-9]+)\s*")


@dataclass(frozen=True)
class Rule:
    key: str  # the key in the rules' JSON
    label: str
    explanation: str
    kind: str  # how it is edited: text, choice, statuses, scale
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, words) of a choice


def _choices(kind: type[StrEnum], words: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((member.value, words[member.value]) for member in kind)


RULES: tuple[Rule, ...] = (
    Rule(
        "min_distance_pct",
        "Minimum distance (%)",
        "A car must cover this share of the winner's distance to score; empty: no minimum.",
        "text",
    ),
    Rule(
        "distance_reference",
        "Distance measured against",
        "Whose laps that share is of.",
        "choice",
        _choices(
            DistanceReference,
            {"overall_winner": "the overall winner", "class_winner": "the class winner"},
        ),
    ),
    Rule(
        "distance_rounding",
        "Laps needed",
        "How the share becomes whole laps: rounded up (exact) or down.",
        "choice",
        _choices(DistanceRounding, {"exact": "exact share, rounded up", "down": "rounded down"}),
    ),
    Rule(
        "team_scoring",
        "Team scores",
        "Which of a team's cars score in a race, and who the competitor is.",
        "choice",
        _choices(
            TeamScoring,
            {
                "best_entry": "its best car",
                "all_entries": "every car, added up",
                "per_car": "each car on its own (Team #7)",
            },
        ),
    ),
    Rule(
        "team_positions",
        "Places paid",
        "Points follow the classification, or a ranking of the scoring cars only.",
        "choice",
        _choices(
            TeamPositions,
            {"as_classified": "as classified (keep positions)", "re_ranked": "scorers re-ranked"},
        ),
    ),
    Rule(
        "scoring_statuses",
        "Statuses that score",
        "Only cars that ended the race this way can earn points.",
        "statuses",
    ),
    Rule(
        "best_results",
        "Best results counted",
        "Only the best N scores count (7), or per part of the season (1-5: 4, 6-10: 4).",
        "text",
    ),
    Rule(
        "drop_by",
        "Results dropped by",
        "What the best results count: whole rounds, or single races of a round.",
        "choice",
        _choices(DropBy, {"round": "round", "race": "race"}),
    ),
    Rule("pole_points", "Pole points", "Bonus points for pole position (e.g. 1 or 0.5).", "text"),
    Rule(
        "fastest_lap_points",
        "Fastest lap points",
        "Bonus points for the class's fastest lap.",
        "text",
    ),
    Rule(
        "fastest_lap_max_pos",
        "Fastest lap paid down to",
        "Only a car classified this high in its class gets it; empty: any classified car.",
        "text",
    ),
    Rule(
        "qualifying_points",
        "Qualifying points scale",
        "A points scale paid for the qualifying position; (none): nothing.",
        "scale",
    ),
    Rule(
        "tie_break",
        "Ties broken by",
        "Level on points: most wins, 2nds…; or every place then the earlier best; or shared.",
        "choice",
        _choices(
            TieBreak,
            {
                "countback": "countback on scoring places",
                "countback_all": "countback on every place",
                "shared": "a shared position",
            },
        ),
    ),
    Rule(
        "driver_two_cars",
        "Driver in two cars",
        "A driver in two cars of one race keeps the better car's points, or adds both.",
        "choice",
        _choices(DriverTwoCars, {"best": "the better car counts", "both": "both cars count"}),
    ),
    Rule(
        "shared_drive_points",
        "Co-drivers get",
        "Each driver of a car gets the car's points, or an equal share of them.",
        "choice",
        _choices(SharedDrivePoints, {"full": "the car's full points", "split": "a share each"}),
    ),
    Rule(
        "manufacturers",
        "Manufacturer's cars counted",
        "A manufacturer scores its best N cars in each race.",
        "text",
    ),
)
RULE_LABELS = {rule.key: rule.label for rule in RULES}


class RulesForm(QWidget):
    """The rules of a season (or, with `own_boxes`, one championship's own rules).

    Signals:
        edited(): a value or a box changed.
    """

    edited = Signal()

    def __init__(
        self, scales: Iterable[str], *, own_boxes: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.editors: dict[str, QWidget] = {}
        self.own: dict[str, QCheckBox] = {}  # championship forms only: the rule is set again
        self._statuses: dict[Status, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setColumnStretch(3, 1)
        for row, rule in enumerate(RULES):
            editor = self._editor(rule, tuple(scales))
            self.editors[rule.key] = editor
            if own_boxes:
                box = QCheckBox()
                box.setToolTip("Set this rule again for this championship")
                box.toggled.connect(editor.setEnabled)
                box.toggled.connect(self.edited)
                editor.setEnabled(False)
                self.own[rule.key] = box
                grid.addWidget(box, row, 0)
            grid.addWidget(QLabel(rule.label), row, 1)
            grid.addWidget(editor, row, 2)
            explanation = QLabel(rule.explanation)
            explanation.setStyleSheet("color: #555;")
            explanation.setWordWrap(True)
            grid.addWidget(explanation, row, 3)

    # --- building -------------------------------------------------------------------------

    def _editor(self, rule: Rule, scales: tuple[str, ...]) -> QWidget:
        if rule.kind == "text":
            line = QLineEdit()
            line.setMaximumWidth(EDITOR_WIDTH)
            line.textChanged.connect(self.edited)
            return line
        if rule.kind == "statuses":
            return self._status_boxes()
        combo = QComboBox()
        choices = rule.choices or ((name, name) for name in scales)
        if rule.kind == "scale":
            combo.addItem(NO_SCALE, None)
        for value, words in choices:
            combo.addItem(words, value)
        combo.setMaximumWidth(EDITOR_WIDTH)
        combo.currentIndexChanged.connect(self.edited)
        return combo

    def _status_boxes(self) -> QWidget:
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, status in enumerate(Status):
            box = QCheckBox(status.label)
            box.toggled.connect(self.edited)
            self._statuses[status] = box
            grid.addWidget(box, index // 3, index % 3)
        return holder

    # --- values ---------------------------------------------------------------------------

    def set_values(self, values: dict[str, Any], *, own: Iterable[str] = ()) -> None:
        """Show rule values in their stored form; in a championship's form, tick `own`."""
        for key, value in values.items():
            if key in self.editors:
                self.set_value(key, value)
        for key, box in self.own.items():
            box.setChecked(key in set(own))

    def set_value(self, key: str, value: Any) -> None:
        """One rule, in its stored form (a championship's form ticks its box)."""
        editor = self.editors[key]
        if isinstance(editor, QLineEdit):
            editor.setText(_as_text(key, value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        else:
            chosen = set(value or ())
            for status, box in self._statuses.items():
                box.setChecked(status.value in chosen)
        if key in self.own:
            self.own[key].setChecked(True)

    def values(self) -> dict[str, Any]:
        """The rules in their stored form (a championship's form: only the ticked ones).
        Text that is not a value is handed on as typed, for the rules' reader to name."""
        keys = [key for key in self.editors if not self.own or self.own[key].isChecked()]
        return {key: self._value(key) for key in keys}

    def _value(self, key: str) -> Any:
        editor = self.editors[key]
        if isinstance(editor, QLineEdit):
            return _from_text(key, editor.text().strip())
        if isinstance(editor, QComboBox):
            return editor.currentData()
        return sorted(s.value for s, box in self._statuses.items() if box.isChecked())


def _as_text(key: str, value: Any) -> str:
    if value is None:
        return ""
    if key == "manufacturers":
        return str(value.get("best_cars", 1)) if isinstance(value, dict) else str(value)
    if key == "best_results" and isinstance(value, list):
        return ", ".join(f"{s['rounds'][0]}-{s['rounds'][1]}: {s['best']}" for s in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return format_points(value) if key.endswith("_points") else str(value)


def _number(text: str) -> Any:
    if re.fullmatch(r"[0-9]+", text):
        return int(text)
    if re.fullmatch(r"[0-9]*\.[0-9]+", text):
        return float(text)
    return text


_FROM_TEXT: dict[str, Callable[[str], Any]] = {
    "min_distance_pct": lambda text: None if not text else _number(text),
    "fastest_lap_max_pos": lambda text: None if not text else _number(text),
    "pole_points": lambda text: text or 0,
    "fastest_lap_points": lambda text: text or 0,
    "manufacturers": lambda text: {"best_cars": _number(text) if text else 1},
    "best_results": lambda text: _best_results(text),
}


def _from_text(key: str, text: str) -> Any:
    return _FROM_TEXT[key](text)


def _best_results(text: str) -> Any:
    """7, or segments "1-5: 4, 6-10: 4" in the stored form; anything else as typed."""
    if not text:
        return None
    if re.fullmatch(r"[0-9]+", text):
        return int(text)
    segments = []
    for part in re.split(r"[,;]", text):
        found = _SEGMENT.fullmatch(part)
        if found is None:
            return text
        first, last, best = (int(n) for n in found.groups())
        segments.append({"rounds": [first, last], "best": best})
    return segments


def shown_value(key: str, value: Any) -> str:
    """A rule's stored value in the words the form shows: "—" for none, a choice's words."""
    rule = next(r for r in RULES if r.key == key)
    if value is None:
        return "—" if rule.kind != "scale" else NO_SCALE
    if rule.kind == "choice":
        return dict(rule.choices).get(value, str(value))
    if rule.kind == "statuses":
        return ", ".join(Status(v).label for v in value) or "none"
    if rule.kind == "scale":
        return str(value)
    return _as_text(key, value) or "—"
