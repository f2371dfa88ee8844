"""The calendar as reversible edits: each change is one step the history records; undo puts
the document back exactly, redo puts the change back; bad input changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from model.edits.calendar_edits import (
    CalendarEdit,
    RoundFields,
    add_round,
    cancel_round,
    delete_round,
    edit_round,
    make_provisional,
    mark_official,
    move_round,
    result_count,
    round_fields,
)
from model.edits.door import Door, one_season
from model.edits.operations import AddResultEdit, ResultFieldEdit, apply_all, revert_all
from model.edits.round_status import (
    official_question,
    official_rounds_written,
    status_text,
)
from model.edits.seasons import import_season
from model.errors import InputError, PitboardError
from model.io.season_definition import parse_season_definition
from model.scoring.standings import Championship, compute_standings
from model.store import tables as t
from model.store.db import transaction
from model.store.documents import OpenDocument, open_for_editing
from model.store.history_log import history
from model.store.season_data import load_season_data
from tests.helpers import dump
from tests.model.season_changes import season_json

SEASON = 1
SCALES = ("standard", "endurance")
OFFICIAL_AT = dt.datetime(2026, 11, 27, 18, 30, tzinfo=dt.UTC)


@pytest.fixture
def opened(sample_path: Path) -> Iterator[OpenDocument]:
    opened = open_for_editing(sample_path, create=False, backup_on_open=False)
    yield opened
    opened.close()


def round_id(session: Session, name: str) -> int:
    found = session.exec(select(t.Round.id).where(t.Round.name.startswith(name))).first()
    assert found is not None, name
    return found


def calendar(session: Session) -> list[tuple[int | None, str]]:
    """(number, first word of the name) of each round, in calendar order."""
    rows = session.exec(select(t.Round).order_by(t.Round.calendar_order))
    return [(r.number, r.name.replace("Mobil 1 12 Hours of ", "").split()[0]) for r in rows]


SAMPLE = [
    (1, "Sebring"),
    (None, "Grand"),  # Mexico, cancelled
    (2, "Chevy"),
    (3, "Infineon"),
    (4, "Le"),
    (5, "Toronto"),
    (6, "Road"),
    (7, "Fry's"),
    (8, "Grand"),
    (9, "Petit"),
]
FINALE = RoundFields("Season Finale", "Road Atlanta", dt.date(2003, 11, 1), "standard")


def rounds_after(changes: dict[int, tuple[int | None, str]]) -> list[tuple[int | None, str]]:
    return [changes.get(place, line) for place, line in enumerate(SAMPLE)]


Build = Callable[[Session], CalendarEdit]
Check = Callable[[Session], None]


def expect_calendar(expected: list[tuple[int | None, str]]) -> Check:
    def check(session: Session) -> None:
        assert calendar(session) == expected

    return check


def expect_round(name: str, **values: object) -> Check:
    def check(session: Session) -> None:
        rnd = session.get(t.Round, round_id(session, name))
        assert rnd is not None
        assert {key: getattr(rnd, key) for key in values} == values

    return check


def _renumbered_from(place: int, by: int) -> list[tuple[int | None, str]]:
    return [
        (n + by if n is not None and i >= place else n, name) for i, (n, name) in enumerate(SAMPLE)
    ]


# (what, the edit, what holds once it is applied)
CHANGES: list[tuple[str, Build, Check]] = [
    (
        "a round added at the end",
        lambda s: add_round(session=s, season_id=SEASON, fields=FINALE),
        expect_calendar([*SAMPLE, (10, "Season")]),
    ),
    (
        "a round added after the first",
        lambda s: add_round(
            session=s, season_id=SEASON, fields=FINALE, after=round_id(s, "Mobil 1")
        ),
        expect_calendar([SAMPLE[0], (2, "Season"), *_renumbered_from(1, 1)[1:]]),
    ),
    (
        "a round renamed",
        lambda s: edit_round(
            session=s,
            round_id=round_id(s, "Petit"),
            fields=RoundFields(
                "Petit Le Mans 10", "Road Atlanta", dt.date(2003, 10, 18), "endurance"
            ),
        ),
        expect_round("Petit Le Mans 10", number=9),
    ),
    (
        "a round's circuit",
        lambda s: edit_round(
            session=s,
            round_id=round_id(s, "Petit"),
            fields=RoundFields("Petit Le Mans", "Atlanta", dt.date(2003, 10, 18), "endurance"),
        ),
        expect_round("Petit", circuit="Atlanta"),
    ),
    (
        "a round's date, scale and factor",
        lambda s: edit_round(
            session=s,
            round_id=round_id(s, "Petit"),
            fields=RoundFields(
                "Petit Le Mans", "Road Atlanta", dt.date(2003, 10, 19), "standard", Decimal("0.5")
            ),
        ),
        expect_round("Petit", date=dt.date(2003, 10, 19), points_factor="0.5"),
    ),
    (
        "a round moved before the cancelled one",
        lambda s: move_round(session=s, round_id=round_id(s, "Chevy"), by=-1),
        expect_calendar([SAMPLE[0], (2, "Chevy"), (None, "Grand"), *SAMPLE[3:]]),
    ),
    (
        "a round moved first",
        lambda s: move_round(session=s, round_id=round_id(s, "Chevy"), by=-2),
        expect_calendar([(1, "Chevy"), (2, "Sebring"), (None, "Grand"), *SAMPLE[3:]]),
    ),
    (
        "the first round moved down",
        lambda s: move_round(session=s, round_id=round_id(s, "Mobil 1"), by=1),
        expect_calendar([(None, "Grand"), (1, "Sebring"), *SAMPLE[2:]]),
    ),
    (
        "a round with results cancelled",
        lambda s: cancel_round(session=s, round_id=round_id(s, "Infineon")),
        expect_calendar([*SAMPLE[:3], (None, "Infineon"), *_renumbered_from(4, -1)[4:]]),
    ),
    (
        "a cancelled round reinstated",
        lambda s: cancel_round(session=s, round_id=round_id(s, "Grand Prix of"), cancelled=False),
        expect_calendar([SAMPLE[0], (2, "Grand"), *_renumbered_from(2, 1)[2:]]),
    ),
    (
        "a round without results deleted",
        lambda s: delete_round(session=s, round_id=round_id(s, "Grand Prix of")),
        expect_calendar([SAMPLE[0], *SAMPLE[2:]]),
    ),
    (
        "a round marked official",
        lambda s: mark_official(session=s, round_id=round_id(s, "Chevy"), by="Ann", at=OFFICIAL_AT),
        expect_round("Chevy", official_at="2026-11-27T18:30:00+00:00", official_by="Ann"),
    ),
]


def run(door: Door, step: str, edit: CalendarEdit, *, undo: bool = False) -> int:
    change = revert_all if undo else apply_all
    return door.apply(
        lambda s: change(s, [edit]), step=step, seasons=one_season(SEASON)
    ).history_lines


@pytest.mark.parametrize(("what", "build", "check"), CHANGES, ids=[c[0] for c in CHANGES])
def test_a_calendar_change_is_one_step_undone_exactly(
    opened: OpenDocument, sample_path: Path, what: str, build: Build, check: Check
) -> None:
    door = Door(opened, author="Ann")
    before = dump(sample_path, history=False)
    edit = door.read(build)
    assert not edit.changes_nothing()
    assert run(door, what, edit) > 0  # the history holds the change
    door.read(check)
    applied = dump(sample_path, history=False)
    assert applied != before
    assert run(door, f"Undo: {what}", edit, undo=True) > 0
    assert dump(sample_path, history=False) == before
    run(door, f"Redo: {what}", edit)
    assert dump(sample_path, history=False) == applied
    door.read(check)
    steps = {line.step for line in door.read(lambda s: history(session=s, season_id=SEASON))}
    assert {what, f"Undo: {what}", f"Redo: {what}"} <= steps


def test_a_cancelled_rounds_results_are_kept_and_count_for_nothing(
    opened: OpenDocument,
) -> None:
    door = Door(opened)
    sonoma = door.read(lambda s: round_id(s, "Infineon"))
    results = door.read(lambda s: result_count(session=s, round_id=sonoma))
    assert results > 0

    def gt_total(session: Session) -> Decimal:
        standings = compute_standings(load_season_data(session=session, season_id=SEASON))
        table = standings.table("GT", Championship.TEAMS)
        return next(row.total for row in table.rows if row.name == "Alex Job Racing")

    total = door.read(gt_total)
    edit = door.read(lambda s: cancel_round(session=s, round_id=sonoma))
    run(door, "Cancel round 3", edit)
    assert door.read(lambda s: result_count(session=s, round_id=sonoma)) == results
    assert door.read(gt_total) < total
    run(
        door,
        "Reinstate round",
        door.read(lambda s: cancel_round(session=s, round_id=sonoma, cancelled=False)),
    )
    assert door.read(gt_total) == total


def test_the_history_names_the_rounds_that_changed(opened: OpenDocument) -> None:
    door = Door(opened, author="Ann")
    edit = door.read(lambda s: cancel_round(session=s, round_id=round_id(s, "Infineon")))
    run(door, "Cancel round 3", edit)
    lines = door.read(lambda s: history(session=s, season_id=SEASON))
    said = [line.description for line in lines if line.step == "Cancel round 3"]
    assert any("status" in text for text in said), said
    assert any("number 9 → 8" in text for text in said), said
    assert {line.author for line in lines if line.step == "Cancel round 3"} == {"Ann"}


# (what is typed, the field named)
HOSTILE_FIELDS: list[tuple[dict[str, str], str]] = [
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "Sebring\x1b[31m"}, "name"),
    ({"name": "x" * 501}, "name"),
    ({"circuit": "Road\nAtlanta"}, "circuit"),
    ({"date": "2003-13-01"}, "date"),
    ({"date": "15/03/2003"}, "date"),
    ({"date": "2003-3-5"}, "date"),
    ({"date": "20030315"}, "date"),
    ({"date": "\uff12\uff10\uff10\uff13-03-15"}, "date"),  # full-width digits
    ({"scale": "sprint"}, "points scale"),
    ({"factor": "0"}, "points factor"),
    ({"factor": "-1"}, "points factor"),
    ({"factor": "half"}, "points factor"),
    ({"factor": "0.001"}, "points factor"),
    ({"factor": "1e6"}, "points factor"),
    ({"factor": "NaN"}, "points factor"),
]


@pytest.mark.parametrize(
    ("typed", "field"), HOSTILE_FIELDS, ids=[repr(h[0]) for h in HOSTILE_FIELDS]
)
def test_a_bad_field_is_refused_by_name(typed: dict[str, str], field: str) -> None:
    values = {"name": "Finale", "circuit": "", "date": "", "scale": "standard", "factor": "1"}
    with pytest.raises(InputError) as raised:
        round_fields(**{**values, **typed}, scales=SCALES)
    assert raised.value.field == field


def test_fields_are_read_as_typed() -> None:
    fields = round_fields(
        name=" Finale ", circuit="Sebring", date="2003-11-01", scale="", factor="", scales=SCALES
    )
    assert fields == RoundFields("Finale", "Sebring", dt.date(2003, 11, 1), "", Decimal(1))


# (what, an edit that must be refused, words the refusal holds)
REFUSED: list[tuple[str, Build, str]] = [
    (
        "a name another round has",
        lambda s: add_round(session=s, season_id=SEASON, fields=RoundFields("petit le mans")),
        "already has a round called",
    ),
    (
        "a rename to another round's name",
        lambda s: edit_round(
            session=s, round_id=round_id(s, "Chevy"), fields=RoundFields("Petit Le Mans")
        ),
        "already has a round called",
    ),
    (
        "an unknown scale",
        lambda s: add_round(session=s, season_id=SEASON, fields=RoundFields("X", scale="sprint")),
        "unknown points scale",
    ),
    (
        "after a round that is not there",
        lambda s: add_round(session=s, season_id=SEASON, fields=FINALE, after=999),
        "no round",
    ),
    (
        "the first round moved up",
        lambda s: move_round(session=s, round_id=round_id(s, "Mobil 1"), by=-1),
        "already first",
    ),
    (
        "the last round moved down",
        lambda s: move_round(session=s, round_id=round_id(s, "Petit"), by=1),
        "already last",
    ),
    (
        "moved far past the end",
        lambda s: move_round(session=s, round_id=round_id(s, "Chevy"), by=50),
        "already last",
    ),
    (
        "a round with results deleted",
        lambda s: delete_round(session=s, round_id=round_id(s, "Chevy")),
        "cannot be deleted; cancel it instead",
    ),
    (
        "a round that is not there",
        lambda s: cancel_round(session=s, round_id=999),
        "no round",
    ),
]


@pytest.mark.parametrize(("what", "build", "words"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_refused_change_changes_nothing(
    opened: OpenDocument, sample_path: Path, what: str, build: Build, words: str
) -> None:
    before = dump(sample_path)
    with pytest.raises(PitboardError, match=words):
        Door(opened).read(build)
    assert dump(sample_path) == before


def test_a_round_with_a_penalty_is_not_deleted(opened: OpenDocument) -> None:
    door = Door(opened)
    mexico = door.read(lambda s: round_id(s, "Grand Prix of"))

    def penalty(session: Session) -> None:
        session.add(t.Penalty(season_id=SEASON, class_name="GT", competitor="X", round_id=mexico))

    with Session(opened.engine) as session:
        penalty(session)
        session.commit()
    with pytest.raises(InputError, match="1 penalty given for it"):
        door.read(lambda s: delete_round(session=s, round_id=mexico))


# (what, an edit of what is already there)
NOTHING: list[tuple[str, Build]] = [
    (
        "cancelling a cancelled round",
        lambda s: cancel_round(session=s, round_id=round_id(s, "Grand Prix of")),
    ),
    (
        "reinstating a round that runs",
        lambda s: cancel_round(session=s, round_id=round_id(s, "Chevy"), cancelled=False),
    ),
    (
        "a provisional round made provisional",
        lambda s: make_provisional(session=s, round_id=round_id(s, "Chevy")),
    ),
    (
        "the same fields again",
        lambda s: edit_round(
            session=s,
            round_id=round_id(s, "Petit"),
            fields=RoundFields("Petit Le Mans", "Road Atlanta", dt.date(2003, 10, 18), "endurance"),
        ),
    ),
]


@pytest.mark.parametrize(("what", "build"), NOTHING, ids=[n[0] for n in NOTHING])
def test_a_change_to_what_is_there_is_no_step(
    opened: OpenDocument, what: str, build: Build
) -> None:
    assert Door(opened).read(build).changes_nothing()


def test_official_and_provisional_again(opened: OpenDocument) -> None:
    door = Door(opened)
    atlanta = door.read(lambda s: round_id(s, "Chevy"))
    run(
        door,
        "Official",
        door.read(lambda s: mark_official(session=s, round_id=atlanta, by="Ann", at=OFFICIAL_AT)),
    )
    assert door.read(
        lambda s: mark_official(session=s, round_id=atlanta, by="Bob").changes_nothing()
    )
    rnd = door.read(lambda s: s.get(t.Round, atlanta))
    assert rnd is not None
    assert status_text(rnd.official_at, rnd.official_by) == "Official 2026-11-27 by Ann"
    run(door, "Provisional", door.read(lambda s: make_provisional(session=s, round_id=atlanta)))
    rnd = door.read(lambda s: s.get(t.Round, atlanta))
    assert rnd is not None
    assert (rnd.official_at, rnd.official_by) == (None, "")
    assert status_text(None, "") == "Provisional"
    assert status_text(None, "", cancelled=True) == "Cancelled"


def test_result_edits_name_the_official_rounds_they_write(opened: OpenDocument) -> None:
    door = Door(opened)
    atlanta = door.read(lambda s: round_id(s, "Chevy"))
    sebring = door.read(lambda s: round_id(s, "Mobil 1"))
    run(
        door,
        "Official",
        door.read(lambda s: mark_official(session=s, round_id=atlanta, by="Ann", at=OFFICIAL_AT)),
    )

    def first_result(session: Session, rid: int) -> int:
        found = session.exec(select(t.Result.id).where(t.Result.round_id == rid)).first()
        assert found is not None
        return found

    def written(session: Session, rid: int) -> list[int]:
        edit = ResultFieldEdit.build(session, first_result(session, rid), laps=1)
        return [r.round_id for r in official_rounds_written(session=session, edits=[edit])]

    assert door.read(lambda s: written(s, atlanta)) == [atlanta]
    assert door.read(lambda s: written(s, sebring)) == []
    added = AddResultEdit(round_id=atlanta, entry_id=1)
    found = door.read(lambda s: official_rounds_written(session=s, edits=[added]))
    assert official_question(found) == (
        "Round 2 is official (by Ann, 2026-11-27). Change its results?"
    )


def test_the_races_of_one_round_stay_one_round_when_the_calendar_is_renumbered(
    engine: Engine,
) -> None:
    data = season_json()
    data["rounds"].append(
        {
            "round": 10,
            "name": "Season Finale",
            "races": [
                {"name": "Sprint", "points_scale": "standard"},
                {"name": "Main", "points_scale": "endurance"},
            ],
        }
    )
    with transaction(engine) as session:
        definition = parse_season_definition(data, source="season.json")
        season_id = import_season(session=session, definition=definition).season_id

    def finale(session: Session) -> list[tuple[int | None, int | None]]:
        rows = session.exec(select(t.Round).where(t.Round.name.startswith("Season Finale")))
        return sorted((r.number, r.event) for r in rows)

    with Session(engine) as session:
        assert finale(session) == [(10, 10), (11, 10)]
    with transaction(engine) as session:
        sebring = round_id(session, "Mobil 1")
        cancel_round(session=session, round_id=sebring).apply(session)
        assert session.get(t.Round, sebring) is not None
    with Session(engine) as session:
        assert finale(session) == [(9, 9), (10, 9)]
        atlanta = session.get(t.Round, round_id(session, "Chevy"))
        assert atlanta is not None
        assert (atlanta.number, atlanta.event) == (1, 1)
        assert season_id == atlanta.season_id
