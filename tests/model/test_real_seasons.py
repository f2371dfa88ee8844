"""Real championships reproduced from their race results alone.

Each folder under tests/data/real-seasons holds one published season: its definition
(season.json), the classified cars of every race (results.csv) and the final tables as
published (standings.json); its README.md says where each came from. A season is imported
into a fresh document with Pitboard's own import, and every published row must come out of
the engine: position, name, total and the points of each round. Adding a season needs only a
folder and a row in SEASONS.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from model.edits.results_import import import_result_rows
from model.edits.seasons import import_season
from model.io.jsonlines import read_json
from model.io.results_csv import read_results_csv
from model.io.season_definition import parse_season_definition
from model.scoring.standings import Championship, SeasonStandings, StandingsTable, compute_standings
from model.store.db import transaction
from model.store.season_data import load_season_data
from tests.conftest import DATA

REAL_SEASONS = DATA / "real-seasons"
CLASS = "F1"


@dataclass(frozen=True)
class Season:
    folder: str
    year: int
    rounds: int


SEASONS = [
    # Half points at Monaco, stopped before three-quarter distance; Tyrrell's results excluded.
    Season("f1-1984", 1984, 16),
    # Drivers count their best 11 results, constructors every result; ties on points
    # separated by countback (Capelli ahead of Warwick, Mansell ahead of Nannini).
    Season("f1-1988", 1988, 16),
]
CHAMPIONSHIPS = [Championship.DRIVERS, Championship.TEAMS]

Row = tuple[int, str, Decimal | None, dict[str, Decimal]]


def number(value: Any) -> Decimal | None:
    """Points as an exact decimal, so that 71.5 read from JSON equals 71.5 computed."""
    return None if value is None else Decimal(str(value))


def published(season: Season) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (REAL_SEASONS / season.folder / "standings.json").read_text(encoding="utf-8")
    )
    return data


def season_definition(season: Season) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (REAL_SEASONS / season.folder / "season.json").read_text(encoding="utf-8")
    )
    return data


def imported_standings(engine: Engine, season: Season) -> SeasonStandings:
    folder = REAL_SEASONS / season.folder
    with transaction(engine) as session:
        season_file = folder / "season.json"
        definition = parse_season_definition(read_json(season_file), source=season_file.name)
        season_id = import_season(session=session, definition=definition).season_id
        rows = read_results_csv(folder / "results.csv")
        import_result_rows(session=session, season_id=season_id, rows=rows, source="results.csv")
    with Session(engine) as session:
        return compute_standings(load_season_data(session=session, season_id=season_id))


def computed_rows(table: StandingsTable) -> list[Row]:
    return sorted(
        (
            row.pos,
            row.name,
            number(row.total),
            {
                str(round_number): Decimal(str(cell.points))
                for round_number, cell in zip(table.round_numbers, row.cells, strict=True)
                if cell.points
            },
        )
        for row in table.rows
    )


def published_rows(rows: list[dict[str, Any]]) -> list[Row]:
    """The published rows, ordered by position and then name: the order of competitors
    sharing a position is not part of what is published."""
    return sorted(
        (
            row["pos"],
            row["name"],
            number(row["total"]),
            {key: Decimal(str(points)) for key, points in row["rounds"].items()},
        )
        for row in rows
    )


@pytest.mark.parametrize("championship", CHAMPIONSHIPS, ids=str)
@pytest.mark.parametrize("season", SEASONS, ids=lambda s: s.folder)
def test_the_published_table_comes_out_of_the_results(
    engine: Engine, season: Season, championship: Championship
) -> None:
    table = imported_standings(engine, season).table(CLASS, championship)
    assert table.round_numbers == tuple(range(1, season.rounds + 1))
    assert computed_rows(table) == published_rows(published(season)[championship.value])


@pytest.mark.parametrize("season", SEASONS, ids=lambda s: s.folder)
def test_the_published_rounds_add_up_to_the_published_totals(season: Season) -> None:
    """The data checks itself: every row's round points add up to its total (its best
    results only, where the championship counts only those)."""
    overrides = season_definition(season).get("championships", {})
    for championship in CHAMPIONSHIPS:
        best = overrides.get(championship.value, {}).get("best_results")
        for row in published(season)[championship.value]:
            points = sorted((Decimal(str(p)) for p in row["rounds"].values()), reverse=True)
            counted = points[:best] if best else points
            assert sum(counted, Decimal(0)) == Decimal(str(row["total"])), row["name"]


def test_half_points_decide_the_1984_title_by_half_a_point(engine: Engine) -> None:
    table = imported_standings(engine, SEASONS[0]).table(CLASS, Championship.DRIVERS)
    first, second = table.rows[:2]
    assert (first.name, number(first.total)) == ("Niki Lauda", Decimal(72))
    assert (second.name, number(second.total)) == ("Alain Prost", Decimal("71.5"))
    monaco = second.cells[5]  # Prost won the shortened Monaco race: half of 9 points
    assert (monaco.position, number(monaco.points)) == (1, Decimal("4.5"))


def test_only_the_best_11_results_count_for_the_1988_drivers(engine: Engine) -> None:
    standings = imported_standings(engine, SEASONS[1])
    drivers = {row.name: row for row in standings.table(CLASS, Championship.DRIVERS).rows}
    senna, prost = drivers["Ayrton Senna"], drivers["Alain Prost"]
    dropped = {n: cell.points for n, cell in enumerate(senna.cells, start=1) if cell.dropped}
    assert dropped == {13: 1, 14: 3}  # 94 scored, 90 counted
    assert sorted(c.points or 0 for c in prost.cells if c.dropped) == [6, 6, 6]  # 105 scored
    assert (number(senna.total), number(prost.total)) == (Decimal(90), Decimal(87))
    teams = standings.table(CLASS, Championship.TEAMS).rows
    assert not any(cell.dropped for row in teams for cell in row.cells)


def test_every_real_season_folder_is_tested() -> None:
    folders = {path.name for path in REAL_SEASONS.iterdir() if path.is_dir()}
    assert folders == {season.folder for season in SEASONS}
    for folder in folders:
        names = {path.name for path in (REAL_SEASONS / folder).iterdir()}
        assert {"season.json", "results.csv", "standings.json", "README.md"} <= names
    for season in SEASONS:
        assert season_definition(season)["season"] == season.year
