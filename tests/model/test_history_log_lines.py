"""Lines in the change log that this version did not write (another program, a later
version, a line cut short) never stop the History panel or the season as it stood."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from model.scoring.standings import compute_standings
from model.store.history_log import history
from model.store.history_past import season_data_at
from model.store.season_data import load_season_data
from tests.model.foreign_log_lines import LINES, Line, write_line


@pytest.mark.parametrize("line", LINES, ids=[line.what for line in LINES])
def test_a_foreign_log_line_is_shown_and_taken_back_without_stopping(
    sample_engine: Engine, line: Line
) -> None:
    change_id = write_line(sample_engine, line)
    with Session(sample_engine) as session:
        today = load_season_data(session=session, season_id=1)
        shown = history(session=session, season_id=1)
        then = season_data_at(session=session, season_id=1, change_id=change_id - 1)
    assert [h.change_id for h in shown] == [change_id]
    assert shown[0].description
    compute_standings(then)  # scores without stopping
    if line.rules_kept:
        assert then.rules == today.rules
