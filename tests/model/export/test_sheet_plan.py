"""A class's drivers' table is published only where the season records drivers; the
manufacturers' only once it has a competitor; the teams' always."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from model.io.export.sheet_plan import has_drivers, sheets_for
from model.scoring.standings import Championship, compute_standings
from model.store.season_data import SeasonData, load_season_data
from tests.builders import SeasonBuilder
from tests.model.export.real_season import f1_1984

TEAMS, DRIVERS, MAKERS = Championship.TEAMS, Championship.DRIVERS, Championship.MANUFACTURERS


def raced(*, drivers: tuple[str, ...], chassis: str = "Audi R8", run: bool = True) -> SeasonData:
    """Class P: two cars with the given drivers, in one round run (or not yet run)."""
    b = SeasonBuilder(classes=("P", "GT"))
    first = b.round()
    alpha = b.entry("Alpha", chassis=chassis, drivers=drivers)
    bravo = b.entry("Bravo", chassis=chassis, drivers=drivers)
    if run:
        b.finish(first, alpha, bravo)
    return b.build()


# (a season, class P's tables to publish)
PLANS = [
    pytest.param(raced(drivers=("Ann",)), [TEAMS, DRIVERS, MAKERS], id="drivers recorded"),
    pytest.param(raced(drivers=()), [TEAMS, MAKERS], id="no drivers recorded"),
    pytest.param(
        raced(drivers=("Ann",), run=False), [TEAMS, DRIVERS], id="drivers entered, nothing run"
    ),
    pytest.param(raced(drivers=(), run=False), [TEAMS], id="nothing recorded, nothing run"),
]


@pytest.mark.parametrize(("data", "plan"), PLANS)
def test_the_tables_a_class_publishes(data: SeasonData, plan: list[Championship]) -> None:
    assert sheets_for(data, compute_standings(data), "P") == plan


def test_an_empty_class_publishes_its_teams_table_only() -> None:
    data = raced(drivers=("Ann",))
    assert sheets_for(data, compute_standings(data), "GT") == [TEAMS]


def test_the_2003_season_records_no_drivers(sample_engine: Engine) -> None:
    with Session(sample_engine) as session:
        data = load_season_data(session=session, season_id=1)
    standings = compute_standings(data)
    for class_name in data.classes:
        assert not has_drivers(data, class_name)
        assert sheets_for(data, standings, class_name) == [TEAMS, MAKERS]


def test_a_season_with_drivers_publishes_their_table(engine: Engine) -> None:
    data = f1_1984(engine)
    (class_name,) = data.classes
    assert has_drivers(data, class_name)
    assert DRIVERS in sheets_for(data, compute_standings(data), class_name)
