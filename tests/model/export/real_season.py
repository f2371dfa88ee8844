"""A published season with drivers recorded (Formula 1, 1984), imported into a fresh
document with Pitboard's own import, for the export tests."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from model.edits.results_import import import_result_rows
from model.edits.seasons import import_season
from model.io.jsonlines import read_json
from model.io.results_csv import read_results_csv
from model.io.season_definition import parse_season_definition
from model.store.db import transaction
from model.store.season_data import SeasonData, load_season_data
from tests.helpers import F1_1984


def f1_1984(engine: Engine) -> SeasonData:
    with transaction(engine) as session:
        season_file = F1_1984 / "season.json"
        definition = parse_season_definition(read_json(season_file), source=season_file.name)
        season_id = import_season(session=session, definition=definition).season_id
        rows = read_results_csv(F1_1984 / "results.csv")
        import_result_rows(session=session, season_id=season_id, rows=rows, source="results.csv")
    with Session(engine) as session:
        return load_season_data(session=session, season_id=season_id)
