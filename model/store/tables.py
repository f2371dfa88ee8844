"""Storage: the sqlmodel tables of one Pitboard document.

A document holds any number of series and seasons. Rules live on the season and its points
scales, so a season with different scoring needs data, not code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from model.scoring.rules import SeasonRules


class Series(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)


class Season(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("series_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    row_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    series_id: int = Field(foreign_key="series.id", index=True)
    year: int
    # The rules, as one JSON object (model.scoring.rules.SeasonRules.to_json()).
    rules: dict[str, Any] = Field(
        default_factory=lambda: SeasonRules().to_json(), sa_column=Column(JSON, nullable=False)
    )


class SeasonClass(SQLModel, table=True):
    __tablename__ = "season_class"
    __table_args__ = (UniqueConstraint("season_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    row_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    season_id: int = Field(foreign_key="season.id", index=True)
    name: str
    sort_order: int = 0


class PointsScale(SQLModel, table=True):
    __tablename__ = "points_scale"
    __table_args__ = (UniqueConstraint("season_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    row_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    season_id: int = Field(foreign_key="season.id", index=True)
    name: str
    # Points per place: whole numbers, or decimals with at most two places (12.5).
    points: list[int | float] = Field(sa_column=Column(JSON, nullable=False))


class Round(SQLModel, table=True):
    """One event of the calendar. A cancelled round keeps its place but has no number."""

    __table_args__ = (UniqueConstraint("season_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    row_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    season_id: int = Field(foreign_key="season.id", index=True)
    number: int | None = None
    calendar_order: int
    name: str
    circuit: str = ""
    date: dt.date | None = None
    points_scale_id: int | None = Field(default=None, foreign_key="points_scale.id")
    cancelled: bool = False
    # The scale's points are multiplied by this (0.5: half points; 2: double), kept as text
    # so it stays exact.
    points_factor: str = Field(default="1", sa_column_kwargs={"server_default": "1"})
    # Where a round has several races (sprint and main race), each race is a row of its own,
    # numbered through the calendar, and `event` is the number of the round it is part of.
    event: int | None = None
    # A round is provisional until marked official: when (UTC, ISO 8601) and by whom.
    official_at: str | None = None
    official_by: str = Field(default="", sa_column_kwargs={"server_default": ""})


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    row_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    name: str = Field(unique=True, index=True)
    short_name: str = Field(default="", sa_column_kwargs={"server_default": ""})
    nationality: str = Field(default="", sa_column_kwargs={"server_default": ""})  # ISO 3166


class Driver(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    row_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    name: str = Field(unique=True, index=True)
    short_name: str = Field(default="", sa_column_kwargs={"server_default": ""})
    nationality: str = Field(default="", sa_column_kwargs={"server_default": ""})  # ISO 3166


class Entry(SQLModel, table=True):
    """A car as entered for a season: one team, one class, one chassis and engine.

    A team that changes chassis or engine during the season gets a further entry, so each
    result records exactly what raced. The car number is text (leading zeros matter) and
    may be unknown.
    """

    id: int | None = Field(default=None, primary_key=True)
    row_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    season_id: int = Field(foreign_key="season.id", index=True)
    class_id: int = Field(foreign_key="season_class.id", index=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    car_number: str | None = None
    chassis: str = ""
    engine: str = ""
    # Empty: the first word of the chassis.
    manufacturer: str = Field(default="", sa_column_kwargs={"server_default": ""})


class EntryDriver(SQLModel, table=True):
    __tablename__ = "entry_driver"

    entry_id: int = Field(foreign_key="entry.id", primary_key=True, ondelete="CASCADE")
    driver_id: int = Field(foreign_key="driver.id", primary_key=True)
    seat: int = 0


class Result(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("round_id", "entry_id"),
        CheckConstraint("laps IS NULL OR laps >= 0", name="laps_not_negative"),
        CheckConstraint("class_pos IS NULL OR class_pos >= 1", name="class_pos_positive"),
        CheckConstraint("overall_pos IS NULL OR overall_pos >= 1", name="overall_pos_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    row_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    round_id: int = Field(foreign_key="round.id", index=True)
    entry_id: int = Field(foreign_key="entry.id", index=True)
    class_pos: int | None = None
    overall_pos: int | None = None
    laps: int | None = None
    status: str = "classified"
    note: str | None = None
    pole: bool = False
    fastest_lap: bool = False
    qualifying_pos: int | None = None
    # Championships the car is not registered for, space-separated ("teams manufacturers"):
    # it keeps its place there and scores nothing.
    ineligible: str = Field(default="", sa_column_kwargs={"server_default": ""})


class ResultDriver(SQLModel, table=True):
    """Who drove the car in that race, when it differs from the entry's nominated drivers."""

    __tablename__ = "result_driver"

    result_id: int = Field(foreign_key="result.id", primary_key=True, ondelete="CASCADE")
    driver_id: int = Field(foreign_key="driver.id", primary_key=True)
    seat: int = 0
    # Missed the minimum drive time: scores nothing for the round.
    short_drive: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class Penalty(SQLModel, table=True):
    """Points taken from one competitor of one class (a team, driver, manufacturer or car),
    in one championship or all of them, for one round or the season; or its exclusion."""

    id: int | None = Field(default=None, primary_key=True)
    row_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    season_id: int = Field(foreign_key="season.id", index=True)
    championship: str = "all"  # "teams", "drivers", "manufacturers" or "all"
    class_name: str
    competitor: str
    round_id: int | None = Field(default=None, foreign_key="round.id")
    points: str = "0"  # exact decimal text, e.g. "-10" or "-2.5"
    excluded: bool = False
    reason: str = ""


class AcceptedProblem(SQLModel, table=True):
    """A problem the user looked at and accepted (a position nobody holds, a car short of the
    distance that really was): who, when and why. `key` names the problem so that it stays
    accepted through unrelated edits (model.scoring.problems Problem.key)."""

    __tablename__ = "accepted_problem"
    __table_args__ = (UniqueConstraint("season_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    season_id: int = Field(foreign_key="season.id", index=True)
    key: str
    who: str = ""
    why: str = ""
    at: str  # UTC, ISO 8601


class ClassAlias(SQLModel, table=True):
    """A class name as a timing file spells it, and the season class it means, per series."""

    __tablename__ = "class_alias"
    __table_args__ = (UniqueConstraint("series_id", "file_class"),)

    id: int | None = Field(default=None, primary_key=True)
    series_id: int = Field(foreign_key="series.id", index=True)
    file_class: str
    season_class: str


class ChangeLog(SQLModel, table=True):
    """One line of the document's history: append-only (triggers refuse updates and deletes)."""

    __tablename__ = "change_log"

    id: int | None = Field(default=None, primary_key=True)
    at: str = Field(index=True)  # UTC, ISO 8601, to the microsecond
    author: str = ""
    host: str = Field(default="", sa_column_kwargs={"server_default": ""})  # the laptop's name
    step: str = ""  # the undo step it belongs to, as the Edit menu names it
    season_id: int | None = Field(default=None, index=True)
    round_id: int | None = Field(default=None, index=True)
    subject: str  # "result" or "entry"
    subject_id: int
    action: str  # "added", "changed" or "removed"
    field: str | None = None
    old: str | None = None  # JSON
    new: str | None = None  # JSON
