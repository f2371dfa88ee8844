"""Problems in a season's results that a statistician must see before publishing.

Nothing here refuses an edit: the editor stores what was typed and shows these problems
next to the cells they concern, so a half-entered round is never blocked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from model.scoring.rules import (
    SeasonRules,
    Status,
    covers_distance,
    measured_against_overall,
    reference_laps,
    required_laps,
    winner_laps,
)
from model.store.season_data import ResultInfo, RoundInfo, SeasonData


class ProblemKind(StrEnum):
    SHARED_POSITION = "shared_position"
    CAR_IN_TWO_CLASSES = "car_in_two_classes"
    POSITION_GAP = "position_gap"
    MORE_LAPS_THAN_WINNER = "more_laps_than_winner"
    SHORT_OF_DISTANCE = "short_of_distance"
    SHARED_BONUS = "shared_bonus"  # two poles, fastest laps or qualifying places in a class


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    round_id: int
    result_id: int
    field: str  # the result column the problem is about
    message: str
    class_name: str = ""
    # what in the class the problem concerns ("4-7", "car 63", "pole"): with kind, round and
    # class it makes a key that an unrelated edit (or a new result id) does not change
    subject: str = ""

    @property
    def key(self) -> str:
        """Stable across unrelated edits, so an accepted problem stays accepted."""
        return f"{self.kind}|{self.round_id}|{self.class_name}|{self.subject}"


def season_problems(data: SeasonData) -> list[Problem]:
    """Every problem in every round that takes place, in calendar then classification order."""
    by_round: dict[int, list[ResultInfo]] = defaultdict(list)
    for result in data.results:
        by_round[result.round_id].append(result)
    return [p for rnd in data.rounds for p in problems_of_round(data, rnd, by_round[rnd.id])]


def problems_of_round(data: SeasonData, rnd: RoundInfo, results: list[ResultInfo]) -> list[Problem]:
    """A round's problems; none for a cancelled round, whose results are not checked."""
    return round_problems(data, results) if results and not rnd.cancelled else []


def round_problems(data: SeasonData, results: list[ResultInfo]) -> list[Problem]:
    by_class: dict[str, list[ResultInfo]] = defaultdict(list)
    for result in results:
        by_class[data.entries[result.entry_id].class_name].append(result)
    problems = _cars_in_two_classes(data, results)
    overall_laps = winner_laps(results, overall=True)
    for class_name, class_results in by_class.items():
        class_results.sort(key=lambda r: (r.class_pos or 1_000_000, r.result_id))
        problems += _positions(class_name, class_results)
        problems += _bonuses(class_name, class_results)
        problems += _laps(data, class_name, class_results, overall_laps, results)
    return problems


def _problem(
    kind: ProblemKind,
    result: ResultInfo,
    field: str,
    message: str,
    *,
    class_name: str = "",
    subject: str = "",
) -> Problem:
    return Problem(kind, result.round_id, result.result_id, field, message, class_name, subject)


def _positions(class_name: str, results: list[ResultInfo]) -> list[Problem]:
    problems = []
    holders: dict[int, list[ResultInfo]] = defaultdict(list)
    for result in results:
        if result.class_pos is not None:
            holders[result.class_pos].append(result)
    for position, sharing in holders.items():
        if len(sharing) > 1:
            message = f"{len(sharing)} cars hold position {position} in {class_name}"
            problems += [
                _problem(
                    ProblemKind.SHARED_POSITION,
                    r,
                    "class_pos",
                    message,
                    class_name=class_name,
                    subject=str(position),
                )
                for r in sharing
            ]
    expected = 1
    for position in sorted(holders):
        if position > expected:
            first, last = expected, position - 1
            message = f"{class_name}: {_span(first, last)} missing"
            problems.append(
                _problem(
                    ProblemKind.POSITION_GAP,
                    holders[position][0],
                    "class_pos",
                    message,
                    class_name=class_name,
                    subject=f"{first}-{last}",
                )
            )
        expected = position + len(holders[position])  # a dead heat skips the next places
    return problems


