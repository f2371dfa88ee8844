"""The document's history: every change that can move a standings number, when, by whom.

Results and entries (drivers included), rounds, classes, points scales and the season's
rules are recorded by comparing the season before and after each committed step, so every
kind of change (and every undo) is recorded the same way, in the same transaction as the
change. Nothing in the log is ever rewritten (the database refuses it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, Connection, Integer, bindparam, false
from sqlalchemy import insert as sa_insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from model.scoring.rules import RULE_KEYS, SeasonRules
from model.store import tables as t
from model.store.history_words import Snapshot
from model.store.prepared import PreparedQuery, json_value

Key = tuple[str, int]  # (subject, id): subject is one of SUBJECTS
SUBJECTS = (
    "season",
    "class",
    "scale",
    "round",
    "entry",
    "result",
    "penalty",
    "team",
    "driver",
    "accepted_problem",
)
LOGGED_RESULT_FIELDS = (
    "round_id",
    "entry_id",
    "class_pos",
    "overall_pos",
    "laps",
    "status",
    "note",
    "pole",
    "fastest_lap",
    "qualifying_pos",
    "ineligible",
)
LOGGED_ENTRY_FIELDS = ("class_name", "team", "car_number", "chassis", "engine", "manufacturer")
# One logged field per rule, e.g. "rule best_results: — → 7", and the championships' own.
LOGGED_RULE_FIELDS = (*RULE_KEYS, "championships")
LOGGED_PENALTY_FIELDS = (
    "championship",
    "class_name",
    "competitor",
    "round_id",
    "points",
    "excluded",
    "reason",
)


_SEASON_ID: BindParameter[int] = bindparam("season_id", type_=Integer)

_RULES = PreparedQuery(sa_select(col(t.Season.rules)).where(col(t.Season.id) == _SEASON_ID))
_CLASSES = PreparedQuery(
    sa_select(col(t.SeasonClass.id), col(t.SeasonClass.name), col(t.SeasonClass.sort_order)).where(
        col(t.SeasonClass.season_id) == _SEASON_ID
    )
)
_SCALES = PreparedQuery(
    sa_select(col(t.PointsScale.id), col(t.PointsScale.name), col(t.PointsScale.points)).where(
        col(t.PointsScale.season_id) == _SEASON_ID
    )
)
_ROUNDS = PreparedQuery(
    sa_select(
        col(t.Round.id),
        col(t.Round.number),
        col(t.Round.name),
        col(t.Round.date),
        col(t.Round.cancelled),
        col(t.Round.points_scale_id),
        col(t.Round.calendar_order),
        col(t.Round.points_factor),
        col(t.Round.event),
        col(t.Round.official_at),
        col(t.Round.official_by),
        col(t.Round.circuit),
    ).where(col(t.Round.season_id) == _SEASON_ID)
)
_PENALTIES = PreparedQuery(
    sa_select(col(t.Penalty.id), *(getattr(t.Penalty, f) for f in LOGGED_PENALTY_FIELDS)).where(
        col(t.Penalty.season_id) == _SEASON_ID
    )
)
_ACCEPTED = PreparedQuery(
    sa_select(
        col(t.AcceptedProblem.id),
        col(t.AcceptedProblem.key),
        col(t.AcceptedProblem.who),
        col(t.AcceptedProblem.why),
    ).where(col(t.AcceptedProblem.season_id) == _SEASON_ID)
)
_RESULTS_SELECT = (
    sa_select(col(t.Result.id), *(getattr(t.Result, f) for f in LOGGED_RESULT_FIELDS))
    .join(t.Round, col(t.Round.id) == col(t.Result.round_id))
    .where(col(t.Round.season_id) == _SEASON_ID)
)
_RESULTS = PreparedQuery(_RESULTS_SELECT)
_ENTRIES_SELECT = (
    sa_select(
        col(t.Entry.id),
        col(t.SeasonClass.name),
        col(t.Team.name),
        col(t.Entry.car_number),
        col(t.Entry.chassis),
        col(t.Entry.engine),
        col(t.Entry.manufacturer),
    )
    .join(t.SeasonClass, col(t.SeasonClass.id) == col(t.Entry.class_id))
    .join(t.Team, col(t.Team.id) == col(t.Entry.team_id))
    .where(col(t.Entry.season_id) == _SEASON_ID)
)
_ENTRIES = PreparedQuery(_ENTRIES_SELECT)
_RESULT_DRIVERS_SELECT = (
    sa_select(col(t.ResultDriver.result_id), col(t.Driver.name), col(t.ResultDriver.short_drive))
    .join(t.Driver, col(t.Driver.id) == col(t.ResultDriver.driver_id))
    .join(t.Result, col(t.Result.id) == col(t.ResultDriver.result_id))
    .join(t.Round, col(t.Round.id) == col(t.Result.round_id))
    .where(col(t.Round.season_id) == _SEASON_ID)
    .order_by(col(t.ResultDriver.result_id), col(t.ResultDriver.seat))
)
_RESULT_DRIVERS = PreparedQuery(_RESULT_DRIVERS_SELECT)
_ENTRY_DRIVERS_SELECT = (
    sa_select(col(t.EntryDriver.entry_id), col(t.Driver.name), false())
    .join(t.Driver, col(t.Driver.id) == col(t.EntryDriver.driver_id))
    .join(t.Entry, col(t.Entry.id) == col(t.EntryDriver.entry_id))
    .where(col(t.Entry.season_id) == _SEASON_ID)
    .order_by(col(t.EntryDriver.entry_id), col(t.EntryDriver.seat))
)
_ENTRY_DRIVERS = PreparedQuery(_ENTRY_DRIVERS_SELECT)
_FLAGS = ("pole", "fastest_lap")  # stored as 0/1, logged as false/true


@dataclass(frozen=True)
class Touched:
    """The rows a change touches, named by the change itself before it runs (and again after,
    with the rows it created): its history is then taken from those rows alone rather than
    from the whole season."""

    results: frozenset[int] = frozenset()
    entries: frozenset[int] = frozenset()
    rounds: frozenset[int] = frozenset()  # every result of these rounds
    # Rows of the team and driver registers (name, short name, nationality): logged only
    # when a change names them, in each season it records.
    teams: frozenset[int] = frozenset()
    drivers: frozenset[int] = frozenset()

    def __or__(self, other: Touched) -> Touched:
        return Touched(
            self.results | other.results,
            self.entries | other.entries,
            self.rounds | other.rounds,
            self.teams | other.teams,
            self.drivers | other.drivers,
        )

    def __len__(self) -> int:
        sizes = (self.results, self.entries, self.rounds, self.teams, self.drivers)
        return sum(len(rows) for rows in sizes)


MAX_TOUCHED = 2_000  # rows named in one statement; a wider change takes whole snapshots


def snapshot(session: Session, season_id: int, touched: Touched | None = None) -> Snapshot:
    """Everything of the season that the standings depend on, as plain values; with `touched`,
    only those results and entries.

    It runs twice on every change, so its statements are compiled once (see
    model.store.prepared); they bypass the ORM, so what the session holds unwritten is
    written first.
    """
    session.flush()
    connection, params = session.connection(), {"season_id": season_id}
    rows: Snapshot = {}
    if touched is not None:
        _touched_rows(connection, season_id, touched, rows)
        return rows
    if not _season_rows(connection, params, rows):
        return rows
    _add_results(rows, _RESULTS.rows(connection, params), _RESULT_DRIVERS.rows(connection, params))
    _add_entries(rows, _ENTRIES.rows(connection, params), _ENTRY_DRIVERS.rows(connection, params))
    return rows


_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
_TOUCHED_RESULTS = _RESULTS_SELECT.where(col(t.Result.id).in_(_IDS))
_TOUCHED_RESULT_DRIVERS = _RESULT_DRIVERS_SELECT.where(col(t.Result.id).in_(_IDS))
_ROUND_IDS: BindParameter[list[int]] = bindparam("round_ids", expanding=True)
_ROUNDS_RESULTS = _RESULTS_SELECT.where(col(t.Result.round_id).in_(_ROUND_IDS))
_ROUNDS_RESULT_DRIVERS = _RESULT_DRIVERS_SELECT.where(col(t.Result.round_id).in_(_ROUND_IDS))
_TOUCHED_ENTRIES = _ENTRIES_SELECT.where(col(t.Entry.id).in_(_IDS))
_TOUCHED_ENTRY_DRIVERS = _ENTRY_DRIVERS_SELECT.where(col(t.Entry.id).in_(_IDS))


def _touched_rows(connection: Connection, season_id: int, touched: Touched, rows: Snapshot) -> None:
    # (ids named, the rows and their drivers' statements, how they are added to the snapshot)
    reads = (
        (touched.results, _TOUCHED_RESULTS, _TOUCHED_RESULT_DRIVERS, "ids", _add_results),
        (touched.rounds, _ROUNDS_RESULTS, _ROUNDS_RESULT_DRIVERS, "round_ids", _add_results),
        (touched.entries, _TOUCHED_ENTRIES, _TOUCHED_ENTRY_DRIVERS, "ids", _add_entries),
    )
    for ids, statement, drivers, name, add in reads:
        if ids:
            params = {"season_id": season_id, name: sorted(ids)}
            found = connection.execute(statement, params).all()
            add(rows, found, connection.execute(drivers, params).all())
    _add_register_rows(connection, "team", t.Team, touched.teams, rows)
    _add_register_rows(connection, "driver", t.Driver, touched.drivers, rows)


def _add_register_rows(
    connection: Connection,
    subject: str,
    table: type[t.Team] | type[t.Driver],
    ids: frozenset[int],
    rows: Snapshot,
) -> None:
    """The named rows of a register, as they stand (the same in every season)."""
    if not ids:
        return
    statement = sa_select(
        col(table.id), col(table.name), col(table.short_name), col(table.nationality)
    ).where(col(table.id).in_(sorted(ids)))
    found: list[Any] = list(connection.execute(statement))
    for row_id, name, short_name, nationality in found:
        rows[(subject, row_id)] = {
            "name": name,
            "short_name": short_name,
            "nationality": nationality,
        }


def _add_results(rows: Snapshot, results: Iterable[Any], drivers: Iterable[Any]) -> None:
    result_drivers = _drivers(drivers)
    for result_id, *values in results:
        result = dict(zip(LOGGED_RESULT_FIELDS, values, strict=True))
        result.update({flag: bool(result[flag]) for flag in _FLAGS})
        result["drivers"] = result_drivers.get(result_id, [])
        rows[("result", result_id)] = result


def _add_entries(rows: Snapshot, entries: Iterable[Any], drivers: Iterable[Any]) -> None:
    entry_drivers = _drivers(drivers)
    for entry_id, *values in entries:
        entry = dict(zip(LOGGED_ENTRY_FIELDS, values, strict=True))
        entry["drivers"] = entry_drivers.get(entry_id, [])
        rows[("entry", entry_id)] = entry


def _season_rows(connection: Connection, params: dict[str, int], rows: Snapshot) -> bool:
    """The season's rules, classes, points scales and rounds; False when there is no season."""
    found = _RULES.rows(connection, params)
    if not found:
        return False
    rows[("season", params["season_id"])] = _logged_rules(found[0][0])
    for class_id, name, order in _CLASSES.rows(connection, params):
        rows[("class", class_id)] = {"name": name, "sort_order": order}
    scales: dict[int, str] = {}
    for scale_id, name, points in _SCALES.rows(connection, params):
        scales[scale_id] = name
        rows[("scale", scale_id)] = {"name": name, "points": json_value(points)}
    for row in _ROUNDS.rows(connection, params):
        round_id, number, name, date, cancelled, scale_id, order, factor, event = row[:9]
        rows[("round", round_id)] = {
            "number": number,
            "name": name,
            "date": date.isoformat() if isinstance(date, dt.date) else date,
            "cancelled": bool(cancelled),
            "points_scale": scales.get(scale_id),
            "calendar_order": order,
            "points_factor": factor,
            "event": event,
            "official_at": row[9],
            "official_by": row[10],
            "circuit": row[11],
            "round_id": round_id,
        }
    for penalty_id, *values in _PENALTIES.rows(connection, params):
        rows[("penalty", penalty_id)] = dict(zip(LOGGED_PENALTY_FIELDS, values, strict=True))
        rows[("penalty", penalty_id)]["excluded"] = bool(values[5])
    for accepted_id, key, who, why in _ACCEPTED.rows(connection, params):
        rows[("accepted_problem", accepted_id)] = {"key": key, "who": who, "why": why}
    return True


