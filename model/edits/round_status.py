"""A round's status: provisional until marked official. Results of an official round change
only after the user has said yes, and the history flags such a change by its step."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from model.edits.operations import Edit, NamesItsRows
from model.store import tables as t
from model.store.history import Touched
from model.store.season_data import ResultInfo, SeasonData

OFFICIAL_CHANGED = "Official round changed:"  # how the history's step begins
CHUNK = 500  # result ids per IN (...) list


@dataclass(frozen=True)
class OfficialRound:
    round_id: int
    number: int | None
    name: str
    official_at: str
    official_by: str

    @property
    def label(self) -> str:
        return f"Round {self.number}" if self.number is not None else f"Round '{self.name}'"


def status_text(official_at: str | None, official_by: str, *, cancelled: bool = False) -> str:
    """'Provisional', 'Official 2026-11-27 by Ann' or 'Cancelled', as the calendar shows it."""
    if cancelled:
        return "Cancelled"
    if official_at is None:
        return "Provisional"
    by = f" by {official_by}" if official_by else ""
    return f"Official {official_at[:10]}{by}"


def official_rounds_written(*, session: Session, edits: Sequence[Edit]) -> list[OfficialRound]:
    """The official rounds whose results `edits` add, change or delete, in calendar order,
    read from the document."""
    rows, rounds = _named(edits)
    rounds |= _rounds_of_results(session, sorted(rows.results))
    if not rounds:
        return []
    found = session.exec(
        select(t.Round)
        .where(col(t.Round.id).in_(rounds), col(t.Round.official_at).is_not(None))
        .order_by(col(t.Round.calendar_order))
    )
    return [
        OfficialRound(r.id or 0, r.number, r.name, r.official_at or "", r.official_by)
        for r in found
    ]


def official_rounds_in(
    data: SeasonData, result: Callable[[int], ResultInfo | None], edits: Sequence[Edit]
) -> list[OfficialRound]:
    """official_rounds_written() from the season already in memory (`result` finds a result
    by id): no read of the document before every edit."""
    rows, rounds = _named(edits)
    rounds |= {found.round_id for rid in rows.results if (found := result(rid)) is not None}
    return [
        OfficialRound(rnd.id, rnd.number, rnd.name, rnd.official_at, rnd.official_by)
        for rnd in data.rounds
        if rnd.id in rounds and rnd.official_at is not None
    ]


def _named(edits: Sequence[Edit]) -> tuple[Touched, set[int]]:
    """The rows the edits name (`touched`), and the rounds they name: every round of `rounds`
    and a new result's round, read from the edit (`round_id`: it is not named until it
    exists)."""
    rows = Touched()
    rounds: set[int] = set()
    for edit in edits:
        if isinstance(edit, NamesItsRows):
            rows = rows | edit.touched()
        round_id = getattr(edit, "round_id", None)
        if isinstance(round_id, int):
            rounds.add(round_id)
    return rows, rounds | rows.rounds


def official_question(rounds: Sequence[OfficialRound]) -> str:
    """'Round 3 is official (by Ann, 2026-11-27). Change its results?'"""
    said = [f"{r.label} is official ({_when(r)})" for r in rounds]
    its = "its" if len(rounds) == 1 else "their"
    return f"{'; '.join(said)}. Change {its} results?"


def official_refusal(rounds: Sequence[OfficialRound]) -> str:
    """Why nothing was changed when the answer was no."""
    names = ", ".join(r.label for r in rounds)
    is_, its = ("is", "its") if len(rounds) == 1 else ("are", "their")
    return f"{names} {is_} official; {its} results were left as they are."


def _when(rnd: OfficialRound) -> str:
    date = rnd.official_at[:10]
    return f"by {rnd.official_by}, {date}" if rnd.official_by else f"since {date}"


def _rounds_of_results(session: Session, result_ids: list[int]) -> set[int]:
    found: set[int] = set()
    for start in range(0, len(result_ids), CHUNK):
        chunk = result_ids[start : start + CHUNK]
        found.update(
            session.exec(select(t.Result.round_id).where(col(t.Result.id).in_(chunk))).all()
        )
    return found
