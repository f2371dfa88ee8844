"""The season's points rules in words, for footnotes under published tables.

Every rule the engine applies is written out, as a reader of the table needs it: the scales
(with their decimals), a round paying half or double points, drop rules, bonuses, how teams,
drivers and manufacturers score, ties, and the season's ineligible cars and short drives. A
rule set again for one championship says which championship has which.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from model.scoring.points import format_points
from model.scoring.rules import (
    Championship,
    DistanceReference,
    DistanceRounding,
    DriverTwoCars,
    DropBy,
    DropSegment,
    SeasonRules,
    SharedDrivePoints,
    Status,
    TeamPositions,
    TeamScoring,
    TieBreak,
)
from model.store.season_data import SeasonData

Clause = Callable[[SeasonRules, SeasonData], str | None]
ALL = tuple(Championship)


def rules_footnote(data: SeasonData) -> list[str]:
    """One sentence per rule, derived from the season's data."""
    lines = [*_scales(data), *_factors(data)]
    for championships, clause, usual in _RULES:
        said = {ch: clause(data.rules.for_championship(ch), data) for ch in championships}
        sentence = _sentence(said, usual)
        if sentence:
            lines.append(sentence)
    if any(result.ineligible for result in data.results):
        lines.append(
            "Cars not registered for a championship keep their place and score nothing in it "
            "(nobody moves up)."
        )
    if any(result.short_drives for result in data.results):
        lines.append(
            "A driver who did not complete the minimum drive time scores no points for that race."
        )
    return lines


def points_list(scale: Sequence[Decimal]) -> str:
    """A scale as published: 26-22-19, with halves as 12.5."""
    return "-".join(format_points(points) for points in scale)


def factor_words(factor: Decimal) -> str:
    """What a round's points factor does, in words: half points, double points."""
    named = {Decimal("0.5"): "half points", Decimal(2): "double points", Decimal(0): "no points"}
    return named.get(factor, f"points multiplied by {format_points(factor)}")


