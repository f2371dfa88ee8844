"""A season taken offline from a real server into a local copy, and its changes sent back:
rows nobody else touched merge, conflicts are listed and decided, nothing is lost."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from model.store.db import url_for_path
from tests.helpers import SAMPLE, run
from tests.server.postgres import PostgresServer


@pytest.fixture
def server(pg_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    """The 2003 sample season with its results on the server."""
    assert run(capsys, "--db", pg_url, "import-season", str(SAMPLE / "season.json"))[0] == 0
    code, _, err = run(
        capsys, "import-results", "--db", pg_url, "--season", "2003", str(SAMPLE / "results.csv")
    )
    assert (code, err) == (0, "")
    return pg_url


@pytest.fixture
def copy(server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    target = tmp_path / "grid.pitboard"
    code, out, err = run(
        capsys, "take-offline", "--db", server, "--season", "2003", "--to", str(target)
    )
    assert (code, err) == (0, "")
    assert "taken offline" in out
    return target


def on_server(url: str, sql: str) -> list[Any]:
    engine = create_engine(url_for_path(url))
    try:
        with engine.begin() as connection:
            found = connection.execute(text(sql))
            return [tuple(r) for r in found] if found.returns_rows else []
    finally:
        engine.dispose()


def on_copy(path: Path, sql: str) -> list[Any]:
    connection = sqlite3.connect(path)
    try:
        with connection:
            return [tuple(r) for r in connection.execute(sql)]
    finally:
        connection.close()


def laps(where: str | Path, result_id: int) -> int | None:
    sql = f"SELECT laps FROM result WHERE id = {result_id}"
    found = on_copy(where, sql) if isinstance(where, Path) else on_server(where, sql)
    return None if found[0][0] is None else int(found[0][0])


def send(capsys: pytest.CaptureFixture[str], copy: Path, *more: str) -> tuple[int, str, str]:
    return run(capsys, "send-back", str(copy), *more)


def standings(capsys: pytest.CaptureFixture[str], db: str) -> str:
    code, out, err = run(capsys, "standings", "--db", db, "--season", "2003", "--class", "GT")
    assert (code, err) == (0, "")
    return out


def test_the_copy_holds_the_season_with_the_same_ids_and_versions(server: str, copy: Path) -> None:
    sql = "SELECT id, row_version, class_pos, entry_id FROM result ORDER BY id"
    assert on_copy(copy, sql) == on_server(server, sql)
    on_server(server, "UPDATE result SET laps = 3 WHERE id = 1")
    assert on_copy(copy, "SELECT row_version FROM result WHERE id = 1") == [(1,)]
    assert on_copy(copy, "SELECT count(*) FROM pitboard_offline WHERE name = 'base'") == [(1,)]


def test_a_round_trip_with_no_server_changes_sends_everything(
    server: str, copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    on_copy(copy, "UPDATE result SET laps = 40 WHERE round_id = 1 AND class_pos = 2")
    code, out, err = send(capsys, copy)
    assert (code, err) == (0, "")
    assert "4 changed, 0 added, 0 deleted" in out
    assert standings(capsys, server) == standings(capsys, str(copy))
    lines = on_server(server, "SELECT author FROM change_log WHERE step LIKE 'send-back%'")
    assert lines
    assert all("(offline copy from " in author for (author,) in lines)


@pytest.mark.parametrize(
    ("decide", "server_laps", "copy_laps", "listed"),
    [
        ((), 310, 312, True),
        (("--take", "theirs"), 310, 310, False),
        (("--take", "mine"), 312, 312, False),
        (("--choose", "result:3=mine"), 312, 312, False),
        (("--choose", "result:4=mine"), 310, 312, True),
    ],
)
def test_a_row_changed_on_both_is_a_conflict_and_nothing_is_lost(
    server: str,
    copy: Path,
    capsys: pytest.CaptureFixture[str],
    decide: tuple[str, ...],
    server_laps: int,
    copy_laps: int,
    listed: bool,
) -> None:
    on_copy(copy, "UPDATE result SET laps = 312 WHERE id = 3")
    on_server(server, "UPDATE result SET laps = 310 WHERE id = 3")
    code, out, err = send(capsys, copy, *decide)
    assert (code, err) == (0, "")
    conflict = "result 3 (Rd 1 LMP900 car 8) laps: yours 312, server 310"
    assert (conflict in out) == listed
    assert (laps(server, 3), laps(copy, 3)) == (server_laps, copy_laps)
    code, out, _ = send(capsys, copy)  # an undecided conflict is listed again
    assert (conflict in out) == listed


def test_a_row_changed_only_on_the_server_stays_and_refreshes_the_copy(
    server: str, copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    on_server(server, "UPDATE result SET laps = 99 WHERE id = 7")
    on_copy(copy, "UPDATE result SET laps = 98 WHERE id = 8")
    code, out, err = send(capsys, copy)
    assert (code, err) == (0, "")
    assert "kept from the server: 1" in out
    assert (laps(server, 7), laps(copy, 7), laps(server, 8)) == (99, 99, 98)
    version = "SELECT row_version FROM result WHERE id = 7"
    assert on_copy(copy, version) == on_server(server, version)


def test_deletes_and_adds_are_sent(
    server: str, copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    free = on_copy(
        copy,
        "SELECT e.id, o.id FROM entry e, round o WHERE NOT EXISTS (SELECT 1 FROM result r "
        "WHERE r.entry_id = e.id AND r.round_id = o.id) ORDER BY e.id, o.id LIMIT 1",
    )[0]
    on_copy(copy, "DELETE FROM result WHERE id = 5")
    on_copy(
        copy,
        "INSERT INTO result (round_id, entry_id, laps, status, pole, fastest_lap, ineligible) "
        f"VALUES ({free[1]}, {free[0]}, 77, 'classified', 0, 0, '')",
    )
    on_server(server, "UPDATE result SET laps = 1 WHERE id = 6")  # changed there: not deleted
    on_copy(copy, "DELETE FROM result WHERE id = 6")
    code, out, err = send(capsys, copy)
    assert (code, err) == (0, "")
    assert "1 added, 1 deleted" in out
    assert "result 6" in out
    assert on_server(server, "SELECT id FROM result WHERE id IN (5, 6)") == [(6,)]
    added = f"SELECT laps FROM result WHERE entry_id = {free[0]} AND round_id = {free[1]}"
    assert on_server(server, added) == on_copy(copy, added) == [(77,)]
    assert on_copy(copy, "SELECT id FROM result WHERE id = 6") == []  # yours, kept till decided


def test_a_second_send_back_sends_nothing(
    server: str, copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    on_copy(copy, "UPDATE result SET laps = 5 WHERE id = 9")
    assert send(capsys, copy)[0] == 0
    logged = on_server(server, "SELECT count(*) FROM change_log")
    code, out, err = send(capsys, copy)
    assert (code, err) == (0, "")
    assert out.startswith("nothing to send")
    assert on_server(server, "SELECT count(*) FROM change_log") == logged


def _not_offline(server: str, copy: Path, tmp: Path, capsys: Any) -> tuple[Path, list[str]]:
    plain = tmp / "plain.pitboard"
    assert run(capsys, "--db", str(plain), "import-season", str(SAMPLE / "season.json"))[0] == 0
    return plain, []


def _other_server(server: str, copy: Path, tmp: Path, capsys: Any) -> tuple[Path, list[str]]:
    return copy, ["--db", "postgresql://ann:secret@127.0.0.1:9/pitboard"]


def _other_season(server: str, copy: Path, tmp: Path, capsys: Any) -> tuple[Path, list[str]]:
    on_server(server, "UPDATE season SET year = 2004")
    return copy, []


def _tampered(server: str, copy: Path, tmp: Path, capsys: Any) -> tuple[Path, list[str]]:
    on_copy(
        copy,
        "UPDATE pitboard_offline SET value = replace(value, '\"laps\":', '\"laps\": ') WHERE name = 'base'",
    )
    return copy, []


def _bad_choice(server: str, copy: Path, tmp: Path, capsys: Any) -> tuple[Path, list[str]]:
    return copy, ["--choose", "result:3=both"]


Hostile = Callable[[str, Path, Path, Any], tuple[Path, list[str]]]
HOSTILE: list[tuple[str, Hostile, str]] = [
    ("a copy not taken offline", _not_offline, "plain.pitboard was not taken offline"),
    ("a copy of another server", _other_server, "not from postgresql://ann:***@127.0.0.1:9/pitboard"),
    ("a copy of another season", _other_season, "has no American Le Mans Series 2003 season"),
    ("a tampered base snapshot", _tampered, "was altered or is damaged"),
    ("a choice that is not one", _bad_choice, "--choose takes ID=mine or ID=theirs"),
]  # fmt: skip


@pytest.mark.parametrize(("given", "make", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_copy_that_cannot_be_sent_back_changes_nothing(
    server: str,
    copy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    given: str,
    make: Hostile,
    message: str,
) -> None:
    on_copy(copy, "UPDATE result SET laps = 500 WHERE id = 2")
    target, more = make(server, copy, tmp_path, capsys)
    before = (target.read_bytes(), on_server(server, "SELECT id, laps, row_version FROM result"))
    code, out, err = send(capsys, target, *more)
    assert (code, out) == (1, "")
    assert message in err
    assert "secret" not in err
    after = (target.read_bytes(), on_server(server, "SELECT id, laps, row_version FROM result"))
    assert after == before


def test_an_unreachable_server_is_named_and_nothing_changes(
    pg_server: PostgresServer, server: str, copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    on_copy(copy, "UPDATE result SET laps = 500 WHERE id = 2")
    before = copy.read_bytes()
    pg_server.sql(f"DROP DATABASE IF EXISTS {server.rsplit('/', 1)[1]} WITH (FORCE)")
    code, out, err = send(capsys, copy)
    assert (code, out) == (1, "")
    assert f"cannot use {server.replace('postgresql://', 'postgresql+psycopg://')}" in err
    assert copy.read_bytes() == before
