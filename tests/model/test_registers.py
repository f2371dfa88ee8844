"""The team and driver registers, the changed-car command and an entry's registration change
through the one door: each is one step, in the history, and undone to the byte."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from model.edits.changed_car import ChangedCarEdit
from model.edits.door import Door
from model.edits.entries import add_entry
from model.edits.names import set_entry_drivers, set_result_drivers
from model.edits.operations import Edit, apply_all, revert_all, seasons_of, touched_by
from model.edits.registers import (
    MergeRegisterEdit,
    RegisterFieldEdit,
    check_nationality,
    register_rows,
)
from model.errors import InputError, PitboardError
from model.io.countries import COUNTRIES
from model.store import tables as t
from model.store.documents import OpenDocument, open_for_editing
from model.store.history_log import history
from tests.helpers import dump

ALEX_JOB = 17  # car 23, GT, nine results
PETERSEN = 18  # car 31, GT, five results
RISI = 30  # car 35, GT


def ids(session: Session, table: type[t.Team] | type[t.Driver], name: str) -> int:
    found = session.exec(select(table.id).where(table.name == name)).one()
    assert found is not None
    return found


@pytest.fixture
def opened(sample_path: Path) -> Iterator[OpenDocument]:
    """The sample, with drivers, a driver written two ways and a team entered twice."""
    document = open_for_editing(sample_path, create=False, backup_on_open=False)
    with Session(document.engine) as session:
        set_entry_drivers(session, ALEX_JOB, ["Timo Bernhard", "Jörg Bergmeister"])
        set_entry_drivers(session, RISI, ["Ralf Kelleners", "Anthony Lazzaro"])
        set_entry_drivers(session, PETERSEN, ["T. Bernhard", "Craig Stanton"])
        first, second = session.exec(
            select(t.Result.id).where(t.Result.entry_id == ALEX_JOB).order_by(col(t.Result.id))
        ).all()[:2]
        assert first is not None
        assert second is not None
        set_result_drivers(session, first, ["Timo Bernhard", "T. Bernhard"])  # both: one drops
        set_result_drivers(session, second, ["T. Bernhard", "Jörg Bergmeister"])
        add_entry(
            session=session, season_id=1, class_name="GT", team="Alex Job Racing Inc.", car="24"
        )
        session.commit()
    yield document
    document.close()


def step(door: Door, edits: Sequence[Edit], name: str = "step") -> int:
    """Apply `edits` as the editor does (history from the rows they name); lines logged."""
    seasons = seasons_of(edits) or (lambda _s: [1])
    applied = door.apply(
        lambda s: apply_all(s, edits), step=name, seasons=seasons, touched=touched_by(edits)
    )
    return applied.history_lines


def undo(door: Door, edits: Sequence[Edit]) -> None:
    seasons = seasons_of(edits) or (lambda _s: [1])
    door.apply(
        lambda s: revert_all(s, edits), step="undo", seasons=seasons, touched=touched_by(edits)
    )


def merge_drivers(s: Session) -> MergeRegisterEdit:
    kept, merged = ids(s, t.Driver, "Timo Bernhard"), ids(s, t.Driver, "T. Bernhard")
    return MergeRegisterEdit.build(s, "driver", kept, merged, 1)


def merge_teams(s: Session) -> MergeRegisterEdit:
    kept, merged = ids(s, t.Team, "Alex Job Racing"), ids(s, t.Team, "Alex Job Racing Inc.")
    return MergeRegisterEdit.build(s, "team", kept, merged, 1)


def nationality(s: Session) -> RegisterFieldEdit:
    return RegisterFieldEdit.build(
        s, "driver", ids(s, t.Driver, "Timo Bernhard"), 1, nationality="deu"
    )


def team_short_name(s: Session) -> RegisterFieldEdit:
    return RegisterFieldEdit.build(
        s, "team", ids(s, t.Team, "Risi Competizione"), 1, short_name="Risi"
    )


def rename_driver(s: Session) -> RegisterFieldEdit:
    return RegisterFieldEdit.build(s, "driver", ids(s, t.Driver, "T. Bernhard"), 1, name="Tim B.")


def changed_car(s: Session) -> ChangedCarEdit:
    return ChangedCarEdit.build(s, ALEX_JOB, chassis="Porsche 911 GT3-RSR", engine="", from_round=6)


# (case, the edit, words the history says)
STEPS: list[tuple[str, Callable[[Session], Edit], str]] = [
    ("merge a driver written two ways", merge_drivers, "driver T. Bernhard removed"),
    ("merge a team entered twice", merge_teams, "team Alex Job Racing Inc. removed"),
    ("a driver's nationality", nationality, "nationality  → DEU"),
    ("a team's short name", team_short_name, "short name  → Risi"),
    ("a driver renamed", rename_driver, "name T. Bernhard → Tim B."),
    ("a car that changed chassis at Mosport", changed_car, "added"),
]


@pytest.mark.parametrize(("build", "words"), [c[1:] for c in STEPS], ids=[c[0] for c in STEPS])
def test_an_edit_is_one_recorded_step_undone_to_the_byte(
    opened: OpenDocument, sample_path: Path, build: Callable[[Session], Edit], words: str
) -> None:
    door = Door(opened)
    before = dump(sample_path, history=False)
    edits = door.read(lambda s: [build(s)])
    assert step(door, edits) > 0
    assert dump(sample_path, history=False) != before
    described = [line.description for line in door.read(lambda s: history(session=s, season_id=1))]
    assert any(words in line for line in described), described
    undo(door, edits)
    assert dump(sample_path, history=False) == before
    step(door, edits)  # redo after undo
    undo(door, edits)
    assert dump(sample_path, history=False) == before


def test_a_driver_merge_points_every_link_at_the_kept_driver(opened: OpenDocument) -> None:
    door = Door(opened)
    step(door, door.read(lambda s: [merge_drivers(s)]))
    rows = door.read(lambda s: register_rows(session=s, kind="driver", season_id=1))
    names = [row.name for row in rows]
    assert "T. Bernhard" not in names
    timo = next(row for row in rows if row.name == "Timo Bernhard")
    assert timo.entries == 4  # two entries and two results (one named both: one link left)


def test_a_team_merge_moves_the_entries_and_keeps_the_short_name(opened: OpenDocument) -> None:
    door = Door(opened)
    short = door.read(
        lambda s: [
            RegisterFieldEdit.build(
                s, "team", ids(s, t.Team, "Alex Job Racing Inc."), 1, short_name="AJR"
            )
        ]
    )
    step(door, short)
    step(door, door.read(lambda s: [merge_teams(s)]))
    rows = door.read(lambda s: register_rows(session=s, kind="team", season_id=1))
    alex = next(row for row in rows if row.name == "Alex Job Racing")
    assert (alex.entries, alex.short_name) == (2, "AJR")


def test_a_changed_car_moves_the_results_from_that_round_on(opened: OpenDocument) -> None:
    door = Door(opened)
    edits = door.read(lambda s: [changed_car(s)])
    step(door, edits)
    new_id = edits[0].new_entry_id  # type: ignore[attr-defined]

    def rounds_of(entry_id: int) -> list[int]:
        return door.read(
            lambda s: sorted(
                rid
                for rid in s.exec(select(t.Result.round_id).where(t.Result.entry_id == entry_id))
            )
        )

    assert rounds_of(ALEX_JOB) == [1, 3, 4, 5]
    assert rounds_of(new_id) == [6, 7, 8, 9, 10]
    entry = door.read(lambda s: s.get(t.Entry, new_id))
    assert entry is not None
    assert (entry.car_number, entry.chassis, entry.engine) == ("23", "Porsche 911 GT3-RSR", "")


Build = Callable[[Session], Any]

# (case, the edit built from hostile input, words of the refusal)
REFUSED: list[tuple[str, Build, str]] = [
    ("an empty team name", lambda s: RegisterFieldEdit.build(s, "team", 1, 1, name="  "), "cannot be empty"),
    ("a name with a control character", lambda s: RegisterFieldEdit.build(s, "team", 1, 1, name="Evil\x1b[2J"), "control character"),
    ("a short name with a bell", lambda s: RegisterFieldEdit.build(s, "team", 1, 1, short_name="A\x07"), "control character"),
    ("a nationality XX1", lambda s: RegisterFieldEdit.build(s, "team", 1, 1, nationality="XX1"), "not an ISO 3166"),
    ("a two-letter nationality", lambda s: RegisterFieldEdit.build(s, "team", 1, 1, nationality="GB"), "not an ISO 3166"),
    ("a retired code (USSR)", lambda s: RegisterFieldEdit.build(s, "team", 1, 1, nationality="SUN"), "not an ISO 3166"),
    ("a rename onto another team", lambda s: RegisterFieldEdit.build(s, "team", ids(s, t.Team, "Alex Job Racing Inc."), 1, name="Alex Job Racing"), "merge the two instead"),
    ("an unknown field", lambda s: RegisterFieldEdit.build(s, "team", 1, 1, points="3"), "cannot be edited"),
    ("an unknown register", lambda s: RegisterFieldEdit.build(s, "car", 1, 1, name="x"), "unknown register"),
    ("a team that is gone", lambda s: RegisterFieldEdit.build(s, "team", 9999, 1, name="x"), "no team 9999"),
    ("a team merged into itself", lambda s: MergeRegisterEdit.build(s, "team", 1, 1, 1), "into itself"),
    ("a driver merged into itself", lambda s: MergeRegisterEdit.build(s, "driver", 2, 2, 1), "into itself"),
    ("a merge of a team that is gone", lambda s: MergeRegisterEdit.build(s, "team", 1, 9999, 1), "no team 9999"),
    ("a changed car from an unknown round", lambda s: ChangedCarEdit.build(s, ALEX_JOB, chassis="X", engine="", from_round=999), "choose the round"),
    ("a changed car from no round", lambda s: ChangedCarEdit.build(s, ALEX_JOB, chassis="X", engine="", from_round=None), "choose the round"),
    ("a changed car from its first race", lambda s: ChangedCarEdit.build(s, ALEX_JOB, chassis="X", engine="", from_round=1), "every result would move"),
    ("a changed car after its last race", lambda s: ChangedCarEdit.build(s, PETERSEN, chassis="X", engine="", from_round=10), "no results from Petit Le Mans on"),
    ("a changed car with the same chassis", lambda s: ChangedCarEdit.build(s, ALEX_JOB, chassis=" Porsche 911 GT3-RS ", engine="Porsche 3.6L Flat-6", from_round=6), "give the new chassis"),
    ("a changed chassis with a control character", lambda s: ChangedCarEdit.build(s, ALEX_JOB, chassis="P\x1b", engine="", from_round=6), "control character"),
    ("a changed car that is gone", lambda s: ChangedCarEdit.build(s, 9999, chassis="X", engine="", from_round=6), "no entry 9999"),
]  # fmt: skip


@pytest.mark.parametrize(("build", "words"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_hostile_input_is_refused_and_changes_nothing(
    opened: OpenDocument, sample_path: Path, build: Build, words: str
) -> None:
    door = Door(opened)
    before = dump(sample_path)
    with pytest.raises(PitboardError) as raised:
        door.read(build)
    assert words in str(raised.value)
    assert dump(sample_path) == before


def test_petersen_did_not_race_at_petit_le_mans(opened: OpenDocument) -> None:
    """The row above relies on car 31 having no result in the last round."""
    rounds = Door(opened).read(
        lambda s: set(s.exec(select(t.Result.round_id).where(t.Result.entry_id == PETERSEN)))
    )
    assert rounds == {1, 3, 7, 8, 9}


# (nationality typed, stored)
NATIONALITIES = [("gbr", "GBR"), (" usa ", "USA"), ("DEU", "DEU"), ("", ""), ("ala", "ALA")]


@pytest.mark.parametrize(("typed", "stored"), NATIONALITIES)
def test_a_nationality_is_an_upper_case_iso_code(typed: str, stored: str) -> None:
    assert check_nationality(typed) == stored


def test_the_country_list_is_the_standards_249_codes() -> None:
    assert len(COUNTRIES) == 249
    assert all(len(code) == 3 and code.isupper() and code.isalpha() for code in COUNTRIES)


def test_a_refused_value_is_an_input_error_naming_its_field(opened: OpenDocument) -> None:
    with pytest.raises(InputError) as raised:
        Door(opened).read(lambda s: RegisterFieldEdit.build(s, "driver", 1, 1, nationality="X"))
    assert raised.value.field == "nationality"
