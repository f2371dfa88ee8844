"""A season as a definition (what a season.json holds), read from the document or built by the
editor's dialogs, and the checks a definition the editor built must pass before it is stored:
each failure names its field, and nothing is changed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from model.errors import InputError, quoted
from model.io.limits import FIRST_YEAR, LAST_YEAR, MAX_TABLE_ROWS
from model.io.season_definition import RoundDefinition, SeasonDefinition
from model.io.textfiles import field_problem
from model.scoring.points import ZERO, format_points, to_points
from model.scoring.rules import SeasonRules
from model.store.season_data import SeasonData

SETUP = "Season set-up"  # what error messages name as the input's source
Scales = dict[str, tuple[Decimal, ...]]


def definition_of(data: SeasonData) -> SeasonDefinition:
    """The season as a definition, calendar order kept (penalties are left out: a definition
    without them leaves the season's penalties as they are)."""
    rounds = tuple(
        RoundDefinition(
            r.number,
            r.name,
            r.circuit,
            r.date,
            r.scale_name or None,
            r.cancelled,
            r.factor,
            r.event,
        )
        for r in data.rounds
    )
    return SeasonDefinition(
        data.series, data.year, data.classes, dict(data.scales), data.rules, rounds
    )


def copied_definition(
    data: SeasonData, *, year: int, series: str | None = None
) -> SeasonDefinition:
    """The season as another year: classes, scales and rules as they are, the calendar with
    every date moved by the years between (29 February becomes the 28th)."""
    shift = year - data.year
    base = definition_of(data)
    rounds = tuple(replace(r, date=_shifted(r.date, shift)) for r in base.rounds)
    return replace(base, series=series or base.series, year=year, rounds=rounds)


def _shifted(date: dt.date | None, years: int) -> dt.date | None:
    if date is None:
        return None
    year = date.year + years
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return None
    try:
        return date.replace(year=year)
    except ValueError:  # 29 February in a year without one
        return date.replace(year=year, day=28)


def error(field_name: str, message: str, source: str) -> InputError:
    return InputError(message, source=source, field=field_name)


def _name(value: str, field_name: str, source: str) -> str:
    name = value.strip()
    if not name:
        raise error(field_name, "is empty", source)
    problem = field_problem(name)
    if problem is not None:
        raise error(field_name, problem, source)
    return name


def check_names(names: Sequence[str], field_name: str, kind: str, source: str) -> tuple[str, ...]:
    """Names stripped, each storable and none twice (ignoring case: GT and gt are one class)."""
    seen: dict[str, str] = {}
    for index, raw in enumerate(names):
        name = _name(raw, f"{field_name}[{index}]", source)
        if name.casefold() in seen:
            raise error(f"{field_name}[{index}]", f"{kind} {quoted(name)} is listed twice", source)
        seen[name.casefold()] = name
    return tuple(seen.values())


def checked_points(
    points: Sequence[Any], field_name: str, source: str = SETUP
) -> tuple[Decimal, ...]:
    """A scale's points: at least one place, none negative, at most two decimals."""
    if not points:
        raise error(field_name, "has no points: give one value per place, e.g. 25-18-15", source)
    if len(points) > MAX_TABLE_ROWS:
        raise error(field_name, f"has more than {MAX_TABLE_ROWS:,} places", source)
    values = []
    for place, value in enumerate(points, start=1):
        try:
            scored = to_points(value)
        except ValueError as bad:
            raise error(field_name, f"place {place}: {bad}", source) from None
        if scored < ZERO:
            raise error(field_name, f"place {place}: points cannot be negative", source)
        values.append(scored)
    return tuple(values)


_SEPARATORS = re.compile(r"[,;\s]+")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def points_from_text(
    text: str, *, field_name: str = "points", source: str = SETUP
) -> tuple[Decimal, ...]:
    """A scale as people write it: 26-22-19-16, or 25, 18, 15, or 12.5 10 8."""
    values: list[str] = []
    for piece in _SEPARATORS.split(text.strip()):
        if piece.startswith("-"):
            raise error(field_name, f"{quoted(piece)}: points cannot be negative", source)
        for part in piece.split("-") if piece else ():
            if not _NUMBER.fullmatch(part):
                found = "nothing between two dashes" if not part else quoted(part)
                raise error(
                    field_name, f"expected points such as 25 or 12.5, found {found}", source
                )
            values.append(part)
    return checked_points(values, field_name, source)


def points_text(points: Sequence[Decimal]) -> str:
    """A scale as the editor shows it: 26-22-19-16."""
    return "-".join(format_points(p) for p in points)


def checked_definition(definition: SeasonDefinition, source: str = SETUP) -> SeasonDefinition:
    """The definition with its names stripped, or InputError naming the first bad field."""
    series = _name(definition.series, "series", source)
    if not FIRST_YEAR <= definition.year <= LAST_YEAR:
        message = f"must be from {FIRST_YEAR} to {LAST_YEAR}, found {definition.year}"
        raise error("year", message, source)
    if not definition.classes:
        raise error("classes", "a season needs at least one class", source)
    classes = check_names(definition.classes, "classes", "class", source)
    names = check_names(tuple(definition.points_scales), "points_scales", "points scale", source)
    if not names:
        raise error("points_scales", "a season needs at least one points scale", source)
    scales = {
        name: checked_points(points, f"points_scales.{name}", source)
        for name, points in zip(names, definition.points_scales.values(), strict=True)
    }
    _check_rules(definition.rules, scales, source)
    for index, rnd in enumerate(definition.rounds):
        where = f"rounds[{index}]"
        if rnd.points_scale is not None and rnd.points_scale not in scales:
            said = f"round {rnd.number or '(cancelled)'} {quoted(rnd.name)}"
            message = f"{said} is scored on points scale {quoted(rnd.points_scale)}, which is gone"
            raise error(f"{where}.points_scale", message, source)
        if rnd.points_factor <= ZERO:
            raise error(f"{where}.points_factor", "must be more than 0", source)
    return replace(definition, series=series, classes=classes, points_scales=scales)


def _check_rules(rules: SeasonRules, scales: Scales, source: str) -> None:
    for championship in (None, *(name for name, _ in rules.championships)):
        own = rules if championship is None else rules.for_championship(championship)
        name = own.qualifying_points
        if name is not None and name not in scales:
            where = "rules" if championship is None else f"championships.{championship}"
            message = f"names points scale {quoted(name)}, which the season does not have"
            raise error(f"{where}.qualifying_points", message, source)
