"""A results file imported as one reversible edit: undo puts the rounds it wrote back as they
were and removes the entries it added; redo imports the same rows again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from model.edits import entries as entry_editing
from model.edits import results as editing
from model.edits.changes import Changes
from model.edits.names import prune_unused_names
from model.edits.results import ResultRecord
from model.edits.results_import import ResultsImported, import_result_rows
from model.io.results_csv import ResultRow
from model.store import tables as t
from model.store.history import Touched


@dataclass
class ResultsImportEdit:
    """Import `rows` (read from `source`) into the season."""

    season_id: int
    rows: Sequence[ResultRow]
    source: str
    rounds: frozenset[int]  # the rounds the rows are for
    before: list[ResultRecord] = field(default_factory=list)
    added_entries: list[int] = field(default_factory=list)
    done: ResultsImported | None = None

    @classmethod
    def build(
        cls, session: Session, season_id: int, rows: Sequence[ResultRow], source: str
    ) -> ResultsImportEdit:
        numbers = {row.round_number for row in rows}
        found = session.exec(
            select(t.Round.id).where(
                t.Round.season_id == season_id, col(t.Round.number).in_(numbers)
            )
        )
        return cls(season_id, rows, source, frozenset(rid for rid in found if rid is not None))

    def touched(self) -> Touched:
        """Every result of the rounds the file names, and the entries it added."""
        return Touched(entries=frozenset(self.added_entries), rounds=self.rounds)

    def apply(self, session: Session) -> Changes:
        entries_before = set(_entry_ids(session, self.season_id))
        self.before = editing.records_of(session=session, result_ids=self._results(session))
        self.done = import_result_rows(
            session=session, season_id=self.season_id, rows=self.rows, source=self.source
        )
        self.added_entries = sorted(set(_entry_ids(session, self.season_id)) - entries_before)
        return self._changes()

    def revert(self, session: Session) -> Changes:
        editing.delete_results(session=session, result_ids=self._results(session))
        # Put the old results back before the entries go: removing an entry forgets names
        # nothing uses any more, and the old results' drivers must still be known then.
        editing.restore_results(session=session, records=self.before)
        for entry_id in self.added_entries:
            entry_editing.delete_entry(session=session, entry_id=entry_id)
        prune_unused_names(session)
        return self._changes()

    def _results(self, session: Session) -> list[int]:
        found = session.exec(select(t.Result.id).where(col(t.Result.round_id).in_(self.rounds)))
        return [rid for rid in found if rid is not None]

    def _changes(self) -> Changes:
        return Changes(self.season_id, self.rounds, entries=bool(self.added_entries))


def _entry_ids(session: Session, season_id: int) -> list[int]:
    found = session.exec(select(t.Entry.id).where(t.Entry.season_id == season_id))
    return [eid for eid in found if eid is not None]
