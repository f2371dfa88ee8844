"""Reading a season definition (calendar, classes, points scales, rules) from JSON data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from model.errors import InputError
from model.io.jsonlines import LocatedDict
from model.io.limits import FIRST_YEAR, LAST_YEAR, MAX_WHOLE_NUMBER
from model.io.textfiles import field_problem
from model.scoring.rules import SeasonRules, Status, TeamPositions, re_ranked_positions


@dataclass(frozen=True)
class RoundDefinition:
    number: int | None
    name: str
    circuit: str
    date: dt.date | None
    points_scale: str | None
    cancelled: bool


@dataclass(frozen=True)
class SeasonDefinition:
    series: str
    year: int
    classes: tuple[str, ...]
    points_scales: dict[str, tuple[int, ...]]
    rules: SeasonRules
    rounds: tuple[RoundDefinition, ...]


class _Reader:
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

    def child(self, key: str, value: Any) -> _Reader:
        field = f"{self.path}.{key}" if self.path else key
        return _Reader(value, self.source, field, self.line)


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
    top = _Reader(data, source, "")
    _check_texts(data, source, "", top.line)
    year = top.whole("season", FIRST_YEAR, LAST_YEAR)
    classes = _parse_classes(top)
    scales = _parse_scales(top)
    rules = _parse_rules(top.child("rules", top.get("rules", dict, {})))
    rounds = _parse_rounds(top, scales)
    return SeasonDefinition(top.text("series"), year, classes, scales, rules, rounds)


def _parse_classes(top: _Reader) -> tuple[str, ...]:
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


def _parse_scales(top: _Reader) -> dict[str, tuple[int, ...]]:
    raw = top.get("points_scales", dict)
    scales: dict[str, tuple[int, ...]] = {}
    for name, points in raw.items():
        field = f"points_scales.{name}"
        valid = isinstance(points, list) and points
        if not valid or not all(isinstance(p, int) and not isinstance(p, bool) for p in points):
            raise top.error(field, "expected a list of whole numbers of points")
        if any(p < 0 for p in points):
            raise top.error(field, "points cannot be negative")
        if any(p > MAX_WHOLE_NUMBER for p in points):
            raise top.error(field, f"points must be at most {MAX_WHOLE_NUMBER:,}")
        scales[name] = tuple(points)
    if not scales:
        raise top.error("points_scales", "a season needs at least one points scale")
    return scales


_RULE_KEYS = {
    "min_distance_pct",
    "distance_reference",
    "team_scores",
    "lower_entries_keep_their_positions",
    "scoring_statuses",
    "best_results",
    "pole_points",
    "fastest_lap_points",
    "tie_break",
}


def _parse_rules(rules: _Reader) -> SeasonRules:
    unknown = sorted(set(rules.obj) - _RULE_KEYS)
    if unknown:
        raise rules.error(
            unknown[0], f"unknown rule (known rules: {', '.join(sorted(_RULE_KEYS))})"
        )
    pct = rules.get("min_distance_pct", (int, float), _DEFAULT.min_distance_pct)
    if pct is not None and not 0 <= pct <= 100:
        raise rules.error("min_distance_pct", "must be a percentage from 0 to 100")
    keep = rules.get("lower_entries_keep_their_positions", bool, not re_ranked_positions(_DEFAULT))
    statuses = rules.get("scoring_statuses", list, sorted(_DEFAULT.scoring_statuses))
    return SeasonRules(
        min_distance_pct=pct,
        distance_reference=_choice(rules, "distance_reference", _DEFAULT.distance_reference),
        team_scoring=_choice(rules, "team_scores", _DEFAULT.team_scoring),
        team_positions=TeamPositions.AS_CLASSIFIED if keep else TeamPositions.RE_RANKED,
        scoring_statuses=frozenset(_status(rules, s) for s in statuses),
        best_results=rules.whole("best_results", 1, default=_DEFAULT.best_results),
        pole_points=rules.whole("pole_points", 0, default=_DEFAULT.pole_points),
        fastest_lap_points=rules.whole(
            "fastest_lap_points", 0, default=_DEFAULT.fastest_lap_points
        ),
        tie_break=_choice(rules, "tie_break", _DEFAULT.tie_break),
    )


_DEFAULT = SeasonRules()  # a rule the definition leaves out takes its default


def _choice(rules: _Reader, key: str, default: StrEnum) -> Any:
    kind = type(default)
    value = rules.get(key, str, default.value)
    try:
        return kind(value)
    except ValueError:
        known = ", ".join(member.value for member in kind)
        raise rules.error(key, f"unknown value '{value}' (expected one of: {known})") from None


def _status(rules: _Reader, value: Any) -> Status:
    try:
        return Status.parse(str(value))
    except ValueError as exc:
        raise rules.error("scoring_statuses", str(exc)) from None


def _parse_rounds(top: _Reader, scales: dict[str, tuple[int, ...]]) -> tuple[RoundDefinition, ...]:
    rounds = []
    numbers: set[int] = set()
    for index, raw in enumerate(top.get("rounds", list)):
        rnd = _Reader(raw, top.source, f"rounds[{index}]", top.line)
        cancelled = rnd.get("status", str, "scheduled") == "cancelled"
        number = None if cancelled else rnd.whole("round", 1)
        if number in numbers:
            raise rnd.error("round", f"round {number} is listed twice")
        scale = None if cancelled else rnd.text("points_scale")
        if scale is not None and scale not in scales:
            raise rnd.error("points_scale", f"unknown points scale '{scale}'")
        if number is not None:
            numbers.add(number)
        rounds.append(
            RoundDefinition(
                number, rnd.text("name"), rnd.text("circuit", ""), _date(rnd), scale, cancelled
            )
        )
    if not rounds:
        raise top.error("rounds", "a season needs at least one round")
    return tuple(rounds)


def _date(rnd: _Reader) -> dt.date | None:
    text = rnd.text("date", None)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise rnd.error("date", f"expected a date as YYYY-MM-DD, found '{text}'") from None


def _check_texts(data: Any, source: str, path: str, line: int | None) -> None:
    """Every name and key, wherever it stands, must be storable: no control characters."""
    if isinstance(data, dict):
        line = data.line if isinstance(data, LocatedDict) else line
        for key, value in data.items():
            field = f"{path}.{key}" if path else str(key)
            _check_texts(key, source, field, line)
            _check_texts(value, source, field, line)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _check_texts(value, source, f"{path}[{index}]", line)
    elif isinstance(data, str):
        problem = field_problem(data)
        if problem is not None:
            raise InputError(problem, source=source, line=line, field=path or None)