def _logged_rules(raw: Any) -> dict[str, Any]:
    """Each rule as stored (its default where the document has none), read as loosely as the
    log must: a value another program spoiled is logged as it is, not refused here."""
    try:
        stored = json_value(raw)
    except (ValueError, UnicodeDecodeError):
        stored = None
    stored = stored if isinstance(stored, dict) else {}
    defaults = SeasonRules().to_json()
    rules = {key: stored.get(key, defaults[key]) for key in LOGGED_RULE_FIELDS}
    rules["scoring_statuses"] = _plain(rules["scoring_statuses"])
    return rules


def _plain(value: Any) -> Any:
    return sorted(value) if isinstance(value, list | set | frozenset) else value


def _drivers(rows: Iterable[tuple[int, str, bool]]) -> dict[int, list[str]]:
    """Driver names per result (or entry), in seat order; a driver short of the minimum
    drive time is written as the results file marks them ("Name*")."""
    found: dict[int, list[str]] = defaultdict(list)
    for owner_id, name, short in rows:
        found[owner_id].append(f"{name}*" if short else name)
    return found


def laptop() -> str:
    """The machine's name the history records beside the author (PITBOARD_HOST overrides it:
    several simulated laptops on one machine)."""
    return os.environ.get("PITBOARD_HOST") or socket.gethostname()


