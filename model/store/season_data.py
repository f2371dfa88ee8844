"""A season read out of the document as plain, immutable values: the standings engine's input.

The loader runs on every edit in the editor, so it reads with a few prepared statements (one per
kind of row) and builds light tuples rather than ORM objects. SQLite keeps whatever another
program writes (text in a number column, an unknown status), so every value is checked as it
is read, and a bad one raises StoredValueError naming the table, row and field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from sqlmodel import Session, col

from model.errors import NotFoundError, printable
from model.scoring.points import ZERO, to_points
from model.scoring.rules import Championship, Penalty, RuleValueError, SeasonRules, Status
from model.store import tables as t
from model.store.prepared import PreparedQuery, json_value
from model.store.schema import DocumentError
from model.store.season_queries import LOADER_QUERIES, RESULTS_QUERY


class StoredValueError(DocumentError):
    """A value in the document that Pitboard did not write and cannot use; nothing was changed."""

    def __init__(self, table: str, row: object, field: str, value: object, expected: str) -> None:
        shown = printable(repr(value))
        shown = shown if len(shown) <= 60 else f"{shown[:60]}…"
        super().__init__(
            f"the document holds a value Pitboard cannot use: table {table}, row {row}, "
            f"field {field}: {shown} is not {expected}. It was changed by another program; "
            "correct it there, or restore a backup."
        )
        self.table, self.row, self.field = table, row, field


RowKey = tuple[str, int]  # ("round", "entry" or "result", id)


class RoundInfo(NamedTuple):
    id: int
    number: int | None
    name: str
    scale: tuple[Decimal, ...]
    cancelled: bool = False
    circuit: str = ""
    date: dt.date | None = None
    scale_name: str = ""
    factor: Decimal = Decimal(1)
    event: int | None = None  # the round a race is part of, where a round has several
    official_at: str | None = None  # provisional until marked official (UTC, ISO 8601)
    official_by: str = ""

    @property
    def round_key(self) -> int:
        """The round the race counts in for drop rules: its own number, or its round's."""
        return self.event if self.event is not None else self.number or 0


class EntryInfo(NamedTuple):
    id: int
    class_name: str
    team: str
    car_number: str | None
    chassis: str
    engine: str
    drivers: tuple[str, ...] = ()
    manufacturer: str = ""


class ResultInfo(NamedTuple):
    round_id: int
    entry_id: int
    class_pos: int | None
    status: Status = Status.CLASSIFIED
    overall_pos: int | None = None
    laps: int | None = None
    pole: bool = False
    fastest_lap: bool = False
    drivers: tuple[str, ...] = ()
    result_id: int = 0
    note: str | None = None
    qualifying_pos: int | None = None
    ineligible: frozenset[Championship] = frozenset()
    short_drives: frozenset[str] = frozenset()  # drivers short of the minimum drive time


class AcceptedInfo(NamedTuple):
    """A problem the user accepted: its key (Problem.key), who, why, and when (UTC)."""

    key: str
    who: str
    why: str
    at: str


@dataclass(frozen=True)
class SeasonData:
    """One season's calendar, entries, results and rules, in calendar order."""

    series: str
    year: int
    classes: tuple[str, ...]
    rules: SeasonRules
    rounds: tuple[RoundInfo, ...]
    entries: dict[int, EntryInfo]
    results: tuple[ResultInfo, ...]
    scales: dict[str, tuple[Decimal, ...]] = field(default_factory=dict)
    penalties: tuple[Penalty, ...] = ()
    accepted: tuple[AcceptedInfo, ...] = ()  # problems the user accepted
    # Each round's, entry's and result's row_version as read, by ("round"|"entry"|"result",
    # id): an edit made from what the user saw is refused if the row changed since. Two reads
    # of the same season are equal whatever their versions.
    versions: dict[RowKey, int] = field(default_factory=dict, compare=False, repr=False)

    def version(self, table: str, row_id: int) -> int | None:
        """The row's version as read (None: not read with this season)."""
        return self.versions.get((table, row_id))

    @property
    def numbered_rounds(self) -> tuple[RoundInfo, ...]:
        """The rounds that score, in round-number order; a cancelled round has no number."""
        scored = [r for r in self.rounds if r.number is not None and not r.cancelled]
        return tuple(sorted(scored, key=lambda r: r.number or 0))


