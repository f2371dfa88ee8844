"""A season read out of the document as plain, immutable values: the standings engine's input."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session, col

from model import tables as t
from model.errors import NotFoundError
from model.rules import DistanceReference, SeasonRules, Status, TeamPositions, TeamScoring, TieBreak


@dataclass(frozen=True)
class RoundInfo:
    id: int
    number: int | None
    name: str
    scale: tuple[int, ...]
    cancelled: bool = False


@dataclass(frozen=True)
class EntryInfo:
    id: int
    class_name: str
    team: str
    car_number: str | None
    chassis: str
    engine: str
    drivers: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResultInfo:
    round_id: int
    entry_id: int
    class_pos: int | None
    status: Status = Status.CLASSIFIED
    overall_pos: int | None = None
    laps: int | None = None
    pole: bool = False
    fastest_lap: bool = False
    drivers: tuple[str, ...] = ()


@dataclass(frozen=True)
class SeasonData:
    """One season's calendar, entries, results and rules, in calendar order."""

    series: str
    year: int
    classes: tuple[str, ...]
    rules: SeasonRules
    rounds: tuple[RoundInfo, ...]
    entries: dict[int, EntryInfo]
    results: tuple[ResultInfo, ...]

    @property
    def numbered_rounds(self) -> tuple[RoundInfo, ...]:
        """The rounds that score, in round-number order; a cancelled round has no number."""
        scored = [r for r in self.rounds if r.number is not None and not r.cancelled]
        return tuple(sorted(scored, key=lambda r: r.number or 0))


def rules_of(season: t.Season) -> SeasonRules:
    return SeasonRules(
        min_distance_pct=season.min_distance_pct,
        distance_reference=DistanceReference(season.distance_reference),
        team_scoring=TeamScoring(season.team_scoring),
        team_positions=TeamPositions(season.team_positions),
        scoring_statuses=frozenset(Status(s) for s in season.scoring_statuses),
        best_results=season.best_results,
        pole_points=season.pole_points,
        fastest_lap_points=season.fastest_lap_points,
        tie_break=TieBreak(season.tie_break),
    )


def load_season_data(*, session: Session, season_id: int) -> SeasonData:
    """Read everything the standings need for one season, with one query per table."""
    season = session.get(t.Season, season_id)
    if season is None:
        raise NotFoundError(f"no season with id {season_id}")
    series = session.get(t.Series, season.series_id)
    classes = session.execute(
        select(col(t.SeasonClass.name))
        .where(col(t.SeasonClass.season_id) == season_id)
        .order_by(col(t.SeasonClass.sort_order), col(t.SeasonClass.id))
    ).scalars()
    return SeasonData(
        series=series.name if series else "",
        year=season.year,
        classes=tuple(classes),
        rules=rules_of(season),
        rounds=_load_rounds(session, season_id),
        entries=_load_entries(session, season_id),
        results=_load_results(session, season_id),
    )


def _load_rounds(session: Session, season_id: int) -> tuple[RoundInfo, ...]:
    rows = session.execute(
        select(
            col(t.Round.id),
            col(t.Round.number),
            col(t.Round.name),
            col(t.PointsScale.points),
            col(t.Round.cancelled),
        )
        .outerjoin(t.PointsScale, col(t.PointsScale.id) == col(t.Round.points_scale_id))
        .where(col(t.Round.season_id) == season_id)
        .order_by(col(t.Round.calendar_order))
    )
    return tuple(
        RoundInfo(id=rid, number=num, name=name, scale=tuple(points or ()), cancelled=cancelled)
        for rid, num, name, points, cancelled in rows
    )


def _load_entries(session: Session, season_id: int) -> dict[int, EntryInfo]:
    drivers: dict[int, list[str]] = defaultdict(list)
    for entry_id, name in session.execute(
        select(col(t.EntryDriver.entry_id), col(t.Driver.name))
        .join(t.Driver, col(t.Driver.id) == col(t.EntryDriver.driver_id))
        .join(t.Entry, col(t.Entry.id) == col(t.EntryDriver.entry_id))
        .where(col(t.Entry.season_id) == season_id)
        .order_by(col(t.EntryDriver.entry_id), col(t.EntryDriver.seat))
    ):
        drivers[entry_id].append(name)
    rows = session.execute(
        select(
            col(t.Entry.id),
            col(t.SeasonClass.name),
            col(t.Team.name),
            col(t.Entry.car_number),
            col(t.Entry.chassis),
            col(t.Entry.engine),
        )
        .join(t.SeasonClass, col(t.SeasonClass.id) == col(t.Entry.class_id))
        .join(t.Team, col(t.Team.id) == col(t.Entry.team_id))
        .where(col(t.Entry.season_id) == season_id)
    )
    return {
        eid: EntryInfo(eid, cls, team, car, chassis, engine, tuple(drivers.get(eid, ())))
        for eid, cls, team, car, chassis, engine in rows
    }


def _load_results(session: Session, season_id: int) -> tuple[ResultInfo, ...]:
    drivers: dict[int, list[str]] = defaultdict(list)
    for result_id, name in session.execute(
        select(col(t.ResultDriver.result_id), col(t.Driver.name))
        .join(t.Driver, col(t.Driver.id) == col(t.ResultDriver.driver_id))
        .join(t.Result, col(t.Result.id) == col(t.ResultDriver.result_id))
        .join(t.Round, col(t.Round.id) == col(t.Result.round_id))
        .where(col(t.Round.season_id) == season_id)
        .order_by(col(t.ResultDriver.result_id), col(t.ResultDriver.seat))
    ):
        drivers[result_id].append(name)
    rows = session.execute(
        select(
            col(t.Result.id),
            col(t.Result.round_id),
            col(t.Result.entry_id),
            col(t.Result.class_pos),
            col(t.Result.status),
            col(t.Result.overall_pos),
            col(t.Result.laps),
            col(t.Result.pole),
            col(t.Result.fastest_lap),
        )
        .join(t.Round, col(t.Round.id) == col(t.Result.round_id))
        .where(col(t.Round.season_id) == season_id)
    )
    return tuple(
        ResultInfo(
            round_id,
            entry_id,
            class_pos,
            Status(status),
            overall,
            laps,
            bool(pole),
            bool(fastest),
            tuple(drivers.get(rid, ())),
        )
        for rid, round_id, entry_id, class_pos, status, overall, laps, pole, fastest in rows
    )
