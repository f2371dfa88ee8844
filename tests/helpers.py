"""Helpers shared by the tests: an unchanged-document check and a command-line runner."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlmodel import Session, select

from main import main
from model.store import tables as t
from model.store.queries import ResultLine, lines_of_round
from model.store.schema import VERSIONED_TABLES
from model.store.season_data import load_season_data
from tests.conftest import DATA

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "alms-2003"
F1_1984 = DATA / "real-seasons" / "f1-1984"
PUBLISHED = json.loads((DATA / "alms-2003-standings.json").read_text(encoding="utf-8"))


def dump(path: Path, *, history: bool = True) -> list[str]:
    """Every table's rows, as SQL text: equal dumps mean an unchanged document. Without
    `history`, the append-only change log is left out and the row versions read 0: an undo
    adds to the one and raises the others, by design."""
    connection = sqlite3.connect(path)
    try:
        if history:
            return list(connection.iterdump())
        copy = sqlite3.connect(":memory:")
        connection.backup(copy)
    finally:
        connection.close()
    try:
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master")}
        for table in VERSIONED_TABLES:
            columns = {row[1] for row in copy.execute(f'PRAGMA table_info("{table}")')}
            if table in tables and "row_version" in columns:
                copy.execute(f'DROP TRIGGER IF EXISTS "{table}_row_version"')
                copy.execute(f'UPDATE "{table}" SET row_version = 0')
        lines = list(copy.iterdump())
    finally:
        copy.close()
    return [line for line in lines if '"change_log"' not in line and "_row_version" not in line]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def result_lines(*, session: Session, round_id: int) -> list[ResultLine]:
    """Every result of one round as the editor's rows, read from the document."""
    season_id = session.exec(select(t.Round.season_id).where(t.Round.id == round_id)).first()
    if season_id is None:
        return []
    return lines_of_round(load_season_data(session=session, season_id=season_id), round_id)
