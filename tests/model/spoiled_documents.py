"""Documents changed by another program: values Pitboard cannot use, written behind its back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

# (case, SQL run on the sample document, table, row, field)
STORED: list[tuple[str, str, str, int, str]] = [
    ("an unknown status", "UPDATE result SET status = 'bogus' WHERE id = 3", "result", 3, "status"),
    ("no status", "UPDATE result SET status = '' WHERE id = 3", "result", 3, "status"),
    ("a status that is a number", "UPDATE result SET status = 7 WHERE id = 3", "result", 3, "status"),
    ("a position in words", "UPDATE result SET class_pos = 'first' WHERE id = 4", "result", 4, "class_pos"),
    ("a fraction of a lap", "UPDATE result SET laps = 9.5 WHERE id = 5", "result", 5, "laps"),
    ("an overall position as bytes", "UPDATE result SET overall_pos = X'01' WHERE id = 6", "result", 6, "overall_pos"),
    ("a date in words", "UPDATE round SET date = 'soon' WHERE id = 3", "round", 3, "date"),
    ("a date as a number", "UPDATE round SET date = 20030315 WHERE id = 1", "round", 1, "date"),
    ("a date past December", "UPDATE round SET date = '2003-13-45' WHERE id = 1", "round", 1, "date"),
    ("a round number in words", "UPDATE round SET number = 'one' WHERE id = 1", "round", 1, "number"),
    ("points that are not JSON", "UPDATE points_scale SET points = 'ten' WHERE id = 1", "points_scale", 1, "points"),
    ("points in words", """UPDATE points_scale SET points = '[20, "x"]' WHERE id = 1""", "points_scale", 1, "points"),
    ("negative points", "UPDATE points_scale SET points = '[20, -5]' WHERE id = 2", "points_scale", 2, "points"),
    ("points as an object", """UPDATE points_scale SET points = '{"a": 1}' WHERE id = 1""", "points_scale", 1, "points"),
    ("points as true", "UPDATE points_scale SET points = '[true]' WHERE id = 1", "points_scale", 1, "points"),
    ("an unknown distance reference", """UPDATE season SET rules = json_set(rules, '$.distance_reference', 'bogus')""", "season", 1, "rules.distance_reference"),
    ("an unknown tie-break", """UPDATE season SET rules = json_set(rules, '$.tie_break', 'coin toss')""", "season", 1, "rules.tie_break"),
    ("an unknown scoring status", """UPDATE season SET rules = json_set(rules, '$.scoring_statuses', json('["bogus"]'))""", "season", 1, "rules.scoring_statuses"),
    ("pole points in words", """UPDATE season SET rules = json_set(rules, '$.pole_points', 'two')""", "season", 1, "rules.pole_points"),
    ("a distance of 500 %", """UPDATE season SET rules = json_set(rules, '$.min_distance_pct', 500)""", "season", 1, "rules.min_distance_pct"),
    ("drop rounds as true", """UPDATE season SET rules = json_set(rules, '$.best_results', json('true'))""", "season", 1, "rules.best_results"),
    ("a rule this version does not know", """UPDATE season SET rules = json_set(rules, '$.weather', 'rain')""", "season", 1, "rules.weather"),
    ("rules that are not JSON", "UPDATE season SET rules = 'strict'", "season", 1, "rules"),
    ("rules that are a list", "UPDATE season SET rules = '[70]'", "season", 1, "rules"),
    ("a team name as bytes", "UPDATE team SET name = X'00ff' WHERE id = 1", "entry", 1, "team"),
]  # fmt: skip


def spoil(path: Path, statement: str) -> None:
    """Change the document behind Pitboard's back, as another program would."""
    connection = sqlite3.connect(path)
    try:
        connection.execute(statement)
        connection.commit()
    finally:
        connection.close()
