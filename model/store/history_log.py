"""Reading the document's history: the log's lines, newest first, in words."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlmodel import Session, col, select

from model.store import tables as t
from model.store.history import snapshot
from model.store.history_words import Snapshot, describe


@dataclass(frozen=True)
class HistoryLine:
    change_id: int
    at: dt.datetime
    author: str
    step: str
    round_id: int | None
    description: str


def history(*, session: Session, season_id: int, round_id: int | None = None) -> list[HistoryLine]:
    """The season's log, newest first (optionally only one round's lines)."""
    query = select(t.ChangeLog).where(t.ChangeLog.season_id == season_id)
    if round_id is not None:
        query = query.where(t.ChangeLog.round_id == round_id)
    changes = list(session.exec(query.order_by(col(t.ChangeLog.id).desc())))
    now = _named_as_known(snapshot(session, season_id), changes)
    return [
        HistoryLine(
            change.id or 0,
            dt.datetime.fromisoformat(change.at),
            change.author,
            change.step,
            change.round_id,
            describe(change, now),
        )
        for change in changes
    ]


def _named_as_known(now: Snapshot, changes: list[t.ChangeLog]) -> Snapshot:
    """Today's rows, a cancelled round named by the number it last had (newest first)."""
    named = dict(now)
    for change in changes:
        key = (change.subject, change.subject_id)
        if change.subject != "round" or change.field != "number" or key not in named:
            continue
        number = json.loads(change.old or "null")
        if named[key].get("number") is None and isinstance(number, int):
            named[key] = {**named[key], "number": number}
    return named
