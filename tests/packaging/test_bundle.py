"""The packaged app: built with PyInstaller from the spec, then its own smoke test run."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.bundle
def test_the_bundle_builds_and_passes_its_smoke_test(tmp_path: Path) -> None:
    if (
        shutil.which("pyinstaller", path=str(ROOT / ".venv" / "bin")) is None
        and shutil.which("pyinstaller") is None
    ):
        pytest.skip("PyInstaller is not installed")
    pyinstaller = shutil.which("pyinstaller", path=str(ROOT / ".venv" / "bin")) or "pyinstaller"
    built = subprocess.run(
        [
            pyinstaller,
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--distpath",
            str(tmp_path / "dist"),
            "--workpath",
            str(tmp_path / "work"),
            str(ROOT / "packaging" / "pitboard.spec"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    app = tmp_path / "dist" / "pitboard" / "pitboard"
    assert (
        tmp_path
        / "dist"
        / "pitboard"
        / "_internal"
        / "resources"
        / "samples"
        / "alms-2003"
        / "results.csv"
    ).exists()
    version = subprocess.run(
        [str(app), "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert version.stdout.startswith("Pitboard ")
    smoke = subprocess.run(
        [str(app), "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert smoke.returncode == 0, smoke.stderr[-3000:]
    assert (
        "smoke test passed: window shown, 175 results recalculated, 4 workbooks exported"
        in smoke.stdout
    )