_SEASON, _CLASSES, _ROUNDS, _ENTRIES, _RESULTS, _SCALES, _PENALTIES, _ACCEPTED = (
    PreparedQuery(q) for q in LOADER_QUERIES
)

_STATUSES = {status.value: status for status in Status}


def _rules(season_id: int, raw: Any) -> SeasonRules:
    """The season's rules; a bad one is named as field `rules.<key>`."""
    stored = _json("season", season_id, "rules", raw)
    if not isinstance(stored, dict):
        raise StoredValueError("season", season_id, "rules", raw, "an object of rules")
    try:
        return SeasonRules.from_json(stored)
    except RuleValueError as bad:
        field = f"rules.{bad.key}"
        raise StoredValueError("season", season_id, field, bad.value, bad.expected) from None


def _whole(
    table: str, row: object, field: str, value: Any, minimum: int, optional: bool = True
) -> Any:
    """A whole number (not a boolean, text or fraction) of at least `minimum`, or None."""
    if (value is None and optional) or (type(value) is int and value >= minimum):
        return value
    expected = f"a whole number of at least {minimum}"
    raise StoredValueError(table, row, field, value, expected)


def _text(table: str, row: object, field: str, value: Any, optional: bool = False) -> Any:
    if isinstance(value, str) or (value is None and optional):
        return value
    raise StoredValueError(table, row, field, value, "text")


def _json(table: str, row: object, field: str, raw: Any) -> Any:
    try:
        return json_value(raw)
    except (ValueError, UnicodeDecodeError):
        raise StoredValueError(table, row, field, raw, "JSON") from None


def load_season_data(*, session: Session, season_id: int) -> SeasonData:
    """Read everything the standings need for one season."""
    connection = session.connection()
    params = {"season_id": season_id}
    season = _SEASON.rows(connection, params)
    if not season:
        raise NotFoundError(f"no season with id {season_id}")
    series, year, rules, season_version = season[0]
    classes = _CLASSES.rows(connection, params)
    rounds = _ROUNDS.rows(connection, params)
    entries = _ENTRIES.rows(connection, params)
    results = _RESULTS.rows(connection, params)
    penalty_rows = _PENALTIES.rows(connection, params)
    scale_rows = _SCALES.rows(connection, params)
    return SeasonData(
        series=_text("series", season_id, "name", series),
        year=_whole("season", season_id, "year", year, 0, optional=False),
        classes=tuple(_text("season_class", cid, "name", name) for name, cid in classes),
        rules=_rules(season_id, rules),
        rounds=tuple(_round(row) for row in rounds),
        entries=_entries(entries),
        results=_results(results),
        scales={
            _text("points_scale", sid, "name", name): _scale(sid, points)
            for sid, name, points, _ in scale_rows
        },
        penalties=tuple(_penalty(row) for row in penalty_rows),
        accepted=tuple(_accepted(row) for row in _ACCEPTED.rows(connection, params)),
        versions=_versions("round", rounds)
        | _versions("entry", entries)
        | _versions("result", results)
        | _versions("penalty", penalty_rows)
        | _versions("points_scale", scale_rows)
        | _versions("season", [(season_id, season_version)]),
    )


def _versions(table: str, rows: Iterable[Any]) -> dict[RowKey, int]:
    """The row_version each row (its id first, its version last) was read at."""
    return {
        (table, row[0]): _whole(table, row[0], "row_version", row[-1], 0, optional=False)
        for row in rows
    }


