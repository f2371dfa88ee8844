"""`import main` loads only the command line itself: each command, and the editor, import what
they use when they run (the editor's start is not slowed by the command line's services)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Modules the composition root must leave to the command or the window that needs them.
LEFT_FOR_LATER = [
    "sqlmodel",
    "sqlalchemy",
    "openpyxl",
    "PySide6",
    "model.store.documents",
    "model.io.registry",
    "model.io.alkamel",
    "model.edits.door",
    "gui",
]


@pytest.fixture(scope="module")
def loaded_by_import_main() -> set[str]:
    probe = "import sys, main; print('\\n'.join(sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


@pytest.mark.parametrize("module", LEFT_FOR_LATER)
def test_import_main_leaves_it_for_later(module: str, loaded_by_import_main: set[str]) -> None:
    assert module not in loaded_by_import_main
