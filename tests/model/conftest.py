"""Fixtures of the model tests."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from model.edits.seasons import import_season
from model.io.season_definition import parse_season_definition
from model.store.db import transaction
from tests.model.timing_files import TIMING_SEASON


@pytest.fixture
def timing_season(engine: Engine) -> int:
    """The id of the endurance season timing files are imported into, in `engine`'s document."""
    with transaction(engine) as session:
        definition = parse_season_definition(TIMING_SEASON, source="season.json")
        return import_season(session=session, definition=definition).season_id
