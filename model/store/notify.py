"""Telling the other editors of a server document that something changed.

On PostgreSQL every stored change sends one notification on `CHANNEL` inside its own write
transaction, so it is delivered only when the change is committed (a rolled-back change says
nothing). The payload is a small JSON object; a listener parses it with `parse_payload` and
reloads what it shows. A SQLite file has no notifications (one writer at a time).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

CHANNEL = "pitboard_changes"
# Characters of the author, laptop or step a payload carries: three of them, even of 4-byte
# characters, stay far below the 8000 bytes PostgreSQL allows a payload.
TEXT_LIMIT = 200


@dataclass(frozen=True)
class Notice:
    """One committed change: the season it changed (None: no season), who and where, the undo
    step's words and the newest history line id then (0 when the change wrote no history)."""

    season_id: int | None
    author: str
    host: str
    step: str
    change: int = 0


def payload(season_id: int | None, author: str, host: str, step: str, change: int = 0) -> str:
    """The notification text for one committed change."""
    return json.dumps(
        {
            "season_id": season_id,
            "author": author[:TEXT_LIMIT],
            "host": host[:TEXT_LIMIT],
            "step": step[:TEXT_LIMIT],
            "change": change,
        },
        ensure_ascii=False,
    )


def parse_payload(text: str) -> Notice | None:
    """The notice a payload carries, or None for anything that is not one (another program on
    the same channel, a damaged text): a listener ignores those and reloads nothing."""
    try:
        data = json.loads(text)
    except (ValueError, TypeError):
        return None
    if not isinstance(data, dict):
        return None
    season_id = data.get("season_id")
    change = data.get("change", 0)
    if season_id is not None and not _is_int(season_id):
        return None
    if not _is_int(change):
        return None
    texts = [data.get(key, "") for key in ("author", "host", "step")]
    if not all(isinstance(value, str) for value in texts):
        return None
    author, host, step = (str(value) for value in texts)
    return Notice(season_id, author, host, step, int(change))


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
