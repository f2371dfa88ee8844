"""Statements compiled once and run straight on the database driver.

Standings are recalculated on every edit, so the loader skips SQLAlchemy's per-call work
(compiling, caching keys, result processing) and fetches plain tuples. The statement is still
built with SQLAlchemy and compiled for whichever database the connection speaks; values arrive
as the driver returns them (booleans may be 0/1, JSON may be text).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import Compiled


class PreparedQuery:
    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._compiled: dict[str, Compiled] = {}

    def sql(self, connection: Connection) -> Compiled:
        dialect = connection.dialect
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            compiled = self.statement.compile(dialect=dialect)
            self._compiled[dialect.name] = compiled
        return compiled

    def rows(self, connection: Connection, params: dict[str, Any]) -> list[Any]:
        compiled = self.sql(connection)
        values = compiled.construct_params(params) or {}
        positions = compiled.positiontup  # type: ignore[attr-defined]
        arguments = tuple(values[name] for name in positions) if positions else values
        cursor = connection.connection.cursor()
        try:
            cursor.execute(compiled.string, arguments)
            return list(cursor.fetchall())
        finally:
            cursor.close()


def json_value(raw: Any) -> Any:
    """A JSON column's value, whether the driver decoded it or handed over the text."""
    return json.loads(raw) if isinstance(raw, str | bytes) else raw
