"""Reading a season definition (calendar, classes, points scales, rules) from JSON data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from model.errors import InputError
from model.io.jsonlines import LocatedDict
from model.io.limits import FIRST_YEAR, LAST_YEAR, MAX_WHOLE_NUMBER
from model.io.textfiles import field_problem
from model.scoring.points import ZERO, to_points
from model.scoring.rules import RULE_KEYS, Championship, RuleValueError, SeasonRules


@dataclass(frozen=True)
class RoundDefinition:
    number: int | None
    name: str
    circuit: str
    date: dt.date | None
    points_scale: str | None
    cancelled: bool
    points_factor: Decimal = Decimal(1)
    event: int | None = None  # the round a race is part of, where a round has several races


@dataclass(frozen=True)
class PenaltyDefinition:
    """A penalty as a season definition or a penalties file gives it (round by number)."""

    championship: str  # "all" or a championship's name
    class_name: str
    competitor: str
    round_number: int | None
    points: Decimal
    excluded: bool
    reason: str


@dataclass(frozen=True)
class SeasonDefinition:
    series: str
    year: int
    classes: tuple[str, ...]
    points_scales: dict[str, tuple[Decimal, ...]]
    rules: SeasonRules
    rounds: tuple[RoundDefinition, ...]
    penalties: tuple[PenaltyDefinition, ...] | None = None  # None: the file names none


class FieldReader:
    """Typed access to one JSON object, with errors that name the file, line and field."""

    def __init__(self, obj: Any, source: str, path: str, line: int | None = None) -> None:
        if not isinstance(obj, dict):
            raise InputError("expected a JSON object", source=source, line=line, field=path or None)
        self.obj = obj
        self.source = source
        self.path = path
        self.line = obj.line if isinstance(obj, LocatedDict) else line

    def error(self, key: str, message: str) -> InputError:
        field = f"{self.path}.{key}" if self.path else key
        return InputError(message, source=self.source, line=self.line, field=field)

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        if key not in self.obj or self.obj[key] is None:
            if default is ...:
                raise self.error(key, "is missing")
            return default
        value = self.obj[key]
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise self.error(key, f"expected {_kind_name(kind)}, found {value!r}")
        if not isinstance(value, kind):
            raise self.error(key, f"expected {_kind_name(kind)}, found {value!r}")
        return value

    def whole(
        self, key: str, minimum: int, maximum: int = MAX_WHOLE_NUMBER, default: Any = ...
    ) -> Any:
        """A whole number within bounds: SQLite cannot store past 2**63, and nothing Pitboard
        counts comes near the maximum."""
        value = self.get(key, int, default)
        if isinstance(value, int) and not minimum <= value <= maximum:
            shown = f"{value:,}" if abs(value) < 10**20 else "a number far larger"
            raise self.error(key, f"must be from {minimum} to {maximum:,}, found {shown}")
        return value

    def text(self, key: str, default: Any = ...) -> Any:
        value = self.get(key, str, default)
        if isinstance(value, str) and not value.strip() and default is ...:
            raise self.error(key, "is empty")
        return value.strip() if isinstance(value, str) else value

    def child(self, key: str, value: Any) -> FieldReader:
        field = f"{self.path}.{key}" if self.path else key
        return FieldReader(value, self.source, field, self.line)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {
        int: "a whole number",
        str: "text",
        list: "a list",
        dict: "an object",
        bool: "true/false",
    }
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def parse_season_definition(data: Any, *, source: str) -> SeasonDefinition:
    """Validate season data shaped like the bundled season.json; raise InputError on faults."""
    top = FieldReader(data, source, "")
    check_texts(data, source, "", top.line)
    year = top.whole("season", FIRST_YEAR, LAST_YEAR)
    classes = _parse_classes(top)
    scales = _parse_scales(top)
    rules = _parse_rules(top, scales)
    rounds = _parse_rounds(top, scales)
    numbers = {rnd.number for rnd in rounds if rnd.number is not None}
    penalties = None
    if top.obj.get("penalties") is not None:
        penalties = tuple(
            parse_penalty(
                FieldReader(raw, source, f"penalties[{index}]", top.line), classes, numbers
            )
            for index, raw in enumerate(top.get("penalties", list))
        )
    return SeasonDefinition(top.text("series"), year, classes, scales, rules, rounds, penalties)


def _parse_classes(top: FieldReader) -> tuple[str, ...]:
    names = top.get("classes", list)
    if not names:
        raise top.error("classes", "a season needs at least one class")
    seen: list[str] = []
    for index, name in enumerate(names):
        if not isinstance(name, str) or not name.strip():
            raise top.error(f"classes[{index}]", f"expected a class name, found {name!r}")
        if name.strip() in seen:
            raise top.error(f"classes[{index}]", f"class '{name.strip()}' is listed twice")
        seen.append(name.strip())
    return tuple(seen)


def _parse_scales(top: FieldReader) -> dict[str, tuple[Decimal, ...]]:
    raw = top.get("points_scales", dict)
    scales: dict[str, tuple[Decimal, ...]] = {}
    for name, points in raw.items():
        field = f"points_scales.{name}"
        if not isinstance(points, list) or not points:
            raise top.error(field, "expected a list of points (whole numbers or decimals)")
        scale = []
        for value in points:
            try:
                scale.append(to_points(value))
            except ValueError as bad:
                raise top.error(field, f"expected points such as 25 or 12.5: {bad}") from None
        if any(p < ZERO for p in scale):
            raise top.error(field, "points cannot be negative")
        scales[name] = tuple(scale)
    if not scales:
        raise top.error("points_scales", "a season needs at least one points scale")
    return scales


def _parse_rules(top: FieldReader, scales: dict[str, tuple[Decimal, ...]]) -> SeasonRules:
    """The rules, and each championship's own (`championships`, beside or inside `rules`),
    read by the one reader the document's rules are read with."""
    rules = top.child("rules", top.get("rules", dict, {}))
    data = dict(rules.obj)
    beside = top.obj.get("championships") is not None
    if beside:
        if "championships" in data:
            raise top.error("championships", "is given both here and inside rules")
        data["championships"] = top.get("championships", dict)
    try:
        read = SeasonRules.from_json(data)
    except RuleValueError as bad:
        named = top if beside and bad.key.startswith("championships") else rules
        if bad.expected == "a rule this version knows":
            known = ", ".join(sorted(_RULE_KEYS))
            raise named.error(bad.key, f"unknown rule (known rules: {known})") from None
        raise named.error(bad.key, f"{bad.value!r} is not {bad.expected}") from None
    for name in {read.qualifying_points} | {
        dict(changed).get("qualifying_points") for _, changed in read.championships
    }:
        if name is not None and name not in scales:
            raise rules.error("qualifying_points", f"unknown points scale '{name}'")
    return read


