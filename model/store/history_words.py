"""The history in words: one line of the change log as the History panel shows it.

Cars, rounds, classes and points scales are named by today's names where they still exist,
else by the names the line itself recorded.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from model.scoring.rules import Status
from model.store import tables as t

Snapshot = dict[tuple[str, int], dict[str, Any]]

# How a field is called on screen, where its stored name is not the word people use.
FIELD_WORDS = {
    ("round", "cancelled"): "status",
    ("round", "points_scale"): "points scale",
    ("round", "calendar_order"): "place in the calendar",
    ("class", "sort_order"): "place in the class order",
    ("result", "class_pos"): "class position",
    ("result", "overall_pos"): "overall position",
    ("result", "round_id"): "round",
    ("result", "entry_id"): "entry",
    ("result", "fastest_lap"): "fastest lap",
    ("entry", "class_name"): "class",
    ("entry", "car_number"): "car number",
    ("result", "qualifying_pos"): "qualifying position",
    ("result", "ineligible"): "not registered for",
    ("round", "points_factor"): "points factor",
    ("round", "event"): "part of round",
    ("round", "official_at"): "official since",
    ("round", "official_by"): "made official by",
    ("team", "short_name"): "short name",
    ("driver", "short_name"): "short name",
}


def describe(change: t.ChangeLog, now: Snapshot) -> str:
    """The change in words, e.g. "rule best_results: — → 7"."""
    if change.action != "changed":
        data = _loaded(change.new or change.old)
        recorded = data if isinstance(data, dict) else {}
        if change.subject == "document":
            return _document_line(change.action, recorded)
        return f"{_subject(change, recorded, now)} {change.action}"
    field = change.field or ""
    old = value_in_words(change.subject, field, _loaded(change.old))
    new = value_in_words(change.subject, field, _loaded(change.new))
    if change.subject == "season":
        return f"rule {field}: {old} → {new}"
    what = _subject(change, {}, now)
    if (change.subject, field) == ("scale", "points"):
        return f"{what}: {old} → {new}"
    return f"{what}: {FIELD_WORDS.get((change.subject, field), field)} {old} → {new}"


def value_in_words(subject: str, field: str, value: Any) -> str:
    """One logged value as the user reads it ("—" for none)."""
    special = _SPECIAL_VALUES.get((subject, field))
    if special is not None and value is not None:
        return special(value)
    if value is None or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a percentage SQLite hands back as 70.0
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _status(value: Any) -> str:
    try:
        return Status(value).label
    except ValueError:
        return str(value)


def _ordinal(value: Any) -> str:
    return str(value + 1) if isinstance(value, int) else str(value)  # stored from 0


_SPECIAL_VALUES: dict[tuple[str, str], Callable[[Any], str]] = {
    ("round", "cancelled"): lambda v: "cancelled" if v else "scheduled",
    ("round", "calendar_order"): _ordinal,
    ("class", "sort_order"): _ordinal,
    ("scale", "points"): lambda v: "-".join(str(p) for p in v) if isinstance(v, list) else str(v),
    ("result", "status"): _status,
}


def _loaded(text: str | None) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return text  # a line another program wrote: shown as it is


def _subject(change: t.ChangeLog, recorded: dict[str, Any], now: Snapshot) -> str:
    subject, subject_id = change.subject, change.subject_id
    current = now.get((subject, subject_id)) or recorded
    if subject == "result":
        entry_id = recorded.get("entry_id") or current.get("entry_id")
        entry = now.get(("entry", entry_id)) if isinstance(entry_id, int) else None
        return _car(entry, f"result {subject_id}") + _at_round(change.round_id, now)
    if subject == "entry":
        return "entry " + _car(current, str(subject_id))
    if subject == "round":
        return _round(current, subject_id)
    if subject == "scale":
        return f"points scale {current.get('name', subject_id)}"
    if subject == "class":
        return f"class {current.get('name', subject_id)}"
    if subject == "season":
        return "season rules"
    if subject == "penalty":
        return f"penalty for {current.get('competitor', subject_id)}"
    if subject == "accepted_problem":
        return f"accepted problem {current.get('key', subject_id)}"
    if subject in ("team", "driver"):  # a register row: named by its name then or now
        return f"{subject} {current.get('name', subject_id)}"
    return f"{subject} {subject_id}"


def _document_line(action: str, recorded: dict[str, Any]) -> str:
    if action != "restored":
        return f"the document {action}"
    if recorded.get("replaced_was_read", True):
        return "the document was restored from a backup"
    return (
        "the document was restored from a backup; the document it replaced could not be read, "
        "so its changes since that backup are not listed (they are in the backup taken before "
        "the restore)"
    )


def _round(values: dict[str, Any], round_id: int) -> str:
    name, number = values.get("name", round_id), values.get("number")
    return f"Round {number} {name}" if number else f"Round {name}"


def _car(entry: dict[str, Any] | None, fallback: str) -> str:
    if entry is None:
        return fallback
    car = entry.get("car_number")
    return f"car {car} ({entry.get('team')})" if car else str(entry.get("team", fallback))


def _at_round(round_id: int | None, now: Snapshot) -> str:
    rnd = now.get(("round", round_id)) if round_id is not None else None
    return f" at {rnd['name']}" if rnd else ""
