"""The problems list: the season's problems grouped by kind and class, one line per problem;
choosing one jumps to its cell. A problem the user accepted (with why) is hidden unless asked
for, and counted."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from gui.prompts import Prompts
from gui.race_document import RaceDocument
from gui.tables.context_menu import attach_context_menu
from gui.tables.table_model import KeyRole, SortProxy, SortRole
from model.edits.changes import Changes
from model.edits.problem_accept import ProblemAcceptance
from model.scoring.live_season import LiveSeason
from model.scoring.problem_groups import (
    ProblemLine,
    problem_groups,
    problem_lines,
    round_labels,
    split_accepted,
)
from model.scoring.problems import ProblemKind

LineRole = Qt.ItemDataRole.UserRole + 10  # the ProblemLine of a line (None on a group)
GroupRole = Qt.ItemDataRole.UserRole + 11  # a group's kind and class, kept across reloads
OPEN_UP_TO = 5  # a group of more lines starts folded, so the panel opens on its groups
HEADERS = ("Problem", "Car", "Accepted")


class ProblemsModel(QStandardItemModel):
    """Groups ("Position gaps — GT (12)") holding one row per problem line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(list(HEADERS))
        self._lines: list[ProblemLine] = []

    def rows(self) -> list[ProblemLine]:
        """The lines shown, in their groups' order."""
        return list(self._lines)

    def set_lines(self, lines: list[ProblemLine]) -> None:
        self.beginResetModel()
        self.blockSignals(True)
        self.removeRows(0, self.rowCount())
        groups = problem_groups(lines)
        for group in groups:
            head = _item(group.title)
            head.setData((group.kind, group.class_name), GroupRole)
            for line in group.lines:
                head.appendRow(_line_items(line))
            self.appendRow([head, _item(""), _item("")])
        self._lines = [line for group in groups for line in group.lines]
        self.blockSignals(False)
        self.endResetModel()


def _item(text: str, line: ProblemLine | None = None) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setData(text, SortRole)
    item.setData(line, LineRole)
    item.setData(None if line is None else line.problem, KeyRole)
    return item


def _line_items(line: ProblemLine) -> list[QStandardItem]:
    accepted = line.accepted
    note = f"{accepted.why} ({accepted.who or 'someone'}, {accepted.at[:10]})" if accepted else ""
    # A gap belongs to no car (its first mark is only where going to it lands).
    car = "" if line.problem.kind is ProblemKind.POSITION_GAP else line.car
    items = [_item(line.text, line), _item(car, line), _item(note, line)]
    if accepted:
        items[0].setToolTip(f"Accepted by {accepted.who or 'someone'} at {accepted.at}: {note}")
    return items


