"""Fixtures of the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import SAMPLE, run


@pytest.fixture
def season_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A document holding the 2003 calendar and rules, with no results yet."""
    path = tmp_path / "season.pitboard"
    code, _, err = run(capsys, "import-season", str(SAMPLE / "season.json"), "--db", str(path))
    assert code == 0, err
    return path
