"""The calendar as reversible edits: rounds added, changed, moved, cancelled, reinstated,
deleted, and marked official or provisional.

The numbered rounds are numbered in calendar order: a cancelled round keeps its place and
loses its number, and the rounds after it move up. Its results are kept (the standings
ignore a cancelled round), so reinstating it brings them back into the standings.

Each edit keeps the season's rounds as they were before it and after it, so undo puts every
round back exactly (numbers, places, ids) and redo puts the edited calendar back. The edits
name no rows (`touched`): rounds are logged when the history compares the whole season.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Collection, Hashable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, insert, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from model.edits.changes import Changes
from model.errors import InputError, NotFoundError, quoted
from model.io.textfiles import field_problem
from model.scoring.points import ZERO, format_points, to_points
from model.store import tables as t

Rows = dict[int, dict[str, Any]]  # the season's rounds as stored, by id
ROUNDS = t.Round.metadata.tables["round"]
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class RoundFields:
    """What the round dialog sets: `scale` is the points scale's name ("" for none)."""

    name: str
    circuit: str = ""
    date: dt.date | None = None
    scale: str = ""
    factor: Decimal = Decimal(1)


def round_fields(
    *, name: str, circuit: str, date: str, scale: str, factor: str, scales: Collection[str]
) -> RoundFields:
    """The round's fields from the text typed; InputError naming the field that is wrong."""
    name, circuit, date, factor = name.strip(), circuit.strip(), date.strip(), factor.strip()
    for field, value in (("name", name), ("circuit", circuit)):
        problem = field_problem(value)
        if problem is not None:
            raise InputError(problem, field=field)
    if not name:
        raise InputError("a round needs a name", field="name")
    if scale and scale not in scales:
        known = ", ".join(scales) or "none"
        raise InputError(
            f"unknown points scale {quoted(scale)} (this season's scales: {known})",
            field="points scale",
        )
    return RoundFields(name, circuit, _date(date), scale, _factor(factor))


def _date(text: str) -> dt.date | None:
    if not text:
        return None
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"expected a date as YYYY-MM-DD, found {quoted(text)}", field="date"
        ) from None


def _factor(text: str) -> Decimal:
    try:
        factor = to_points(text or "1")
    except ValueError:
        raise InputError(
            f"expected a factor such as 0.5 or 2, found {quoted(text)}", field="points factor"
        ) from None
    if factor <= ZERO:
        raise InputError("must be more than 0", field="points factor")
    return factor


@dataclass
class CalendarEdit:
    """One change to a season's calendar, applied by `change` the first time; after that
    (redo) and on undo the rounds it kept are put back as they were."""

    season_id: int
    change: Callable[[Session], None]
    rounds: frozenset[int] = frozenset()  # the rounds whose standings may change
    unchanged: bool = False
    before: Rows | None = None
    after: Rows | None = None
    # The round rows as the user saw them: the edit is refused when another editor has
    # changed one since (see model/edits/conflicts.py).
    versions: dict[tuple[str, int], int] = dataclasses.field(default_factory=dict)

    def versioned_rows(self) -> frozenset[tuple[str, int]]:
        return frozenset(self.versions)

    def changes_nothing(self) -> bool:
        return self.unchanged

    def apply(self, session: Session) -> Changes:
        if self.after is None:
            self.before = _rows_of(session, self.season_id)
            self.change(session)
            session.flush()
            self.after = _rows_of(session, self.season_id)
        else:
            _put_back(session, self.season_id, self.after)
        return self._changes()

    def revert(self, session: Session) -> Changes:
        assert self.before is not None, "revert before apply"
        _put_back(session, self.season_id, self.before)
        return self._changes()

    def _changes(self) -> Changes:
        return Changes(self.season_id, self.rounds, calendar=True)


# --- building the edits ------------------------------------------------------------------


def add_round(
    *, session: Session, season_id: int, fields: RoundFields, after: int | None = None
) -> CalendarEdit:
    """A new round placed after the round `after` (None: at the end of the calendar)."""
    _check_name(session, season_id, fields.name)
    scale_id = _scale_id(session, season_id, fields.scale)
    if after is not None:
        _round(session, after, season_id)

    def change(s: Session) -> None:
        rows = _calendar(s, season_id)
        place = len(rows) if after is None else [r.id for r in rows].index(after) + 1
        new = t.Round(season_id=season_id, calendar_order=len(rows), name=fields.name)
        _set_fields(new, fields, scale_id)
        s.add(new)
        s.flush()
        rows.insert(place, new)
        _renumber(s, rows)

    return CalendarEdit(season_id, change)


