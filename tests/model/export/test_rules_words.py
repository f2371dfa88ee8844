"""The footnote in the words of the people reading the table: what each round pays rather
than the names scales were given in the season's set-up, counted results in plain English,
and each penalty and exclusion with its reason."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from model.io.export.penalty_text import penalty_notes
from model.io.export.rules_text import rules_footnote
from model.scoring.rules import Championship, DropBy, DropSegment, Penalty, SeasonRules
from model.scoring.standings import compute_standings
from model.store.season_data import SeasonData, load_season_data
from tests.builders import SeasonBuilder

STANDARD = (20, 16, 13, 10, 8, 6, 4, 3, 2, 1)
LONG = (26, 22, 19, 16, 14, 12, 10, 9, 8, 7)


def season(rounds: int = 4, **rules: Any) -> SeasonData:
    b = SeasonBuilder(classes=("P",), rules=SeasonRules(**rules))
    numbered = [b.round() for _ in range(rounds)]
    alpha = b.entry("Alpha", drivers=("Ann",))
    bravo = b.entry("Bravo", drivers=("Ben",))
    for rnd in numbered:
        b.finish(rnd, alpha, bravo)
    return b.build()


def scaled(
    data: SeasonData, scales: dict[int, tuple[Any, ...]], name: str = "endurance"
) -> SeasonData:
    """Rounds given another scale by number, under a name users chose for it."""
    rounds = tuple(
        rnd._replace(scale=tuple(Decimal(str(p)) for p in scales[rnd.number]), scale_name=name)
        if rnd.number in scales
        else rnd
        for rnd in data.rounds
    )
    return replace(data, rounds=rounds)


def dropping(best: Any, **rules: Any) -> list[str]:
    return rules_footnote(season(best_results=best, **rules))


# (a season, the sentence its footnote must hold)
SENTENCES = [
    pytest.param(
        scaled(season(9), {1: LONG, 9: LONG}),
        "Rounds 1 and 9 pay 26-22-19-16-14-12-10-9-8-7 to the top 10; the other rounds "
        "20-16-13-10-8-6-4-3-2-1.",
        id="two scales",
    ),
    pytest.param(
        scaled(scaled(season(5), {1: LONG}), {5: (3, 2, 1)}, name="sprint"),
        "Round 1 pays 26-22-19-16-14-12-10-9-8-7 to the top 10; round 5 pays 3-2-1 to the "
        "top 3; the other rounds 20-16-13-10-8-6-4-3-2-1.",
        id="three scales",
    ),
    pytest.param(
        scaled(season(3), {2: ()}),
        "Round 2 pays no points; the other rounds 20-16-13-10-8-6-4-3-2-1.",
        id="a round paying nothing",
    ),
    pytest.param(
        scaled(season(3), {1: (), 2: ()}),
        "Round 3 pays 20-16-13-10-8-6-4-3-2-1 to the top 10; the other rounds pay no points.",
        id="most rounds paying nothing",
    ),
    pytest.param(
        scaled(season(2), {1: (10, 5)}),
        "Round 1 pays 10-5 to the top 2; the other rounds 20-16-13-10-8-6-4-3-2-1.",
        id="as many rounds on each",
    ),
    pytest.param(
        scaled(season(3), {1: STANDARD, 2: STANDARD, 3: STANDARD}),
        "Points to the top 10: 20-16-13-10-8-6-4-3-2-1.",
        id="one scale under another name",
    ),
    pytest.param(season(best_results=1), "Only the best result counts.", id="best 1"),
    pytest.param(season(best_results=7), "Only the best 7 results count.", id="best 7"),
    pytest.param(
        season(best_results=1, drop_by=DropBy.RACE),
        "Only the best race result counts.",
        id="best race result",
    ),
    pytest.param(
        season(best_results=(DropSegment(1, 2, 1), DropSegment(3, 4, 1))),
        "Only the best result of rounds 1-2 and the best one of rounds 3-4 count.",
        id="best 1 of each half",
    ),
    pytest.param(
        season(best_results=(DropSegment(1, 2, 1), DropSegment(3, 4, 2))),
        "Only the best result of rounds 1-2 and the best 2 of rounds 3-4 count.",
        id="best 1 then best 2",
    ),
    pytest.param(
        season(best_results=(DropSegment(1, 3, 2), DropSegment(4, 4, 1))),
        "Only the best 2 results of rounds 1-3 and the best one of round 4 count.",
        id="best 2 then best 1",
    ),
    pytest.param(
        season(best_results=(DropSegment(1, 2, 1),)),
        "Only the best result of rounds 1-2 counts; every other round counts in full.",
        id="one segment",
    ),
    pytest.param(
        season(championships=((Championship.DRIVERS, (("best_results", 1),)),)),
        "Teams and manufacturers: all results count; drivers: only the best result counts.",
        id="best 1 for drivers only",
    ),
]


@pytest.mark.parametrize(("data", "sentence"), SENTENCES)
def test_the_footnote_reads_as_its_readers_say_it(data: SeasonData, sentence: str) -> None:
    assert sentence in rules_footnote(data)


@pytest.mark.parametrize("data", [row.values[0] for row in SENTENCES])
def test_no_scale_is_named_and_nothing_counts_as_best_1(data: SeasonData) -> None:
    said = " ".join(rules_footnote(data))
    for word in ("endurance", "sprint", "best 1 ", "(standard)", "scale"):
        assert word not in said


def test_a_missing_qualifying_scale_is_not_named() -> None:
    data = season(qualifying_points="pole scale")
    assert not any("pole scale" in line for line in rules_footnote(data))


FOOTNOTE_2003 = [
    "Rounds 1 and 9 pay 26-22-19-16-14-12-10-9-8-7 to the top 10; the other rounds "
    "20-16-13-10-8-6-4-3-2-1.",
    "Cars failing to complete 70% of the overall winner's distance are not awarded points.",
    "A team scores only its highest-placed car in each race; its other cars keep their positions.",
    "Ties are broken by countback: most wins, then most 2nd places, and so on.",
    "A manufacturer scores with its highest-placed car in each race.",
]


def test_the_2003_footnote(sample_engine: Engine) -> None:
    with Session(sample_engine) as session:
        data = load_season_data(session=session, season_id=1)
    assert rules_footnote(data) == FOOTNOTE_2003


FOUL = Penalty(None, "P", "Bravo", None, Decimal(-10), False, "contact with a backmarker")
BANNED = Penalty(None, "P", "Alpha", None, Decimal(0), True, "an underweight car")


@pytest.mark.parametrize(
    ("penalties", "notes"),
    [
        pytest.param(
            (FOUL,), ["Bravo: 10 points deducted. Reason: contact with a backmarker."], id="points"
        ),
        pytest.param(
            (BANNED,),
            [
                "Alpha: excluded from the championship (listed at the foot of the table). "
                "Reason: an underweight car."
            ],
            id="exclusion",
        ),
        pytest.param(
            (FOUL, BANNED),
            [
                "Bravo: 10 points deducted. Reason: contact with a backmarker.",
                "Alpha: excluded from the championship (listed at the foot of the table). "
                "Reason: an underweight car.",
            ],
            id="both, in the order given",
        ),
    ],
)
def test_penalties_and_exclusions_are_told_with_their_reasons(
    penalties: tuple[Penalty, ...], notes: list[str]
) -> None:
    data = replace(season(), penalties=penalties)
    table = compute_standings(data).table("P", Championship.TEAMS)
    assert penalty_notes(table, data.rounds) == notes