def listed(items: Sequence[str], joiner: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {joiner} {items[-1]}"


def round_span(numbers: Sequence[int]) -> str:
    """'Round 3', 'Rounds 1 and 9', 'Rounds 1-7 and 9': runs of three or more as a range."""
    ordered = sorted(set(numbers))
    runs: list[list[int]] = []
    for number in ordered:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    items = [
        part
        for run in runs
        for part in ([f"{run[0]}-{run[-1]}"] if len(run) > 2 else [str(n) for n in run])
    ]
    return f"{'Round' if len(ordered) == 1 else 'Rounds'} {listed(items)}"


def _scales(data: SeasonData) -> list[str]:
    """What each round pays, by its points rather than by the name its scale was given in
    the season's set-up: the rounds on the usual scale (the most of them) are 'the other
    rounds', told last."""
    rounds_by_scale: dict[tuple[Decimal, ...], list[int]] = {}
    for rnd in data.numbered_rounds:
        rounds_by_scale.setdefault(rnd.scale, []).append(rnd.number or 0)
    if len(rounds_by_scale) <= 1:
        scale = next(iter(rounds_by_scale), ())
        return [f"Points to the top {len(scale)}: {points_list(scale)}." if scale else _NONE]
    # On a tie the later rounds' scale is the usual one, so the season reads in round order.
    usual = max(reversed(rounds_by_scale), key=lambda scale: len(rounds_by_scale[scale]))
    parts = [
        f"{round_span(numbers)} {'pays' if len(numbers) == 1 else 'pay'} {_paid(scale)}"
        for scale, numbers in rounds_by_scale.items()
        if scale != usual
    ]
    others = points_list(usual) if usual else "pay no points"
    parts.append(f"the other rounds {others}")
    return [_capitalised("; ".join(_lowered(part) for part in parts)) + "."]


def _paid(scale: Sequence[Decimal]) -> str:
    return f"{points_list(scale)} to the top {len(scale)}" if scale else "no points"


def _lowered(text: str) -> str:
    return text[:1].lower() + text[1:]


_NONE = "No points are awarded."


def _factors(data: SeasonData) -> list[str]:
    """'Round 6 (Monaco Grand Prix): half points.' for each round not paying full points."""
    return [
        f"{round_span([rnd.number or 0])} ({rnd.name}): {factor_words(rnd.factor)}."
        if rnd.name
        else f"{round_span([rnd.number or 0])}: {factor_words(rnd.factor)}."
        for rnd in data.numbered_rounds
        if rnd.factor != 1
    ]


def _sentence(said: dict[Championship, str | None], usual: str) -> str | None:
    """One sentence when every championship has the rule alike, else one clause for each
    group of championships: 'Teams: all results count; drivers: only the best 11 ...'."""
    clauses = set(said.values())
    if len(clauses) == 1:
        (only,) = clauses
        return None if only is None else _capitalised(only) + "."
    groups: dict[str, list[str]] = {}
    for championship, clause in said.items():
        groups.setdefault(clause or usual, []).append(championship.value)
    parts = [f"{listed(names)}: {clause}" for clause, names in groups.items()]
    return _capitalised("; ".join(parts)) + "."


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _distance(rules: SeasonRules, _data: SeasonData) -> str | None:
    if rules.min_distance_pct is None:
        return None
    whose = (
        "the overall winner's"
        if rules.distance_reference is DistanceReference.OVERALL_WINNER
        else "their class winner's"
    )
    rounding = (
        " (counted in whole laps, rounded down)"
        if rules.distance_rounding is DistanceRounding.DOWN
        else ""
    )
    return (
        f"cars failing to complete {rules.min_distance_pct:g}% of {whose} distance{rounding} "
        "are not awarded points"
    )


def _statuses(rules: SeasonRules, _data: SeasonData) -> str | None:
    if rules.scoring_statuses == frozenset({Status.CLASSIFIED}):
        return None
    names = [status.label.lower() for status in Status if status in rules.scoring_statuses]
    return f"cars {listed(names, 'or')} can score, from their class position"


def _teams(rules: SeasonRules, _data: SeasonData) -> str | None:
    if rules.team_scoring is TeamScoring.ALL_ENTRIES:
        return "a team adds up the points of all its cars in each race"
    if rules.team_scoring is TeamScoring.PER_CAR:
        return "each car of a team scores on its own in the teams' table (team and car number)"
    keep = (
        "its other cars keep their positions"
        if rules.team_positions is TeamPositions.AS_CLASSIFIED
        else "places are counted among the scoring cars only"
    )
    return f"a team scores only its highest-placed car in each race; {keep}"


def _re_ranked(rules: SeasonRules, _data: SeasonData) -> str | None:
    if rules.team_positions is TeamPositions.AS_CLASSIFIED:
        return None
    return "places are counted among the cars that score only"


def _drops(rules: SeasonRules, data: SeasonData) -> str | None:
    best = rules.best_results
    if best is None:
        return None
    what = "race result" if rules.drop_by is DropBy.RACE else "result"
    if isinstance(best, int):
        return f"only {_best(best, what)} {'counts' if best == 1 else 'count'}"
    # The first segment names what is counted; the others say only how many.
    kept = [
        f"{_best(s.best, what) if i == 0 else _best(s.best, 'one', plural='')} of {_span(s)}"
        for i, s in enumerate(best)
    ]
    alone = len(best) == 1 and best[0].best == 1
    counted = [f"only {listed(kept)} {'counts' if alone else 'count'}"]
    spanned = {n for s in best for n in range(s.first, s.last + 1)}
    if any(rnd.number not in spanned for rnd in data.numbered_rounds):
        counted.append("every other round counts in full")
    return "; ".join(counted)


def _best(count: int, what: str, *, plural: str = "s") -> str:
    """'the best result', 'the best 7 results'; after the first segment 'the best one',
    'the best 4'."""
    if count == 1:
        return f"the best {what}"
    return f"the best {count}" + (f" {what}{plural}" if plural else "")


def _span(segment: DropSegment) -> str:
    if segment.first == segment.last:
        return f"round {segment.first}"
    return f"rounds {segment.first}-{segment.last}"


def _pole(rules: SeasonRules, _data: SeasonData) -> str | None:
    if not rules.pole_points:
        return None
    return f"{_bonus(rules.pole_points)} for pole position"


def _fastest_lap(rules: SeasonRules, _data: SeasonData) -> str | None:
    if not rules.fastest_lap_points:
        return None
    limit = rules.fastest_lap_max_pos
    only = "" if limit is None else f", only for a car classified in the top {limit} of its class"
    return f"{_bonus(rules.fastest_lap_points)} for the fastest lap{only}"


def _bonus(points: Decimal) -> str:
    return f"{format_points(points)} bonus point{'' if points == 1 else 's'}"


def _qualifying(rules: SeasonRules, data: SeasonData) -> str | None:
    name = rules.qualifying_points
    if name is None:
        return None
    scale = data.scales.get(name, ())
    if not scale:
        return None  # a scale that is missing pays nothing
    return f"qualifying pays {points_list(scale)} bonus points to the top {len(scale)}"


def _ties(rules: SeasonRules, _data: SeasonData) -> str | None:
    if rules.tie_break is TieBreak.SHARED:
        return "competitors level on points share the position"
    if rules.tie_break is TieBreak.COUNTBACK_ALL:
        return (
            "ties are broken by countback over every classified place, scoring or not (most "
            "wins, then most 2nd places, and so on), then by who first reached their best place"
        )
    return "ties are broken by countback: most wins, then most 2nd places, and so on"


def _two_cars(rules: SeasonRules, _data: SeasonData) -> str | None:
    if rules.driver_two_cars is DriverTwoCars.BEST:
        return None
    return "a driver who drives two cars in one race scores the points of both"


def _shared_drives(rules: SeasonRules, _data: SeasonData) -> str | None:
    if rules.shared_drive_points is SharedDrivePoints.FULL:
        return None
    return "the drivers of a car share its points equally (to the hundredth of a point)"


def _manufacturers(rules: SeasonRules, _data: SeasonData) -> str | None:
    best = rules.manufacturer_best_cars
    cars = "its highest-placed car" if best == 1 else f"its best {best} cars"
    return f"a manufacturer scores with {cars} in each race"


# Each rule: the championships it concerns, its clause, and the words for a championship
# that does without it (when another has it).
_RULES: tuple[tuple[tuple[Championship, ...], Clause, str], ...] = (
    (ALL, _distance, "there is no minimum distance"),
    (ALL, _statuses, "only classified cars score"),
    ((Championship.TEAMS,), _teams, ""),
    ((Championship.DRIVERS, Championship.MANUFACTURERS), _re_ranked, "places as classified"),
    (ALL, _drops, "all results count"),
    (ALL, _pole, "no points for pole position"),
    (ALL, _fastest_lap, "no points for the fastest lap"),
    (ALL, _qualifying, "no points for qualifying"),
    (ALL, _ties, ""),
    ((Championship.DRIVERS,), _two_cars, ""),
    ((Championship.DRIVERS,), _shared_drives, ""),
    ((Championship.MANUFACTURERS,), _manufacturers, ""),
)
