"""A problem accepted or un-accepted as a reversible edit: the user looked at it (a position
nobody holds, a car that really fell short) and says why it may stay. Undo puts the row back
as it was, under its old id. No standings number depends on it, so the history logs no line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from model.edits.row_edit import Row, RowEdit
from model.errors import InputError, NotFoundError
from model.store import tables as t

MAX_WHY = 500  # a reason is a sentence, not a file


@dataclass
class ProblemAcceptance(RowEdit):
    """Change one season's acceptance of one problem from `before` to `after` (None: not
    accepted)."""

    TABLE = t.AcceptedProblem.__table__  # type: ignore[attr-defined]

    @classmethod
    def accept(
        cls,
        session: Session,
        *,
        season_id: int,
        key: str,
        who: str,
        why: str,
        at: dt.datetime | None = None,
    ) -> ProblemAcceptance:
        """InputError for an empty key or reason, or a problem already accepted."""
        key, why = key.strip(), " ".join(why.split())
        if not key:
            raise InputError("accepted problem: no problem is named")
        if not why:
            raise InputError("accepted problem, field 'why': say why the problem may stay")
        if len(why) > MAX_WHY:
            raise InputError(f"accepted problem, field 'why': longer than {MAX_WHY} characters")
        if _stored(session, season_id, key) is not None:
            raise InputError(f"accepted problem: {key} is accepted already")
        when = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")
        row = {"id": None, "season_id": season_id, "key": key, "who": who, "why": why, "at": when}
        return cls(season_id, None, row)

    @classmethod
    def unaccept(cls, session: Session, *, season_id: int, key: str) -> ProblemAcceptance:
        before = _stored(session, season_id, key)
        if before is None:
            raise NotFoundError(f"the problem {key} is not accepted")
        return cls(season_id, before, None)


def _stored(session: Session, season_id: int, key: str) -> Row | None:
    found = session.exec(
        select(t.AcceptedProblem).where(
            col(t.AcceptedProblem.season_id) == season_id, col(t.AcceptedProblem.key) == key
        )
    ).first()
    return None if found is None else found.model_dump()
