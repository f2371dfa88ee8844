"""The problems list as the panel and the command line show it: one line per problem (a
position gap run, a shared position) however many cars it marks, grouped by kind and class,
with the problems the user accepted set apart."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from model.scoring.problems import Problem, ProblemKind
from model.store.season_data import AcceptedInfo as Acceptance

KIND_TITLES = {
    ProblemKind.POSITION_GAP: "Position gaps",
    ProblemKind.SHARED_POSITION: "Shared positions",
    ProblemKind.SHARED_BONUS: "Shared bonuses",
    ProblemKind.CAR_IN_TWO_CLASSES: "Cars in two classes",
    ProblemKind.MORE_LAPS_THAN_WINNER: "More laps than the winner",
    ProblemKind.SHORT_OF_DISTANCE: "Short of the minimum distance",
}


@dataclass(frozen=True)
class ProblemLine:
    """One problem as listed: `problem` is its first mark (where going to it lands)."""

    problem: Problem
    result_ids: tuple[int, ...]
    round_label: str
    accepted: Acceptance | None = None
    car: str = ""  # the car of its first mark, "?" for a car without number

    @property
    def key(self) -> str:
        return self.problem.key

    @property
    def text(self) -> str:
        return f"Rd {self.round_label} {self.problem.message}"


@dataclass(frozen=True)
class ProblemGroup:
    kind: ProblemKind
    class_name: str
    lines: tuple[ProblemLine, ...]

    @property
    def title(self) -> str:
        where = f" \u2014 {self.class_name}" if self.class_name else ""
        return f"{KIND_TITLES[self.kind]}{where} ({len(self.lines)})"


def problem_lines(
    problems: Iterable[Problem],
    round_labels: Mapping[int, str],
    accepted: Mapping[str, Acceptance] | None = None,
    car_of: Callable[[int], str] = lambda _result_id: "",
) -> list[ProblemLine]:
    """One line per problem key, in the order first met: the cars sharing a position are
    marked one by one in their cells, but are one problem."""
    accepted = accepted or {}
    firsts: dict[str, Problem] = {}
    marks: dict[str, list[int]] = {}
    for problem in problems:
        firsts.setdefault(problem.key, problem)
        ids = marks.setdefault(problem.key, [])
        if problem.result_id not in ids:
            ids.append(problem.result_id)
    return [
        ProblemLine(
            p,
            tuple(marks[key]),
            round_labels.get(p.round_id, "?"),
            accepted.get(key),
            car_of(p.result_id),
        )
        for key, p in firsts.items()
    ]


def problem_groups(lines: Iterable[ProblemLine]) -> list[ProblemGroup]:
    """Lines grouped by kind (in KIND_TITLES order) then class, keeping their order."""
    found: dict[tuple[ProblemKind, str], list[ProblemLine]] = {}
    for line in lines:
        found.setdefault((line.problem.kind, line.problem.class_name), []).append(line)
    kinds = list(KIND_TITLES)
    order = sorted(found, key=lambda k: (kinds.index(k[0]), k[1]))
    return [ProblemGroup(kind, name, tuple(found[(kind, name)])) for kind, name in order]


def split_accepted(lines: Iterable[ProblemLine]) -> tuple[list[ProblemLine], list[ProblemLine]]:
    """(open lines, accepted lines)."""
    lines = list(lines)
    return [x for x in lines if x.accepted is None], [x for x in lines if x.accepted]


def round_labels(rounds: Iterable[tuple[int, int | None]]) -> dict[int, str]:
    """How a line names its round from (round id, number): "C" for a round without number."""
    return {rid: str(number or "C") for rid, number in rounds}


def problems_report(lines: Iterable[ProblemLine], *, show_accepted: bool = False) -> str:
    """The problems as the command line prints them: grouped as the panel shows them; the
    accepted ones counted, or listed apart with who, when and why."""
    open_lines, accepted = split_accepted(lines)
    out = [f"{len(open_lines)} problem{'s' * (len(open_lines) != 1)}"]
    for group in problem_groups(open_lines):
        out += ["", group.title, *(f"  {line.text}" for line in group.lines)]
    if accepted and show_accepted:
        out += ["", f"Accepted ({len(accepted)})"]
        out += [f"  {line.text}: {_accepted_words(line)}" for line in accepted]
    elif accepted:
        out += ["", f"{len(accepted)} accepted (--accepted lists them)"]
    return "\n".join(out)


def _accepted_words(line: ProblemLine) -> str:
    found = line.accepted
    assert found is not None
    return f"{found.why} ({found.who or 'no name'}, {found.at})"
