"""The status line of published standings: provisional or final, after which round, as of
when, signed off by whom."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple

import pytest

from model.errors import NotFoundError
from model.io.export.edition import Paper
from model.io.export.status import edition_for, publication
from model.store.season_data import SeasonData
from tests.builders import SeasonBuilder

Season = Callable[[], SeasonData]


def season(
    rounds: int = 3,
    run: int = 0,
    official: dict[int, str] | None = None,
    *,
    cancelled_after: int | None = None,
    events: tuple[int, ...] = (),
) -> SeasonData:
    """`rounds` rounds dated a week apart from 1 June; the first `run` have a result; the
    rounds in `official` are marked official on the day after the race by the name given."""
    b = SeasonBuilder()
    a = b.entry("Audi")
    official = official or {}
    for n in range(1, rounds + 1):
        if cancelled_after is not None and n == cancelled_after + 1:
            b.round(cancelled=True)
        round_id = b.round(n, event=events[n - 1] if events else None)
        day = dt.date(2003, 6, 1) + dt.timedelta(weeks=n - 1)
        by = official.get(n)
        at = f"{day + dt.timedelta(days=1)}T18:00:00+00:00" if by is not None else None
        b.rounds[-1] = b.rounds[-1]._replace(date=day, official_at=at, official_by=by or "")
        if n <= run:
            b.finish(round_id, a)
    return b.build()


class Case(NamedTuple):
    name: str
    data: Season
    as_of_round: int | None
    final: bool
    text: str


ANN, BOB = "Ann Smith", "Bob Jones"
ALL = {1: ANN, 2: BOB, 3: ANN}
CASES = [
    Case("no results", lambda: season(), None, False, "Provisional · before round 1 of 3 · not yet signed off"),
    Case("no rounds at all", lambda: season(rounds=0), None, False, "Provisional · no rounds on the calendar"),
    Case("mid-season, none official", lambda: season(run=2), None, False, "Provisional · after round 2 of 3 · results as of 2003-06-08 · not yet signed off"),
    Case("mid-season, one signed off", lambda: season(run=2, official={1: ANN}), None, False, "Provisional · after round 2 of 3 · results as of 2003-06-08 · signed off by Ann Smith"),
    Case("all run, one not official", lambda: season(run=3, official={1: ANN, 2: BOB}), None, False, "Provisional · after round 3 of 3 · results as of 2003-06-15 · signed off by Ann Smith, Bob Jones"),
    Case("all official", lambda: season(run=3, official=ALL), None, True, "Final · after round 3 of 3 · results as of 2003-06-16 · signed off by Ann Smith, Bob Jones"),
    Case("all official, cut at the last round", lambda: season(run=3, official=ALL), 3, True, "Final · after round 3 of 3 · results as of 2003-06-16 · signed off by Ann Smith, Bob Jones"),
    Case("all official, cut before the end", lambda: season(run=3, official=ALL), 2, False, "Provisional · after round 2 of 3 · results as of 2003-06-09 · signed off by Ann Smith, Bob Jones"),
    Case("cut at round 1", lambda: season(run=3, official=ALL), 1, False, "Provisional · after round 1 of 3 · results as of 2003-06-02 · signed off by Ann Smith"),
    Case("cut past the results", lambda: season(rounds=4, run=2), 3, False, "Provisional · after round 2 of 4 · results as of 2003-06-08 · not yet signed off"),
    Case("a cancelled round is not counted", lambda: season(run=3, official=ALL, cancelled_after=1), None, True, "Final · after round 3 of 3 · results as of 2003-06-16 · signed off by Ann Smith, Bob Jones"),
    Case("a two-race round counts once", lambda: season(run=3, official=ALL, events=(1, 1, 2)), None, True, "Final · after round 2 of 2 · results as of 2003-06-16 · signed off by Ann Smith, Bob Jones"),
    Case("half a two-race round is not a round run", lambda: season(run=2, events=(1, 2, 2)), None, False, "Provisional · after round 1 of 2 · results as of 2003-06-01 · not yet signed off"),
    Case("a two-race round with one race official", lambda: season(run=3, official={1: ANN, 2: BOB}, events=(1, 2, 2)), None, False, "Provisional · after round 2 of 2 · results as of 2003-06-15 · signed off by Ann Smith, Bob Jones"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_status_line(case: Case) -> None:
    found = publication(case.data(), case.as_of_round)
    assert (found.final, found.text) == (case.final, case.text)


def test_the_edition_carries_the_status() -> None:
    data = season(run=3, official=ALL)
    edition = edition_for(
        data, published=dt.date(2003, 7, 1), paper=Paper.LETTER, as_of_round=2, digest="abc"
    )
    assert edition.status == publication(data, 2).text
    assert (edition.final, edition.after_round, edition.of_rounds) == (False, 2, 3)
    assert (edition.paper, edition.digest) == (Paper.LETTER, "abc")


@pytest.mark.parametrize("as_of_round", [0, 4, -1, 99])
def test_a_round_the_season_does_not_have_is_refused(as_of_round: int) -> None:
    with pytest.raises(NotFoundError, match=f"no round {as_of_round} in 2003 \\(rounds 1 to 3\\)"):
        publication(season(run=3), as_of_round)