def load_results(
    *,
    session: Session,
    season_id: int,
    result_ids: Iterable[int],
    round_ids: Iterable[int] = (),
) -> dict[int, ResultInfo]:
    """The season's results with these ids, and every result of these rounds, as they are
    stored now (an id deleted or of another season is missing from the answer)."""
    return load_results_and_versions(
        session=session, season_id=season_id, result_ids=result_ids, round_ids=round_ids
    )[0]


def load_results_and_versions(
    *,
    session: Session,
    season_id: int,
    result_ids: Iterable[int],
    round_ids: Iterable[int] = (),
) -> tuple[dict[int, ResultInfo], dict[RowKey, int]]:
    """`load_results`, with the row_version each of those results was read at."""
    ids, rounds = sorted(set(result_ids)), sorted(set(round_ids))
    if not ids and not rounds:
        return {}, {}
    wanted = col(t.Result.id).in_(ids) | col(t.Result.round_id).in_(rounds)
    query = RESULTS_QUERY.where(wanted)
    rows = session.connection().execute(query, {"season_id": season_id}).all()
    found = {result.result_id: result for result in _results(rows)}
    return found, _versions("result", rows)


def _round(row: Any) -> RoundInfo:
    round_id, number, name, points, cancelled, circuit, date, scale_name, scale_id, factor = row[
        :10
    ]
    event, official_at, official_by = row[10:13]
    return RoundInfo(
        round_id,
        _whole("round", round_id, "number", number, 1),
        _text("round", round_id, "name", name),
        _scale(scale_id, points),
        bool(cancelled),
        _text("round", round_id, "circuit", circuit, optional=True) or "",
        _date(round_id, date),
        _text("points_scale", scale_id, "name", scale_name, optional=True) or "",
        _decimal("round", round_id, "points_factor", factor, "a factor such as 1, 0.5 or 2"),
        _whole("round", round_id, "event", event, 1),
        _text("round", round_id, "official_at", official_at, optional=True),
        _text("round", round_id, "official_by", official_by),
    )


def _decimal(table: str, row: object, field: str, value: Any, expected: str) -> Decimal:
    try:
        return to_points(value)
    except ValueError:
        raise StoredValueError(table, row, field, value, expected) from None


def _date(round_id: int, date: Any) -> dt.date | None:
    if date is None or isinstance(date, dt.date):
        return date
    try:
        return dt.date.fromisoformat(date)  # drivers that hand dates over as ISO text
    except (TypeError, ValueError):
        raise StoredValueError("round", round_id, "date", date, "a date (YYYY-MM-DD)") from None


def _scale(scale_id: int | None, raw: Any) -> tuple[Decimal, ...]:
    if isinstance(raw, str):  # every round repeats its scale's text: read each text once
        return _scale_text(scale_id, raw)
    return _read_scale(scale_id, raw)


@lru_cache(maxsize=256)
def _scale_text(scale_id: int | None, raw: str) -> tuple[Decimal, ...]:
    return _read_scale(scale_id, raw)


def _read_scale(scale_id: int | None, raw: Any) -> tuple[Decimal, ...]:
    points = () if raw is None else _json("points_scale", scale_id, "points", raw)
    expected = "a list of points"
    if not isinstance(points, list | tuple) or any(type(p) not in (int, float) for p in points):
        raise StoredValueError("points_scale", scale_id, "points", raw, expected)
    scale = tuple(_decimal("points_scale", scale_id, "points", p, expected) for p in points)
    if any(p < ZERO for p in scale):
        raise StoredValueError("points_scale", scale_id, "points", raw, expected)
    return scale


_CHAMPIONSHIPS = {c.value: c for c in Championship}
_EVERYWHERE: frozenset[Championship] = frozenset()  # eligible for every championship
_NOBODY: frozenset[str] = frozenset()  # no driver short of the minimum drive time