class ProblemsPanel(QWidget):
    """Signals:
    problem_activated(object): the Problem the user chose to go to.
    """

    problem_activated = Signal(object)

    def __init__(
        self, document: RaceDocument, prompts: Prompts | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.prompts = prompts or Prompts(self)
        self.model = ProblemsModel(self)
        proxy = SortProxy(self)
        proxy.setSourceModel(self.model)
        self.view = QTreeView()
        self.view.setModel(proxy)
        self.view.setUniformRowHeights(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.activated.connect(self._on_activated)
        self.view.doubleClicked.connect(self._on_activated)
        self.summary = QLabel()
        # The dock may be narrow: the summary is cut rather than widening the window.
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.show_accepted = QCheckBox("Show accepted")
        self.show_accepted.toggled.connect(lambda _on: self._show())
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 0)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.show_accepted)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self._menu_actions = self._make_actions()
        attach_context_menu(self.view, self._menu_items)
        self._all: list[ProblemLine] = []
        self._on_screen = True  # told otherwise by its dock (set_on_screen)
        self._stale = False
        document.changed.connect(self._on_document_changed)
        document.season_changed.connect(lambda _id: self._reload_when_seen())

    def set_on_screen(self, on_screen: bool) -> None:
        """Whether the list can be seen: a dock behind another tab is read when it is shown
        (QDockWidget.visibilityChanged)."""
        self._on_screen = on_screen
        if on_screen and self._stale:
            self.reload()

    def _reload_when_seen(self) -> None:
        if self._on_screen:
            self.reload()
        else:
            self._stale = True

    def _on_document_changed(self, _changes: Changes) -> None:
        if self._stale or not self._on_screen:
            self._stale = True
            return
        before = self._all
        self._all = self._read()
        if self._all != before:
            self._show()

    def reload(self) -> None:
        self._stale = False
        self._all = self._read()
        self._show()

    def _read(self) -> list[ProblemLine]:
        live = self.document.live
        if live is None:
            return []
        accepted = {a.key: a for a in live.data.accepted}
        labels = round_labels((r.id, r.number) for r in live.data.rounds)
        return problem_lines(live.problems, labels, accepted, lambda rid: _car(live, rid))

    def _show(self) -> None:
        open_lines, accepted = split_accepted(self._all)
        shown = self._all if self.show_accepted.isChecked() else open_lines
        unfolded = self._unfolded_groups()
        self.model.set_lines(shown)
        self._unfold(unfolded)
        self.view.resizeColumnToContents(1)
        self.view.setColumnWidth(0, max(self.view.columnWidth(0), 320))
        self.summary.setText(_summary(len(open_lines), len(accepted)))

    def _unfolded_groups(self) -> dict[object, bool]:
        """Each group shown now and whether the user has it unfolded."""
        heads = (self.view.model().index(row, 0) for row in range(self.view.model().rowCount()))
        return {head.data(GroupRole): self.view.isExpanded(head) for head in heads}

    def _unfold(self, unfolded: dict[object, bool]) -> None:
        """Groups stay as the user left them; a new one is unfolded when it is short."""
        model = self.view.model()
        for row in range(model.rowCount()):
            head = model.index(row, 0)
            known = unfolded.get(head.data(GroupRole))
            short = model.rowCount(head) <= OPEN_UP_TO
            self.view.setExpanded(head, short if known is None else known)

    def selected_line(self) -> ProblemLine | None:
        line = self.view.currentIndex().data(LineRole)
        return line if isinstance(line, ProblemLine) else None

    def accept(self, line: ProblemLine) -> bool:
        """Ask why, then store the acceptance as one undo step."""
        season_id = self.document.season_id
        why = self.prompts.text("Accept problem", f"Why may this stay?\n{line.text}")
        if season_id is None or why is None:
            return False
        who = self.document.author
        return self.document.push(
            f"Accept problem: {line.text}",
            lambda s: [
                ProblemAcceptance.accept(s, season_id=season_id, key=line.key, who=who, why=why)
            ],
        )

    def unaccept(self, line: ProblemLine) -> bool:
        season_id = self.document.season_id
        if season_id is None:
            return False
        return self.document.push(
            f"Un-accept problem: {line.text}",
            lambda s: [ProblemAcceptance.unaccept(s, season_id=season_id, key=line.key)],
        )

    def copy(self, line: ProblemLine) -> None:
        QGuiApplication.clipboard().setText(line.text)

    def _make_actions(self) -> dict[str, QAction]:
        found = {
            "go": QAction("Go to cell", self),
            "accept": QAction("Accept\u2026", self),
            "unaccept": QAction("Un-accept", self),
            "copy": QAction("Copy", self),
        }
        found["go"].triggered.connect(lambda: self._on_activated(self.view.currentIndex()))
        for name, act in (
            ("accept", self.accept),
            ("unaccept", self.unaccept),
            ("copy", self.copy),
        ):
            found[name].triggered.connect(lambda _c=False, act=act: self._with_selected(act))
        return found

    def _with_selected(self, act: object) -> None:
        line = self.selected_line()
        if line is not None and callable(act):
            act(line)

    def _menu_items(self) -> list[QAction | None]:
        line = self.selected_line()
        writable = line is not None and not self.document.read_only
        actions = self._menu_actions
        actions["go"].setEnabled(line is not None)
        actions["accept"].setEnabled(writable and line is not None and line.accepted is None)
        actions["unaccept"].setEnabled(writable and line is not None and line.accepted is not None)
        actions["copy"].setEnabled(line is not None)
        return [actions["go"], None, actions["accept"], actions["unaccept"], None, actions["copy"]]

    def _on_activated(self, index: QModelIndex) -> None:
        problem = index.data(KeyRole)
        if problem is not None:
            self.problem_activated.emit(problem)


def _car(live: LiveSeason, result_id: int) -> str:
    result = live.result(result_id)
    car = live.data.entries[result.entry_id].car_number if result is not None else None
    return car or "?"


def _summary(open_count: int, accepted_count: int) -> str:
    said = f"{open_count} problem{'s' * (open_count != 1)}"
    return f"{said} \u00b7 {accepted_count} accepted" if accepted_count else said
