"""The rules' one stored form: how each rule is written to JSON and read back, with a
RuleValueError naming the rule for a value that cannot be used. season.json and the document
use the same keys (and season.json's two older spellings are read too)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any

from model.scoring.points import plain_points, to_points
from model.scoring.rule_kinds import (
    BestResults,
    DistanceReference,
    DistanceRounding,
    DriverTwoCars,
    DropBy,
    DropSegment,
    RuleValueError,
    SharedDrivePoints,
    Status,
    TeamPositions,
    TeamScoring,
    TieBreak,
)


def read_rules(data: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """Field values of the rules named in `data` (the championship overrides apart)."""
    unknown = sorted(set(data) - set(READERS) - {"championships"} - set(LEGACY))
    if unknown or (prefix and "championships" in data):
        key = unknown[0] if unknown else "championships"
        raise RuleValueError(prefix + key, data[key], "a rule this version knows")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in LEGACY:
            name, read = LEGACY[key]
            values[name] = read(value)
        elif key != "championships":
            try:
                values[FIELD_OF[key]] = READERS[key](key, value)
            except RuleValueError as bad:
                raise RuleValueError(prefix + bad.key, bad.value, bad.expected) from None
    return values


def plain(value: Any) -> Any:
    if isinstance(value, frozenset):
        return sorted(str(v) for v in value)
    if isinstance(value, Decimal):
        return plain_points(value)
    if isinstance(value, tuple):
        return [{"rounds": [s.first, s.last], "best": s.best} for s in value]
    return str(value) if isinstance(value, StrEnum) else value


def _percentage(key: str, value: Any) -> float | None:
    if value is None or (_is_number(value) and 0 <= value <= 100):
        return value  # type: ignore[no-any-return]
    raise RuleValueError(key, value, "a percentage")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


_MOST = 100_000  # more rounds, places or cars than any season has


def _whole(minimum: int, *, optional: bool) -> Callable[[str, Any], Any]:
    def read(key: str, value: Any) -> Any:
        if (value is None and optional) or (type(value) is int and minimum <= value <= _MOST):
            return value
        raise RuleValueError(key, value, f"a whole number from {minimum} to {_MOST:,}")

    return read


def _points(key: str, value: Any) -> Decimal:
    try:
        points = to_points(value)
    except ValueError:
        points = Decimal(-1)
    if points < 0:
        raise RuleValueError(key, value, "a number of points from 0, to two decimal places")
    return points


def _choice(kind: type[StrEnum]) -> Callable[[str, Any], Any]:
    def read(key: str, value: Any) -> Any:
        if isinstance(value, str) and value in kind.__members__.values():
            return kind(value)
        known = ", ".join(member.value for member in kind)
        raise RuleValueError(key, value, f"one of {known}")

    return read


def _statuses(key: str, value: Any) -> frozenset[Status]:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        try:
            return frozenset(Status.parse(v) for v in value)
        except ValueError:
            pass
    raise RuleValueError(key, value, "a list of statuses")


def _scale_name(key: str, value: Any) -> str | None:
    if value is None or (isinstance(value, str) and value.strip()):
        return value.strip() if isinstance(value, str) else None
    raise RuleValueError(key, value, "the name of a points scale")


def _best_results(key: str, value: Any) -> BestResults:
    """A number, or segments [{"rounds": [first, last], "best": N}, ...] that do not overlap."""
    if value is None or isinstance(value, int):
        return _whole(1, optional=True)(key, value)  # type: ignore[no-any-return]
    expected = 'a number, or a list of {"rounds": [first, last], "best": N}'
    if not isinstance(value, list) or not value:
        raise RuleValueError(key, value, expected)
    segments: list[DropSegment] = []
    for raw in value:
        rounds = raw.get("rounds") if isinstance(raw, Mapping) else None
        best = raw.get("best") if isinstance(raw, Mapping) else None
        valid = (
            isinstance(raw, Mapping)
            and set(raw) == {"rounds", "best"}
            and isinstance(rounds, list)
            and len(rounds) == 2
            and all(type(n) is int and 1 <= n <= _MOST for n in rounds)
            and rounds[0] <= rounds[1]
            and type(best) is int
            and best >= 1
        )
        if not valid:
            raise RuleValueError(key, raw, expected)
        segment = DropSegment(rounds[0], rounds[1], best)  # type: ignore[index, arg-type]
        if any(s.first <= segment.last and segment.first <= s.last for s in segments):
            raise RuleValueError(key, raw, "a segment apart from the others (they overlap)")
        segments.append(segment)
    return tuple(segments)


def _manufacturers(key: str, value: Any) -> int:
    if isinstance(value, Mapping) and set(value) <= {"best_cars"}:
        best = value.get("best_cars", 1)
        if type(best) is int and 1 <= best <= 1000:
            return best
    raise RuleValueError(key, value, 'an object {"best_cars": N} with N at least 1')


def _kept_positions(value: Any) -> TeamPositions:
    if not isinstance(value, bool):
        raise RuleValueError("lower_entries_keep_their_positions", value, "true or false")
    return TeamPositions.AS_CLASSIFIED if value else TeamPositions.RE_RANKED


# How each stored rule is read back: one entry per SeasonRules field, under the key the
# JSON object uses for it (the field's name, but for the manufacturers' best cars).
READERS: dict[str, Callable[[str, Any], Any]] = {
    "min_distance_pct": _percentage,
    "distance_reference": _choice(DistanceReference),
    "distance_rounding": _choice(DistanceRounding),
    "team_scoring": _choice(TeamScoring),
    "team_positions": _choice(TeamPositions),
    "scoring_statuses": _statuses,
    "best_results": _best_results,
    "drop_by": _choice(DropBy),
    "pole_points": _points,
    "fastest_lap_points": _points,
    "fastest_lap_max_pos": _whole(1, optional=True),
    "qualifying_points": _scale_name,
    "tie_break": _choice(TieBreak),
    "driver_two_cars": _choice(DriverTwoCars),
    "shared_drive_points": _choice(SharedDrivePoints),
    "manufacturers": _manufacturers,
}
FIELD_OF = {key: ("manufacturer_best_cars" if key == "manufacturers" else key) for key in READERS}
KEY_OF = {field: key for key, field in FIELD_OF.items()}
# Other spellings of two rules, as season definitions have always written them.
LEGACY: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "team_scores": ("team_scoring", lambda v: _choice(TeamScoring)("team_scores", v)),
    "lower_entries_keep_their_positions": ("team_positions", _kept_positions),
}
RULE_KEYS = tuple(READERS)


def plain_manufacturers(best: int) -> dict[str, int]:
    return {"best_cars": best}
