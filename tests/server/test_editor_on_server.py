"""The editor on a server document: other editors' changes shown within a second, the undo
steps made here kept, a dropped connection refused cleanly and recovered, and the server
document opened, named and remembered without its password."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from gui.main_window import MainWindow
from gui.server.server_dialog import ServerDocumentDialog
from model.scoring.rules import Status
from tests.gui.conftest import open_window
from tests.gui.helpers import line_of, set_cell, standings_total
from tests.gui.prompts import REJECTED, ScriptedPrompts, accept
from tests.server.conftest import window_settings
from tests.server.postgres import PostgresServer

TEAM = "Alex Job Racing"  # the GT winner of round 1: 182 points, 26 of them from round 1


def _database(url: str) -> str:
    return url.rsplit("/", 1)[1]


def _cut_off(server: PostgresServer, url: str, *, allow: bool) -> None:
    """The server refuses (or accepts again) connections to the document, and drops those
    it has: as a server going away, then coming back."""
    name = _database(url)
    server.sql(f"ALTER DATABASE {name} ALLOW_CONNECTIONS {'true' if allow else 'false'}")
    if not allow:
        server.sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        )


def test_another_editors_change_is_shown_within_a_second(
    qtbot: QtBot, two_windows: tuple[MainWindow, MainWindow]
) -> None:
    a, b = two_windows
    assert b.server_watch.listener is not None
    assert b.server_watch.listener.listening
    own = line_of(b, "GT", 2)
    assert set_cell(b, own.result_id, "laps", 250)  # an undo step of B's own
    steps = b.document.undo_stack.count()
    assert standings_total(b, "GT", TEAM) == 182
    assert set_cell(a, line_of(a, "GT", 1).result_id, "status", Status.DNF.value)
    qtbot.waitUntil(lambda: standings_total(b, "GT", TEAM) == 182 - 26, timeout=1000)
    assert b.document.undo_stack.count() == steps  # B's steps are B's: nothing added, none lost
    assert "Ann Smith (" in b.statusBar().currentMessage()
    assert "changed: " in b.statusBar().currentMessage()
    # A's own notice does not reload A: its step is the one on A's stack.
    assert a.document.undo_stack.count() == 1
    b.document.undo_stack.undo()  # B's undo takes back B's step only
    qtbot.waitUntil(lambda: _laps(a, own.result_id) == own.laps, timeout=1000)
    assert standings_total(b, "GT", TEAM) == 182 - 26


def _laps(window: MainWindow, result_id: int) -> int | None:
    row = window.results.model.row_of(result_id)
    assert row is not None
    return window.results.model.row_at(row).laps


def test_an_edit_while_the_server_is_gone_is_refused_then_works_again(
    qtbot: QtBot, pg_server: PostgresServer, two_windows: tuple[MainWindow, MainWindow]
) -> None:
    a, _b = two_windows
    url = a.document.engine.url.render_as_string(hide_password=False)
    winner = line_of(a, "GT", 1)
    refusals: list[str] = []
    a.document.failed.connect(refusals.append)
    _cut_off(pg_server, url, allow=False)
    assert not set_cell(a, winner.result_id, "laps", 1)
    assert refusals, "the edit was not refused"
    assert "cannot be reached" in refusals[-1]
    assert "your change was not made" in refusals[-1]
    assert a.document.undo_stack.count() == 0
    qtbot.waitUntil(lambda: "cannot be reached" in a.statusBar().currentMessage(), timeout=3000)
    _cut_off(pg_server, url, allow=True)
    qtbot.waitUntil(lambda: "reconnected" in a.statusBar().currentMessage(), timeout=5000)
    assert _laps(a, winner.result_id) == winner.laps  # nothing of the refused edit stored
    assert set_cell(a, winner.result_id, "laps", 1)
    assert _laps(a, winner.result_id) == 1


def test_a_connection_dropped_mid_edit_writes_nothing(
    pg_server: PostgresServer, two_windows: tuple[MainWindow, MainWindow]
) -> None:
    a, b = two_windows
    engine = a.document.engine
    winner = line_of(a, "GT", 1)
    dropped: list[int] = []

    def drop_on_update(connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE") and not dropped:
            pid = connection.connection.dbapi_connection.info.backend_pid
            dropped.append(pid)
            pg_server.sql(f"SELECT pg_terminate_backend({pid})")

    event.listen(engine, "before_cursor_execute", drop_on_update)
    refusals: list[str] = []
    a.document.failed.connect(refusals.append)
    assert not set_cell(a, winner.result_id, "laps", 1)
    event.remove(engine, "before_cursor_execute", drop_on_update)
    assert dropped
    assert refusals
    assert "your change was not made" in refusals[-1]
    b.document.take_outside_change()  # the season as another editor reads it
    assert _laps(b, winner.result_id) == winner.laps
    assert set_cell(a, winner.result_id, "laps", 2)  # the next edit reconnects
    assert _laps(a, winner.result_id) == 2


def test_the_window_names_the_server_document_without_its_password(
    qtbot: QtBot, sample_url: str, tmp_path: Path
) -> None:
    with_password = sample_url.replace("postgres@", "postgres:s3cret@")
    settings = window_settings(tmp_path, "named")
    window = open_window(qtbot, with_password, settings)  # type: ignore[arg-type]
    try:
        shown = sample_url.replace("postgresql+psycopg://", "postgresql://")
        assert window.windowTitle() == f"{shown} — Pitboard"
        assert shown in window.file_label.text()
        assert window.files.recent_paths()[0] == shown
        everything = [window.windowTitle(), window.file_label.text(), *window.files.recent_paths()]
        assert not any("s3cret" in text for text in everything)
    finally:
        window.server_watch.stop()
        window.document.close()


def test_file_open_server_document(qtbot: QtBot, sample_url: str, tmp_path: Path) -> None:
    """From a file document to the server one through File > Open server document…"""
    (tmp_path / "first.pitboard").touch(exist_ok=False)
    (tmp_path / "first.pitboard").unlink()
    prompts = ScriptedPrompts()
    window = open_window(
        qtbot, tmp_path / "first.pitboard", window_settings(tmp_path, "o"), prompts
    )
    assert not window.document.server_url

    def fill(dialog: ServerDocumentDialog) -> int:
        dialog.url_edit.setText(sample_url)
        return accept(dialog)

    prompts.dialogs[ServerDocumentDialog] = fill
    try:
        assert window.files.open_server_document()
        assert window.document.server_url.endswith(_database(sample_url))
        assert window.document.season_id is not None
        assert window.server_watch.listener is not None
    finally:
        window.server_watch.stop()
        window.document.close()


def test_an_empty_database_becomes_a_document_only_when_the_user_says_so(
    qtbot: QtBot, pg_url: str, tmp_path: Path
) -> None:
    prompts = ScriptedPrompts()
    window = open_window(qtbot, tmp_path / "f.pitboard", window_settings(tmp_path, "e"), prompts)
    try:
        prompts.confirm_answer = lambda _text: False
        assert not window.files.open_server(pg_url)
        assert "holds no Pitboard document yet" in prompts.said("confirm")[-1]
        assert window.document.path == tmp_path / "f.pitboard"
        prompts.confirm_answer = lambda _text: True
        assert window.files.open_server(pg_url)
        assert ("run", "NewSeasonDialog") in prompts.asked  # an empty document asks for one
    finally:
        window.server_watch.stop()
        window.document.close()


@pytest.mark.parametrize(
    "fields",
    [
        {"url": ""},
        {"url": "not a url"},
        {"url": "mysql://user@host/db"},
        {"url": "postgresql://user@host"},
        {"host": "paddock"},
        {"database": "series"},
    ],
)
def test_an_incomplete_server_address_is_not_accepted(qtbot: QtBot, fields: dict[str, str]) -> None:
    dialog = ServerDocumentDialog()
    qtbot.addWidget(dialog)
    dialog.url_edit.setText(fields.get("url", ""))
    dialog.host.setText(fields.get("host", ""))
    dialog.database.setText(fields.get("database", ""))
    dialog._accept_if_complete()
    assert dialog.location() == ""
    assert dialog.result() != int(ServerDocumentDialog.DialogCode.Accepted)
    assert "postgresql://user@host" in dialog.problem.text()


def test_the_fields_make_a_url_and_the_password_is_not_kept(qtbot: QtBot) -> None:
    dialog = ServerDocumentDialog(last="postgresql://ann@paddock:5433/series")
    qtbot.addWidget(dialog)
    assert (dialog.host.text(), dialog.port.value(), dialog.database.text()) == (
        "paddock",
        5433,
        "series",
    )
    assert dialog.password.text() == ""
    dialog.password.setText("pw")
    assert dialog.location() == "postgresql://ann:pw@paddock:5433/series"


def test_a_cancelled_dialog_opens_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    prompts = ScriptedPrompts()
    window = open_window(qtbot, tmp_path / "c.pitboard", window_settings(tmp_path, "c"), prompts)
    prompts.dialogs[ServerDocumentDialog] = lambda _dialog: REJECTED
    assert not window.files.open_server_document()
    assert window.document.path == tmp_path / "c.pitboard"
    window.document.close()
