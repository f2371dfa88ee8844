"""Who can still win: the most each competitor can reach over the rounds still to run, and
the marks champion / can still win / out of contention, one row per situation."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from model.scoring.contention import Contention, contention
from model.scoring.rules import Championship, DropBy, SeasonRules, TeamScoring, TieBreak
from model.scoring.standings import compute_standings
from model.store.season_data import SeasonData
from tests.builders import SeasonBuilder

CHAMPION, CAN, OUT = Contention.CHAMPION, Contention.CAN_STILL_WIN, Contention.OUT
DEFAULT = SeasonRules()


def season(
    finishes: list[tuple[str, ...]],
    rounds: int,
    rules: SeasonRules = DEFAULT,
    last_factor: str = "1",
    cars: dict[str, int] | None = None,
    *,
    scale: tuple[int, ...] = (20, 16, 13),
    events: tuple[int, ...] = (),
    cancelled: frozenset[int] = frozenset(),
) -> Callable[[], SeasonData]:
    """Teams finishing in these orders in the first races of `rounds` (20-16-13 scale unless
    told); `events` gives each race's round where rounds hold several races, `cancelled` the
    races (counted from 0) called off."""

    def build() -> SeasonData:
        b = SeasonBuilder(classes=("P",), rules=rules)
        ids = [
            b.round(
                scale=scale,
                cancelled=n in cancelled,
                factor=last_factor if n == rounds - 1 else "1",
                event=events[n] if events else None,
            )
            for n in range(rounds)
        ]
        entries: dict[str, list[int]] = {}
        for team in sorted({t for order in finishes for t in order}):
            for car in range((cars or {}).get(team, 1)):
                entries.setdefault(team, []).append(b.entry(team, car=f"{team}{car}"))
        for round_id, order in zip(ids, finishes, strict=False):
            b.finish(round_id, *(entries[team][0] for team in order))
        return b.build()

    return build


# (case, the season, each team's (most reachable, mark))
CASES: list[tuple[str, Callable[[], SeasonData], dict[str, tuple[Decimal | int, Contention]]]] = [
    ("one round left, 8 behind", season([("A", "B"), ("A", "B")], 3), {"A": (60, CAN), "B": (52, CAN)}),
    ("one round left, 24 behind", season([("A", "C"), ("A",)], 3), {"A": (60, CHAMPION), "C": (36, OUT)}),
    ("half points left cannot close 8", season([("A", "B"), ("A", "B"), ("A", "B")], 4, last_factor="0.25"), {"A": (65, CHAMPION), "B": (53, OUT)}),
    ("half points left can close 8", season([("A", "B"), ("A", "B")], 3, last_factor="0.5"), {"A": (50, CAN), "B": (42, CAN)}),
    ("best 2 count: a win more is not enough", season([("A", "B"), ("A", "B")], 3, SeasonRules(best_results=2)), {"A": (40, CHAMPION), "B": (36, OUT)}),
    ("season over: the leader is champion", season([("A", "B"), ("A", "B")], 2), {"A": (40, CHAMPION), "B": (32, OUT)}),
    ("season over, level and not told apart", season([("A", "B"), ("B", "A")], 2), {"A": (36, CHAMPION), "B": (36, CHAMPION)}),
    ("season over, shared title", season([("A", "B"), ("B", "A")], 2, SeasonRules(tie_break=TieBreak.SHARED)), {"A": (36, CHAMPION), "B": (36, CHAMPION)}),
    ("season over, level on points, a win more: one champion", season([("A", "B", "X", "C"), ("C", "B", "A")], 2, scale=(10, 6, 2)), {"A": (12, CHAMPION), "B": (12, OUT), "C": (10, OUT), "X": (2, OUT)}),
    ("the round left cancelled: season over", season([("A", "B"), ("A", "B")], 3, cancelled=frozenset({2})), {"A": (40, CHAMPION), "B": (32, OUT)}),
    ("the only round left cancelled, 8 behind", season([("A", "B")], 2, cancelled=frozenset({1})), {"A": (20, CHAMPION), "B": (16, OUT)}),
    ("best 2 rounds: a two-race round left counts as one", season([("A", "B"), ("A", "B")], 4, SeasonRules(best_results=2), events=(1, 2, 3, 3)), {"A": (60, CAN), "B": (56, CAN)}),
    ("best 2 races: the two races left count apart", season([("A", "B"), ("A", "B")], 4, SeasonRules(best_results=2, drop_by=DropBy.RACE), events=(1, 2, 3, 3)), {"A": (40, CAN), "B": (40, CAN)}),
    ("best 2 rounds, a two-race round run: its races add up", season([("B", "A"), ("A", "B"), ("A", "B")], 4, SeasonRules(best_results=2), events=(1, 2, 2, 3)), {"A": (60, CHAMPION), "B": (52, OUT)}),
    ("a team scoring two cars a race can reach more", season([("A", "B"), ("A", "B")], 3, SeasonRules(team_scoring=TeamScoring.ALL_ENTRIES), cars={"B": 2}), {"A": (60, CAN), "B": (68, CAN)}),
]  # fmt: skip


@pytest.mark.parametrize(("build", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_who_can_still_win(
    build: Callable[[], SeasonData], expected: dict[str, tuple[Decimal | int, Contention]]
) -> None:
    data = build()
    table = compute_standings(data).table("P", Championship.TEAMS)
    found = contention(data, table)
    assert found == {name: (Decimal(most), mark) for name, (most, mark) in expected.items()}
