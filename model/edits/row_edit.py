"""One stored row added, changed or removed as a reversible edit: undo puts the row back
exactly as it was, under its old id. The penalties and accepted problems are edited so."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import Table, delete, insert, update
from sqlmodel import Session

from model.edits.changes import Changes

Row = dict[str, Any]  # a row's stored values, id included


@dataclass
class RowEdit:
    """Change one row of the season's `TABLE` from `before` to `after` (None: no row)."""

    TABLE: ClassVar[Table]

    season_id: int
    before: Row | None
    after: Row | None

    def changes_nothing(self) -> bool:
        return self.before == self.after

    def apply(self, session: Session) -> Changes:
        self.after = put_row(session, self.TABLE, self.before, self.after)
        return Changes(self.season_id)

    def revert(self, session: Session) -> Changes:
        put_row(session, self.TABLE, self.after, self.before)
        return Changes(self.season_id)


def put_row(session: Session, table: Table, old: Row | None, new: Row | None) -> Row | None:
    """Replace the row `old` with `new` (either may be None); returns `new` with its id."""
    connection = session.connection()
    if new is None:
        if old is not None:
            connection.execute(delete(table).where(table.c.id == old["id"]))
    elif old is None:
        values = {key: value for key, value in new.items() if value is not None or key != "id"}
        key = connection.execute(insert(table).values(**values)).inserted_primary_key
        new = {**new, "id": new["id"] or (key[0] if key else None)}
    else:
        connection.execute(update(table).where(table.c.id == old["id"]).values(**new))
    session.expire_all()
    return new