def add_race(*, session: Session, round_id: int, fields: RoundFields) -> CalendarEdit:
    """Another race of the round `round_id` (a sprint beside the main race), placed after the
    round's races: every race is numbered in calendar order, and the round's races share its
    round number for the drop rules."""
    rnd = _round(session, round_id)
    if rnd.cancelled or rnd.number is None:
        raise InputError(f"{_label(rnd)} is cancelled: reinstate it first", field="round")
    season_id = rnd.season_id
    _check_name(session, season_id, fields.name)
    scale_id = _scale_id(session, season_id, fields.scale)

    def change(s: Session) -> None:
        rows = _calendar(s, season_id)
        base = next(r for r in rows if r.id == round_id)
        if base.event is None:  # a mark no round holds: worked out again by the renumbering
            base.event = max((r.event or 0 for r in rows), default=0) + len(rows) + 1
        siblings = [i for i, r in enumerate(rows) if r.event == base.event]
        new = t.Round(season_id=season_id, calendar_order=len(rows), name=fields.name)
        _set_fields(new, fields, scale_id)
        new.event = base.event
        s.add(new)
        s.flush()
        rows.insert(siblings[-1] + 1, new)
        _renumber(s, rows)

    return CalendarEdit(season_id, change)


def edit_round(*, session: Session, round_id: int, fields: RoundFields) -> CalendarEdit:
    """The round's name, circuit, date, points scale and factor become `fields`."""
    rnd = _round(session, round_id)
    if fields.name.casefold() != rnd.name.casefold():
        _check_name(session, rnd.season_id, fields.name)
    scale_id = _scale_id(session, rnd.season_id, fields.scale)
    old = (rnd.name, rnd.circuit, rnd.date, rnd.points_scale_id, rnd.points_factor)
    new = (fields.name, fields.circuit, fields.date, scale_id, format_points(fields.factor))

    def change(s: Session) -> None:
        row = _round(s, round_id)
        _set_fields(row, fields, scale_id)
        s.add(row)

    return CalendarEdit(rnd.season_id, change, frozenset({round_id}), unchanged=old == new)


def move_round(*, session: Session, round_id: int, by: int) -> CalendarEdit:
    """The round `by` places later in the calendar (earlier when negative)."""
    rnd = _round(session, round_id)
    ids = [r.id for r in _calendar(session, rnd.season_id)]
    place = ids.index(round_id) + by
    if not 0 <= place < len(ids):
        where = "first" if by < 0 else "last"
        raise InputError(f"{_label(rnd)} is already {where} in the calendar", field="round")

    def change(s: Session) -> None:
        rows = _calendar(s, rnd.season_id)
        moved = rows.pop([r.id for r in rows].index(round_id))
        rows.insert(place, moved)
        _renumber(s, rows)

    return CalendarEdit(rnd.season_id, change, frozenset({round_id}))


def cancel_round(*, session: Session, round_id: int, cancelled: bool = True) -> CalendarEdit:
    """The round cancelled (it keeps its place, loses its number, and its results no longer
    count) or, with `cancelled=False`, reinstated (numbered again in calendar order)."""
    rnd = _round(session, round_id)

    def change(s: Session) -> None:
        _round(s, round_id).cancelled = cancelled
        _renumber(s, _calendar(s, rnd.season_id))

    unchanged = rnd.cancelled == cancelled
    return CalendarEdit(rnd.season_id, change, frozenset({round_id}), unchanged=unchanged)


def delete_round(*, session: Session, round_id: int) -> CalendarEdit:
    """The round taken off the calendar; refused for a round with results or penalties
    (cancel it instead: its results are kept)."""
    rnd = _round(session, round_id)
    results = result_count(session=session, round_id=round_id)
    if results:
        raise InputError(
            f"{_label(rnd)} has {_count(results, 'result')} and cannot be deleted; "
            "cancel it instead (its results are kept and no longer count)",
            field="round",
        )
    penalties = session.execute(
        sa_select(func.count()).where(col(t.Penalty.round_id) == round_id)
    ).scalar_one()
    if penalties:
        raise InputError(
            f"{_label(rnd)} has {_count(penalties, 'penalty')} given for it and cannot be "
            "deleted; cancel it instead",
            field="round",
        )

    def change(s: Session) -> None:
        rows = _calendar(s, rnd.season_id)
        s.delete(next(r for r in rows if r.id == round_id))
        s.flush()
        _renumber(s, [r for r in rows if r.id != round_id])

    return CalendarEdit(rnd.season_id, change, frozenset({round_id}))


def mark_official(
    *, session: Session, round_id: int, by: str, at: dt.datetime | None = None
) -> CalendarEdit:
    """The round's results are official from `at` (now), as marked by `by`."""
    rnd = _round(session, round_id)
    when = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")
    return _set_status(rnd, when, by.strip(), unchanged=rnd.official_at is not None)


