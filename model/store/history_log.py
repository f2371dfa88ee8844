"""Reading the document's history: the log's lines, newest first, in words.

The log is read a page at a time (`limit`, `older_than`), and after an edit only its new lines
(`newer_than`). Lines are named by today's rows, read for the rows those lines mention alone:
naming a page from a snapshot of the whole season would cost as much as the season is big.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, and_, col, func, or_, select
from sqlmodel.sql.expression import SelectOfScalar

from model.store import tables as t
from model.store.history_words import Snapshot, describe

Key = tuple[str, int]  # (subject, id) of a row the log names

# The fields that lines name a row by (model.store.history_words): a line that changes one of
# them, adds the row or removes it changes the words of every line naming that row.
NAMING_FIELDS = {
    "result": frozenset({"entry_id"}),
    "entry": frozenset({"car_number", "team"}),
    "round": frozenset({"name", "number"}),
    "class": frozenset({"name"}),
    "scale": frozenset({"name"}),
}
IDS_PER_STATEMENT = 500  # ids named in one IN (...): far below SQLite's limit on parameters


@dataclass(frozen=True)
class HistoryLine:
    change_id: int
    at: dt.datetime
    author: str
    step: str
    round_id: int | None
    description: str
    named: frozenset[Key] = frozenset()  # the rows its words name (they may be renamed later)
    renames: frozenset[Key] = frozenset()  # the rows whose names this change changed
    host: str = ""  # the laptop the change was made on


def history(
    *,
    session: Session,
    season_id: int,
    round_id: int | None = None,
    newer_than: int | None = None,
    older_than: int | None = None,
    limit: int | None = None,
) -> list[HistoryLine]:
    """The season's log, newest first (optionally only one round's lines): with `newer_than`
    or `older_than` only the lines after or before that change, at most `limit` of them."""
    query = _lines(season_id, round_id)
    if newer_than is not None:
        query = query.where(col(t.ChangeLog.id) > newer_than)
    if older_than is not None:
        query = query.where(col(t.ChangeLog.id) < older_than)
    query = query.order_by(col(t.ChangeLog.id).desc())
    if limit is not None:
        query = query.limit(limit)
    return _in_words(session, season_id, round_id, list(session.exec(query)))


def history_lines(
    *, session: Session, season_id: int, round_id: int | None = None, change_ids: Collection[int]
) -> list[HistoryLine]:
    """These lines of the log, newest first, in today's words (as `history` words them with
    the same `round_id`): lines shown earlier whose rows have been renamed since."""
    changes: list[t.ChangeLog] = []
    for ids in _chunks(sorted(change_ids)):
        changes += session.exec(_lines(season_id, round_id).where(col(t.ChangeLog.id).in_(ids)))
    changes.sort(key=lambda change: change.id or 0, reverse=True)
    return _in_words(session, season_id, round_id, changes)


def newest_change(*, session: Session, season_id: int) -> int:
    """The id of the season's newest line in the log (0 when it has none)."""
    newest = session.exec(
        select(func.max(t.ChangeLog.id)).where(t.ChangeLog.season_id == season_id)
    )
    return newest.one() or 0


def renamed_since(
    *, session: Session, season_id: int, newer_than: int
) -> tuple[frozenset[Key], int]:
    """The rows that the season's lines after `newer_than` renamed, whatever their round (a
    team renamed names a car anew at every round), and the newest line's id."""
    renaming = or_(
        *(
            and_(
                col(t.ChangeLog.subject) == subject,
                or_(col(t.ChangeLog.action) != "changed", col(t.ChangeLog.field).in_(fields)),
            )
            for subject, fields in NAMING_FIELDS.items()
        )
    )
    renamed = session.exec(
        select(t.ChangeLog.subject, t.ChangeLog.subject_id)
        .where(t.ChangeLog.season_id == season_id, col(t.ChangeLog.id) > newer_than)
        .where(renaming)
        .distinct()
    )
    newest = newest_change(session=session, season_id=season_id)
    return frozenset((subject, row_id) for subject, row_id in renamed), max(newest, newer_than)


def _lines(season_id: int, round_id: int | None) -> SelectOfScalar[t.ChangeLog]:
    query = select(t.ChangeLog).where(t.ChangeLog.season_id == season_id)
    return query if round_id is None else query.where(t.ChangeLog.round_id == round_id)


def _in_words(
    session: Session, season_id: int, round_id: int | None, changes: list[t.ChangeLog]
) -> list[HistoryLine]:
    now = _names(session, season_id, round_id, changes) if changes else {}
    return [
        HistoryLine(
            change.id or 0,
            dt.datetime.fromisoformat(change.at),
            change.author,
            change.step,
            change.round_id,
            describe(change, now),
            _named(change, now),
            _renames(change),
            change.host,
        )
        for change in changes
    ]


# --- today's names of the rows the lines mention ---------------------------------------------


