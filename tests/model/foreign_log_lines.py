"""Change-log lines another program could have written, shared by the history tests."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import Engine

from model.store import tables as t
from model.store.db import transaction


class Line(NamedTuple):
    what: str
    subject: str
    subject_id: int
    action: str
    field: str | None = None
    old: str | None = None
    rules_kept: bool = False  # the season then is scored by today's rules


LINES = [
    Line(
        "a tie-break a later version knows",
        "season",
        1,
        "changed",
        "tie_break",
        '"coin_toss"',
        rules_kept=True,
    ),
    Line(
        "drop rounds in words", "season", 1, "changed", "best_results", '"seven"', rules_kept=True
    ),
    Line(
        "a status that cannot score",
        "season",
        1,
        "changed",
        "scoring_statuses",
        '["flying"]',
        rules_kept=True,
    ),
    Line(
        "a distance that is a yes",
        "season",
        1,
        "changed",
        "min_distance_pct",
        "true",
        rules_kept=True,
    ),
    Line("negative bonus points", "season", 1, "changed", "pole_points", "-1", rules_kept=True),
    Line("a rule that is not JSON", "season", 1, "changed", "best_results", "{{", rules_kept=True),
    Line("a date that is no date", "round", 1, "changed", "date", '"someday"'),
    Line("a round number in words", "round", 1, "changed", "number", '"one"'),
    Line("a round's scale in words", "scale", 1, "changed", "points", '"many"'),
    Line("a class order in words", "class", 1, "changed", "sort_order", '"first"'),
    Line("a removed result cut short", "result", 9999, "removed", None, '{"round_id": 1}'),
    Line("a removed result that is a list", "result", 9998, "removed", None, "[1, 2]"),
    Line("laps in words", "result", 1, "changed", "laps", '"many"'),
    Line("a status a later version knows", "result", 1, "changed", "status", '"flying"'),
    Line("drivers that are one name", "entry", 1, "changed", "drivers", '"A"'),
    Line("a removed round of a later version", "round", 99, "removed", None, '{"name": "Ghost"}'),
    Line("a subject this version does not know", "weather", 1, "changed", "rain", '"heavy"'),
]


def write_line(engine: Engine, line: Line) -> int:
    with transaction(engine) as session:
        row = t.ChangeLog(
            at=dt.datetime.now(dt.UTC).isoformat(),
            author="another program",
            step="written elsewhere",
            season_id=1,
            subject=line.subject,
            subject_id=line.subject_id,
            action=line.action,
            field=line.field,
            old=line.old,
            new="null",
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id
