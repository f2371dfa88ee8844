"""The team and driver registers: each name once in the document, with a short name and a
nationality; a row edited in place, or a duplicate merged into the row it repeats.

Teams and drivers are shared by every season of the document, so an edit names the seasons
that use the row and its history is written in each of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import select as sql_select
from sqlalchemy import text
from sqlmodel import Session, col, select

from model.edits.changes import Changes
from model.edits.names import checked_name
from model.errors import InputError, NotFoundError
from model.io.countries import country_name
from model.store import tables as t
from model.store.history import Touched

Kind = Literal["team", "driver"]
KINDS: tuple[Kind, ...] = ("team", "driver")
REGISTER_FIELDS = ("name", "short_name", "nationality")
_TABLES: dict[str, type[t.Team] | type[t.Driver]] = {"team": t.Team, "driver": t.Driver}


@dataclass(frozen=True)
class RegisterRow:
    """One team or driver as the registers dialog lists it; `entries` counts the season's
    entries (and, for a driver, results) that name it."""

    kind: Kind
    row_id: int
    name: str
    short_name: str
    nationality: str
    entries: int
    row_version: int = 0  # as listed: an edit from the list is refused if it changed since


def register_rows(*, session: Session, kind: Kind, season_id: int) -> list[RegisterRow]:
    """The teams (or drivers) a season uses, by name."""
    counts: dict[int, int] = {}
    for row_id in _season_uses(session, kind, season_id):
        counts[row_id] = counts.get(row_id, 0) + 1
    table = _table(kind)
    query = sql_select(
        col(table.id),
        col(table.name),
        col(table.short_name),
        col(table.nationality),
        col(table.row_version),
    ).where(col(table.id).in_(list(counts)))
    rows = [
        RegisterRow(kind, row_id or 0, name, short, nationality, counts[row_id or 0], version)
        for row_id, name, short, nationality, version in session.connection().execute(query)
    ]
    return sorted(rows, key=lambda r: (r.name.casefold(), r.row_id))


def check_register_value(kind: Kind, field: str, value: Any) -> str:
    """The text to store for a register field, or InputError saying why it cannot be."""
    text_value = str(value if value is not None else "").strip()
    if field == "name":
        if not text_value:
            raise InputError(f"a {kind}'s name cannot be empty", field="name")
        return checked_name(text_value, "name")
    if field == "short_name":
        return checked_name(text_value, "short_name")
    if field == "nationality":
        return check_nationality(text_value)
    raise InputError(f"'{field}' cannot be edited", field=field)


def check_nationality(value: str) -> str:
    """An ISO 3166-1 three-letter country code (GBR, USA, DEU), upper-cased; "" for none."""
    code = checked_name(value.strip(), "nationality").upper()
    if code and country_name(code) is None:
        raise InputError(
            f"'{code}' is not an ISO 3166 country code (three letters, e.g. GBR, USA, DEU)",
            field="nationality",
        )
    return code


@dataclass(frozen=True)
class Uses:
    """Where a team or driver is named: entries, and (for a driver) results, with the links'
    rowids so a merge can be undone to the byte."""

    entries: frozenset[int] = frozenset()
    results: frozenset[int] = frozenset()
    seasons: tuple[int, ...] = ()
    # (rowid, entry or result id, seat, short drive): a driver's links
    entry_links: tuple[tuple[int, int, int], ...] = ()
    result_links: tuple[tuple[int, int, int, bool], ...] = ()


def uses_of(session: Session, kind: Kind, row_id: int) -> Uses:
    if kind == "team":
        found = session.exec(select(t.Entry.id).where(t.Entry.team_id == row_id))
        entry_ids = frozenset(i for i in found if i is not None)
        return Uses(entry_ids, seasons=_seasons(session, entry_ids))
    entry_links = tuple(
        (int(r[0]), int(r[1]), int(r[2]))
        for r in session.execute(
            text("SELECT rowid, entry_id, seat FROM entry_driver WHERE driver_id = :d"),
            {"d": row_id},
        )
    )
    result_links = tuple(
        (int(r[0]), int(r[1]), int(r[2]), bool(r[3]))
        for r in session.execute(
            text(
                "SELECT rowid, result_id, seat, short_drive FROM result_driver WHERE driver_id = :d"
            ),
            {"d": row_id},
        )
    )
    entries = frozenset(link[1] for link in entry_links)
    results = frozenset(link[1] for link in result_links)
    seasons = _seasons(session, entries, results)
    return Uses(entries, results, seasons, entry_links, result_links)


def register_record(session: Session, kind: Kind, row_id: int) -> dict[str, str]:
    row = session.get(_table(kind), row_id)
    if row is None:
        raise NotFoundError(f"no {kind} {row_id}")
    return {name: getattr(row, name) for name in REGISTER_FIELDS}


@dataclass
class RegisterFieldEdit:
    """A team's or driver's name, short name or nationality changed in place."""

    kind: Kind
    row_id: int
    season_id: int
    values: dict[str, str]
    old: dict[str, str]
    uses: Uses = field(default_factory=Uses)

    @classmethod
    def build(
        cls, session: Session, kind: Kind, row_id: int, season_id: int, **values: Any
    ) -> RegisterFieldEdit:
        checked = {name: check_register_value(kind, name, v) for name, v in values.items()}
        current = register_record(session, kind, row_id)
        new_name = checked.get("name")
        if new_name is not None and new_name != current["name"]:
            _refuse_taken_name(session, kind, new_name)
        old = {name: current[name] for name in checked}
        return cls(kind, row_id, season_id, checked, old, uses_of(session, kind, row_id))

    def changes_nothing(self) -> bool:
        return self.values == self.old

    def touched(self) -> Touched:
        renamed = "name" in self.values  # the entries and results that show the name
        own = frozenset({self.row_id})
        return Touched(
            results=self.uses.results if renamed else frozenset(),
            entries=self.uses.entries if renamed else frozenset(),
            teams=own if self.kind == "team" else frozenset(),
            drivers=own if self.kind == "driver" else frozenset(),
        )

    def seasons(self, _session: Session) -> list[int]:
        return sorted({self.season_id, *self.uses.seasons})

    def apply(self, session: Session) -> Changes:
        return self._write(session, self.values)

    def revert(self, session: Session) -> Changes:
        return self._write(session, self.old)

    def _write(self, session: Session, values: dict[str, str]) -> Changes:
        row = session.get(_table(self.kind), self.row_id)
        if row is None:
            raise NotFoundError(f"no {self.kind} {self.row_id}")
        for name, value in values.items():
            setattr(row, name, value)
        session.add(row)
        session.flush()
        return Changes(self.season_id, _rounds(session, self.uses.results), entries=True)


def _refuse_taken_name(session: Session, kind: Kind, name: str) -> None:
    table = _table(kind)
    if session.exec(select(table.id).where(table.name == name)).first() is not None:
        raise InputError(
            f"there is already a {kind} named '{name}': merge the two instead", field="name"
        )


def _table(kind: str) -> type[t.Team] | type[t.Driver]:
    table = _TABLES.get(kind)
    if table is None:
        raise InputError(f"unknown register '{kind}' (expected team or driver)", field="kind")
    return table


def _season_uses(session: Session, kind: Kind, season_id: int) -> list[int]:
    """The row id named by each of the season's entries (and results, for drivers)."""
    if kind == "team":
        return list(session.exec(select(t.Entry.team_id).where(t.Entry.season_id == season_id)))
    by_entry = select(t.EntryDriver.driver_id).join(t.Entry).where(t.Entry.season_id == season_id)
    by_result = (
        select(t.ResultDriver.driver_id)
        .join(t.Result)
        .join(t.Round)
        .where(t.Round.season_id == season_id)
    )
    return [*session.exec(by_entry), *session.exec(by_result)]


