"""The bundled sample season (ALMS 2003), loaded through the same services as user imports."""

from __future__ import annotations

from sqlalchemy import Engine

from model.edits.results_import import import_result_rows
from model.edits.seasons import import_season
from model.io.jsonlines import read_json
from model.io.results_csv import read_results_csv
from model.io.season_definition import parse_season_definition
from model.paths import resource_path
from model.store.db import transaction

SAMPLE_FOLDER = ("samples", "alms-2003")
RESULT_FILES = ("results.csv", "overall-winners.csv")  # the second amends rows of the first


def load_sample_season(engine: Engine) -> int:
    """Import the sample season and its results; returns the season id."""
    folder = resource_path(*SAMPLE_FOLDER)
    season_file = folder / "season.json"
    definition = parse_season_definition(read_json(season_file), source=season_file.name)
    batches = [(name, read_results_csv(folder / name)) for name in RESULT_FILES]
    with transaction(engine) as session:
        imported = import_season(session=session, definition=definition, source=season_file.name)
        for name, rows in batches:
            import_result_rows(
                session=session, season_id=imported.season_id, rows=rows, source=name
            )
    return imported.season_id
