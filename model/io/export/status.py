"""Whether published standings are provisional or final, after which round, as of when, and
who signed the results off: the status line every table of one export carries.

A round here is what the reader calls one: the races of a two-race round count together
(`RoundInfo.round_key`); a cancelled round has no number and is not counted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from model.errors import NotFoundError
from model.io.export.edition import Edition, Paper
from model.store.season_data import RoundInfo, SeasonData

SEPARATOR = " · "


@dataclass(frozen=True)
class Publication:
    """The standings' status: final only when every round has been run and marked official."""

    final: bool
    after_round: int | None  # the last round counted that has results; None before round 1
    of_rounds: int  # the season's rounds, cancelled ones left out
    as_of: dt.date | None
    signed_off_by: tuple[str, ...]

    @property
    def text(self) -> str:
        parts = ["Final" if self.final else "Provisional"]
        if not self.of_rounds:
            return SEPARATOR.join([*parts, "no rounds on the calendar"])
        if self.after_round is None:
            parts.append(f"before round 1 of {self.of_rounds}")
        else:
            parts.append(f"after round {self.after_round} of {self.of_rounds}")
        if self.as_of is not None:
            parts.append(f"results as of {self.as_of.isoformat()}")
        names = ", ".join(self.signed_off_by)
        parts.append(f"signed off by {names}" if names else "not yet signed off")
        return SEPARATOR.join(parts)


def season_rounds(data: SeasonData) -> dict[int, tuple[RoundInfo, ...]]:
    """Each round's number and its races, in round order."""
    rounds: dict[int, list[RoundInfo]] = {}
    for race in data.numbered_rounds:
        rounds.setdefault(race.round_key, []).append(race)
    return {key: tuple(rounds[key]) for key in sorted(rounds)}


def check_round(data: SeasonData, as_of_round: int) -> None:
    """Refuse a round number the season does not have."""
    rounds = list(season_rounds(data))
    if as_of_round not in rounds:
        held = f"rounds {rounds[0]} to {rounds[-1]}" if rounds else "no rounds"
        raise NotFoundError(f"no round {as_of_round} in {data.year} ({held})")


def publication(data: SeasonData, as_of_round: int | None = None) -> Publication:
    """The status of the standings after `as_of_round` (the season so far when None)."""
    rounds = season_rounds(data)
    if as_of_round is not None:
        check_round(data, as_of_round)
    cut = max(rounds, default=0) if as_of_round is None else as_of_round
    with_results = {result.round_id for result in data.results}
    run = [key for key, races in rounds.items() if key <= cut and _was_run(races, with_results)]
    after = max(run, default=None)
    counted = [race for key, races in rounds.items() if key <= (after or 0) for race in races]
    final = (
        bool(rounds)
        and cut == max(rounds)
        and all(_was_run(races, with_results) for races in rounds.values())
        and all(race.official_at for races in rounds.values() for race in races)
    )
    return Publication(
        final=final,
        after_round=after,
        of_rounds=len(rounds),
        as_of=_as_of(counted, rounds.get(after or 0, ())),
        signed_off_by=tuple(dict.fromkeys(r.official_by for r in counted if r.official_by)),
    )


def edition_for(
    data: SeasonData,
    *,
    published: dt.date,
    paper: Paper = Paper.A4,
    as_of_round: int | None = None,
    digest: str = "",
) -> Edition:
    """The publication details of an export of `data` as it stood after `as_of_round`."""
    status = publication(data, as_of_round)
    return Edition(
        published=published,
        paper=paper,
        status=status.text,
        final=status.final,
        after_round=status.after_round,
        of_rounds=status.of_rounds,
        digest=digest,
    )


def _was_run(races: Sequence[RoundInfo], with_results: set[int]) -> bool:
    """Every race of the round has results."""
    return all(race.id in with_results for race in races)


def _as_of(counted: Sequence[RoundInfo], last: Sequence[RoundInfo]) -> dt.date | None:
    """The day of the last round counted, or the day results were last marked official
    when that is later."""
    days = [race.date for race in last if race.date is not None]
    days += [day for race in counted if (day := _day(race.official_at)) is not None]
    return max(days, default=None)


def _day(moment: str | None) -> dt.date | None:
    if not moment:
        return None
    try:
        return dt.datetime.fromisoformat(moment).date()
    except ValueError:
        return None  # not ours to judge here; the round checks name it


def standings_as_of(data: SeasonData, as_of_round: int) -> SeasonData:
    """The season as it stood after `as_of_round`: the later rounds stay on the calendar, not
    yet run, and their results and penalties are left out (season penalties stay)."""
    check_round(data, as_of_round)
    later = {r.id for r in data.rounds if r.number is None or r.round_key > as_of_round}
    return dataclasses.replace(
        data,
        results=tuple(result for result in data.results if result.round_id not in later),
        penalties=tuple(p for p in data.penalties if p.round_id not in later),
    )
