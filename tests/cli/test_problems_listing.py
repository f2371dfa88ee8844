"""`problems` lists a season's problems grouped as the editor's panel does, the accepted
ones counted apart (or listed with who, when and why)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import Session

from model.edits.problem_accept import ProblemAcceptance
from model.scoring.problems import season_problems
from model.store.db import open_engine, transaction, url_for_path
from model.store.season_data import load_season_data
from tests.helpers import run

AT = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def accept_first(path: Path) -> str:
    engine = open_engine(url_for_path(path))
    try:
        with Session(engine) as session:
            key = season_problems(load_season_data(session=session, season_id=1))[0].key
        with transaction(engine) as session:
            edit = ProblemAcceptance.accept(
                session, season_id=1, key=key, who="Ann", why="car withdrawn", at=AT
            )
            edit.apply(session)
        return key
    finally:
        engine.dispose()


def test_the_untouched_sample(capsys: pytest.CaptureFixture[str], sample_path: Path) -> None:
    code, out, _err = run(capsys, "problems", "--season", "2003", "--db", str(sample_path))
    assert code == 0
    assert out.splitlines()[0] == "37 problems"
    assert "Position gaps \u2014 LMP675 (5)" in out
    assert "  Rd 1 LMP675: positions 3\u20136 missing" in out
    assert "accepted" not in out


@pytest.mark.parametrize(
    ("more", "shown"),
    [
        ([], "1 accepted (--accepted lists them)"),
        (["--accepted"], "car withdrawn (Ann, 2026-03-01T12:00:00+00:00)"),
    ],
)
def test_accepted_problems_are_apart(
    capsys: pytest.CaptureFixture[str], sample_path: Path, more: list[str], shown: str
) -> None:
    accept_first(sample_path)
    argv = ["problems", "--season", "2003", "--db", str(sample_path), *more]
    code, out, _err = run(capsys, *argv)
    assert code == 0
    assert out.splitlines()[0] == "36 problems"
    assert shown in out
    assert out.count("Rd 1 LMP900: position 4 missing") == (1 if more else 0)
