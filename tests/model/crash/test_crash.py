"""Kill a writing process at random moments: the file stays whole and keeps every committed edit."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from model.db import open_engine, transaction, url_for_path
from model.season_definition import parse_season_definition
from model.seasons import import_season
from tests.benchmarks.timing_import import sixty_car_file

ROOT = Path(__file__).resolve().parents[3]
KILLS = 25
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.model.crash.child", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def kill_after(child: subprocess.Popen[str], rng: random.Random, *, at_least: int) -> list[str]:
    """Let the child run until it has acknowledged `at_least` items and a random while more."""
    assert child.stdout is not None
    acknowledged = [child.stdout.readline().strip() for _ in range(at_least)]
    time.sleep(rng.uniform(0.0, 0.25))
    child.send_signal(signal.SIGKILL)
    rest, errors = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, errors
    return acknowledged + [line for line in rest.splitlines() if line.strip()]


def integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


def test_every_acknowledged_edit_survives_sigkill(sample_path: Path) -> None:
    rng = random.Random(2003)
    acknowledged: set[int] = set()
    edits = 0
    for _ in range(KILLS):
        child = start("edits", str(sample_path), str(max(acknowledged, default=0) + 1))
        lines = kill_after(child, rng, at_least=rng.randint(1, 40))
        edits += len(lines)
        acknowledged |= {int(line) for line in lines}
        assert integrity(sample_path) == "ok"
        connection = sqlite3.connect(sample_path)
        stored = {
            int(name.removeprefix("Crash team "))
            for (name,) in connection.execute(
                "SELECT name FROM team WHERE name LIKE 'Crash team %'"
            )
        }
        connection.close()
        assert acknowledged <= stored, sorted(acknowledged - stored)[:5]
    print(f"\n{KILLS} kills, {edits} acknowledged edits, none lost")


def test_an_import_killed_half_way_is_all_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "imports.pitboard"
    engine = open_engine(url_for_path(path))

    definition = parse_season_definition(
        {
            "series": "Crash",
            "season": 2030,
            "classes": ["HYPERCAR", "LMP2", "LMGT3"],
            "points_scales": {"s": [25, 18, 15]},
            "rounds": [{"round": 1, "name": "Six Hours", "points_scale": "s"}],
        },
        source="crash",
    )
    with transaction(engine) as session:
        import_season(session=session, definition=definition)
    engine.dispose()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = sixty_car_file(tmp_path / "a")
    second = sixty_car_file(tmp_path / "b", cars=45)
    shapes = {60, 45}
    rng = random.Random(675)
    for _ in range(10):
        child = start("imports", str(path), str(first), str(second))
        kill_after(child, rng, at_least=1)
        assert integrity(path) == "ok"
        connection = sqlite3.connect(path)
        count = connection.execute("SELECT count(*) FROM result WHERE round_id = 1").fetchone()[0]
        connection.close()
        assert count in shapes  # one whole file or the other, never a mixture or a part
