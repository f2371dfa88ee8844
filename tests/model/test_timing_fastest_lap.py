"""A timing import marks the fastest lap of each class where the file has best-lap times
(FL_TIME), keeps what the round had where it has none, and is still undone exactly."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from model.edits.seasons import import_season
from model.edits.timing_apply import TimingImportEdit
from model.io.alkamel import TimingFileError, parse_timing_file
from model.io.season_definition import parse_season_definition
from model.io.timing_import import plan_import
from model.scoring.standings import Championship, compute_standings
from model.store import tables as t
from model.store.db import transaction
from model.store.season_data import load_season_data
from tests.helpers import dump
from tests.model.timing_files import (
    FIXTURES,
    TIMING_SEASON,
    read_independently,
    real_timing_file,
)

FASTEST = FIXTURES / "fastest-laps.csv"
# Who has the fastest lap in fastest-laps.csv: LMP2's goes to the second car, LMGTE's tie to
# the car that set it on the earlier lap (though it retired), GTC's tie on the same lap to
# the better-placed car; LMGT3 has no lap times.
FASTEST_FLAGS = {
    "LMP2 7": False,
    "LMP2 22": True,
    "LMP2 12": False,
    "LMGTE 56": False,
    "LMGTE 91": True,
    "GTC 60": True,
    "GTC 61": False,
    "LMGT3 92": None,
    "LMGT3 93": None,
}
REAL_FILES = [
    "2014_ELMS_Imola_Race_Classification.csv",
    "2014_ELMS_Silverstone_Race_Classification.csv",
    "2026_WEC_SaoPaulo_Race_Hour6_Classification.csv",
    "2026_IMSA_RoadAmerica_AEC_Race_Results.csv",
]

# (what, the text replaced in fastest-laps.csv, by what, the message)
HOSTILE: list[tuple[str, str, str, str]] = [
    ("a lap number that is no number", ";55;1'50.100;", ";fifty;1'50.100;", "fastest-laps.csv, line 2, field 'FL_LAPNUM': expected a whole number, found 'fifty'"),
    ("a negative lap number", ";55;1'50.100;", ";-5;1'50.100;", "fastest-laps.csv, line 2, field 'FL_LAPNUM': must be at least 0, found -5"),
    ("a lap time that is no time", ";55;1'50.100;", ";55;1'5x.100;", "fastest-laps.csv, line 2, field 'FL_TIME': '1'5x.100' is not a time"),
]  # fmt: skip


def planned(engine: Engine, season_id: int, data: bytes, source: str) -> TimingImportEdit:
    timing = parse_timing_file(data, source=source)
    with Session(engine) as session:
        return TimingImportEdit(
            plan_import(session=session, season_id=season_id, round_id=1, timing=timing)
        )


def imported(engine: Engine, season_id: int, path: Path) -> TimingImportEdit:
    edit = planned(engine, season_id, path.read_bytes(), path.name)
    with transaction(engine) as session:
        edit.apply(session)
    return edit


def fastest_laps(engine: Engine, round_id: int = 1) -> dict[str, bool]:
    """Each result's fastest-lap flag as stored, by class and car number."""
    with Session(engine) as session:
        rows = session.exec(
            select(t.SeasonClass.name, t.Entry.car_number, t.Result.fastest_lap)
            .select_from(t.Result)
            .join(t.Entry, col(t.Entry.id) == col(t.Result.entry_id))
            .join(t.SeasonClass, col(t.SeasonClass.id) == col(t.Entry.class_id))
            .where(t.Result.round_id == round_id)
        ).all()
    return {f"{name} {car}": bool(flag) for name, car, flag in rows}


def mark_fastest(engine: Engine, key: str) -> None:
    """The flag set on one car's result, as a document from elsewhere may hold it."""
    with transaction(engine) as session:
        result_id = next(
            rid
            for rid, name, car in session.exec(
                select(t.Result.id, t.SeasonClass.name, t.Entry.car_number)
                .join(t.Entry, col(t.Entry.id) == col(t.Result.entry_id))
                .join(t.SeasonClass, col(t.SeasonClass.id) == col(t.Entry.class_id))
            )
            if f"{name} {car}" == key
        )
        session.execute(
            update(t.Result).where(col(t.Result.id) == result_id).values(fastest_lap=True)
        )


def test_the_plan_marks_one_car_a_class_and_leaves_classes_without_times(
    engine: Engine, timing_season: int
) -> None:
    plan = planned(engine, timing_season, FASTEST.read_bytes(), FASTEST.name).plan
    assert {f"{r.class_name} {r.car}": r.fastest_lap for r in plan.results} == FASTEST_FLAGS


def test_the_import_stores_the_fastest_laps(engine: Engine, timing_season: int) -> None:
    imported(engine, timing_season, FASTEST)
    expected = {key: bool(flag) for key, flag in FASTEST_FLAGS.items()}
    assert fastest_laps(engine) == expected


