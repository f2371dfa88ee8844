"""What changing a season's rules would change, in words: the rules themselves, and the leaders
of one class in each championship before and after (worked out in memory, nothing stored)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from gui.season.rules_form import RULES, shown_value
from model.scoring.classification import classify
from model.scoring.points import format_points
from model.scoring.rules import Championship, SeasonRules
from model.scoring.standings import StandingsRow, class_tables
from model.store.season_data import SeasonData

LEADERS = 5  # rows of each table the preview shows
_LABELS = {rule.key: rule.label for rule in RULES}


def rule_changes(old: SeasonRules, new: SeasonRules) -> list[str]:
    """One line per rule that differs: "Best results counted: — → 7"."""
    before, after = old.to_json(), new.to_json()
    lines = [
        f"{_LABELS[key]}: {shown_value(key, before[key])} → {shown_value(key, after[key])}"
        for key in _LABELS
        if before[key] != after[key]
    ]
    for championship in Championship:
        was = before["championships"].get(championship.value, {})
        now = after["championships"].get(championship.value, {})
        for key in _LABELS:
            if was.get(key) != now.get(key):
                lines.append(
                    f"{championship.value.capitalize()}' own {_LABELS[key].lower()}: "
                    f"{_own(key, was)} → {_own(key, now)}"
                )
    return lines


def _own(key: str, rules: dict[str, Any]) -> str:
    return shown_value(key, rules[key]) if key in rules else "as the season's"


def standings_changes(data: SeasonData, candidate: SeasonRules, class_name: str) -> list[str]:
    """Per championship of the class, its leaders before → after, or that nothing moves."""
    before = class_tables(data, class_name, classify(data))
    changed = replace(data, rules=candidate)
    after = class_tables(changed, class_name, classify(changed))
    lines = []
    for championship in Championship:
        title = f"{class_name} {championship.value}"
        old, new = before[(class_name, championship)], after[(class_name, championship)]
        if _ranking(old.rows) == _ranking(new.rows) and old.excluded == new.excluded:
            lines.append(f"{title}: no change")
            continue
        lines.append(f"{title}:")
        was = {row.name: row for row in old.rows}
        lines += [f"  {_moved(row, was.get(row.name))}" for row in new.rows[:LEADERS]]
    return lines


def _ranking(rows: tuple[StandingsRow, ...]) -> list[tuple[int, str, Any]]:
    return [(row.pos, row.name, row.total) for row in rows]


def _moved(row: StandingsRow, old: StandingsRow | None) -> str:
    total = format_points(row.total)
    if old is None:
        return f"{row.pos}. {row.name} — → {total}"
    place = f" (was {old.pos}.)" if old.pos != row.pos else ""
    return f"{row.pos}. {row.name} {format_points(old.total)} → {total}{place}"