def record_changes(
    session: Session,
    season_id: int,
    before: Snapshot,
    after: Snapshot,
    *,
    author: str,
    step: str,
) -> int:
    """Log what differs between two snapshots; returns how many lines were written."""
    at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    lines = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        subject, subject_id = key
        round_id = (new or old or {}).get("round_id")
        common: dict[str, Any] = {
            "at": at,
            "author": author,
            "host": laptop(),
            "step": step,
            "season_id": season_id,
            "round_id": round_id,
            "subject": subject,
            "subject_id": subject_id,
        }
        if old is None:
            lines.append(
                {**common, "action": "added", "field": None, "old": None, "new": json.dumps(new)}
            )
        elif new is None:
            lines.append(
                {**common, "action": "removed", "field": None, "old": json.dumps(old), "new": None}
            )
        else:
            lines += [
                {
                    **common,
                    "action": "changed",
                    "field": field,
                    "old": json.dumps(old[field]),
                    "new": json.dumps(new.get(field)),
                }
                for field in old
                if old[field] != new.get(field)
            ]
    if lines:  # one statement for every line, past the ORM's bookkeeping
        session.execute(sa_insert(t.ChangeLog), lines)
    return len(lines)


@dataclass
class Recording:
    """What a recorded block wrote to the log, known once the block has ended."""

    lines: int = 0