def _seasons(
    session: Session, entries: frozenset[int], results: frozenset[int] = frozenset()
) -> tuple[int, ...]:
    found = set(session.exec(select(t.Entry.season_id).where(col(t.Entry.id).in_(entries))))
    found |= set(
        session.exec(select(t.Round.season_id).join(t.Result).where(col(t.Result.id).in_(results)))
    )
    return tuple(sorted(found))


def _rounds(session: Session, results: frozenset[int]) -> frozenset[int]:
    if not results:
        return frozenset()
    return frozenset(session.exec(select(t.Result.round_id).where(col(t.Result.id).in_(results))))


@dataclass
class MergeRegisterEdit:
    """Merge a duplicate (`merged`) into the row it repeats (`kept`): every entry, result and
    driver link of the duplicate names the kept row, the duplicate is removed, and the kept
    row takes the duplicate's short name and nationality where it has none. Where a car (or
    a race) already names both drivers, the duplicate's link is dropped. Undone exactly."""

    kind: Kind
    kept: int
    merged: int
    season_id: int
    kept_old: dict[str, str]
    merged_old: dict[str, str]
    uses: Uses
    kept_uses: Uses

    @classmethod
    def build(
        cls, session: Session, kind: Kind, kept: int, merged: int, season_id: int
    ) -> MergeRegisterEdit:
        if kept == merged:
            raise InputError(f"a {kind} cannot be merged into itself", field="name")
        kept_old = register_record(session, kind, kept)
        merged_old = register_record(session, kind, merged)
        return cls(
            kind,
            kept,
            merged,
            season_id,
            kept_old,
            merged_old,
            uses_of(session, kind, merged),
            uses_of(session, kind, kept),
        )

    def touched(self) -> Touched:
        both = frozenset({self.kept, self.merged})
        return Touched(
            results=self.uses.results,
            entries=self.uses.entries,
            teams=both if self.kind == "team" else frozenset(),
            drivers=both if self.kind == "driver" else frozenset(),
        )

    def seasons(self, _session: Session) -> list[int]:
        return sorted({self.season_id, *self.uses.seasons})

    def apply(self, session: Session) -> Changes:
        if self.kind == "team":
            self._point_entries(session, self.kept)
        else:
            self._move_driver_links(session)
        merged = session.get(_table(self.kind), self.merged)
        kept = session.get(_table(self.kind), self.kept)
        assert merged is not None
        assert kept is not None
        for name in ("short_name", "nationality"):
            setattr(kept, name, self.kept_old[name] or self.merged_old[name])
        session.add(kept)
        session.delete(merged)
        session.flush()
        return self._changes(session)

    def revert(self, session: Session) -> Changes:
        restored: dict[str, Any] = dict(self.merged_old)
        session.add(_table(self.kind)(id=self.merged, **restored))
        kept = session.get(_table(self.kind), self.kept)
        assert kept is not None
        for name, value in self.kept_old.items():
            setattr(kept, name, value)
        session.add(kept)
        session.flush()
        if self.kind == "team":
            self._point_entries(session, self.merged)
        else:
            self._restore_driver_links(session)
        return self._changes(session)

    def _changes(self, session: Session) -> Changes:
        return Changes(self.season_id, _rounds(session, self.uses.results), entries=True)

    def _point_entries(self, session: Session, team: int) -> None:
        for entry_id in self.uses.entries:
            entry = session.get(t.Entry, entry_id)
            assert entry is not None
            entry.team_id = team
            session.add(entry)
        session.flush()

    def _move_driver_links(self, session: Session) -> None:
        """Links re-pointed in place (same rowid), or dropped where both drivers are named."""
        for table, links, already in self._link_sets():
            for rowid, owner in links:
                statement = (
                    f"DELETE FROM {table} WHERE rowid = :r"
                    if owner in already
                    else f"UPDATE {table} SET driver_id = :d WHERE rowid = :r"
                )
                session.execute(text(statement), {"r": rowid, "d": self.kept})

    def _restore_driver_links(self, session: Session) -> None:
        kept_entries, kept_results = self.kept_uses.entries, self.kept_uses.results
        for rowid, entry_id, seat in self.uses.entry_links:
            if entry_id in kept_entries:
                session.execute(
                    text(
                        "INSERT INTO entry_driver (rowid, entry_id, driver_id, seat) "
                        "VALUES (:r, :o, :d, :s)"
                    ),
                    {"r": rowid, "o": entry_id, "d": self.merged, "s": seat},
                )
            else:
                _relink(session, "entry_driver", rowid, self.merged)
        for rowid, result_id, seat, short in self.uses.result_links:
            if result_id in kept_results:
                session.execute(
                    text(
                        "INSERT INTO result_driver (rowid, result_id, driver_id, seat, "
                        "short_drive) VALUES (:r, :o, :d, :s, :x)"
                    ),
                    {"r": rowid, "o": result_id, "d": self.merged, "s": seat, "x": short},
                )
            else:
                _relink(session, "result_driver", rowid, self.merged)

    def _link_sets(self) -> list[tuple[str, list[tuple[int, int]], frozenset[int]]]:
        return [
            (
                "entry_driver",
                [(r, o) for r, o, _ in self.uses.entry_links],
                self.kept_uses.entries,
            ),
            (
                "result_driver",
                [(r, o) for r, o, _, _ in self.uses.result_links],
                self.kept_uses.results,
            ),
        ]


def _relink(session: Session, table: str, rowid: int, driver_id: int) -> None:
    session.execute(
        text(f"UPDATE {table} SET driver_id = :d WHERE rowid = :r"), {"r": rowid, "d": driver_id}
    )
