"""Documents changed by another program: a value Pitboard cannot use is reported with its
table, row and field when the season is loaded, never as a traceback from deep inside."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from model.errors import PitboardError
from model.store.season_data import StoredValueError, load_season_data
from tests.helpers import dump

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


@pytest.mark.parametrize(
    ("statement", "table", "row", "field"), [c[1:] for c in STORED], ids=[c[0] for c in STORED]
)
def test_a_bad_stored_value_is_named(
    sample_path: Path, sample_engine: Engine, statement: str, table: str, row: int, field: str
) -> None:
    spoil(sample_path, statement)
    before = dump(sample_path)
    with Session(sample_engine) as session, pytest.raises(StoredValueError) as raised:
        load_season_data(session=session, season_id=1)
    assert isinstance(raised.value, PitboardError)
    assert f"table {table}, row {row}, field {field}: " in str(raised.value)
    assert (raised.value.table, raised.value.row, raised.value.field) == (table, row, field)
    assert dump(sample_path) == before


def test_a_stored_value_is_quoted_with_its_control_characters_escaped(
    sample_path: Path, sample_engine: Engine
) -> None:
    spoil(sample_path, "UPDATE result SET status = 'bo' || char(27) || '[2Jgus' WHERE id = 3")
    with Session(sample_engine) as session, pytest.raises(StoredValueError) as raised:
        load_season_data(session=session, season_id=1)
    assert "'bo\\x1b[2Jgus' is not one of classified" in str(raised.value)
    assert "\x1b" not in str(raised.value)


def test_the_sample_loads_as_it_always_did(sample_engine: Engine) -> None:
    with Session(sample_engine) as session:
        data = load_season_data(session=session, season_id=1)
    assert data.year == 2003
    assert len(data.results) == 175
    assert (data.rounds[0].scale_name, data.rounds[0].scale[:3]) == ("endurance", (26, 22, 19))
