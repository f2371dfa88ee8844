"""One stored row added, changed or removed as a reversible edit: undo puts the row back
exactly as it was, under its old id. The penalties and accepted problems are edited so."""

from __future__ import annotations

from dataclasses import dataclass, field
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
    # The row as the user saw it: the edit is refused when another editor has changed it since
    # (see model/edits/conflicts.py).
    versions: dict[tuple[str, int], int] = field(default_factory=dict)

    def versioned_rows(self) -> frozenset[tuple[str, int]]:
        return frozenset(self.versions)

    def seen(self, versions: dict[int, int]) -> RowEdit:
        """This edit, checked against the versions (by row id) the user saw."""
        self.versions = {(self.TABLE.name, row): version for row, version in versions.items()}
        return self

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
        # The version is the database's to raise: an undo never takes a row back to a version
        # another editor may have seen.
        values = {key: value for key, value in new.items() if key != "row_version"}
        connection.execute(update(table).where(table.c.id == old["id"]).values(**values))
    session.expire_all()
    return new