@contextmanager
def recorded_seasons(
    session: Session,
    find: Callable[[], Iterable[int]],
    *,
    author: str,
    step: str,
    touched: Callable[[], Touched] | None = None,
) -> Iterator[Recording]:
    """Record whatever the block changes in the seasons `find` names, asked before the block
    and after it (so a season the block creates is recorded too), in the block's own
    transaction. With `touched`, only the rows it names (asked before and after) are compared:
    it must name every row the block changes."""
    before_rows = touched() if touched is not None else None
    if before_rows is not None and len(before_rows) > MAX_TOUCHED:
        before_rows = None  # a change this wide is compared season against season
    before = {season_id: snapshot(session, season_id, before_rows) for season_id in find()}
    recording = Recording()
    yield recording
    session.flush()
    after_rows = before_rows | touched() if before_rows is not None and touched else None
    for season_id in sorted(set(before) | set(find())):
        after = snapshot(session, season_id, after_rows)
        old = before.get(season_id, {})
        recording.lines += record_changes(session, season_id, old, after, author=author, step=step)


def recorded(
    session: Session, season_id: int | None, *, author: str, step: str
) -> AbstractContextManager[Recording]:
    """Record whatever the block changes in the season (nothing when `season_id` is None)."""
    seasons = [] if season_id is None else [season_id]
    return recorded_seasons(session, lambda: seasons, author=author, step=step)