_RULE_KEYS = {*RULE_KEYS, "team_scores", "lower_entries_keep_their_positions", "championships"}
_CHAMPIONSHIPS = ("all", *(c.value for c in Championship))


def parse_penalty(
    pen: FieldReader, classes: tuple[str, ...], rounds: set[int]
) -> PenaltyDefinition:
    """One penalty: championship ("all" by default), class, competitor, round (none: the
    season), points (negative to take them) or `excluded`, and the reason."""
    championship = pen.text("championship", "all").lower()
    if championship not in _CHAMPIONSHIPS:
        known = ", ".join(_CHAMPIONSHIPS)
        raise pen.error("championship", f"unknown championship '{championship}' ({known})")
    class_name = pen.text("class")
    if class_name not in classes:
        raise pen.error("class", f"unknown class '{class_name}' (classes: {', '.join(classes)})")
    number = pen.get("round", int, None)
    if number is not None and number not in rounds:
        raise pen.error("round", f"the season has no round {number}")
    excluded = pen.get("excluded", bool, False)
    raw = pen.get("points", (int, float, str), None)
    if raw is None and not excluded:
        raise pen.error("points", 'is missing (or give "excluded": true)')
    try:
        points = ZERO if raw is None else to_points(raw)
    except ValueError as bad:
        raise pen.error("points", f"expected points such as -10 or -2.5: {bad}") from None
    return PenaltyDefinition(
        championship,
        class_name,
        pen.text("competitor"),
        number,
        points,
        excluded,
        pen.text("reason", ""),
    )


