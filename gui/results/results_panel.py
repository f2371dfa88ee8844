"""The round being edited: class filter, fast entry by car number, and the results table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from gui.prompts import Prompts
from gui.race_document import RaceDocument
from gui.results.finisher_field import (
    FINISHER_STEP,
    FinisherEdit,
    completions,
    error_label,
    is_car_number,
    is_team,
    pick_team,
)
from gui.results.results_model import ClassFilterProxy, ResultsTableModel
from gui.results.results_view import ResultsView
from gui.tables.delegates import (
    ChampionshipsDelegate,
    ChoiceDelegate,
    CompletingDelegate,
    FlagDelegate,
    NumberDelegate,
    status_choices,
)
from model.edits.changes import Changes
from model.edits.entries import entry_for_car, entry_record
from model.edits.operations import AddResultEdit, DeleteResultsEdit, Edit, PositionsEdit
from model.edits.paste import insert_positions, plan_paste, reorder_positions
from model.errors import PitboardError
from model.io.results_csv import DRIVER_SEPARATOR
from model.scoring.problems import Problem
from model.store.queries import ResultLine, car_sort_key, driver_names, lines_of_round

ALL_CLASSES = "All classes"
TITLE_AT_LEAST = 16  # characters of the round's title kept however narrow the window


class ResultsPanel(QWidget):
    def __init__(
        self, document: RaceDocument, prompts: Prompts, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.round_id: int | None = None
        self.model = ResultsTableModel(document, prompts, self)
        self.proxy = ClassFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = ResultsView()
        self.view.setModel(self.proxy)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.class_filter = QComboBox()
        self.class_filter.currentIndexChanged.connect(self._on_class_chosen)
        self.car_entry = FinisherEdit()
        self.car_entry.entered.connect(self._on_car_entered)
        self.car_entry.undo_requested.connect(self.take_back_finisher)
        self.finisher_error = error_label()
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600;")
        # A long event name is cut (whole in the tooltip) before the finisher field is squeezed.
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setMinimumWidth(self.title.fontMetrics().averageCharWidth() * TITLE_AT_LEAST)
        self._install_delegates()
        self._lay_out()
        self.view.paste_requested.connect(self._on_paste)
        self.view.delete_requested.connect(self._on_delete)
        self.view.reorder_requested.connect(self._on_reorder)
        self.view.entries_dropped.connect(self.add_dropped_entries)
        document.changed.connect(self._on_document_changed)
        document.season_changed.connect(self._on_season_changed)

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.title, stretch=1)
        bar.addWidget(QLabel("Class:"))
        bar.addWidget(self.class_filter)
        bar.addWidget(QLabel("Finisher:"))
        bar.addWidget(self.car_entry, stretch=1)  # never squeezed below a team name's room
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.finisher_error)  # just under the field, the bar's width
        layout.addWidget(self.view)

    def _install_delegates(self) -> None:
        m = self.model
        self.view.setItemDelegateForColumn(m.column_of("class_pos"), NumberDelegate(1, parent=self))
        self.view.setItemDelegateForColumn(
            m.column_of("overall_pos"), NumberDelegate(1, parent=self)
        )
        self.view.setItemDelegateForColumn(m.column_of("laps"), NumberDelegate(0, parent=self))
        self.view.setItemDelegateForColumn(
            m.column_of("status"), ChoiceDelegate(status_choices, parent=self)
        )
        self.view.setItemDelegateForColumn(
            m.column_of("car"), CompletingDelegate(lambda index: self._car_numbers(), parent=self)
        )
        self._install_rule_delegates()

    def _install_rule_delegates(self) -> None:
        """Drivers complete from the register; pole and fastest lap toggle; championships tick."""
        m, view = self.model, self.view
        drivers = CompletingDelegate(
            lambda index: self._driver_names(), parent=self, separator=DRIVER_SEPARATOR
        )
        view.setItemDelegateForColumn(m.column_of("drivers"), drivers)
        view.setItemDelegateForColumn(m.column_of("qualifying_pos"), NumberDelegate(1, parent=self))
        for field in ("pole", "fastest_lap"):
            view.setItemDelegateForColumn(m.column_of(field), FlagDelegate(self))
        view.setItemDelegateForColumn(m.column_of("ineligible"), ChampionshipsDelegate(self))

    def _driver_names(self) -> list[str]:
        return self.document.read(lambda s: driver_names(session=s))

    # --- what is shown ---------------------------------------------------------------------

    def show_round(self, round_id: int | None) -> None:
        self.round_id = round_id
        self._reload()

    def set_class(self, class_name: str | None) -> None:
        index = self.class_filter.findText(class_name or ALL_CLASSES)
        self.class_filter.setCurrentIndex(max(index, 0))

    def _on_season_changed(self, _season_id: int) -> None:
        data = self.document.data
        self.class_filter.blockSignals(True)
        self.class_filter.clear()
        self.class_filter.addItem(ALL_CLASSES)
        self.class_filter.addItems(list(data.classes) if data else [])
        self.class_filter.blockSignals(False)
        self.model.set_class_order(data.classes if data else ())
        self.proxy.set_class(None)
        self.show_round(None)

    def _on_class_chosen(self, index: int) -> None:
        self.proxy.set_class(None if index <= 0 else self.class_filter.currentText())
        self._refresh_completer()

    def _on_document_changed(self, changes: Changes) -> None:
        shown = self.round_id is not None and self.round_id in changes.rounds
        if changes.entries or (shown and not self._patch(changes.result_ids)):
            self._reload()
            return
        self.model.set_problems(self._shown_problems())

    def _patch(self, result_ids: frozenset[int] | None) -> bool:
        """Refresh only the named results' rows; False when the whole round must be read
        (results not named, or one put back among the rows rather than after them)."""
        data, round_id = self.document.data, self.round_id
        if result_ids is None or data is None or round_id is None:
            return False
        lines = lines_of_round(data, round_id, result_ids)
        known = {line.result_id for line in self.model.rows()}
        newest = max(known, default=0)
        if any(line.result_id not in known and line.result_id < newest for line in lines):
            return False
        found = {line.result_id for line in lines}
        self.model.patch_rows(lines, removed=result_ids - found)
        self.model.set_problems(self._shown_problems())
        if found - known:
            self._refresh_completer()
        return True

    def _reload(self) -> None:
        data, round_id = self.document.data, self.round_id
        lines = [] if round_id is None or data is None else lines_of_round(data, round_id)
        self.model.set_rows(lines)
        self.model.set_problems(self._shown_problems())
        self._update_title()
        self._refresh_completer()

    def _shown_problems(self) -> list[Problem]:
        live, round_id = self.document.live, self.round_id
        return live.problems_in(round_id) if live is not None and round_id is not None else []

    def _update_title(self) -> None:
        data = self.document.data
        rnd = next((r for r in data.rounds if r.id == self.round_id), None) if data else None
        self.title.setText(f"Round {rnd.number}: {rnd.name}" if rnd else "No round selected")
        self.title.setToolTip(self.title.text())
        self.car_entry.setEnabled(rnd is not None)

    def _car_numbers(self) -> list[str]:
        data = self.document.data
        if data is None:
            return []
        wanted = self.proxy.class_name
        cars = {
            e.car_number
            for e in data.entries.values()
            if e.car_number and (wanted is None or e.class_name == wanted)
        }
        return sorted(cars, key=car_sort_key)

    def _refresh_completer(self) -> None:
        data = self.document.data
        entries = data.entries.values() if data else ()
        self.car_entry.set_choices(completions(entries, self.proxy.class_name))

    # --- edits -----------------------------------------------------------------------------

    def _on_car_entered(self, typed: str, shown: str) -> None:
        typed = self._chosen(typed.strip(), shown.strip())
        if not typed:
            return
        refusal = self.enter_finisher(typed)
        self.finisher_error.setText(refusal)
        self.finisher_error.setToolTip(refusal)
        if refusal:
            self.car_entry.setText(typed)  # without a completion the refusal is not about
            self.car_entry.selectAll()  # shown for correction; the next car typed replaces it
        else:
            self.car_entry.clear()

    def _chosen(self, typed: str, shown: str) -> str:
        """What typed, else the completion shown when that is a team name (not a car)."""
        data = self.document.data
        entries = list(data.entries.values()) if data else []
        class_name = self.proxy.class_name
        if shown == typed or is_car_number(entries, class_name, typed):
            return typed
        if is_team(entries, class_name, typed):
            return typed
        return shown if is_team(entries, class_name, shown) else typed

    def enter_finisher(self, typed: str) -> str:
        """Add what was typed (a car number, else a team name) as the next finisher; returns
        why it was refused, "" when it was added. A number is never completed to another."""
        data = self.document.data
        entries = list(data.entries.values()) if data else []
        class_name = self.proxy.class_name
        if not is_car_number(entries, class_name, typed):
            pick = pick_team(entries, class_name, typed)
            if pick is not None and pick.refusal:
                self.document.failed.emit(pick.refusal)
                return pick.refusal
            if pick is not None and pick.entry_id is not None:
                return self._add(f"{FINISHER_STEP} of {typed}", entry_id=pick.entry_id)
            typed = pick.car if pick is not None and pick.car else typed
        return self._add(f"{FINISHER_STEP} {typed}", car=typed)

    def add_finisher(self, car: str) -> bool:
        """Add car `car` as the next finisher of its class (and overall, with all classes shown)."""
        return not self._add(f"{FINISHER_STEP} {car}", car=car)

    def take_back_finisher(self) -> None:
        """Ctrl+Z in the field: undo the last step when it added a finisher."""
        stack = self.document.undo_stack
        last = stack.command(stack.index() - 1) if stack.index() > 0 else None
        if last is None or not last.text().startswith(FINISHER_STEP):
            self.finisher_error.setText("No finisher to take back (Edit, Undo undoes other steps)")
            return
        stack.undo()
        self.finisher_error.clear()

    def _add(self, text: str, *, car: str = "", entry_id: int | None = None) -> str:
        round_id, season_id = self.round_id, self.document.season_id
        if round_id is None or season_id is None:
            return "No round selected"
        class_name = self.proxy.class_name
        lines = self.model.rows()

        def build(session: Session) -> list[Edit]:
            chosen = entry_id
            if chosen is None:
                chosen = entry_for_car(
                    session=session,
                    season_id=season_id,
                    class_name=class_name,
                    car=car,
                    before_round=round_id,
                )
            entry_class = session_entry_class(session, chosen)
            overall = None if class_name else _next(lines, None, overall=True)
            return [
                AddResultEdit(
                    round_id,
                    chosen,
                    class_pos=_next(lines, entry_class, overall=False),
                    overall_pos=overall,
                )
            ]

        return self.document.push_or_refusal(text, build)

    def _on_paste(
        self, first_row: int, fields: list[str | None], titles: list[str], block: list[list[str]]
    ) -> None:
        round_id, season_id = self.round_id, self.document.season_id
        if round_id is None or season_id is None:
            return
        lines = self.view.visible_lines()
        self.document.push(
            f"Paste {len(block)} row{'s' if len(block) != 1 else ''}",
            lambda s: plan_paste(
                session=s,
                season_id=season_id,
                round_id=round_id,
                class_name=self.proxy.class_name,
                lines=lines,
                first_row=first_row,
                fields=fields,
                titles=titles,
                block=block,
            ),
        )

    def _on_delete(self, result_ids: list[int]) -> None:
        count = len(result_ids)
        if count > 1:
            try:
                self.document.backup("before delete")
            except PitboardError as exc:
                self.document.failed.emit(str(exc))
                return
        seen = self.document.seen("result", result_ids)
        self.document.push(
            f"Delete {count} result{'s' if count != 1 else ''}",
            lambda s: [DeleteResultsEdit.build(s, result_ids, seen=seen)],
        )

    def _on_reorder(self, ordered: list[ResultLine], moved: list[int], target: int) -> None:
        positions = reorder_positions(ordered, moved, target)
        if positions:
            seen = self.document.seen("result", positions)
            self.document.push(
                "Reorder results", lambda s: [PositionsEdit.build(s, positions, seen=seen)]
            )

    def add_dropped_entries(self, entry_ids: list[int], target_row: int) -> str:
        """Entry list rows dropped on the table: their cars added, in one step, before the row
        they were dropped on (after the last car of their class anywhere else); returns why
        they were refused, "" when added."""
        round_id, data = self.round_id, self.document.data
        if round_id is None or data is None:
            return "No round selected"
        lines = self.model.rows()
        have = {line.entry_id: line for line in lines}
        taken = [have[entry_id] for entry_id in entry_ids if entry_id in have]
        if taken:
            refusal = f"{_car_words(taken[0])} already has a result in this round"
            self.finisher_error.setText(refusal)
            self.document.failed.emit(refusal)
            return refusal
        visible = self.view.visible_lines()
        target = visible[target_row] if 0 <= target_row < len(visible) else None
        seen = self.document.seen("result", [line.result_id for line in lines])
        by_class: dict[str, list[int]] = {}
        for entry_id in entry_ids:
            if entry_id in data.entries:  # a drag from another document's window is no entry here
                by_class.setdefault(data.entries[entry_id].class_name, []).append(entry_id)
        if not by_class:
            return "Not an entry of this season"

        def build(session: Session) -> list[Edit]:
            edits: list[Edit] = []
            for class_name, ids in by_class.items():
                ordered = self.view.class_order(class_name)
                at = next(
                    (
                        i
                        for i, line in enumerate(ordered)
                        if target is not None and line.result_id == target.result_id
                    ),
                    len(ordered),
                )
                first, moved = insert_positions(ordered, at, len(ids))
                if moved:
                    edits.append(PositionsEdit.build(session, moved, seen=seen))
                edits += [
                    AddResultEdit(round_id, entry_id, class_pos=first + offset)
                    for offset, entry_id in enumerate(ids)
                ]
            return edits

        cars = len(entry_ids)
        refusal = self.document.push_or_refusal(
            f"{FINISHER_STEP} from the entry list ({cars} car{'s' if cars != 1 else ''})", build
        )
        if not refusal:
            self.finisher_error.clear()
        return refusal


def _car_words(line: ResultLine) -> str:
    return f"car {line.car} ({line.team})" if line.car else line.team


def _next(lines: list[ResultLine], class_name: str | None, *, overall: bool) -> int:
    if overall:
        return 1 + max((line.overall_pos or 0 for line in lines), default=0)
    return 1 + max(
        (line.class_pos or 0 for line in lines if line.class_name == class_name), default=0
    )


def session_entry_class(session: Session, entry_id: int) -> str:
    return entry_record(session=session, entry_id=entry_id).class_name