def _names(
    session: Session, season_id: int, round_id: int | None, changes: list[t.ChangeLog]
) -> Snapshot:
    """Today's rows, as far as the lines' words name them: the season's rounds, classes and
    points scales (a few rows), the results and entries the lines mention (ids alone)."""
    now: Snapshot = {}
    _season_names(session, season_id, now)
    results = {change.subject_id for change in changes if change.subject == "result"}
    _result_entries(session, season_id, results, now)
    entries = {change.subject_id for change in changes if change.subject == "entry"}
    entries |= {entry for change in changes if (entry := _entry_named(change, now)) is not None}
    _entry_names(session, season_id, entries, now)
    _numbers_as_known(session, season_id, round_id, changes, now)
    return now


def _season_names(session: Session, season_id: int, now: Snapshot) -> None:
    rounds = select(t.Round.id, t.Round.name, t.Round.number).where(t.Round.season_id == season_id)
    for round_id, name, number in session.exec(rounds):
        now[("round", round_id or 0)] = {"name": name, "number": number}
    classes = select(t.SeasonClass.id, t.SeasonClass.name)
    for class_id, name in session.exec(classes.where(t.SeasonClass.season_id == season_id)):
        now[("class", class_id or 0)] = {"name": name}
    scales = select(t.PointsScale.id, t.PointsScale.name)
    for scale_id, name in session.exec(scales.where(t.PointsScale.season_id == season_id)):
        now[("scale", scale_id or 0)] = {"name": name}


def _result_entries(session: Session, season_id: int, ids: set[int], now: Snapshot) -> None:
    for chunk in _chunks(sorted(ids)):
        found = session.exec(
            select(t.Result.id, t.Result.entry_id)
            .join(t.Round, col(t.Round.id) == col(t.Result.round_id))
            .where(t.Round.season_id == season_id, col(t.Result.id).in_(chunk))
        )
        for result_id, entry_id in found:
            now[("result", result_id or 0)] = {"entry_id": entry_id}


def _entry_names(session: Session, season_id: int, ids: set[int], now: Snapshot) -> None:
    # Joined as the recorded snapshot joins them, so an entry is known here exactly when it is
    # known there.
    for chunk in _chunks(sorted(ids)):
        found = session.exec(
            select(t.Entry.id, t.Entry.car_number, t.Team.name)
            .join(t.SeasonClass, col(t.SeasonClass.id) == col(t.Entry.class_id))
            .join(t.Team, col(t.Team.id) == col(t.Entry.team_id))
            .where(t.Entry.season_id == season_id, col(t.Entry.id).in_(chunk))
        )
        for entry_id, car_number, team in found:
            now[("entry", entry_id or 0)] = {"car_number": car_number, "team": team}


def _numbers_as_known(
    session: Session,
    season_id: int,
    round_id: int | None,
    changes: list[t.ChangeLog],
    now: Snapshot,
) -> None:
    """A round with no number today (cancelled) is named by the number it last had: the
    newest logged old number among the lines read with the same round filter."""
    unnumbered = {
        change.subject_id
        for change in changes
        if change.subject == "round"
        and ("round", change.subject_id) in now
        and now[("round", change.subject_id)].get("number") is None
    }
    for chunk in _chunks(sorted(unnumbered)):
        numbered = (
            select(t.ChangeLog.subject_id, t.ChangeLog.old)
            .where(t.ChangeLog.season_id == season_id)
            .where(t.ChangeLog.subject == "round", t.ChangeLog.field == "number")
            .where(col(t.ChangeLog.subject_id).in_(chunk))
        )
        if round_id is not None:
            numbered = numbered.where(t.ChangeLog.round_id == round_id)
        for subject_id, old in session.exec(numbered.order_by(col(t.ChangeLog.id).desc())):
            key, number = ("round", subject_id), _loaded(old)
            if now[key].get("number") is None and isinstance(number, int):
                now[key] = {**now[key], "number": number}


# --- what a line names, and what it renames -------------------------------------------------


def _entry_named(change: t.ChangeLog, now: Snapshot) -> int | None:
    """The entry a result's line names its car by: the one it recorded, else today's."""
    if change.subject != "result":
        return None
    recorded = _recorded(change)
    current = now.get(("result", change.subject_id)) or recorded
    entry_id = recorded.get("entry_id") or current.get("entry_id")
    return int(entry_id) if isinstance(entry_id, int) else None  # `true` is entry 1 on SQLite


def _named(change: t.ChangeLog, now: Snapshot) -> frozenset[Key]:
    named = {(change.subject, change.subject_id)}
    if change.round_id is not None:
        named.add(("round", change.round_id))
    entry_id = _entry_named(change, now)
    if entry_id is not None:
        named.add(("entry", entry_id))
    return frozenset(named)


def _renames(change: t.ChangeLog) -> frozenset[Key]:
    if not _renames_row(change.subject, change.action, change.field):
        return frozenset()
    return frozenset({(change.subject, change.subject_id)})


def _renames_row(subject: str, action: str, field: str | None) -> bool:
    fields = NAMING_FIELDS.get(subject)
    return fields is not None and (action != "changed" or field in fields)


def _recorded(change: t.ChangeLog) -> dict[str, Any]:
    """The row an added or removed line recorded (nothing for a changed field)."""
    if change.action == "changed":
        return {}
    data = _loaded(change.new or change.old)
    return data if isinstance(data, dict) else {}


def _loaded(text: str | None) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return text  # a line another program wrote: taken as it is


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), IDS_PER_STATEMENT):
        yield ids[start : start + IDS_PER_STATEMENT]
