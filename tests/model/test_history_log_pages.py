"""The log read a page at a time, and only its newer lines after an edit, words every line as
the whole log named by the whole season does; and a later line that renames a row says so."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from model.edits.entries import update_entry
from model.edits.results import change_result_entry, delete_results, restore_results, update_result
from model.store import tables as t
from model.store.db import open_engine, transaction, url_for_path
from model.store.history import recorded, snapshot
from model.store.history_log import (
    HistoryLine,
    history,
    history_lines,
    newest_change,
    renamed_since,
)
from model.store.history_words import describe
from tests.model.foreign_log_lines import LINES, Line, write_line
from tests.model.season_changes import (
    ATLANTA,
    cancel_sebring,
    import_changed_season,
    in_round,
    new_class,
)

SEASON = 1
ROUND_FILTERS = [None, *range(1, 11), 99]  # every round of the sample (2 is cancelled), none

Step = Callable[[Engine, Path, Path], None]


def edit(step: str, change: Callable[[Session], object]) -> Step:
    """One recorded step through the services, as the editor makes it."""

    def run(engine: Engine, _path: Path, _tmp: Path) -> None:
        with transaction(engine) as session, recorded(session, SEASON, author="me", step=step):
            change(session)

    return run


def season_import(*changes: Callable[[dict[str, Any]], None]) -> Step:
    """The sample's season definition imported again with `changes` (each import names
    every change made so far: a round left out would be removed)."""

    def changed(data: dict[str, Any]) -> None:
        for change in changes:
            change(data)

    return lambda _engine, path, tmp: import_changed_season(path, tmp, changed)


def foreign(line: Line) -> Step:
    def run(engine: Engine, _path: Path, _tmp: Path) -> None:
        write_line(engine, line)

    return run


def free_entry_in_round_1(session: Session) -> int:
    """An entry of the season with no result at Sebring (round id 1)."""
    taken = select(t.Result.entry_id).where(t.Result.round_id == 1)
    free = session.exec(select(t.Entry.id).where(col(t.Entry.id).not_in(taken))).first()
    assert free is not None
    return free


def result_moved(session: Session) -> None:
    change_result_entry(session=session, result_id=2, entry_id=free_entry_in_round_1(session))


def result_deleted_and_put_back(session: Session) -> None:
    records, _changes = delete_results(session=session, result_ids=[3])
    restore_results(session=session, records=records)


def result_deleted(session: Session) -> None:
    delete_results(session=session, result_ids=[4])


def laps_at_atlanta(session: Session) -> None:
    first = session.exec(select(t.Result.id).where(t.Result.round_id == 3)).first()
    assert first is not None
    update_result(session=session, result_id=first, laps=250)


def entry_of_result(session: Session, result_id: int) -> int:
    result = session.get(t.Result, result_id)
    assert result is not None
    return result.entry_id


# Every kind of line, and every way a row can be renamed after lines have named it.
SCENARIO: list[tuple[str, Step]] = [
    ("laps", edit("Set laps", lambda s: update_result(session=s, result_id=1, laps=301))),
    ("status", edit("Set status", lambda s: update_result(session=s, result_id=5, status="dnf"))),
    ("a result credited to another car", edit("Move", result_moved)),
    (
        "the team renamed",
        edit("Team", lambda s: update_entry(session=s, entry_id=entry_of_result(s, 1), team="R")),
    ),
    (
        "the car number changed",
        edit("Car", lambda s: update_entry(session=s, entry_id=entry_of_result(s, 1), car="99")),
    ),
    ("a result deleted and put back", edit("Delete", result_deleted_and_put_back)),
    ("a result deleted", edit("Delete", result_deleted)),
    ("laps again", edit("Set laps", lambda s: update_result(session=s, result_id=1, laps=302))),
    ("laps at Atlanta", edit("Set laps", laps_at_atlanta)),
    ("a round renamed", season_import(in_round(ATLANTA, name="Atlanta Sprint"))),
    ("a round cancelled", season_import(in_round(ATLANTA, name="Atlanta Sprint"), cancel_sebring)),
    (
        "a class added",
        season_import(in_round(ATLANTA, name="Atlanta Sprint"), cancel_sebring, new_class),
    ),
    ("a round number that is not JSON", foreign(Line("", "round", 3, "changed", "number", "{{"))),
    ("laps after all that", edit("Laps", lambda s: update_result(session=s, result_id=6, laps=9))),
]


Shown = tuple[int, dt.datetime, str, str, int | None, str]


def words_from_the_whole_season(session: Session, round_id: int | None) -> list[Shown]:
    """The log in words as the History panel has always named it: every line read, named by a
    snapshot of the whole season, a cancelled round by the newest number logged for it."""
    query = select(t.ChangeLog).where(t.ChangeLog.season_id == SEASON)
    if round_id is not None:
        query = query.where(t.ChangeLog.round_id == round_id)
    changes = list(session.exec(query.order_by(col(t.ChangeLog.id).desc())))
    now = dict(snapshot(session, SEASON))
    for change in changes:
        key = ("round", change.subject_id)
        if change.subject != "round" or change.field != "number" or key not in now:
            continue
        try:
            number = json.loads(change.old or "null")
        except ValueError:
            number = None
        if now[key].get("number") is None and isinstance(number, int):
            now[key] = {**now[key], "number": number}
    return [
        (
            change.id or 0,
            dt.datetime.fromisoformat(change.at),
            change.author,
            change.step,
            change.round_id,
            describe(change, now),
        )
        for change in changes
    ]


def shown(lines: list[HistoryLine]) -> list[Shown]:
    return [(h.change_id, h.at, h.author, h.step, h.round_id, h.description) for h in lines]


def paged(session: Session, round_id: int | None, size: int) -> list[HistoryLine]:
    """The whole log read as the panel scrolls: a page, then each page before it."""
    lines = history(session=session, season_id=SEASON, round_id=round_id, limit=size)
    while lines and len(lines) % size == 0:
        page = history(
            session=session,
            season_id=SEASON,
            round_id=round_id,
            older_than=lines[-1].change_id,
            limit=size,
        )
        if not page:
            break
        lines += page
    return lines


@pytest.fixture(scope="module")
def long_log(sample_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The sample with every step of the scenario in its history (the tests only read it)."""
    folder = tmp_path_factory.mktemp("long-log")
    path = folder / "sample.pitboard"
    path.write_bytes(sample_template.read_bytes())
    engine = open_engine(url_for_path(path), create=False)
    with pytest.MonkeyPatch.context() as patch:  # the imports' backups kept in this folder
        patch.setenv("XDG_DATA_HOME", str(folder / "xdg-data"))
        patch.setenv("XDG_CONFIG_HOME", str(folder / "xdg-config"))
        for _what, step in SCENARIO:
            step(engine, path, folder)
    yield engine
    engine.dispose()


