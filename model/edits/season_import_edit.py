"""A season definition imported as one reversible edit: undo puts the season's rules,
classes, points scales and calendar back as they were (or removes a season the import
created); redo imports the same definition again.

An import never removes a class with entries or a round with results, and undo steps are
taken back newest first, so what undo removes holds nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlmodel import Session

from model.edits.changes import Changes
from model.edits.seasons import (
    SeasonImported,
    import_season,
    season_id_of,
    seasons_of_definition,
)
from model.io.season_definition import SeasonDefinition
from model.store import tables as t

Rows = dict[int, dict[str, Any]]  # a table's rows of the season, by id


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


SEASON, CLASSES, SCALES, ROUNDS, PENALTIES = (
    _table(t.Season),
    _table(t.SeasonClass),
    _table(t.PointsScale),
    _table(t.Round),
    _table(t.Penalty),
)


@dataclass
class SeasonImportEdit:
    definition: SeasonDefinition
    source: str
    season_id: int | None = None  # the season imported into, known once applied
    before: dict[str, Rows] | None = None  # None: the import created the season
    done: SeasonImported | None = None  # what the last apply did

    def seasons(self, session: Session) -> list[int]:
        """The season the import changes, for its history (none while it does not exist)."""
        return seasons_of_definition(self.definition)(session)

    def apply(self, session: Session) -> Changes:
        existing = season_id_of(
            session=session, series=self.definition.series, year=self.definition.year
        )
        self.before = None if existing is None else _rows_of(session, existing)
        done = import_season(session=session, definition=self.definition, source=self.source)
        self.season_id, self.done = done.season_id, done
        return Changes(done.season_id, frozenset(), entries=True, calendar=True)

    def revert(self, session: Session) -> Changes:
        season_id = self.season_id
        assert season_id is not None, "revert before apply"
        now = _rows_of(session, season_id)
        before = self.before or {key: {} for key in now}
        connection = session.connection()
        _drop_added(connection, PENALTIES, before["penalties"], now["penalties"])
        connection.execute(
            update(ROUNDS).where(ROUNDS.c.season_id == season_id).values(number=None)
        )
        _put_back(connection, SCALES, before["scales"], now["scales"])
        _drop_added(connection, ROUNDS, before["rounds"], now["rounds"])
        _put_back(connection, ROUNDS, before["rounds"], now["rounds"])
        _put_back(connection, PENALTIES, before["penalties"], now["penalties"])
        _drop_added(connection, SCALES, before["scales"], now["scales"])
        _drop_added(connection, CLASSES, before["classes"], now["classes"])
        _put_back(connection, CLASSES, before["classes"], now["classes"])
        if self.before is None:
            connection.execute(delete(SEASON).where(SEASON.c.id == season_id))
        else:
            _put_back(connection, SEASON, before["season"], now["season"])
        session.expire_all()
        return Changes(season_id, frozenset(), entries=True, calendar=True)


def _rows_of(session: Session, season_id: int) -> dict[str, Rows]:
    connection = session.connection()

    def rows(table: Table, where: Any) -> Rows:
        return {
            row["id"]: dict(row)
            for row in connection.execute(select(table).where(where)).mappings()
        }

    return {
        "season": rows(SEASON, SEASON.c.id == season_id),
        "classes": rows(CLASSES, CLASSES.c.season_id == season_id),
        "scales": rows(SCALES, SCALES.c.season_id == season_id),
        "rounds": rows(ROUNDS, ROUNDS.c.season_id == season_id),
        "penalties": rows(PENALTIES, PENALTIES.c.season_id == season_id),
    }


def _drop_added(connection: Any, table: Table, before: Rows, now: Rows) -> None:
    added = [row_id for row_id in now if row_id not in before]
    if added:
        connection.execute(delete(table).where(table.c.id.in_(added)))


def _put_back(connection: Any, table: Table, before: Rows, now: Rows) -> None:
    for row_id, row in before.items():
        if row_id in now:
            connection.execute(update(table).where(table.c.id == row_id).values(**row))
        else:
            connection.execute(insert(table).values(**row))