def _bonuses(class_name: str, results: list[ResultInfo]) -> list[Problem]:
    """One pole and one fastest lap per class and race, and one car per qualifying place:
    a second one would score a bonus twice."""
    problems = []
    held: dict[tuple[str, int], list[ResultInfo]] = defaultdict(list)
    for result in results:
        if result.pole:
            held[("pole", 0)].append(result)
        if result.fastest_lap:
            held[("fastest_lap", 0)].append(result)
        if result.qualifying_pos is not None:
            held[("qualifying_pos", result.qualifying_pos)].append(result)
    for (field, place), sharing in held.items():
        if len(sharing) > 1:
            what = _BONUS_WORDS[field].format(place=place)
            message = f"{len(sharing)} cars have {what} in {class_name}"
            subject = f"{field} {place}"
            problems += [
                _problem(
                    ProblemKind.SHARED_BONUS,
                    r,
                    field,
                    message,
                    class_name=class_name,
                    subject=subject,
                )
                for r in sharing
            ]
    return problems


_BONUS_WORDS = {
    "pole": "the pole",
    "fastest_lap": "the fastest lap",
    "qualifying_pos": "qualifying place {place}",
}


def _span(first: int, last: int) -> str:
    return f"position {first}" if first == last else f"positions {first}\u2013{last}"


def _laps(
    data: SeasonData,
    class_name: str,
    results: list[ResultInfo],
    overall_laps: int | None,
    round_results: list[ResultInfo],
) -> list[Problem]:
    rules = data.rules
    class_laps = winner_laps(results, overall=False)
    reference = reference_laps(overall_laps, class_laps, rules)
    words = reference_words(rules, class_name, results, round_results)
    problems = []
    for result in results:
        if result.laps is None:
            continue
        subject = f"entry {result.entry_id}"
        if class_laps is not None and result.class_pos != 1 and result.laps > class_laps:
            message = f"{result.laps} laps, more than the {class_name} winner's {class_laps}"
            problems.append(
                _problem(
                    ProblemKind.MORE_LAPS_THAN_WINNER,
                    result,
                    "laps",
                    message,
                    class_name=class_name,
                    subject=subject,
                )
            )
        if (
            result.status is Status.CLASSIFIED
            and reference
            and not covers_distance(result.laps, reference, rules)
        ):
            needed = required_laps(reference, rules)
            message = (
                f"classified with {result.laps} laps, short of the {needed} needed "
                f"({rules.min_distance_pct:g}% of {words}"
                f" {reference}): scores no points"
            )
            problems.append(
                _problem(
                    ProblemKind.SHORT_OF_DISTANCE,
                    result,
                    "laps",
                    message,
                    class_name=class_name,
                    subject=subject,
                )
            )
    return problems


def reference_words(
    rules: SeasonRules,
    class_name: str,
    class_results: list[ResultInfo],
    round_results: list[ResultInfo],
) -> str:
    """Whose laps the minimum distance was measured against, as the rules chose them: a
    winner only where a car is placed first, else the most laps a classified car covered.
    Worked out once per class and round (a season's rounds are checked on every edit)."""
    if measured_against_overall(rules):
        in_round = round_results or class_results
        if any(r.overall_pos == 1 and r.laps is not None for r in in_round):
            return "the overall winner's"
        return "the most laps of any car (no car placed first overall),"
    if any(r.class_pos == 1 and r.laps is not None for r in class_results):
        return f"the {class_name} class winner's"
    return f"the most laps in {class_name} (no car placed first in class),"


def _cars_in_two_classes(data: SeasonData, results: list[ResultInfo]) -> list[Problem]:
    classes_of_car: dict[str, set[str]] = defaultdict(set)
    for result in results:
        entry = data.entries[result.entry_id]
        if entry.car_number is not None:
            classes_of_car[entry.car_number].add(entry.class_name)
    problems = []
    for result in results:
        entry = data.entries[result.entry_id]
        classes = classes_of_car.get(entry.car_number or "", set())
        if len(classes) > 1:
            message = f"car {entry.car_number} appears in {' and '.join(sorted(classes))}"
            problems.append(
                _problem(
                    ProblemKind.CAR_IN_TWO_CLASSES,
                    result,
                    "car",
                    message,
                    class_name=entry.class_name,
                    subject=f"car {entry.car_number}",
                )
            )
    return problems