def test_a_class_without_times_keeps_the_fastest_lap_it_had(
    engine: Engine, timing_season: int
) -> None:
    imported(engine, timing_season, FASTEST)
    mark_fastest(engine, "LMGT3 93")  # entered by hand: the file cannot say
    mark_fastest(engine, "LMP2 7")  # the file says otherwise
    imported(engine, timing_season, FASTEST)
    flags = fastest_laps(engine)
    assert (flags["LMGT3 92"], flags["LMGT3 93"]) == (False, True)
    assert (flags["LMP2 7"], flags["LMP2 22"]) == (False, True)


def test_what_a_timing_file_cannot_say_is_kept_when_it_is_imported_again(
    engine: Engine, timing_season: int
) -> None:
    imported(engine, timing_season, FASTEST)
    entered = {"pole": True, "qualifying_pos": 3, "ineligible": "teams"}
    with transaction(engine) as session:
        session.execute(update(t.Result).where(col(t.Result.round_id) == 1).values(**entered))
    imported(engine, timing_season, FASTEST)
    with Session(engine) as session:
        kept = session.exec(
            select(t.Result.pole, t.Result.qualifying_pos, t.Result.ineligible).where(
                t.Result.round_id == 1
            )
        ).all()
    assert set(kept) == {(True, 3, "teams")}


def test_equal_times_on_the_same_lap_go_to_the_better_placed_car(
    engine: Engine, timing_season: int
) -> None:
    imported(engine, timing_season, FIXTURES / "layout-c.csv")  # three cars on 1:45.100, lap 10
    flags = fastest_laps(engine)
    assert (flags["GTDPRO 1"], flags["GTDPRO 44"], flags["GTP 01"]) == (True, False, True)


def test_undo_puts_the_flags_back_exactly(
    engine: Engine, timing_season: int, db_path: Path
) -> None:
    imported(engine, timing_season, FASTEST)
    mark_fastest(engine, "LMGT3 93")
    mark_fastest(engine, "LMP2 7")
    before = dump(db_path, history=False)  # row versions rise on undo, by design
    changed = FASTEST.read_bytes().replace(b";60;1'49.900;", b";60;1'52.900;")
    edit = planned(engine, timing_season, changed, "amended.csv")
    with transaction(engine) as session:
        edit.apply(session)
    assert fastest_laps(engine)["LMP2 7"] is True  # now the file's fastest, too
    assert fastest_laps(engine)["LMP2 22"] is False
    with transaction(engine) as session:
        edit.revert(session)
    assert dump(db_path, history=False) == before


def test_the_fastest_lap_scores_its_bonus(engine: Engine) -> None:
    season: dict[str, Any] = {**TIMING_SEASON, "rules": {"fastest_lap_points": 1}}
    with transaction(engine) as session:
        definition = parse_season_definition(season, source="season.json")
        season_id = import_season(session=session, definition=definition).season_id
    imported(engine, season_id, FASTEST)
    with Session(engine) as session:
        data = load_season_data(session=session, season_id=season_id)
    table = compute_standings(data, classes=["LMP2"]).table("LMP2", Championship.TEAMS)
    assert {row.name: row.total for row in table.rows}["Quick Lap Team"] == Decimal(19)


@pytest.mark.parametrize(("what", "old", "new", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_bad_best_lap_is_refused_with_its_line_and_column(
    what: str, old: str, new: str, message: str
) -> None:
    data = FASTEST.read_bytes().replace(old.encode(), new.encode(), 1)
    with pytest.raises(TimingFileError) as refused:
        parse_timing_file(data, source=FASTEST.name)
    assert str(refused.value) == message


def seconds(text: str) -> Decimal:
    """A lap time such as 1'36.144 or 2:00.088, in seconds, worked out apart from the reader."""
    minutes, _, rest = text.replace(":", "'").rpartition("'")
    return Decimal(minutes or 0) * 60 + Decimal(rest)


def independent_fastest(rows: list[dict[str, str]]) -> Mapping[str, str]:
    """The car with the lowest FL_TIME in each class (earlier lap, then better place on ties)."""
    best: dict[str, tuple[Decimal, int, int, str]] = {}
    for row in rows:
        if not row["FL_TIME"].strip():
            continue
        key = (seconds(row["FL_TIME"]), int(row["FL_LAPNUM"]), int(row["POSITION"]), row["NUMBER"])
        if row["CLASS"] not in best or key < best[row["CLASS"]]:
            best[row["CLASS"]] = key
    return {cls: key[3] for cls, key in best.items()}


@pytest.mark.parametrize("name", REAL_FILES)
def test_real_files_mark_each_class_fastest_lap(
    engine: Engine, timing_season: int, name: str
) -> None:
    path = real_timing_file(name)
    imported(engine, timing_season, path)
    marked = {key for key, flag in fastest_laps(engine).items() if flag}
    expected = {
        f"{cls} {car}" for cls, car in independent_fastest(read_independently(path)).items()
    }
    assert marked == expected
    assert len(expected) == len({row["CLASS"] for row in read_independently(path)})
