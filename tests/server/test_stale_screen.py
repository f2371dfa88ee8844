"""An edit made from a screen that another laptop's change has overtaken is refused, naming
who changed the row; two writers meeting on one row inside the server are refused cleanly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, text

from gui.entries.registers_dialog import RegistersDialog
from gui.main_window import MainWindow
from gui.season.settings_dialog import SeasonSettingsDialog
from model.edits.penalty_edits import PenaltyEdit
from model.store.db import open_engine, transaction, url_for_path
from model.store.storage_errors import Problem, StorageError
from tests.gui.helpers import line_of, set_cell, standings_total
from tests.gui.prompts import ScriptedPrompts
from tests.helpers import run


@pytest.mark.parametrize(
    ("field", "first", "second"), [("laps", 301, 299), ("note", "from A", "from B")]
)
def test_an_edit_from_an_overtaken_screen_is_refused_with_who_changed_it(
    two_windows: tuple[MainWindow, MainWindow], field: str, first: object, second: object
) -> None:
    a, b = two_windows
    result_id = line_of(a, "GT", 1).result_id
    said: list[str] = []
    b.document.failed.connect(said.append)
    assert set_cell(a, result_id, field, first)
    # B has not taken A's notice yet (no events processed): its screen still shows the old
    # value, and its edit of the same cell must not overwrite A's.
    assert not set_cell(b, result_id, field, second)
    assert any("changed by Ann Smith" in message for message in said), said
    assert any("Your change was not made" in message for message in said), said
    stored = a.document.read(
        lambda s: s.execute(
            text(f"SELECT {field} FROM result WHERE id = :r"), {"r": result_id}
        ).scalar()
    )
    assert stored == first
    assert b.document.undo_stack.count() == 0


def test_an_edit_of_another_row_from_the_same_screen_goes_through(
    two_windows: tuple[MainWindow, MainWindow],
) -> None:
    a, b = two_windows
    assert set_cell(a, line_of(a, "GT", 1).result_id, "laps", 301)
    assert set_cell(b, line_of(b, "GT", 2).result_id, "laps", 299)


def test_two_writers_meeting_on_one_row_inside_the_server_are_refused_cleanly(
    sample_url: str,
) -> None:
    """Both read the row, one commits its update, the other's update is refused (the server
    keeps one snapshot per change) with a message, and the first one's value stays."""
    engine = open_engine(url_for_path(sample_url), create=False)
    try:
        with pytest.raises(StorageError) as refused:
            _meet_on_one_row(engine)
        assert refused.value.problem is Problem.BUSY
        assert "another editor changed the same rows at the same moment" in str(refused.value)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT laps FROM result WHERE id = 1")).scalar() == 7
    finally:
        engine.dispose()


def _meet_on_one_row(engine: Engine) -> None:
    with transaction(engine) as first:
        first.execute(text("SELECT laps FROM result WHERE id = 1")).scalar()
        with transaction(engine) as second:
            second.execute(text("UPDATE result SET laps = 7 WHERE id = 1"))
        first.execute(text("UPDATE result SET laps = 8 WHERE id = 1"))


