"""The Penalties panel: the season's penalties and exclusions, added, changed and removed
by hand, each one undo step."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session, col, select

from gui.penalties.penalty_dialog import CHAMPIONSHIP_CHOICES, PenaltyDialog
from gui.prompts import Prompts
from gui.race_document import RaceDocument
from gui.tables.context_menu import attach_context_menu, copy_action
from gui.tables.table_model import (
    CENTER,
    Column,
    KeyRole,
    RowsTableModel,
    sorted_proxy,
    sorted_table,
)
from model.edits.operations import Edit
from model.edits.penalty_edits import PenaltyEdit, penalty_values
from model.scoring.points import format_points, to_points
from model.scoring.rules import Championship
from model.store import tables as t

_CHAMPIONSHIP_LABELS = {value: label for label, value in CHAMPIONSHIP_CHOICES}


@dataclass(frozen=True)
class PenaltyLine:
    penalty_id: int
    class_name: str
    championship: str
    competitor: str
    round_label: str
    points: str
    reason: str


class PenaltiesModel(RowsTableModel):
    COLUMNS = (
        Column("Class", lambda p: p.class_name),
        Column("Championship", lambda p: p.championship),
        Column("Competitor", lambda p: p.competitor),
        Column("Round", lambda p: p.round_label, align=CENTER),
        Column("Points", lambda p: p.points, align=CENTER),
        Column("Reason", lambda p: p.reason),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(lambda line: line.penalty_id, parent)
        self.set_editable(False)


def penalty_lines(session: Session, season_id: int) -> list[PenaltyLine]:
    """The season's penalties as the panel lists them, in the order they were given."""
    numbers = {
        rnd.id: f"{rnd.number}" if rnd.number else "cancelled"
        for rnd in session.exec(select(t.Round).where(t.Round.season_id == season_id))
    }
    lines = []
    rows = session.exec(
        select(t.Penalty).where(t.Penalty.season_id == season_id).order_by(col(t.Penalty.id))
    )
    for row in rows:
        assert row.id is not None
        lines.append(
            PenaltyLine(
                row.id,
                row.class_name,
                _CHAMPIONSHIP_LABELS.get(row.championship, row.championship),
                row.competitor,
                "season" if row.round_id is None else numbers.get(row.round_id, "?"),
                "excluded" if row.excluded else _points(row.points),
                row.reason,
            )
        )
    return lines


def _points(text: str) -> str:
    try:
        return format_points(to_points(text))
    except ValueError:
        return text  # a value another program stored, shown as it is


class PenaltiesPanel(QWidget):
    def __init__(
        self, document: RaceDocument, prompts: Prompts, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.prompts = prompts
        self.model = PenaltiesModel(self)
        self.view = sorted_table(sorted_proxy(self.model))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.activated.connect(lambda _index: self.change_current())
        buttons = QHBoxLayout()
        # One action each for the buttons and the right-click menu.
        self.actions_shown = [
            self._action("Add penalty…", "&Add penalty…", self.add_penalty),
            self._action("Change…", "&Change penalty…", self.change_current),
            self._action("Remove", "&Remove penalty", self.remove_current),
        ]
        for action in self.actions_shown:
            button = QPushButton(action.iconText())
            button.clicked.connect(action.trigger)
            buttons.addWidget(button)
        attach_context_menu(self.view, [*self.actions_shown, None, copy_action(self.view)])
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        self._on_screen = False
        self._stale = True
        document.changed.connect(lambda _changes: self._changed())
        document.season_changed.connect(lambda _id: self._changed())

    def _action(self, short: str, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setIconText(short)  # the button's word; the menu says which penalty
        action.triggered.connect(slot)
        return action

    def set_on_screen(self, shown: bool) -> None:
        """The list is read only while its tab is on screen (and when it comes back)."""
        self._on_screen = shown
        if shown and self._stale:
            self.reload()

    def _changed(self) -> None:
        self._stale = True
        if self._on_screen:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        season_id = self.document.season_id
        lines = (
            [] if season_id is None else self.document.read(lambda s: penalty_lines(s, season_id))
        )
        self.model.set_rows(lines)

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        key = index.data(KeyRole) if index.isValid() else None
        return key if isinstance(key, int) else None

    def add_penalty(self) -> bool:
        season_id = self.document.season_id
        if season_id is None or self.document.data is None:
            self.prompts.warning("Choose a season first.")
            return False
        return self._ask("Add penalty", None, lambda s, v: PenaltyEdit.add(s, season_id, v))

    def change_current(self) -> bool:
        penalty_id = self.current_id()
        if penalty_id is None or self.document.data is None:
            return False
        current = self.document.read(lambda s: penalty_values(s, penalty_id))
        seen = self.document.seen("penalty", [penalty_id])
        return self._ask(
            "Change penalty",
            current,
            lambda s, v: PenaltyEdit.change(s, penalty_id, v).seen(seen),
        )

    def remove_current(self) -> bool:
        penalty_id = self.current_id()
        if penalty_id is None:
            return False
        line = next(line for line in self.model.rows() if line.penalty_id == penalty_id)
        if not self.prompts.confirm(f"Remove the penalty for {line.competitor}?"):
            return False
        seen = self.document.seen("penalty", [penalty_id])
        return self.document.push(
            "Remove penalty", lambda s: [PenaltyEdit.remove(s, penalty_id).seen(seen)]
        )

    def _ask(
        self,
        step: str,
        current: dict[str, object] | None,
        build: Callable[[Session, dict[str, object]], Edit],
    ) -> bool:
        """The form until what is typed can be stored (each refusal said), or cancelled."""
        data = self.document.data
        assert data is not None
        dialog = PenaltyDialog(data, self._competitors(), current, self)
        while self.prompts.run(dialog) == PenaltyDialog.DialogCode.Accepted:
            refusal = self.document.push_or_refusal(step, _built(build, dialog.values()))
            if not refusal:
                return True
            self.prompts.warning(refusal)
        return False

    def _competitors(self) -> dict[str, list[str]]:
        """Every name the standings tables of each class hold, for completion."""
        live = self.document.live
        if live is None:
            return {}
        names: dict[str, list[str]] = {}
        for class_name in live.data.classes:
            found: Sequence[str] = sorted(
                {
                    row.name
                    for championship in Championship
                    for row in live.table(class_name, championship).rows
                }
            )
            names[class_name] = list(found)
        return names


def _built(
    build: Callable[[Session, dict[str, object]], Edit], typed: dict[str, object]
) -> Callable[[Session], list[Edit]]:
    return lambda session: [build(session, typed)]
