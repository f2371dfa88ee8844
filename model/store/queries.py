"""Read services: the rows the editor's tables show, as plain values."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

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
    pole: bool = False
    fastest_lap: bool = False
    qualifying_pos: int | None = None
    ineligible: str = ""  # stored form: the championships it is not registered for
    own_drivers: bool = False  # False: `drivers` are the entry's nominated drivers
    short_drives: frozenset[str] = frozenset()  # drivers short of the minimum drive time


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


def lines_of_round(
    data: SeasonData, round_id: int, result_ids: Collection[int] | None = None
) -> list[ResultLine]:
    """The round's results (only `result_ids`, when given) as the editor's rows, in the order
    they were entered."""
    entries = data.entries
    return [
        ResultLine(
            result_id=r.result_id,
            round_id=round_id,
            entry_id=r.entry_id,
            class_name=entry.class_name,
            class_pos=r.class_pos,
            car=entry.car_number,
            team=entry.team,
            chassis=entry.chassis,
            engine=entry.engine,
            drivers=r.drivers or entry.drivers,
            laps=r.laps,
            status=r.status,
            overall_pos=r.overall_pos,
            note=r.note,
            pole=r.pole,
            fastest_lap=r.fastest_lap,
            qualifying_pos=r.qualifying_pos,
            ineligible=" ".join(sorted(r.ineligible)),
            own_drivers=bool(r.drivers),
            short_drives=r.short_drives,
        )
        for r in data.results
        if r.round_id == round_id and (result_ids is None or r.result_id in result_ids)
        for entry in (entries[r.entry_id],)
    ]


def driver_names(*, session: Session) -> list[str]:
    """Every driver the document knows, by name: the register a drivers cell completes from."""
    return list(session.exec(select(t.Driver.name).order_by(col(t.Driver.name))))


def car_sort_key(car: str | None) -> tuple[int, int, str]:
    """Car numbers in numeric order ('3' before '23'), leading zeros and letters kept apart."""
    if car is None:
        return (2, 0, "")
    digits = car.lstrip("0") or "0"
    return (0, int(digits), car) if car.isdigit() else (1, 0, car)


def _id(value: int | None) -> int:
    assert value is not None
    return value
