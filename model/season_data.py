"""A season read out of the document as plain, immutable values: the standings engine's input.

The loader runs on every edit in the editor, so it reads with a few prepared statements (one per
kind of row) and builds light tuples rather than ORM objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import BindParameter, Integer, bindparam, select
from sqlmodel import Session, col

from model import tables as t
from model.errors import NotFoundError
from model.prepared import PreparedQuery, json_value
from model.rules import DistanceReference, SeasonRules, Status, TeamPositions, TeamScoring, TieBreak


class RoundInfo(NamedTuple):
    id: int
    number: int | None
    name: str
    scale: tuple[int, ...]
    cancelled: bool = False
    circuit: str = ""
    date: dt.date | None = None
    scale_name: str = ""


class EntryInfo(NamedTuple):
    id: int
    class_name: str
    team: str
    car_number: str | None
    chassis: str
    engine: str
    drivers: tuple[str, ...] = ()


class ResultInfo(NamedTuple):
    round_id: int
    entry_id: int
    class_pos: int | None
    status: Status = Status.CLASSIFIED
    overall_pos: int | None = None
    laps: int | None = None
    pole: bool = False
    fastest_lap: bool = False
    drivers: tuple[str, ...] = ()
    result_id: int = 0


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


_SEASON_ID: BindParameter[int] = bindparam("season_id", type_=Integer)

SEASON_QUERY = (
    select(
        col(t.Series.name),
        col(t.Season.year),
        col(t.Season.min_distance_pct),
        col(t.Season.distance_reference),
        col(t.Season.team_scoring),
        col(t.Season.team_positions),
        col(t.Season.scoring_statuses),
        col(t.Season.best_results),
        col(t.Season.pole_points),
        col(t.Season.fastest_lap_points),
        col(t.Season.tie_break),
    )
    .join(t.Series, col(t.Series.id) == col(t.Season.series_id))
    .where(col(t.Season.id) == _SEASON_ID)
)

CLASSES_QUERY = (
    select(col(t.SeasonClass.name))
    .where(col(t.SeasonClass.season_id) == _SEASON_ID)
    .order_by(col(t.SeasonClass.sort_order), col(t.SeasonClass.id))
)

ROUNDS_QUERY = (
    select(
        col(t.Round.id),
        col(t.Round.number),
        col(t.Round.name),
        col(t.PointsScale.points),
        col(t.Round.cancelled),
        col(t.Round.circuit),
        col(t.Round.date),
        col(t.PointsScale.name),
    )
    .outerjoin(t.PointsScale, col(t.PointsScale.id) == col(t.Round.points_scale_id))
    .where(col(t.Round.season_id) == _SEASON_ID)
    .order_by(col(t.Round.calendar_order))
)

ENTRIES_QUERY = (
    select(
        col(t.Entry.id),
        col(t.SeasonClass.name),
        col(t.Team.name),
        col(t.Entry.car_number),
        col(t.Entry.chassis),
        col(t.Entry.engine),
        col(t.Driver.name),
    )
    .join(t.SeasonClass, col(t.SeasonClass.id) == col(t.Entry.class_id))
    .join(t.Team, col(t.Team.id) == col(t.Entry.team_id))
    .outerjoin(t.EntryDriver, col(t.EntryDriver.entry_id) == col(t.Entry.id))
    .outerjoin(t.Driver, col(t.Driver.id) == col(t.EntryDriver.driver_id))
    .where(col(t.Entry.season_id) == _SEASON_ID)
    .order_by(col(t.Entry.id), col(t.EntryDriver.seat))
)

RESULTS_QUERY = (
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
        col(t.Driver.name),
    )
    .join(t.Round, col(t.Round.id) == col(t.Result.round_id))
    .outerjoin(t.ResultDriver, col(t.ResultDriver.result_id) == col(t.Result.id))
    .outerjoin(t.Driver, col(t.Driver.id) == col(t.ResultDriver.driver_id))
    .where(col(t.Round.season_id) == _SEASON_ID)
    .order_by(col(t.Result.id), col(t.ResultDriver.seat))
)

LOADER_QUERIES = (SEASON_QUERY, CLASSES_QUERY, ROUNDS_QUERY, ENTRIES_QUERY, RESULTS_QUERY)
_SEASON, _CLASSES, _ROUNDS, _ENTRIES, _RESULTS = (PreparedQuery(q) for q in LOADER_QUERIES)

_STATUSES = {status.value: status for status in Status}


def _rules(
    min_distance_pct: float | None,
    distance_reference: str,
    team_scoring: str,
    team_positions: str,
    scoring_statuses: Iterable[str],
    best_results: int | None,
    pole_points: int,
    fastest_lap_points: int,
    tie_break: str,
) -> SeasonRules:
    return SeasonRules(
        min_distance_pct=min_distance_pct,
        distance_reference=DistanceReference(distance_reference),
        team_scoring=TeamScoring(team_scoring),
        team_positions=TeamPositions(team_positions),
        scoring_statuses=frozenset(Status(s) for s in scoring_statuses),
        best_results=best_results,
        pole_points=pole_points,
        fastest_lap_points=fastest_lap_points,
        tie_break=TieBreak(tie_break),
    )


def load_season_data(*, session: Session, season_id: int) -> SeasonData:
    """Read everything the standings need for one season."""
    connection = session.connection()
    params = {"season_id": season_id}
    season = _SEASON.rows(connection, params)
    if not season:
        raise NotFoundError(f"no season with id {season_id}")
    series, year, pct, reference, team_scoring, positions, statuses, *rest = season[0]
    rules = _rules(pct, reference, team_scoring, positions, json_value(statuses), *rest)
    return SeasonData(
        series=series,
        year=year,
        classes=tuple(name for (name,) in _CLASSES.rows(connection, params)),
        rules=rules,
        rounds=tuple(_round(row) for row in _ROUNDS.rows(connection, params)),
        entries=_entries(_ENTRIES.rows(connection, params)),
        results=_results(_RESULTS.rows(connection, params)),
    )


def _round(row: Any) -> RoundInfo:
    round_id, number, name, points, cancelled, circuit, date, scale_name = row
    if isinstance(date, str):  # drivers that hand dates over as ISO text
        date = dt.date.fromisoformat(date)
    scale = tuple(json_value(points) or ())
    return RoundInfo(
        round_id, number, name, scale, bool(cancelled), circuit or "", date, scale_name or ""
    )


def _entries(rows: Iterable[Any]) -> dict[int, EntryInfo]:
    entries: dict[int, EntryInfo] = {}
    for eid, class_name, team, car, chassis, engine, driver in rows:
        known = entries.get(eid)
        if known is None:
            drivers = (driver,) if driver is not None else ()
            entries[eid] = EntryInfo(eid, class_name, team, car, chassis, engine, drivers)
        else:  # one row per driver of the entry
            entries[eid] = known._replace(drivers=(*known.drivers, driver))
    return entries


def _results(rows: Iterable[Any]) -> tuple[ResultInfo, ...]:
    results: list[ResultInfo] = []
    last_id = None
    for rid, round_id, entry_id, pos, status, overall, laps, pole, fastest, driver in rows:
        if rid == last_id:  # one row per driver of the result
            results[-1] = results[-1]._replace(drivers=(*results[-1].drivers, driver))
            continue
        drivers = (driver,) if driver is not None else ()
        results.append(
            ResultInfo(
                round_id,
                entry_id,
                pos,
                _STATUSES[status],
                overall,
                laps,
                bool(pole),
                bool(fastest),
                drivers,
                rid,
            )
        )
        last_id = rid
    return tuple(results)
