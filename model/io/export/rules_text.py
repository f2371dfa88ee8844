"""The season's points rules in words, for footnotes under published tables."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from model.scoring.rules import DistanceReference, TeamPositions, TeamScoring, TieBreak
from model.store.season_data import SeasonData


def rules_footnote(data: SeasonData) -> list[str]:
    """One sentence per rule, derived from the season's data."""
    lines = _scales(data)
    rules = data.rules
    if rules.min_distance_pct is not None:
        whose = (
            "the overall winner's"
            if rules.distance_reference is DistanceReference.OVERALL_WINNER
            else "their class winner's"
        )
        lines.append(
            f"Cars failing to complete {rules.min_distance_pct:g}% of {whose} distance "
            "are not awarded points."
        )
    if rules.team_scoring is TeamScoring.BEST_ENTRY:
        keep = (
            "its other cars keep their positions"
            if rules.team_positions is TeamPositions.AS_CLASSIFIED
            else "places are counted among the scoring cars only"
        )
        lines.append(f"A team scores only its highest-placed car in each race; {keep}.")
    if rules.best_results is not None:
        lines.append(f"Only each competitor's best {rules.best_results} results count.")
    for points, what in (
        (rules.pole_points, "pole position"),
        (rules.fastest_lap_points, "the fastest lap"),
    ):
        if points:
            lines.append(f"{points} bonus point{'s' if points != 1 else ''} for {what}.")
    if rules.tie_break is TieBreak.COUNTBACK:
        lines.append("Ties are broken by countback: most wins, then most 2nd places, and so on.")
    return lines


def _scales(data: SeasonData) -> list[str]:
    rounds_by_scale: dict[tuple[str, tuple[Decimal, ...]], list[int]] = defaultdict(list)
    for rnd in data.numbered_rounds:
        rounds_by_scale[(rnd.scale_name, rnd.scale)].append(rnd.number or 0)
    if len(rounds_by_scale) == 1:
        ((_, scale),) = rounds_by_scale
        return [f"Points to the top {len(scale)}: {'-'.join(map(str, scale))}."]
    lines = []
    for (name, scale), numbers in rounds_by_scale.items():
        which = _listed([str(n) for n in numbers])
        label = f"Round{'s' if len(numbers) > 1 else ''} {which}"
        lines.append(
            f"{label} ({name or 'points'}): {'-'.join(map(str, scale))} to the top {len(scale)}."
        )
    return lines


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