def test_a_command_on_the_server_document_is_shown_in_the_open_editor(
    qtbot: QtBot,
    two_windows: tuple[MainWindow, MainWindow],
    sample_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A penalty imported from the command line (another laptop, PITBOARD_HOST) reaches the
    editor's standings within a second, and its history names that laptop."""
    a, _ = two_windows
    penalties = tmp_path / "penalties.csv"
    penalties.write_text(
        "championship,class,competitor,round,points,excluded,reason\n"
        "teams,GT,Alex Job Racing,3,-10,,minimum weight\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PITBOARD_HOST", "press-office")
    code, _, err = run(
        capsys, "import-penalties", "--db", sample_url, "--season", "2003", str(penalties)
    )
    assert (code, err) == (0, "")
    qtbot.waitUntil(lambda: standings_total(a, "GT", "Alex Job Racing") == 172, timeout=1000)
    a.history.set_on_screen(True)
    a.history.reload()
    model = a.history.model
    lines = [model.line_at(row) for row in range(model.rowCount())]
    assert (lines[0].step, lines[0].host) == ("import-penalties penalties.csv", "press-office")
    laptop = next(n for n, c in enumerate(model.COLUMNS) if c.title == "Laptop")
    assert model.index(0, laptop).data() == "press-office"


def test_a_round_changed_on_another_laptop_is_not_overwritten_from_the_calendar(
    two_windows: tuple[MainWindow, MainWindow],
) -> None:
    """B's calendar still shows round 3 as it was before A moved it: B's change to it is
    refused, naming A, and A's move stands."""
    a, b = two_windows
    said: list[str] = []
    b.document.failed.connect(said.append)
    third = next(line for line in a.calendar_editor.model.rows() if line.number == 3)
    a.calendar_editor.select(third.round_id)
    assert a.calendar_editor.move_round(1)
    b.calendar_editor.select(third.round_id)
    assert not b.calendar_editor.move_round(-1)
    assert any("changed by Ann Smith" in message for message in said), said
    order = a.document.read(
        lambda s: s.execute(
            text("SELECT number FROM round WHERE id = :r"), {"r": third.round_id}
        ).scalar()
    )
    assert order == 4


def test_a_penalty_changed_on_another_laptop_is_not_removed_from_a_stale_list(
    qtbot: QtBot, two_windows: tuple[MainWindow, MainWindow]
) -> None:
    """A adds a penalty and B's season takes it; A changes it; B, before taking that notice,
    removes it as its list shows it: refused naming A, and A's penalty stays."""
    a, b = two_windows
    penalty = {
        "championship": "all",
        "class": "GT",
        "competitor": "Alex Job Racing",
        "round": 3,
        "points": "-10",
        "excluded": False,
        "reason": "minimum weight",
    }
    assert a.document.push("Add penalty", lambda s: [PenaltyEdit.add(s, 1, penalty)])
    penalty_id = a.document.read(lambda s: s.execute(text("SELECT max(id) FROM penalty")).scalar())
    qtbot.waitUntil(lambda: bool(b.document.seen("penalty", [penalty_id])), timeout=1000)
    seen_a = a.document.seen("penalty", [penalty_id])
    halved = {**penalty, "points": "-5"}
    assert a.document.push(
        "Change penalty", lambda s: [PenaltyEdit.change(s, penalty_id, halved).seen(seen_a)]
    )
    said: list[str] = []
    b.document.failed.connect(said.append)
    seen_b = b.document.seen("penalty", [penalty_id])  # as B's Remove reads it
    assert not b.document.push(
        "Remove penalty", lambda s: [PenaltyEdit.remove(s, penalty_id).seen(seen_b)]
    )
    assert any("changed by Ann Smith" in message for message in said), said
    points = a.document.read(
        lambda s: s.execute(
            text("SELECT points FROM penalty WHERE id = :p"), {"p": penalty_id}
        ).scalar()
    )
    assert str(points) == "-5"


def _answer_rules(key: str, value: object) -> Callable[[SeasonSettingsDialog], int]:
    def answer(dialog: SeasonSettingsDialog) -> int:
        dialog.forms[None].set_value(key, value)
        dialog.accept()
        return int(dialog.result())

    return answer


def test_rules_another_laptop_changed_are_not_overwritten_from_a_stale_dialog(
    two_windows: tuple[MainWindow, MainWindow],
) -> None:
    """A changes the season's rules; B, whose screen still has the old ones, changes them too:
    B is told who changed them and nothing of B's is stored."""
    a, b = two_windows
    prompts_a, prompts_b = a.prompts, b.prompts
    assert isinstance(prompts_a, ScriptedPrompts)
    assert isinstance(prompts_b, ScriptedPrompts)
    prompts_a.dialogs[SeasonSettingsDialog] = _answer_rules("best_results", 3)
    assert a.season_setup.settings()
    prompts_b.dialogs[SeasonSettingsDialog] = _answer_rules("pole_points", 1)
    assert not b.season_setup.settings()
    warned = prompts_b.said("warning")
    assert any("The season's best results were changed by Ann Smith" in w for w in warned), warned
    rules = a.document.read(
        lambda s: s.execute(text("SELECT rules FROM season WHERE id = 1")).scalar()
    )
    assert rules["best_results"] == 3
    assert rules.get("pole_points", 0) == 0


def test_a_team_renamed_on_another_laptop_is_not_overwritten_from_a_stale_register_list(
    two_windows: tuple[MainWindow, MainWindow],
) -> None:
    """Both laptops list the teams; A sets a team's nationality; B, from its older list, sets
    the same team's short name: refused naming A, and A's change stands."""
    a, b = two_windows
    lists = []
    for window in (a, b):
        dialog = RegistersDialog(window.document, window)
        dialog.set_kind("team")
        lists.append(dialog)
    said: list[str] = []
    b.document.failed.connect(said.append)

    def set_cell(dialog: RegistersDialog, field: str, value: str) -> bool:
        model = dialog.model
        row = next(r for r in range(model.rowCount()) if model.row_at(r).name == TEAM)
        return model.setData(model.index(row, model.column_of(field)), value)

    assert set_cell(lists[0], "nationality", "USA")
    assert not set_cell(lists[1], "short_name", "AJR")
    assert any(f"The team '{TEAM}'" in m and "changed by Ann Smith" in m for m in said), said
    stored = a.document.read(
        lambda s: s.execute(
            text("SELECT nationality, short_name FROM team WHERE name = :n"), {"n": TEAM}
        ).one()
    )
    assert tuple(stored) == ("USA", "")


TEAM = "Alex Job Racing"
