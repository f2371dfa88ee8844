"""A short crash campaign: a few SIGKILLs of each kind of writer at random moments.

The full campaign (`make crash`) kills writers a thousand times; this one runs the same code
with three kills of each kind, so every kind of operation is tried on every test run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from tests.model.crash.campaign import KINDS
from tests.model.crash.harness import ROOT

KILLS_EACH = 3
CAMPAIGN = (sys.executable, "-m", "tests.model.crash.campaign")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One short campaign over every kind, in a process of its own (it forks its writers)."""
    folder = tmp_path_factory.mktemp("crash")
    report = folder / "report.json"
    kills = str(KILLS_EACH * len(KINDS))
    done = subprocess.run(
        [*CAMPAIGN, "--seed", "2003", "--kills", kills, "--report", str(report)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "TMPDIR": str(folder)},
        check=False,
    )
    figures = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    return {"status": done.returncode, "output": done.stdout + done.stderr, **figures}


@pytest.mark.parametrize("kind", KINDS)
def test_a_writer_killed_at_random_loses_nothing(campaign: dict[str, Any], kind: str) -> None:
    assert "kinds" in campaign, campaign["output"]
    tally = campaign["kinds"][kind]
    assert tally["kills"] == KILLS_EACH
    assert tally["failures"] == [], campaign["output"]


def test_the_campaign_prints_its_figures_and_fails_only_on_a_failure(
    campaign: dict[str, Any],
) -> None:
    failures = sum(len(tally["failures"]) for tally in campaign["kinds"].values())
    assert campaign["status"] == (1 if failures else 0), campaign["output"]
    lines = campaign["output"].splitlines()
    total = next(line.split() for line in lines if line.startswith("total"))
    assert total[1] == str(KILLS_EACH * len(KINDS))