def make_provisional(*, session: Session, round_id: int) -> CalendarEdit:
    """The round's results are provisional again."""
    rnd = _round(session, round_id)
    return _set_status(rnd, None, "", unchanged=rnd.official_at is None)


def _set_status(rnd: t.Round, at: str | None, by: str, *, unchanged: bool) -> CalendarEdit:
    round_id = _id(rnd)

    def change(s: Session) -> None:
        row = _round(s, round_id)
        row.official_at, row.official_by = at, by
        s.add(row)

    return CalendarEdit(rnd.season_id, change, unchanged=unchanged)


def result_count(*, session: Session, round_id: int) -> int:
    """How many results the round holds."""
    found = session.execute(sa_select(func.count()).where(col(t.Result.round_id) == round_id))
    return int(found.scalar_one())


# --- reading and writing rounds ----------------------------------------------------------


def _round(session: Session, round_id: int, season_id: int | None = None) -> t.Round:
    rnd = session.get(t.Round, round_id)
    if rnd is None or (season_id is not None and rnd.season_id != season_id):
        raise NotFoundError(f"no round with id {round_id} in this season")
    return rnd


def _calendar(session: Session, season_id: int) -> list[t.Round]:
    query = select(t.Round).where(t.Round.season_id == season_id)
    return list(session.exec(query.order_by(col(t.Round.calendar_order), col(t.Round.id))))


def _check_name(session: Session, season_id: int, name: str) -> None:
    for rnd in _calendar(session, season_id):
        if rnd.name.casefold() == name.casefold():
            raise InputError(f"the season already has a round called {quoted(name)}", field="name")


def _scale_id(session: Session, season_id: int, name: str) -> int | None:
    if not name:
        return None
    found = session.exec(
        select(t.PointsScale.id).where(
            t.PointsScale.season_id == season_id, t.PointsScale.name == name
        )
    ).first()
    if found is None:
        raise InputError(f"unknown points scale {quoted(name)}", field="points scale")
    return found


def _set_fields(rnd: t.Round, fields: RoundFields, scale_id: int | None) -> None:
    rnd.name, rnd.circuit, rnd.date = fields.name, fields.circuit, fields.date
    rnd.points_scale_id, rnd.points_factor = scale_id, format_points(fields.factor)


def _renumber(session: Session, rows: list[t.Round]) -> None:
    """`rows` (the whole calendar, in its new order) placed and numbered in that order; the
    numbers are cleared first, as two rounds may not hold one number even for a moment."""
    for row in rows:
        row.number = None
        session.add(row)
    session.flush()
    numbered = [row for row in rows if not row.cancelled]
    events = _events(numbered)
    for order, row in enumerate(rows):
        row.calendar_order = order
    for number, row in enumerate(numbered, start=1):
        row.number = number
        if events is not None:
            row.event = events[number - 1]
    session.flush()


def _events(numbered: list[t.Round]) -> list[int] | None:
    """Where a round holds several races (rows sharing an `event`), each round's event number
    again in calendar order; None for a season of one race per round."""
    if all(row.event is None for row in numbered):
        return None
    keys: dict[Hashable, int] = {}
    found = []
    for row in numbered:
        key = ("event", row.event) if row.event is not None else ("own", row.id)
        found.append(keys.setdefault(key, len(keys) + 1))
    return found


def _rows_of(session: Session, season_id: int) -> Rows:
    found = session.connection().execute(sa_select(ROUNDS).where(ROUNDS.c.season_id == season_id))
    return {row["id"]: dict(row) for row in found.mappings()}


def _put_back(session: Session, season_id: int, rows: Rows) -> None:
    """The season's rounds become exactly `rows` (numbers cleared first, so none clash)."""
    session.flush()
    connection = session.connection()
    now = _rows_of(session, season_id)
    connection.execute(update(ROUNDS).where(ROUNDS.c.season_id == season_id).values(number=None))
    gone = [row_id for row_id in now if row_id not in rows]
    if gone:
        connection.execute(delete(ROUNDS).where(ROUNDS.c.id.in_(gone)))
    for row_id, row in rows.items():
        if row_id in now:
            connection.execute(update(ROUNDS).where(ROUNDS.c.id == row_id).values(**row))
        else:
            connection.execute(insert(ROUNDS).values(**row))
    session.expire_all()


def _label(rnd: t.Round) -> str:
    return f"round {rnd.number}" if rnd.number is not None else f"round {quoted(rnd.name)}"


def _count(count: int, noun: str) -> str:
    plural = "penalties" if noun == "penalty" else f"{noun}s"
    return f"{count} {noun if count == 1 else plural}"


def _id(rnd: t.Round) -> int:
    assert rnd.id is not None, "row must be flushed first"
    return rnd.id
