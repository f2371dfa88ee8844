"""Read services: the rows the editor's tables show, as plain values."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from model.scoring.rules import Status
from model.store import tables as t
from model.store.season_data import SeasonData


@dataclass(frozen=True)
class RoundLine:
    round_id: int
    number: int | None
    name: str
    circuit: str
    date: dt.date | None
    scale: str
    cancelled: bool


@dataclass(frozen=True)
class EntryLine:
    entry_id: int
    car: str | None
    team: str
    class_name: str
    chassis: str
    engine: str
    drivers: tuple[str, ...]
    results: int


@dataclass(frozen=True)
class ResultLine:
    result_id: int
    round_id: int
    entry_id: int
    class_name: str
    class_pos: int | None
    car: str | None
    team: str
    chassis: str
    engine: str
    drivers: tuple[str, ...]
    laps: int | None
    status: Status
    overall_pos: int | None
    note: str | None


def calendar(*, session: Session, season_id: int) -> list[RoundLine]:
    rows = session.exec(
        select(t.Round, t.PointsScale.name)
        .outerjoin(t.PointsScale, col(t.PointsScale.id) == col(t.Round.points_scale_id))
        .where(t.Round.season_id == season_id)
        .order_by(col(t.Round.calendar_order))
    )
    return [
        RoundLine(_id(r.id), r.number, r.name, r.circuit, r.date, scale or "", r.cancelled)
        for r, scale in rows
    ]


def entry_lines(data: SeasonData) -> list[EntryLine]:
    """The season's entry list, in class order then car number, with each entry's results."""
    counts: dict[int, int] = defaultdict(int)
    for result in data.results:
        counts[result.entry_id] += 1
    order = {name: index for index, name in enumerate(data.classes)}
    lines = [
        EntryLine(
            e.id, e.car_number, e.team, e.class_name, e.chassis, e.engine, e.drivers, counts[e.id]
        )
        for e in data.entries.values()
    ]
    lines.sort(key=lambda e: (order.get(e.class_name, 99), car_sort_key(e.car), e.team, e.entry_id))
    return lines


def result_lines(*, session: Session, round_id: int) -> list[ResultLine]:
    """Every result of one round, in the order they were entered."""
    drivers = _result_drivers(session, round_id)
    entry_drivers = _entry_drivers_of_round(session, round_id)
    rows = session.execute(
        sa_select(
            col(t.Result.id),
            col(t.Result.entry_id),
            col(t.SeasonClass.name),
            col(t.Result.class_pos),
            col(t.Entry.car_number),
            col(t.Team.name),
            col(t.Entry.chassis),
            col(t.Entry.engine),
            col(t.Result.laps),
            col(t.Result.status),
            col(t.Result.overall_pos),
            col(t.Result.note),
        )
        .join(t.Entry, col(t.Entry.id) == col(t.Result.entry_id))
        .join(t.Team, col(t.Team.id) == col(t.Entry.team_id))
        .join(t.SeasonClass, col(t.SeasonClass.id) == col(t.Entry.class_id))
        .where(col(t.Result.round_id) == round_id)
        .order_by(col(t.Result.id))
    ).all()
    return [
        ResultLine(
            result_id=rid,
            round_id=round_id,
            entry_id=entry_id,
            class_name=cls,
            class_pos=pos,
            car=car,
            team=team,
            chassis=chassis,
            engine=engine,
            drivers=drivers.get(rid) or entry_drivers.get(entry_id, ()),
            laps=laps,
            status=Status(status),
            overall_pos=overall,
            note=note,
        )
        for rid, entry_id, cls, pos, car, team, chassis, engine, laps, status, overall, note in rows
    ]


def car_sort_key(car: str | None) -> tuple[int, int, str]:
    """Car numbers in numeric order ('3' before '23'), leading zeros and letters kept apart."""
    if car is None:
        return (2, 0, "")
    digits = car.lstrip("0") or "0"
    return (0, int(digits), car) if car.isdigit() else (1, 0, car)


def _id(value: int | None) -> int:
    assert value is not None
    return value


def _entry_drivers_of_round(session: Session, round_id: int) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = defaultdict(list)
    for entry_id, name in session.exec(
        select(t.EntryDriver.entry_id, t.Driver.name)
        .join(t.Driver)
        .join(t.Result, col(t.Result.entry_id) == col(t.EntryDriver.entry_id))
        .where(t.Result.round_id == round_id)
        .order_by(col(t.EntryDriver.entry_id), col(t.EntryDriver.seat))
    ):
        found[entry_id].append(name)
    return {k: tuple(v) for k, v in found.items()}


def _result_drivers(session: Session, round_id: int) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = defaultdict(list)
    for result_id, name in session.exec(
        select(t.ResultDriver.result_id, t.Driver.name)
        .join(t.Driver)
        .join(t.Result)
        .where(t.Result.round_id == round_id)
        .order_by(col(t.ResultDriver.result_id), col(t.ResultDriver.seat))
    ):
        found[result_id].append(name)
    return {k: tuple(v) for k, v in found.items()}
