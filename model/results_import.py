"""Writing result rows into a season: entries found or created, results added or replaced.

All or nothing: the caller runs this inside one transaction, and any InputError raised here
leaves the document as it was once that transaction rolls back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, select

from model import tables as t
from model.errors import InputError
from model.names import set_entry_drivers, set_result_drivers, team_id
from model.results_csv import ResultRow


@dataclass(frozen=True)
class ResultsImported:
    entries_added: int
    results_added: int
    results_replaced: int


@dataclass(frozen=True)
class _EntryKey:
    class_id: int
    team: str
    car: str | None
    chassis: str
    engine: str


def import_result_rows(
    *, session: Session, season_id: int, rows: Sequence[ResultRow], source: str
) -> ResultsImported:
    """Add or replace the results in `rows`; unknown teams and cars become new entries."""
    classes = {
        c.name: c
        for c in session.exec(select(t.SeasonClass).where(t.SeasonClass.season_id == season_id))
    }
    rounds = {
        r.number: r
        for r in session.exec(select(t.Round).where(t.Round.season_id == season_id))
        if r.number is not None and not r.cancelled
    }
    for row in rows:
        _check_known(row, classes, rounds, source)
    _check_unique_in_file(rows, classes, source)
    entries = _Entries(session, season_id)
    added = replaced = 0
    touched: dict[tuple[int, int], list[ResultRow]] = defaultdict(list)
    existing = {
        (r.round_id, r.entry_id): r
        for r in session.exec(select(t.Result).join(t.Round).where(t.Round.season_id == season_id))
    }
    for row in rows:
        class_id = _row_id(classes[row.class_name])
        entry = entries.find_or_add(row, class_id)
        round_id = _row_id(rounds[row.round_number])
        result = existing.get((round_id, _row_id(entry)))
        if result is None:
            result = t.Result(round_id=round_id, entry_id=_row_id(entry))
            added += 1
        else:
            replaced += 1
        _fill(result, row)
        session.add(result)
        session.flush()
        if row.drivers:
            set_result_drivers(session, _row_id(result), row.drivers)
        touched[(round_id, class_id)].append(row)
    for (round_id, class_id), written in touched.items():
        _check_positions_free(session, round_id, class_id, written, source)
    return ResultsImported(entries.added, added, replaced)


def _row_id(row: t.SeasonClass | t.Round | t.Entry | t.Result | t.Team | t.Driver) -> int:
    assert row.id is not None, "row must be flushed first"
    return row.id


def _check_known(
    row: ResultRow, classes: dict[str, t.SeasonClass], rounds: dict[int, t.Round], source: str
) -> None:
    if row.class_name not in classes:
        known = ", ".join(classes)
        raise InputError(
            f"unknown class '{row.class_name}' (this season's classes: {known})",
            source=source,
            line=row.line,
            field="class",
        )
    if row.round_number not in rounds:
        known = ", ".join(str(n) for n in sorted(rounds))
        raise InputError(
            f"unknown round {row.round_number} (this season's rounds: {known})",
            source=source,
            line=row.line,
            field="round",
        )


def _check_unique_in_file(
    rows: Sequence[ResultRow], classes: dict[str, t.SeasonClass], source: str
) -> None:
    positions: dict[tuple[int, str, int], int] = {}
    cars: dict[tuple[int, str, str], int] = {}
    for row in rows:
        if row.class_pos is not None:
            key = (row.round_number, row.class_name, row.class_pos)
            if key in positions:
                raise InputError(
                    f"class position {row.class_pos} in {row.class_name} is already taken "
                    f"by line {positions[key]} in round {row.round_number}",
                    source=source,
                    line=row.line,
                    field="class_pos",
                )
            positions[key] = row.line
        if row.car is not None:
            car_key = (row.round_number, row.class_name, row.car)
            if car_key in cars:
                raise InputError(
                    f"car {row.car} already has a result in round {row.round_number} "
                    f"(line {cars[car_key]})",
                    source=source,
                    line=row.line,
                    field="car",
                )
            cars[car_key] = row.line


class _Entries:
    """The season's entries, matched by class, team, car number, chassis and engine."""

    def __init__(self, session: Session, season_id: int) -> None:
        self.session = session
        self.season_id = season_id
        self.added = 0
        self.by_key: dict[_EntryKey, t.Entry] = {}
        for entry, team in session.exec(
            select(t.Entry, t.Team).join(t.Team).where(t.Entry.season_id == season_id)
        ):
            key = _EntryKey(
                entry.class_id, team.name, entry.car_number, entry.chassis, entry.engine
            )
            self.by_key[key] = entry

    def find_or_add(self, row: ResultRow, class_id: int) -> t.Entry:
        key = _EntryKey(class_id, row.team, row.car, row.chassis, row.engine)
        entry = self.by_key.get(key) or self._only_car_of_team(key)
        if entry is None:
            entry = t.Entry(
                season_id=self.season_id,
                class_id=class_id,
                team_id=team_id(self.session, row.team),
                car_number=row.car,
                chassis=row.chassis,
                engine=row.engine,
            )
            self.session.add(entry)
            self.session.flush()
            self.by_key[key] = entry
            self.added += 1
            set_entry_drivers(self.session, _row_id(entry), row.drivers)
        return entry

    def _only_car_of_team(self, key: _EntryKey) -> t.Entry | None:
        """With chassis and engine left blank, the one entry with that car number will do."""
        if key.chassis or key.engine or key.car is None:
            return None
        same_car = [
            e
            for k, e in self.by_key.items()
            if (k.class_id, k.team, k.car) == (key.class_id, key.team, key.car)
        ]
        return same_car[0] if len(same_car) == 1 else None


def _fill(result: t.Result, row: ResultRow) -> None:
    result.class_pos = row.class_pos
    result.overall_pos = row.overall_pos
    result.laps = row.laps
    result.status = row.status.value
    result.note = row.note


def _check_positions_free(
    session: Session,
    round_id: int,
    class_id: int,
    written: list[ResultRow],
    source: str,
) -> None:
    """A position taken in the file must not already belong to another car of the class."""
    session.flush()
    holders: dict[int, list[int]] = defaultdict(list)
    for result_id, class_pos in session.exec(
        select(t.Result.id, t.Result.class_pos)
        .join(t.Entry)
        .where(t.Result.round_id == round_id, t.Entry.class_id == class_id)
    ):
        if class_pos is not None and result_id is not None:
            holders[class_pos].append(result_id)
    for row in written:
        if row.class_pos is not None and len(holders[row.class_pos]) > 1:
            raise InputError(
                f"class position {row.class_pos} in {row.class_name} already belongs to "
                f"another car in round {row.round_number}",
                source=source,
                line=row.line,
                field="class_pos",
            )
