"""A document changed by another program, opened from the command line: `standings` and the
editor both say which table, row and field hold the bad value, and change nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from gui.app import build_window
from tests.gui.prompts import ScriptedPrompts
from tests.helpers import dump, run
from tests.model.spoiled_documents import STORED, spoil

CASES = [c[1:] for c in STORED]
IDS = [c[0] for c in STORED]


@pytest.mark.parametrize(("statement", "table", "row", "field"), CASES, ids=IDS)
def test_standings_name_the_bad_value(
    sample_path: Path,
    capsys: pytest.CaptureFixture[str],
    statement: str,
    table: str,
    row: int,
    field: str,
) -> None:
    spoil(sample_path, statement)
    before = dump(sample_path)
    code, out, err = run(
        capsys, "standings", "--season", "2003", "--class", "GT", "--db", str(sample_path)
    )
    assert (code, out) == (1, "")
    assert err.startswith("pitboard: error: the document holds a value Pitboard cannot use")
    assert f"table {table}, row {row}, field {field}: " in err
    assert "Traceback" not in err
    assert dump(sample_path) == before


@pytest.mark.parametrize(("statement", "table", "row", "field"), CASES, ids=IDS)
def test_a_season_import_names_the_bad_value_and_changes_nothing(
    sample_path: Path,
    capsys: pytest.CaptureFixture[str],
    statement: str,
    table: str,
    row: int,
    field: str,
) -> None:
    spoil(sample_path, statement)
    before = dump(sample_path)
    season = Path("resources/samples/alms-2003/season.json")
    code, _, err = run(capsys, "import-season", str(season), "--db", str(sample_path))
    assert code == 1
    assert f"table {table}, row {row}, field {field}: " in err
    assert "Traceback" not in err
    assert dump(sample_path) == before


def test_the_terminal_never_receives_a_stored_escape_sequence(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spoil(sample_path, "UPDATE result SET status = char(27) || ']0;owned' || char(7) WHERE id = 3")
    code, _, err = run(
        capsys, "standings", "--season", "2003", "--class", "GT", "--db", str(sample_path)
    )
    assert code == 1
    assert "'\\x1b]0;owned\\x07'" in err
    assert "\x1b" not in err
    assert "\x07" not in err


@pytest.mark.parametrize(
    ("statement", "table", "row", "field"),
    [
        CASES[IDS.index(name)]
        for name in ("an unknown status", "a date in words", "points in words")
    ],
    ids=["status", "date", "points"],
)
def test_the_editor_names_the_bad_value(
    qtbot: QtBot,
    sample_path: Path,
    tmp_path: Path,
    statement: str,
    table: str,
    row: int,
    field: str,
) -> None:
    spoiled = tmp_path / "spoiled.pitboard"
    shutil.copy(sample_path, spoiled)
    spoil(spoiled, statement)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    prompts = ScriptedPrompts()
    window = build_window(sample_path, settings, prompts)
    assert window is not None
    qtbot.addWidget(window)
    before = dump(spoiled)
    assert window.files.open_path(spoiled)  # opened, and the season it cannot show is said
    warnings = prompts.said("warning")
    assert len(warnings) == 1
    assert warnings[0].startswith("Cannot show American Le Mans Series 2003:")
    assert f"table {table}, row {row}, field {field}: " in warnings[0]
    window.document.close()
    assert dump(spoiled) == before
