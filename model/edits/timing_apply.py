"""Applying an import plan: one reversible edit that swaps a round's results for the file's."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import insert
from sqlmodel import Session, col, select

from model.edits import entries as entry_editing
from model.edits import results as editing
from model.edits.changes import Changes
from model.edits.names import driver_ids
from model.edits.results import ResultRecord
from model.io.timing_import import ImportPlan
from model.store import tables as t
from model.store.history import Touched


def _insert_results(
    session: Session, plan: ImportPlan, entry_ids: list[int], removed: list[ResultRecord]
) -> list[int]:
    """All the planned results in one statement, and their drivers in another. A timing file
    says nothing of the pole, the qualifying place or the championships a car is registered
    for (and may say nothing of the fastest lap): a car keeps what its replaced result had."""
    had_fastest_lap = {record.entry_id for record in removed if record.fastest_lap}
    before = {record.entry_id: record for record in removed}
    rows = [
        {
            "round_id": plan.round_id,
            "entry_id": entry_id,
            "class_pos": r.class_pos,
            "overall_pos": r.overall_pos,
            "laps": r.laps,
            "status": r.status.value,
            "note": r.note,
            "fastest_lap": (
                entry_id in had_fastest_lap if r.fastest_lap is None else r.fastest_lap
            ),
            **_kept(before.get(entry_id)),
        }
        for r, entry_id in zip(plan.results, entry_ids, strict=True)
    ]
    ids = list(
        session.execute(
            insert(t.Result).returning(col(t.Result.id), sort_by_parameter_order=True), rows
        ).scalars()
    )
    names = list(dict.fromkeys(name for r in plan.results for name in r.drivers))
    driver_of = dict(zip(names, driver_ids(session, names), strict=True))
    links = [
        {"result_id": result_id, "driver_id": driver_of[name], "seat": seat}
        for result_id, r in zip(ids, plan.results, strict=True)
        for seat, name in enumerate(r.drivers)
    ]
    if links:
        session.execute(insert(t.ResultDriver), links)
    return ids


def _kept(record: ResultRecord | None) -> dict[str, object]:
    if record is None:
        return {"pole": False, "qualifying_pos": None, "ineligible": ""}
    return {
        "pole": record.pole,
        "qualifying_pos": record.qualifying_pos,
        "ineligible": record.ineligible,
    }


@dataclass
class TimingImportEdit:
    """The whole import as one reversible edit: old results out, new entries and results in."""

    plan: ImportPlan
    removed: list[ResultRecord] = field(default_factory=list)
    added_entries: list[int] = field(default_factory=list)
    added_results: list[int] = field(default_factory=list)

    def touched(self) -> Touched:
        """Every result of the round, and the entries it adds."""
        return Touched(
            entries=frozenset(self.added_entries), rounds=frozenset({self.plan.round_id})
        )

    def apply(self, session: Session) -> Changes:
        plan = self.plan
        old = session.exec(
            select(t.Result.id)
            .join(t.Entry)
            .join(t.SeasonClass)
            .where(
                t.Result.round_id == plan.round_id,
                col(t.SeasonClass.name).in_(set(plan.class_map.values())),
            )
        ).all()
        self.removed, _ = editing.delete_results(
            session=session, result_ids=[rid for rid in old if rid]
        )
        new_ids = iter(self._add_entries(session))
        entry_ids = [
            result.entry_id if result.entry_id is not None else next(new_ids)
            for result in plan.results
        ]
        self.added_results = _insert_results(session, plan, entry_ids, self.removed)
        return Changes(plan.season_id, frozenset({plan.round_id}), entries=bool(self.added_entries))

    def _add_entries(self, session: Session) -> list[int]:
        self.added_entries = [
            entry_editing.add_entry(
                session=session,
                season_id=self.plan.season_id,
                class_name=e.class_name,
                team=e.team,
                car=e.car,
                chassis=e.chassis,
                engine=e.engine,
                drivers=e.drivers,
            )[0]
            for e in self.plan.new_entries
        ]
        return self.added_entries

    def revert(self, session: Session) -> Changes:
        editing.delete_results(session=session, result_ids=self.added_results)
        for entry_id in self.added_entries:
            entry_editing.delete_entry(session=session, entry_id=entry_id)
        editing.restore_results(session=session, records=self.removed)
        return Changes(
            self.plan.season_id, frozenset({self.plan.round_id}), entries=bool(self.added_entries)
        )
