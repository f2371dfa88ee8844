"""Season services: find seasons, and create or update one from a definition."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import func
from sqlmodel import Session, col, select

from model.errors import InputError, NotFoundError
from model.io.season_definition import PenaltyDefinition, RoundDefinition, SeasonDefinition
from model.scoring.points import format_points, plain_points
from model.store import tables as t
from model.store.season_data import load_season_data


@dataclass(frozen=True)
class SeasonImported:
    season_id: int
    created: bool
    rounds_added: int
    rounds_updated: int
    rounds_removed: int


class FoundSeason(NamedTuple):
    id: int
    year: int
    series: str


def find_season(*, session: Session, year: int, series: str | None = None) -> FoundSeason:
    """The season of `year` (in `series`, needed only when several series have that year).

    Only the season's names are read, so a rule value another program spoiled is reported
    when the season is loaded (by table, row and field), not here."""
    query = (
        select(t.Season.id, t.Season.year, t.Series.name)
        .join(t.Series)
        .where(col(t.Season.year) == year)
    )
    if series is not None:
        query = query.where(func.lower(t.Series.name) == series.strip().lower())
    matches = session.execute(query).all()
    if not matches:
        where = f" of '{series}'" if series else ""
        raise NotFoundError(f"no {year} season{where} in this document")
    if len(matches) > 1:
        names = ", ".join(sorted(name for _, _, name in matches))
        raise NotFoundError(
            f"several series have a {year} season ({names}); name one with --series"
        )
    season_id, found_year, name = matches[0]
    return FoundSeason(int(season_id), int(found_year), str(name))


def season_id_of(*, session: Session, series: str, year: int) -> int | None:
    """The id of the season `year` of `series`, or None when there is none yet."""
    found = session.exec(
        select(t.Season.id).join(t.Series).where(t.Series.name == series, t.Season.year == year)
    ).first()
    return found


def find_round(*, session: Session, season_id: int, number: int) -> int:
    """The id of the numbered round `number` (a cancelled round has no number)."""
    round_id = session.exec(
        select(t.Round.id).where(t.Round.season_id == season_id, t.Round.number == number)
    ).first()
    if round_id is None:
        numbers = session.exec(
            select(t.Round.number).where(
                t.Round.season_id == season_id, col(t.Round.number).is_not(None)
            )
        ).all()
        known = ", ".join(str(n) for n in sorted(n for n in numbers if n is not None))
        raise NotFoundError(f"no round {number} in this season (rounds: {known})")
    return round_id


def list_seasons(*, session: Session) -> list[tuple[str, int, int]]:
    """(series name, year, season id) of every season, by series then year."""
    rows = session.execute(
        select(t.Series.name, t.Season.year, t.Season.id)
        .join(t.Series)
        .order_by(col(t.Series.name), col(t.Season.year))
    )
    return [(name, year, int(sid)) for name, year, sid in rows]


def import_season(
    *, session: Session, definition: SeasonDefinition, source: str | None = None
) -> SeasonImported:
    """Create the season, or bring an existing one in line with the definition."""
    _check_stored(session, definition)
    series = _get_or_create_series(session, definition.series)
    season = session.exec(
        select(t.Season).where(t.Season.series_id == series.id, t.Season.year == definition.year)
    ).first()
    created = season is None
    if season is None:
        season = t.Season(series_id=_id(series), year=definition.year)
    _apply_rules(season, definition)
    session.add(season)
    session.flush()
    season_id = _id(season)
    _sync_classes(session, season_id, definition.classes, source)
    scale_ids = _sync_scales(session, season_id, definition.points_scales)
    added, updated, removed = _sync_rounds(session, season_id, definition.rounds, scale_ids, source)
    _drop_unused_scales(session, season_id, set(definition.points_scales))
    if definition.penalties is not None:
        replace_penalties(
            session=session, season_id=season_id, penalties=definition.penalties, source=source
        )
    session.flush()
    return SeasonImported(season_id, created, added, updated, removed)


def seasons_of_definition(definition: SeasonDefinition) -> Callable[[Session], list[int]]:
    """Which season a definition's import changes, for the door's history (none while it does
    not exist yet). Asked first before the import: a value another program spoiled in that
    season is then named (table, row, field) before anything is read for the history."""
    asked: list[bool] = []

    def seasons(session: Session) -> list[int]:
        if not asked:
            _check_stored(session, definition)
            asked.append(True)
        found = season_id_of(session=session, series=definition.series, year=definition.year)
        return [] if found is None else [found]

    return seasons


def _check_stored(session: Session, definition: SeasonDefinition) -> None:
    """A value another program spoiled in the season is named (table, row, field) before
    anything is changed."""
    existing = season_id_of(session=session, series=definition.series, year=definition.year)
    if existing is not None:
        load_season_data(session=session, season_id=existing)


def _id(row: t.Series | t.Season | t.SeasonClass | t.PointsScale | t.Round) -> int:
    assert row.id is not None, "row must be flushed first"
    return row.id


def _get_or_create_series(session: Session, name: str) -> t.Series:
    series = session.exec(select(t.Series).where(t.Series.name == name)).first()
    if series is None:
        series = t.Series(name=name)
        session.add(series)
        session.flush()
    return series


def _apply_rules(season: t.Season, definition: SeasonDefinition) -> None:
    season.rules = definition.rules.to_json()


def _sync_classes(
    session: Session, season_id: int, names: tuple[str, ...], source: str | None
) -> None:
    existing = {
        c.name: c
        for c in session.exec(select(t.SeasonClass).where(t.SeasonClass.season_id == season_id))
    }
    for order, name in enumerate(names):
        row = existing.pop(name, None) or t.SeasonClass(season_id=season_id, name=name)
        row.sort_order = order
        session.add(row)
    for name, row in existing.items():
        used = session.exec(select(t.Entry.id).where(t.Entry.class_id == row.id)).first()
        if used is not None:
            raise InputError(
                f"class '{name}' has entries and cannot be removed", source=source, field="classes"
            )
        session.delete(row)


def _sync_scales(
    session: Session, season_id: int, scales: dict[str, tuple[Decimal, ...]]
) -> dict[str, int]:
    existing = {
        s.name: s
        for s in session.exec(select(t.PointsScale).where(t.PointsScale.season_id == season_id))
    }
    for name, points in scales.items():
        row = existing.get(name) or t.PointsScale(season_id=season_id, name=name, points=[])
        row.points = [plain_points(p) for p in points]
        session.add(row)
        existing[name] = row
    session.flush()
    return {name: _id(row) for name, row in existing.items()}


def _drop_unused_scales(session: Session, season_id: int, keep: set[str]) -> None:
    for scale in session.exec(select(t.PointsScale).where(t.PointsScale.season_id == season_id)):
        if scale.name not in keep:
            session.delete(scale)


def _sync_rounds(
    session: Session,
    season_id: int,
    rounds: tuple[RoundDefinition, ...],
    scale_ids: dict[str, int],
    source: str | None,
) -> tuple[int, int, int]:
    existing = list(session.exec(select(t.Round).where(t.Round.season_id == season_id)))
    matched = _match_rounds(existing, rounds)
    for row in existing:  # free the numbers so they can be shuffled without clashing
        row.number = None
    session.flush()
    added = updated = 0
    kept: set[int] = set()
    for order, (rnd, found) in enumerate(zip(rounds, matched, strict=True)):
        if found is None:
            row = t.Round(season_id=season_id, calendar_order=order, name=rnd.name)
            added += 1
        else:
            row = found
            updated += 1
        row.number, row.calendar_order, row.name = rnd.number, order, rnd.name
        row.circuit, row.date, row.cancelled = rnd.circuit, rnd.date, rnd.cancelled
        row.points_factor = format_points(rnd.points_factor)
        row.event = rnd.event
        row.points_scale_id = scale_ids[rnd.points_scale] if rnd.points_scale else None
        session.add(row)
        session.flush()
        kept.add(_id(row))
    removed = [r for r in existing if _id(r) not in kept]
    for row in removed:
        has_results = session.exec(select(t.Result.id).where(t.Result.round_id == row.id)).first()
        if has_results is not None:
            raise InputError(
                f"round '{row.name}' has results and cannot be removed",
                source=source,
                field="rounds",
            )
        session.delete(row)
    return added, updated, len(removed)


def _match_rounds(
    existing: list[t.Round], rounds: tuple[RoundDefinition, ...]
) -> list[t.Round | None]:
    """The stored round each defined round updates (None: a new round).

    A round is the same event by its name first, so renumbering the calendar (a round
    cancelled, two swapped) keeps every event's results with it; a round whose name is new
    takes the place of the round with its number, unless that round is still defined by name.
    """
    names = {rnd.name for rnd in rounds}
    by_name = {row.name: row for row in existing}
    by_number = {row.number: row for row in existing if row.number and row.name not in names}
    taken: set[int] = set()
    matched: list[t.Round | None] = []
    for rnd in rounds:
        found = by_name.get(rnd.name) or (by_number.get(rnd.number) if rnd.number else None)
        if found is not None and _id(found) in taken:
            found = None
        if found is not None:
            taken.add(_id(found))
        matched.append(found)
    return matched


def replace_penalties(
    *,
    session: Session,
    season_id: int,
    penalties: Iterable[PenaltyDefinition],
    source: str | None,
) -> int:
    """The season's penalties become these (rounds by number); returns how many."""
    rounds = {
        rnd.number: rnd.id
        for rnd in session.exec(select(t.Round).where(t.Round.season_id == season_id))
        if rnd.number is not None
    }
    for old in session.exec(select(t.Penalty).where(t.Penalty.season_id == season_id)):
        session.delete(old)
    session.flush()
    count = 0
    for penalty in penalties:
        if penalty.round_number is not None and penalty.round_number not in rounds:
            raise InputError(
                f"the season has no round {penalty.round_number}", source=source, field="round"
            )
        session.add(
            t.Penalty(
                season_id=season_id,
                championship=penalty.championship,
                class_name=penalty.class_name,
                competitor=penalty.competitor,
                round_id=rounds.get(penalty.round_number) if penalty.round_number else None,
                points=format_points(penalty.points),
                excluded=penalty.excluded,
                reason=penalty.reason,
            )
        )
        count += 1
    session.flush()
    return count
