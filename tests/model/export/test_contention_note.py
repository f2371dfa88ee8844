"""Under each published table, in words: the champion once decided, else who can still win
and the most they can reach."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from model.io.export.contention_text import contention_note
from model.scoring.rules import Championship
from model.scoring.standings import compute_standings
from model.store.season_data import SeasonData
from tests.builders import SeasonBuilder


def season(finishes: list[tuple[str, ...]], rounds: int) -> Callable[[], SeasonData]:
    def build() -> SeasonData:
        b = SeasonBuilder(classes=("P",))
        ids = [b.round(scale=(20, 16, 13)) for _ in range(rounds)]
        entries = {team: b.entry(team) for team in sorted({t for o in finishes for t in o})}
        for round_id, order in zip(ids, finishes, strict=False):
            b.finish(round_id, *(entries[team] for team in order))
        return b.build()

    return build


# (case, the season, the sentence)
CASES: list[tuple[str, Callable[[], SeasonData], str | None]] = [
    ("decided", season([("A", "B"), ("A", "B")], 2), "Champion: A."),
    ("two can still win", season([("A", "B", "C"), ("A", "B", "C")], 3), "Can still win: A (can reach 60), B (can reach 52), C (can reach 46)."),
    ("one out", season([("A", "B"), ("A", "B"), ("A", "B", "C")], 4), "Can still win: A (can reach 80), B (can reach 68); the others are out of contention."),
    ("nobody ranked", season([], 2), None),
]  # fmt: skip


@pytest.mark.parametrize(("build", "said"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_sentence_under_a_table(build: Callable[[], SeasonData], said: str | None) -> None:
    data = build()
    table = compute_standings(data).table("P", Championship.TEAMS)
    assert contention_note(data, table) == said
