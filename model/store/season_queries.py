"""The statements a season is read with: one per kind of row, in the order the loader
(model.store.season_data) builds its values from them."""

from __future__ import annotations

from sqlalchemy import BindParameter, Integer, bindparam, select
from sqlmodel import col

from model.store import tables as t

_SEASON_ID: BindParameter[int] = bindparam("season_id", type_=Integer)

SEASON_QUERY = (
    select(
        col(t.Series.name),
        col(t.Season.year),
        col(t.Season.rules),
        col(t.Season.row_version),
    )
    .join(t.Series, col(t.Series.id) == col(t.Season.series_id))
    .where(col(t.Season.id) == _SEASON_ID)
)

CLASSES_QUERY = (
    select(col(t.SeasonClass.name), col(t.SeasonClass.id))
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
        col(t.PointsScale.id),
        col(t.Round.points_factor),
        col(t.Round.event),
        col(t.Round.official_at),
        col(t.Round.official_by),
        col(t.Round.row_version),  # last, as in every statement read with versions
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
        col(t.Entry.manufacturer),
        col(t.Driver.name),
        col(t.Entry.row_version),  # last, as in every statement read with versions
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
        col(t.Result.note),
        col(t.Result.qualifying_pos),
        col(t.Result.ineligible),
        col(t.Driver.name),
        col(t.ResultDriver.short_drive),
        col(t.Result.row_version),  # last, as in every statement read with versions
    )
    .join(t.Round, col(t.Round.id) == col(t.Result.round_id))
    .outerjoin(t.ResultDriver, col(t.ResultDriver.result_id) == col(t.Result.id))
    .outerjoin(t.Driver, col(t.Driver.id) == col(t.ResultDriver.driver_id))
    .where(col(t.Round.season_id) == _SEASON_ID)
    .order_by(col(t.Result.id), col(t.ResultDriver.seat))
)

SCALES_QUERY = select(
    col(t.PointsScale.id),
    col(t.PointsScale.name),
    col(t.PointsScale.points),
    col(t.PointsScale.row_version),
).where(col(t.PointsScale.season_id) == _SEASON_ID)

PENALTIES_QUERY = (
    select(
        col(t.Penalty.id),
        col(t.Penalty.championship),
        col(t.Penalty.class_name),
        col(t.Penalty.competitor),
        col(t.Penalty.round_id),
        col(t.Penalty.points),
        col(t.Penalty.excluded),
        col(t.Penalty.reason),
        col(t.Penalty.row_version),
    )
    .where(col(t.Penalty.season_id) == _SEASON_ID)
    .order_by(col(t.Penalty.id))
)

ACCEPTED_QUERY = (
    select(
        col(t.AcceptedProblem.id),
        col(t.AcceptedProblem.key),
        col(t.AcceptedProblem.who),
        col(t.AcceptedProblem.why),
        col(t.AcceptedProblem.at),
    )
    .where(col(t.AcceptedProblem.season_id) == _SEASON_ID)
    .order_by(col(t.AcceptedProblem.id))
)

LOADER_QUERIES = (
    SEASON_QUERY,
    CLASSES_QUERY,
    ROUNDS_QUERY,
    ENTRIES_QUERY,
    RESULTS_QUERY,
    SCALES_QUERY,
    PENALTIES_QUERY,
    ACCEPTED_QUERY,
)
