"""A season's results grouped by round and class in classification order, with the laps each
minimum distance is a share of: what the standings engine scores from.

The editor keeps one of these with the open season and classifies again only the rounds an
edit touched (`reclassify`), so a one-cell edit does not sort every result of the season.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from model.scoring.rules import winner_laps
from model.store.season_data import ResultInfo, SeasonData

Group = tuple[int, str]  # (round id, class name)
Reference = tuple[int, str | None]  # (round id, class name, or None for the whole field)

_UNPLACED = 1_000_000


@dataclass(frozen=True)
class Classified:
    """Results of the numbered rounds per (round, class), in classification order, and the
    winner's laps per (round, class) and per round (class None)."""

    groups: dict[Group, list[ResultInfo]]
    references: dict[Reference, int | None]


def classify(data: SeasonData) -> Classified:
    """The whole season classified."""
    groups = _grouped(data, data.results)
    return Classified(groups, _references(groups))


def reclassify(
    previous: Classified, data: SeasonData, rounds: Collection[int], results: Iterable[ResultInfo]
) -> Classified:
    """`previous` with `rounds` classified again from `results` (every result of those rounds
    as they are now); the other rounds are kept as they were."""
    fresh = _grouped(data, results)
    groups = {key: found for key, found in previous.groups.items() if key[0] not in rounds}
    groups.update(fresh)
    references = {key: laps for key, laps in previous.references.items() if key[0] not in rounds}
    references.update(_references(fresh))
    return Classified(groups, references)


def classification_key(result: ResultInfo) -> tuple[int, int, int]:
    # Places start at 1, so a missing place (None) sorts after every real one.
    return (result.class_pos or _UNPLACED, result.overall_pos or _UNPLACED, result.entry_id)


def _grouped(data: SeasonData, results: Iterable[ResultInfo]) -> dict[Group, list[ResultInfo]]:
    scored = {r.id for r in data.numbered_rounds}
    entries = data.entries
    groups: dict[Group, list[ResultInfo]] = defaultdict(list)
    for result in results:
        if result.round_id in scored:
            groups[(result.round_id, entries[result.entry_id].class_name)].append(result)
    for found in groups.values():
        found.sort(key=classification_key)
    return dict(groups)


def _references(groups: dict[Group, list[ResultInfo]]) -> dict[Reference, int | None]:
    per_round: dict[int, list[ResultInfo]] = defaultdict(list)
    references: dict[Reference, int | None] = {}
    for (round_id, class_name), results in groups.items():
        per_round[round_id].extend(results)
        references[(round_id, class_name)] = winner_laps(results, overall=False)
    for round_id, results in per_round.items():
        references[(round_id, None)] = winner_laps(results, overall=True)
    return references