def _championships(table: str, row: object, field: str, value: Any) -> frozenset[Championship]:
    """Championships named in space-separated text ("" for none)."""
    if value == "":
        return _EVERYWHERE
    words = _text(table, row, field, value).split()
    if any(word not in _CHAMPIONSHIPS for word in words):
        raise StoredValueError(table, row, field, value, "championship names")
    return frozenset(_CHAMPIONSHIPS[word] for word in words)


def _penalty(row: Any) -> Penalty:
    pid, championship, class_name, competitor, round_id, points, excluded, reason, _ = row
    if championship != "all" and championship not in _CHAMPIONSHIPS:
        raise StoredValueError("penalty", pid, "championship", championship, "a championship")
    return Penalty(
        None if championship == "all" else _CHAMPIONSHIPS[championship],
        _text("penalty", pid, "class_name", class_name),
        _text("penalty", pid, "competitor", competitor),
        _whole("penalty", pid, "round_id", round_id, 1),
        _decimal("penalty", pid, "points", points, "a number of points"),
        bool(excluded),
        _text("penalty", pid, "reason", reason, optional=True) or "",
    )


def _accepted(row: Any) -> AcceptedInfo:
    aid, key, who, why, at = row
    return AcceptedInfo(
        _text("accepted_problem", aid, "key", key),
        _text("accepted_problem", aid, "who", who, optional=True) or "",
        _text("accepted_problem", aid, "why", why, optional=True) or "",
        _text("accepted_problem", aid, "at", at, optional=True) or "",
    )


def _entries(rows: Iterable[Any]) -> dict[int, EntryInfo]:
    entries: dict[int, EntryInfo] = {}
    for eid, class_name, team, car, chassis, engine, maker, driver, _version in rows:
        _text("entry_driver", eid, "driver", driver, optional=True)
        known = entries.get(eid)
        if known is None:
            drivers = (driver,) if driver is not None else ()
            for name, value in (
                ("team", team),
                ("chassis", chassis),
                ("engine", engine),
                ("manufacturer", maker),
            ):
                _text("entry", eid, name, value)
            _text("entry", eid, "car_number", car, optional=True)
            entries[eid] = EntryInfo(eid, class_name, team, car, chassis, engine, drivers, maker)
        else:  # one row per driver of the entry
            entries[eid] = known._replace(drivers=(*known.drivers, driver))
    return entries


def _results(rows: Iterable[Any]) -> tuple[ResultInfo, ...]:
    results: list[ResultInfo] = []
    last_id = None
    for (
        rid,
        round_id,
        entry_id,
        pos,
        status,
        overall,
        laps,
        pole,
        fastest,
        note,
        qualifying,
        ineligible,
        driver,
        short,
        _version,
    ) in rows:
        if rid == last_id:  # one row per driver of the result
            driver = _text("result_driver", rid, "driver", driver)
            known = results[-1]
            shorts = known.short_drives | {driver} if short else known.short_drives
            results[-1] = known._replace(drivers=(*known.drivers, driver), short_drives=shorts)
            continue
        drivers = (_text("result_driver", rid, "driver", driver),) if driver is not None else ()
        results.append(
            ResultInfo(
                round_id,
                entry_id,
                _whole("result", rid, "class_pos", pos, 1),
                _status(rid, status),
                _whole("result", rid, "overall_pos", overall, 1),
                _whole("result", rid, "laps", laps, 0),
                bool(pole),
                bool(fastest),
                drivers,
                rid,
                _text("result", rid, "note", note, optional=True),
                _whole("result", rid, "qualifying_pos", qualifying, 1),
                _championships("result", rid, "ineligible", ineligible),
                frozenset(drivers) if short else _NOBODY,
            )
        )
        last_id = rid
    return tuple(results)


def _status(result_id: int, value: Any) -> Status:
    status = _STATUSES.get(value) if isinstance(value, str) else None
    if status is None:
        known = ", ".join(_STATUSES)
        raise StoredValueError("result", result_id, "status", value, f"one of {known}")
    return status