def _parse_rounds(
    top: FieldReader, scales: dict[str, tuple[Decimal, ...]]
) -> tuple[RoundDefinition, ...]:
    """The calendar. A round that lists `races` (a sprint and a main race) becomes one row per
    race; then every race of the season is numbered in calendar order, and `event` keeps the
    number of the round each race is part of (drop rules count rounds)."""
    rounds: list[RoundDefinition] = []
    numbers: set[int] = set()
    for index, raw in enumerate(top.get("rounds", list)):
        rnd = FieldReader(raw, top.source, f"rounds[{index}]", top.line)
        cancelled = rnd.get("status", str, "scheduled") == "cancelled"
        number = None if cancelled else rnd.whole("round", 1)
        if number in numbers:
            raise rnd.error("round", f"round {number} is listed twice")
        if number is not None:
            numbers.add(number)
        races = rnd.get("races", list, None)
        if races is None or cancelled:
            scale = None if cancelled else _scale(rnd, scales)
            rounds.append(
                RoundDefinition(
                    number,
                    rnd.text("name"),
                    rnd.text("circuit", ""),
                    _date(rnd),
                    scale,
                    cancelled,
                    _factor(rnd),
                )
            )
        else:
            rounds += _races(rnd, races, number, scales)
    if not rounds:
        raise top.error("rounds", "a season needs at least one round")
    if any(r.event is not None for r in rounds):
        return _numbered_races(rounds)
    return tuple(rounds)


def _scale(rnd: FieldReader, scales: dict[str, tuple[Decimal, ...]]) -> str:
    scale: str = rnd.text("points_scale")
    if scale not in scales:
        raise rnd.error("points_scale", f"unknown points scale '{scale}'")
    return scale


def _races(
    rnd: FieldReader, races: list[Any], number: int | None, scales: dict[str, tuple[Decimal, ...]]
) -> list[RoundDefinition]:
    """One row per race of a round, named after the round and the race ("Mosport Race 1")."""
    if not races:
        raise rnd.error("races", "a round's list of races is empty")
    name, circuit = rnd.text("name"), rnd.text("circuit", "")
    found = []
    for index, raw in enumerate(races):
        race = rnd.child(f"races[{index}]", raw)
        race_name = race.text("name")
        found.append(
            RoundDefinition(
                number,
                f"{name} {race_name}",
                circuit,
                _date(race) or _date(rnd),
                _scale(race, scales),
                False,
                _factor(race),
                event=number,
            )
        )
    if len({r.name for r in found}) < len(found):
        raise rnd.error("races", "two races of the round have the same name")
    return found


def _numbered_races(rounds: list[RoundDefinition]) -> tuple[RoundDefinition, ...]:
    """Every race numbered through the calendar; a single-race round's event is its own
    number as written."""
    numbered: list[RoundDefinition] = []
    count = 0
    for rnd in rounds:
        if rnd.number is None:
            numbered.append(rnd)
            continue
        count += 1
        numbered.append(replace(rnd, number=count, event=rnd.event or rnd.number))
    return tuple(numbered)


def _factor(rnd: FieldReader) -> Decimal:
    """The round's points factor: 0.5 for half points, 2 for double; 1 when not given."""
    raw = rnd.get("points_factor", (int, float), 1)
    try:
        factor = to_points(raw)
    except ValueError as bad:
        raise rnd.error("points_factor", f"expected a factor such as 0.5 or 2: {bad}") from None
    if factor <= ZERO:
        raise rnd.error("points_factor", "must be more than 0")
    return factor


def _date(rnd: FieldReader) -> dt.date | None:
    text = rnd.text("date", None)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise rnd.error("date", f"expected a date as YYYY-MM-DD, found '{text}'") from None


def check_texts(data: Any, source: str, path: str, line: int | None) -> None:
    """Every name and key, wherever it stands, must be storable: no control characters."""
    if isinstance(data, dict):
        line = data.line if isinstance(data, LocatedDict) else line
        for key, value in data.items():
            field = f"{path}.{key}" if path else str(key)
            check_texts(key, source, field, line)
            check_texts(value, source, field, line)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            check_texts(value, source, f"{path}[{index}]", line)
    elif isinstance(data, str):
        problem = field_problem(data)
        if problem is not None:
            raise InputError(problem, source=source, line=line, field=path or None)
