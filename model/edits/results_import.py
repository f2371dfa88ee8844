"""Writing result rows into a season: entries found or created, results added or replaced.

All or nothing: the caller runs this inside one transaction, and any InputError raised here
leaves the document as it was once that transaction rolls back. Rows are written in bulk (a
few statements for the whole file, not several per row), so a season of results imports in
seconds.

A manufacturer in the file must be the one the entry found has (its own, else the first word
of its chassis): an import adds entries and results, it never changes an entry it finds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Executable, Table, delete, func, insert, inspect, update
from sqlmodel import Session, col, select

from model.edits.names import CHUNK, name_ids
from model.errors import InputError, quoted
from model.io.results_csv import KEPT_WHEN_ABSENT, ResultRow
from model.scoring.rules import manufacturer_of
from model.store import tables as t


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


EntryRef = int | _EntryKey  # an entry's id, or the key of one this import adds
BATCH = 5_000  # rows per executemany
EVERY_COLUMN = frozenset(KEPT_WHEN_ABSENT)  # a new result takes every value, given or not


def import_result_rows(
    *, session: Session, season_id: int, rows: Sequence[ResultRow], source: str
) -> ResultsImported:
    """Add or replace the results in `rows`; unknown teams and cars become new entries."""
    classes = {
        c.name: _row_id(c)
        for c in session.exec(select(t.SeasonClass).where(t.SeasonClass.season_id == season_id))
    }
    rounds = {
        r.number: _row_id(r)
        for r in session.exec(select(t.Round).where(t.Round.season_id == season_id))
        if r.number is not None and not r.cancelled
    }
    for row in rows:
        _check_known(row, classes, rounds, source)
    _check_unique_in_file(rows, source)
    entries = _Entries(session, season_id)
    planned = _plan_results(rows, classes, rounds, entries, source)
    entry_ids = entries.insert_new()
    results = {(round_id, entry_ids(ref)): row for (round_id, ref), row in planned.items()}
    added, replaced = _write_results(session, season_id, results)
    touched: dict[tuple[int, int], list[ResultRow]] = defaultdict(list)
    for (round_id, _), row in results.items():
        touched[(round_id, classes[row.class_name])].append(row)
    for (round_id, class_id), written in touched.items():
        _check_positions_free(session, round_id, class_id, written, source)
    return ResultsImported(entries.added, added, replaced)


def _row_id(row: t.SeasonClass | t.Round) -> int:
    assert row.id is not None, "row must be flushed first"
    return row.id


def _check_known(
    row: ResultRow, classes: dict[str, int], rounds: dict[int, int], source: str
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


def _check_unique_in_file(rows: Sequence[ResultRow], source: str) -> None:
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


def _plan_results(
    rows: Sequence[ResultRow],
    classes: dict[str, int],
    rounds: dict[int, int],
    entries: _Entries,
    source: str,
) -> dict[tuple[int, EntryRef], ResultRow]:
    """Each row's (round, entry); two rows that come to the same car in one round are refused
    (a team's cars without numbers cannot be told apart)."""
    planned: dict[tuple[int, EntryRef], ResultRow] = {}
    for row in rows:
        ref = entries.find_or_add(row, classes[row.class_name])
        entries.check_manufacturer(ref, row, source)
        key = (rounds[row.round_number], ref)
        earlier = planned.get(key)
        if earlier is not None:
            car = f"car {row.car} of {row.team}" if row.car else f"{row.team} (no car number)"
            hint = "" if row.car else "; give each car its number to tell them apart"
            raise InputError(
                f"{car} already has a result in round {row.round_number} "
                f"(line {earlier.line}){hint}",
                source=source,
                line=row.line,
                field="car" if row.car else "team",
            )
        planned[key] = row
    return planned


class _Entries:
    """The season's entries, matched by class, team, car number, chassis and engine; the ones
    a file adds are collected and inserted together."""

    def __init__(self, session: Session, season_id: int) -> None:
        self.session = session
        self.season_id = season_id
        self.by_key: dict[_EntryKey, int] = {}
        self.by_car: dict[tuple[int, str, str], list[EntryRef]] = defaultdict(list)
        self.new: dict[_EntryKey, ResultRow] = {}
        self.makers: dict[EntryRef, tuple[str, int | None]] = {}  # manufacturer, line it came from
        query = (
            select(t.Entry, t.Team.name)
            .join(t.Team, col(t.Team.id) == col(t.Entry.team_id))
            .where(t.Entry.season_id == season_id)
        )
        for entry, team in session.exec(query):
            key = _EntryKey(entry.class_id, team, entry.car_number, entry.chassis, entry.engine)
            assert entry.id is not None
            self.by_key[key] = entry.id
            self.makers[entry.id] = (manufacturer_of(entry.manufacturer, entry.chassis), None)
            self._index(key, entry.id)

    @property
    def added(self) -> int:
        return len(self.new)

    def _index(self, key: _EntryKey, ref: EntryRef) -> None:
        if key.car is not None:
            self.by_car[(key.class_id, key.team, key.car)].append(ref)

    def find_or_add(self, row: ResultRow, class_id: int) -> EntryRef:
        key = _EntryKey(class_id, row.team, row.car, row.chassis, row.engine)
        found = self.by_key.get(key)
        if found is not None:
            return found
        if key in self.new:
            return key
        only = self._only_car_of_team(key)
        if only is not None:
            return only
        self.new[key] = row
        self._index(key, key)
        return key

    def check_manufacturer(self, ref: EntryRef, row: ResultRow, source: str) -> None:
        """A manufacturer in the file is the entry's, or the first one given for a new entry."""
        if not row.manufacturer:
            return
        maker, line = self.makers.setdefault(ref, (row.manufacturer, row.line))
        if maker != row.manufacturer:
            car = f"car {row.car} of {row.team}" if row.car else row.team
            said = "is entered with" if line is None else f"was given on line {line}"
            raise InputError(
                f"{car} {said} manufacturer {quoted(maker)}, not {quoted(row.manufacturer)}",
                source=source,
                line=row.line,
                field="manufacturer",
            )

    def _only_car_of_team(self, key: _EntryKey) -> EntryRef | None:
        """With chassis and engine left blank, the one entry with that car number will do."""
        if key.chassis or key.engine or key.car is None:
            return None
        same_car = self.by_car.get((key.class_id, key.team, key.car), [])
        return same_car[0] if len(same_car) == 1 else None

    def insert_new(self) -> _EntryIds:
        """Insert the entries found missing, with their teams and drivers."""
        ids = dict(self.by_key)
        if self.new:
            teams = name_ids(self.session, t.Team, (key.team for key in self.new))
            values: list[dict[str, object]] = [
                {
                    "season_id": self.season_id,
                    "class_id": key.class_id,
                    "team_id": teams[key.team],
                    "car_number": key.car,
                    "chassis": key.chassis,
                    "engine": key.engine,
                    "manufacturer": self.makers.get(key, ("", None))[0],
                }
                for key in self.new
            ]
            ids.update(self._inserted(values, {teams[key.team]: key.team for key in self.new}))
            links = {ids[key]: row.drivers for key, row in self.new.items()}
            _insert_drivers(self.session, t.EntryDriver, "entry_id", links)
        return _EntryIds(ids)

    def _inserted(
        self, values: list[dict[str, object]], teams: dict[int, str]
    ) -> dict[_EntryKey, int]:
        """Insert with one executemany (RETURNING would cost a statement per row on SQLite),
        then read the new ids back: entries newer than any before, by their key."""
        newest = self.session.exec(select(func.max(t.Entry.id))).one() or 0
        _in_batches(self.session, insert(_table(t.Entry)), values)
        query = select(t.Entry).where(t.Entry.season_id == self.season_id, col(t.Entry.id) > newest)
        return {
            _EntryKey(e.class_id, teams[e.team_id], e.car_number, e.chassis, e.engine): e.id or 0
            for e in self.session.exec(query)
        }


class _EntryIds:
    def __init__(self, ids: dict[_EntryKey, int]) -> None:
        self.ids = ids

    def __call__(self, ref: EntryRef) -> int:
        return ref if isinstance(ref, int) else self.ids[ref]


def _write_results(
    session: Session, season_id: int, results: dict[tuple[int, int], ResultRow]
) -> tuple[int, int]:
    """Insert the new results and update the replaced ones; returns (added, replaced)."""
    existing = _result_ids(session, season_id)
    replaced = [key for key in results if key in existing]
    relinked = [existing[key] for key in replaced if results[key].drivers]
    fresh = [key for key in results if key not in existing]
    # One executemany takes rows of one shape: a batch per set of columns the rows give.
    for given in {results[key].given for key in replaced}:
        updates = (
            {"id": existing[key], **_values(results[key], given)}
            for key in replaced
            if results[key].given == given
        )
        _in_batches(session, update(t.Result), updates)  # by primary key
    if fresh:
        values = (
            {"round_id": key[0], "entry_id": key[1], **_values(results[key], EVERY_COLUMN)}
            for key in fresh
        )
        _in_batches(session, insert(_table(t.Result)), values)
        existing = _result_ids(session, season_id)  # a result is unique by round and entry
    links = {existing[key]: row.drivers for key, row in results.items() if row.drivers}
    short = {existing[key]: row.short_drives for key, row in results.items() if row.drivers}
    _insert_drivers(session, t.ResultDriver, "result_id", links, relinked, short)
    return len(fresh), len(replaced)


def _result_ids(session: Session, season_id: int) -> dict[tuple[int, int], int]:
    query = (
        select(t.Result.id, t.Result.round_id, t.Result.entry_id)
        .join(t.Round, col(t.Round.id) == col(t.Result.round_id))
        .where(t.Round.season_id == season_id)
    )
    return {(round_id, entry_id): int(rid or 0) for rid, round_id, entry_id in session.exec(query)}


def _values(row: ResultRow, given: frozenset[str]) -> dict[str, object]:
    """The result's stored values; of KEPT_WHEN_ABSENT, only the columns in `given`."""
    kept: dict[str, object] = {
        "pole": row.pole,
        "fastest_lap": row.fastest_lap,
        "qualifying_pos": row.qualifying_pos,
        "eligible": " ".join(sorted(c.value for c in row.ineligible)),
    }
    values: dict[str, object] = {
        "class_pos": row.class_pos,
        "overall_pos": row.overall_pos,
        "laps": row.laps,
        "status": row.status.value,
        "note": row.note,
    }
    return values | {"ineligible" if c == "eligible" else c: kept[c] for c in given}


def _insert_drivers(
    session: Session,
    table: type[t.EntryDriver] | type[t.ResultDriver],
    owner: str,
    drivers: dict[int, tuple[str, ...]],
    replaced: Sequence[int] = (),
    short: Mapping[int, frozenset[str]] | None = None,
) -> None:
    """Link the drivers of each entry or result in `drivers`, in seat order; the `replaced`
    owners lose the drivers they had first. A result's drivers in `short` missed the minimum
    drive time."""
    owner_column = col(getattr(table, owner))
    for start in range(0, len(replaced), CHUNK):
        session.execute(delete(table).where(owner_column.in_(replaced[start : start + CHUNK])))
    ids = name_ids(session, t.Driver, (name for names in drivers.values() for name in names))
    links = (
        {owner: owner_id, "driver_id": ids[name], "seat": seat}
        | ({} if short is None else {"short_drive": name in short[owner_id]})
        for owner_id, names in drivers.items()
        for seat, name in enumerate(dict.fromkeys(names))
    )
    _in_batches(session, insert(_table(table)), links)


def _in_batches(
    session: Session, statement: Executable, rows: Iterable[Mapping[str, object]]
) -> None:
    """One executemany per batch of rows, so no list of all the rows' parameters is built."""
    batch: list[Mapping[str, object]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            session.execute(statement, batch)
            batch = []
    if batch:
        session.execute(statement, batch)


def _table(model: type[t.Entry | t.Result | t.EntryDriver | t.ResultDriver]) -> Table:
    """The model's table: rows written through it skip the ORM's per-object work."""
    table = inspect(model).local_table
    assert isinstance(table, Table)
    return table


def _check_positions_free(
    session: Session,
    round_id: int,
    class_id: int,
    written: list[ResultRow],
    source: str,
) -> None:
    """A position taken in the file must not already belong to another car of the class."""
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
