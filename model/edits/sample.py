"""The bundled sample season (ALMS 2003), loaded through the same services as user imports."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine
from sqlmodel import Session

from model.edits.changes import Changes
from model.edits.results_import import import_result_rows
from model.edits.seasons import import_season
from model.io.jsonlines import read_json
from model.io.results_csv import read_results_csv
from model.io.season_definition import parse_season_definition
from model.paths import resource_path
from model.store.db import transaction

SAMPLE_FOLDER = ("samples", "alms-2003")
RESULT_FILES = ("results.csv", "overall-winners.csv")  # the second amends rows of the first


SAMPLE_STEP = "Sample season: American Le Mans Series 2003"


def add_sample_season(session: Session) -> Changes:
    """The sample season and its results as one change (a new document's first)."""
    folder = resource_path(*SAMPLE_FOLDER)
    season_file = folder / "season.json"
    definition = parse_season_definition(read_json(season_file), source=season_file.name)
    batches = [(name, read_results_csv(folder / name)) for name in RESULT_FILES]
    imported = import_season(session=session, definition=definition, source=season_file.name)
    for name, rows in batches:
        import_result_rows(session=session, season_id=imported.season_id, rows=rows, source=name)
    return Changes(imported.season_id, entries=True, calendar=True)


SAMPLE: tuple[str, Callable[[Session], Changes]] = (SAMPLE_STEP, add_sample_season)


def load_sample_season(engine: Engine) -> int:
    """The sample season added to a document without history (test and benchmark documents);
    returns the season id."""
    with transaction(engine) as session:
        return add_sample_season(session).season_id
