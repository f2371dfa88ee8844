"""Edit services: validation, what they report as changed, and putting things back."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from model.edits.entries import add_entry, delete_entry, find_entry_by_car, update_entry
from model.edits.results import (
    add_result,
    change_result_entry,
    delete_results,
    positions_after_exclusion,
    restore_results,
    set_positions,
    update_result,
)
from model.errors import InputError
from model.scoring.rules import Status
from model.store.db import transaction
from model.store.queries import calendar, entry_lines
from model.store.season_data import load_season_data
from tests.helpers import result_lines

ATLANTA = 3  # round id of round 2 in the sample (the cancelled Mexico round is id 2)


def gt_lines(engine: Engine, round_id: int = ATLANTA) -> list[tuple[str | None, str, int | None]]:
    with Session(engine) as session:
        lines = result_lines(session=session, round_id=round_id)
    return sorted(
        ((r.car, r.team, r.class_pos) for r in lines if r.class_name == "GT"),
        key=lambda x: x[2] or 99,
    )


def test_calendar_and_entry_list(sample_engine: Engine) -> None:
    with Session(sample_engine) as session:
        rounds = calendar(session=session, season_id=1)
        entries = entry_lines(load_season_data(session=session, season_id=1))
    assert [(r.number, r.cancelled) for r in rounds[:3]] == [(1, False), (None, True), (2, False)]
    assert rounds[0].scale == "endurance"
    assert entries[0].class_name == "LMP900"
    assert len(entries) == 37


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("laps", -1, "must be at least 0"),
        ("laps", "many", "expected a whole number"),
        ("class_pos", 0, "must be at least 1"),
        ("status", "crashed", "unknown status"),
        ("team", "X", "'team' cannot be edited"),
    ],
)
def test_invalid_values_are_refused(
    sample_engine: Engine, field: str, value: object, message: str
) -> None:
    with pytest.raises(InputError, match=message), transaction(sample_engine) as session:
        update_result(session=session, result_id=1, **{field: value})


def test_update_reports_the_round(sample_engine: Engine) -> None:
    with transaction(sample_engine) as session:
        changes = update_result(session=session, result_id=1, laps=351, status="DNF")
    assert (changes.season_id, changes.rounds) == (1, frozenset({1}))


def test_add_delete_and_restore_a_result(sample_engine: Engine) -> None:
    with transaction(sample_engine) as session:
        entry_id, _ = add_entry(
            session=session,
            season_id=1,
            class_name="GT",
            team="New Team",
            car="99",
            chassis="Porsche 911 GT3-RS",
            engine="Porsche 3.6L Flat-6",
        )
        result_id, changes = add_result(
            session=session, round_id=ATLANTA, entry_id=entry_id, class_pos=11
        )
    assert changes.rounds == {ATLANTA}
    assert ("99", "New Team", 11) in gt_lines(sample_engine)
    with transaction(sample_engine) as session:
        records, _ = delete_results(session=session, result_ids=[result_id])
    assert ("99", "New Team", 11) not in gt_lines(sample_engine)
    with transaction(sample_engine) as session:
        restore_results(session=session, records=records)
    assert ("99", "New Team", 11) in gt_lines(sample_engine)


def test_a_car_cannot_have_two_results_in_a_round(sample_engine: Engine) -> None:
    with (
        pytest.raises(InputError, match="already has a result"),
        transaction(sample_engine) as session,
    ):
        add_result(session=session, round_id=1, entry_id=1)


def test_results_cannot_be_entered_for_a_cancelled_round(sample_engine: Engine) -> None:
    with (
        pytest.raises(InputError, match="round that takes place"),
        transaction(sample_engine) as session,
    ):
        add_result(session=session, round_id=2, entry_id=1)


def test_exclusion_moves_the_cars_behind_up(sample_engine: Engine) -> None:
    before = gt_lines(sample_engine)
    third = next(line for line in before if line[2] == 3)
    with transaction(sample_engine) as session:
        lines = result_lines(session=session, round_id=ATLANTA)
        result_id = next(r.result_id for r in lines if r.class_name == "GT" and r.class_pos == 3)
        moves = positions_after_exclusion(session=session, result_id=result_id)
        update_result(session=session, result_id=result_id, status=Status.EXCLUDED)
        set_positions(session=session, positions=moves)
    after = gt_lines(sample_engine)
    assert (third[0], third[1], None) in after
    assert [pos for _, _, pos in after if pos is not None] == [
        p if p < 3 else p - 1 for _, _, p in before if p is not None and p != 3
    ]


def test_change_result_entry_refuses_a_car_already_classified(sample_engine: Engine) -> None:
    with Session(sample_engine) as session:
        lines = result_lines(session=session, round_id=1)
    with (
        pytest.raises(InputError, match="already has a result"),
        transaction(sample_engine) as session,
    ):
        change_result_entry(
            session=session, result_id=lines[0].result_id, entry_id=lines[1].entry_id
        )


def test_entries_are_edited_and_removed_only_without_results(sample_engine: Engine) -> None:
    with transaction(sample_engine) as session:
        changes = update_result(session=session, result_id=1, note="penalty")
        changes = update_entry(session=session, entry_id=1, car="2", drivers=("Frank Biela",))
    assert changes.entries
    with Session(sample_engine) as session:
        first = entry_lines(load_season_data(session=session, season_id=1))[0]
    assert first.drivers == ("Frank Biela",)
    with pytest.raises(InputError, match="has results"), transaction(sample_engine) as session:
        delete_entry(session=session, entry_id=1)


def test_find_entry_by_car_number(sample_engine: Engine) -> None:
    with Session(sample_engine) as session:
        assert (
            find_entry_by_car(session=session, season_id=1, class_name="GT", car="23") is not None
        )
        assert find_entry_by_car(session=session, season_id=1, class_name="GTS", car="23") is None
        assert (
            find_entry_by_car(session=session, season_id=1, class_name=None, car=" 3 ") is not None
        )


@pytest.mark.parametrize("field", ["car", "chassis", "engine", "team"])
@pytest.mark.parametrize("text", ["63\x1b[2J", "Porsche\x00", "a\x0bb"])
def test_typed_entry_text_with_control_characters_is_refused(
    sample_engine: Engine, field: str, text: str
) -> None:
    from model.edits.entries import update_entry
    from model.errors import InputError

    with pytest.raises(InputError, match=field), transaction(sample_engine) as session:
        update_entry(session=session, entry_id=1, **{field: text})
