"""Documents changed by another program: a value Pitboard cannot use is reported with its
table, row and field when the season is loaded, never as a traceback from deep inside."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from model.errors import PitboardError
from model.store.season_data import StoredValueError, load_season_data
from tests.helpers import dump
from tests.model.spoiled_documents import STORED, spoil


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