@pytest.mark.parametrize("round_id", ROUND_FILTERS)
def test_lines_are_worded_as_the_whole_season_words_them(
    long_log: Engine, round_id: int | None
) -> None:
    with Session(long_log) as session:
        expected = words_from_the_whole_season(session, round_id)
        lines = history(session=session, season_id=SEASON, round_id=round_id)
    assert shown(lines) == expected
    if round_id in (None, 1, 3):
        assert expected  # the scenario did log something here


@pytest.mark.parametrize("size", [1, 3, 7, 10_000])
@pytest.mark.parametrize("round_id", [None, 1, 2, 3])
def test_pages_read_one_after_another_are_the_whole_log(
    long_log: Engine, size: int, round_id: int | None
) -> None:
    with Session(long_log) as session:
        whole = history(session=session, season_id=SEASON, round_id=round_id)
        assert paged(session, round_id, size) == whole


def test_newer_lines_are_the_lines_after_a_change(long_log: Engine) -> None:
    with Session(long_log) as session:
        whole = history(session=session, season_id=SEASON)
        middle = whole[len(whole) // 2].change_id
        newer = history(session=session, season_id=SEASON, newer_than=middle)
        some = history(session=session, season_id=SEASON, newer_than=middle, limit=2)
    assert newer == [line for line in whole if line.change_id > middle]
    assert some == newer[:2]


@pytest.mark.parametrize("round_id", [None, 1, 3])
def test_lines_read_again_by_id_are_worded_as_the_whole_log(
    long_log: Engine, round_id: int | None
) -> None:
    with Session(long_log) as session:
        whole = history(session=session, season_id=SEASON, round_id=round_id)
        chosen = [line.change_id for line in whole[::3]]
        again = history_lines(
            session=session, season_id=SEASON, round_id=round_id, change_ids=chosen
        )
    assert again == whole[::3]


def test_a_line_whose_words_change_later_names_a_row_the_later_line_renames(
    sample_path: Path, tmp_path: Path
) -> None:
    """What lets the panel reword only some shown lines after an edit: whenever a line's
    words change, a line logged since (in any round) renames a row the earlier line names."""
    engine = open_engine(url_for_path(sample_path), create=False)
    before: list[HistoryLine] = []
    read_to = 0
    reworded: list[str] = []
    for what, step in SCENARIO:
        step(engine, sample_path, tmp_path)
        with Session(engine) as session:
            after = history(session=session, season_id=SEASON)
            renamed, newest = renamed_since(session=session, season_id=SEASON, newer_than=read_to)
            assert newest == newest_change(session=session, season_id=SEASON)
        assert newest == after[0].change_id
        assert renamed == frozenset().union(*(h.renames for h in after if h.change_id > read_to))
        words = {line.change_id: line.description for line in after}
        for line in before:
            if words[line.change_id] != line.description:
                reworded.append(what)
                assert line.named & renamed, (what, line.description, words[line.change_id])
        before, read_to = after, newest
    engine.dispose()
    assert {"the team renamed", "the car number changed", "a round renamed"} <= set(reworded)


def test_nothing_logged_since_renames_nothing(long_log: Engine) -> None:
    with Session(long_log) as session:
        newest = newest_change(session=session, season_id=SEASON)
        assert renamed_since(session=session, season_id=SEASON, newer_than=newest) == (
            frozenset(),
            newest,
        )
        assert newest_change(session=session, season_id=SEASON + 1) == 0


class Odd(NamedTuple):
    what: str
    subject: str
    subject_id: int
    action: str
    field: str | None
    old: str | None
    new: str | None = "null"


# Lines this version did not write, and lines that name rows in odd ways: each read as a
# page of one line, and as part of the whole log, without stopping.
ODD_LINES = [
    *(Odd(*line[:6]) for line in LINES),
    Odd("a round number that is not JSON", "round", 1, "changed", "number", "{{"),
    Odd("a cancelled round's number in words", "round", 2, "changed", "number", '"two"'),
    Odd("a cancelled round's old number", "round", 2, "changed", "number", "4"),
    Odd(
        "a removed result of entry `true`",
        "result",
        9997,
        "removed",
        None,
        '{"entry_id": true}',
        None,
    ),
    Odd(
        "a removed result of a lost entry",
        "result",
        9996,
        "removed",
        None,
        '{"entry_id": 999}',
        None,
    ),
    Odd("a removed result of entry 3", "result", 9995, "removed", None, '{"entry_id": 3}', None),
    Odd("an entry that is gone", "entry", 999, "removed", None, '{"team": "Gone Racing"}', None),
    Odd("an entry of id `true`", "result", 9994, "added", None, None, '{"entry_id": true}'),
]


def write_odd(engine: Engine, odd: Odd) -> None:
    """The line as another program wrote it."""
    with transaction(engine) as session:
        session.add(
            t.ChangeLog(
                at=dt.datetime.now(dt.UTC).isoformat(),
                author="another program",
                step="written elsewhere",
                season_id=SEASON,
                subject=odd.subject,
                subject_id=odd.subject_id,
                action=odd.action,
                field=odd.field,
                old=odd.old,
                new=odd.new,
            )
        )


@pytest.mark.parametrize("odd", ODD_LINES, ids=[odd.what for odd in ODD_LINES])
def test_an_odd_line_is_paged_and_worded_as_the_whole_season_words_it(
    sample_engine: Engine, odd: Odd
) -> None:
    with transaction(sample_engine) as session, recorded(session, SEASON, author="me", step="x"):
        update_result(session=session, result_id=1, laps=300)
    write_odd(sample_engine, odd)
    with Session(sample_engine) as session:
        expected = words_from_the_whole_season(session, None)
        first = history(session=session, season_id=SEASON, limit=1)
        rest = history(session=session, season_id=SEASON, older_than=first[0].change_id)
    assert shown(first + rest) == expected


def test_a_page_reads_results_and_entries_by_id_only(long_log: Engine) -> None:
    """A page is named from the rows its lines mention, never from the whole season's."""
    statements: list[str] = []
    with Session(long_log) as session:
        driver = session.connection().connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        driver.set_trace_callback(lambda sql: statements.append(" ".join(sql.split())))
        try:
            assert history(session=session, season_id=SEASON, limit=5)
        finally:
            driver.set_trace_callback(None)
    rows_read = [s for s in statements if " FROM result " in s or " FROM entry " in s]
    assert rows_read
    assert all(" IN (" in s for s in rows_read), rows_read
