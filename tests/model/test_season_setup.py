"""Setting a season up as edits: a new season (or a copy as another year), its rules, its
points scales and each round's scale and factor, each one step that undo takes back exactly
and that the history records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import Session

from model.edits.door import Door
from model.edits.operations import Edit, apply_all, revert_all, seasons_of
from model.edits.season_setup import (
    NewSeasonEdit,
    RoundPoints,
    ScaleChange,
    copied_definition,
    definition_of,
    new_season_edits,
    points_from_text,
    round_points_edits,
    rules_edits,
    scales_edits,
)
from model.errors import InputError
from model.io.season_definition import SeasonDefinition
from model.scoring.rules import Championship, SeasonRules
from model.store.documents import open_for_editing
from model.store.history_log import history
from model.store.season_data import SeasonData, load_season_data
from tests.helpers import dump

D = Decimal
SAMPLE_SEASON = 1
Build = Callable[[Session], Sequence[Edit]]


@pytest.fixture
def door(sample_path: Path) -> Iterator[Door]:
    opened = open_for_editing(sample_path, create=False, backup_on_open=False)
    yield Door(opened)
    opened.close()


def season(door: Door, season_id: int = SAMPLE_SEASON) -> SeasonData:
    return door.read(lambda s: load_season_data(session=s, season_id=season_id))


def run_step(door: Door, build: Build, step: str = "set-up") -> list[Edit]:
    edits = list(door.read(build))
    assert edits, "the step changes nothing"
    seasons = seasons_of(edits) or (lambda _s: [SAMPLE_SEASON])
    door.apply(lambda s: apply_all(s, edits), step=step, seasons=seasons)
    return edits


def undo_step(door: Door, edits: list[Edit], step: str = "Undo: set-up") -> None:
    seasons = seasons_of(edits) or (lambda _s: [SAMPLE_SEASON])
    door.apply(lambda s: revert_all(s, edits), step=step, seasons=seasons)


def undone_and_redone(door: Door, path: Path, build: Build) -> list[Edit]:
    """Apply, undo (the document as before), redo (as after the first apply)."""
    before = dump(path, history=False)
    edits = run_step(door, build)
    after = dump(path, history=False)
    assert after != before
    undo_step(door, edits)
    assert dump(path, history=False) == before
    run_step(door, lambda _s: edits, "Redo: set-up")
    assert dump(path, history=False) == after
    return edits


def sample_definition(door: Door) -> SeasonDefinition:
    return definition_of(season(door))


# --- a new season -------------------------------------------------------------------------


def fresh(door: Door, **changes: object) -> SeasonDefinition:
    base = replace(sample_definition(door), series="Test Series", year=2010, rounds=())
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_new_season_is_created_and_undo_removes_it_and_its_series(
    door: Door, sample_path: Path
) -> None:
    definition = fresh(door)
    edits = undone_and_redone(
        door, sample_path, lambda s: new_season_edits(session=s, definition=definition)
    )
    edit = edits[0]
    assert isinstance(edit, NewSeasonEdit)
    assert edit.season_id is not None
    created = season(door, edit.season_id)
    assert (created.series, created.year) == ("Test Series", 2010)
    assert created.classes == ("LMP900", "LMP675", "GTS", "GT")
    assert created.scales == sample_definition(door).points_scales
    assert created.rules == season(door).rules
    lines = door.read(lambda s: history(session=s, season_id=edit.season_id or 0))
    assert any("season rules" in line.description for line in lines)


def test_a_copy_as_the_next_year_shifts_the_calendar_and_copies_the_entry_list(
    door: Door, sample_path: Path
) -> None:
    sample = season(door)
    definition = copied_definition(sample, year=2004)
    edits = undone_and_redone(
        door,
        sample_path,
        lambda s: new_season_edits(session=s, definition=definition, entries_from=SAMPLE_SEASON),
    )
    new_id = edits[0].season_id  # type: ignore[attr-defined]
    copy = season(door, new_id)
    assert copy.year == 2004
    assert [r.name for r in copy.rounds] == [r.name for r in sample.rounds]
    assert [r.number for r in copy.rounds] == [r.number for r in sample.rounds]
    assert [(r.scale_name, r.factor, r.cancelled) for r in copy.rounds] == [
        (r.scale_name, r.factor, r.cancelled) for r in sample.rounds
    ]
    assert copy.rounds[0].date == dt.date(2004, 3, 15)
    assert without_ids(copy) == without_ids(sample)
    assert copy.results == ()


def without_ids(data: SeasonData) -> list[tuple[object, ...]]:
    return sorted(tuple(entry)[1:] for entry in data.entries.values())  # type: ignore[misc]


def test_a_copy_without_the_entry_list_has_no_entries(door: Door) -> None:
    definition = copied_definition(season(door), year=2004)
    edits = run_step(door, lambda s: new_season_edits(session=s, definition=definition))
    assert season(door, edits[0].season_id).entries == {}  # type: ignore[attr-defined]


def test_29_february_becomes_the_28th_in_a_year_without_one(door: Door) -> None:
    sample = season(door)
    leap = replace(
        sample, year=2004, rounds=(sample.rounds[0]._replace(date=dt.date(2004, 2, 29)),)
    )
    assert copied_definition(leap, year=2005).rounds[0].date == dt.date(2005, 2, 28)


HOSTILE_NEW: list[tuple[str, dict[str, object], str]] = [
    ("an empty series", {"series": "  "}, "series"),
    ("a series with a control character", {"series": "ALMS\x1b[2J"}, "control character"),
    ("year 0", {"year": 0}, "from 1000 to 9999"),
    ("year 99999", {"year": 99999}, "from 1000 to 9999"),
    ("no class", {"classes": ()}, "at least one class"),
    ("an empty class", {"classes": ("GT", " ")}, r"classes\[1\]': is empty"),
    ("a class twice", {"classes": ("GT", "LMP", "GT")}, "listed twice"),
    ("a class twice in another case", {"classes": ("GT", "gt")}, "listed twice"),
    ("no points scale", {"points_scales": {}}, "at least one points scale"),
    ("a scale without points", {"points_scales": {"s": ()}}, "has no points"),
    ("negative points", {"points_scales": {"s": (D(10), D(-1))}}, "negative"),
    ("three decimals", {"points_scales": {"s": (D("10.125"),)}}, "two decimal places"),
    ("a scale name twice", {"points_scales": {"s": (D(1),), "S": (D(2),)}}, "listed twice"),
    (
        "a qualifying scale the season lacks",
        {"rules": SeasonRules(qualifying_points="pole")},
        "qualifying_points",
    ),
    (
        "the sample's own series and year",
        {"series": "American Le Mans Series", "year": 2003},
        "already has",
    ),
    (
        "the same in another case",
        {"series": "american le mans series", "year": 2003},
        "already has",
    ),
]


@pytest.mark.parametrize(
    ("what", "changes", "said"), HOSTILE_NEW, ids=[row[0] for row in HOSTILE_NEW]
)
def test_a_bad_new_season_is_refused_and_changes_nothing(
    door: Door, sample_path: Path, what: str, changes: dict[str, object], said: str
) -> None:
    before = dump(sample_path)
    definition = fresh(door, **changes)
    with pytest.raises(InputError, match=said):
        door.read(lambda s: new_season_edits(session=s, definition=definition))
    assert dump(sample_path) == before


# --- rules ----------------------------------------------------------------------------------


def test_changed_rules_are_one_step_undo_restores_the_stored_json_and_history_shows_them(
    door: Door, sample_path: Path
) -> None:
    stored_before = door.read(
        lambda s: s.connection().exec_driver_sql("SELECT rules FROM season WHERE id = 1").scalar()
    )
    rules = replace(
        season(door).rules,
        best_results=7,
        championships=((Championship.DRIVERS, (("best_results", 5),)),),
    )
    edits = undone_and_redone(
        door, sample_path, lambda s: rules_edits(session=s, season_id=SAMPLE_SEASON, rules=rules)
    )
    assert season(door).rules == rules
    undo_step(door, edits)
    stored_after = door.read(
        lambda s: s.connection().exec_driver_sql("SELECT rules FROM season WHERE id = 1").scalar()
    )
    assert stored_after == stored_before
    words = [line.description for line in door.read(lambda s: history(session=s, season_id=1))]
    assert any("best_results" in w for w in words), words
    assert any("championships" in w for w in words), words


def test_rules_as_they_are_change_nothing(door: Door) -> None:
    rules = season(door).rules
    assert door.read(lambda s: rules_edits(session=s, season_id=SAMPLE_SEASON, rules=rules)) == []


# --- points scales and rounds ----------------------------------------------------------------


def kept_scales(door: Door) -> list[ScaleChange]:
    return [ScaleChange(n, n, p) for n, p in season(door).scales.items()]


def changed_points(door: Door) -> list[ScaleChange]:
    return [
        ScaleChange(n, n, (D(30), D("22.5")) if n == "endurance" else p)
        for n, p in season(door).scales.items()
    ]


def added(door: Door) -> list[ScaleChange]:
    return [*kept_scales(door), ScaleChange(None, "double", (D(40), D(32)))]


def renamed(door: Door) -> list[ScaleChange]:
    return [
        ScaleChange(n, "long" if n == "endurance" else n, p) for n, p in season(door).scales.items()
    ]


def swapped(door: Door) -> list[ScaleChange]:
    names = {"endurance": "standard", "standard": "endurance"}
    return [ScaleChange(n, names[n], p) for n, p in season(door).scales.items()]


SCALE_STEPS: list[tuple[str, Callable[[Door], list[ScaleChange]], str]] = [
    ("a scale's points changed", changed_points, "points scale endurance"),
    ("a scale added", added, "points scale double"),
    ("a scale renamed", renamed, "long"),
    ("two scales swapping names", swapped, "points scale"),
]


@pytest.mark.parametrize(
    ("what", "scales", "said"), SCALE_STEPS, ids=[row[0] for row in SCALE_STEPS]
)
def test_a_scale_change_is_one_step_in_the_history(
    door: Door,
    sample_path: Path,
    what: str,
    scales: Callable[[Door], list[ScaleChange]],
    said: str,
) -> None:
    wanted = scales(door)
    undone_and_redone(
        door,
        sample_path,
        lambda s: scales_edits(session=s, season_id=SAMPLE_SEASON, scales=wanted),
    )
    assert season(door).scales == {c.name: c.points for c in wanted}
    words = [line.description for line in door.read(lambda s: history(session=s, season_id=1))]
    assert any(said in w for w in words), words


def test_a_renamed_scale_keeps_its_rounds_and_the_qualifying_rule(door: Door) -> None:
    rules = replace(season(door).rules, qualifying_points="endurance")
    run_step(door, lambda s: rules_edits(session=s, season_id=SAMPLE_SEASON, rules=rules))
    run_step(door, lambda s: scales_edits(session=s, season_id=SAMPLE_SEASON, scales=renamed(door)))
    data = season(door)
    assert data.rules.qualifying_points == "long"
    assert data.rounds[0].scale_name == "long"


def test_an_unused_scale_is_removed(door: Door, sample_path: Path) -> None:
    run_step(door, lambda s: scales_edits(session=s, season_id=SAMPLE_SEASON, scales=added(door)))
    undone_and_redone(
        door,
        sample_path,
        lambda s: scales_edits(session=s, season_id=SAMPLE_SEASON, scales=kept_scales(door)[:2]),
    )
    assert set(season(door).scales) == {"standard", "endurance"}


def test_a_round_gets_another_scale_and_half_points(door: Door, sample_path: Path) -> None:
    sebring = season(door).rounds[0]
    undone_and_redone(
        door,
        sample_path,
        lambda s: round_points_edits(
            session=s,
            season_id=SAMPLE_SEASON,
            round_id=sebring.id,
            scale="standard",
            factor=D("0.5"),
        ),
    )
    after = season(door).rounds[0]
    assert (after.scale_name, after.factor) == ("standard", D("0.5"))
    words = [line.description for line in door.read(lambda s: history(session=s, season_id=1))]
    assert any("points scale" in w and "standard" in w for w in words), words
    assert any("points_factor" in w or "factor" in w for w in words), words


def without(name: str) -> Callable[[Door], list[ScaleChange]]:
    return lambda door: [c for c in kept_scales(door) if c.name != name]


HOSTILE_SCALES: list[tuple[str, Callable[[Door], list[ScaleChange]], str]] = [
    ("removing a scale in use", without("endurance"), "endurance"),
    ("every scale removed", lambda door: [], "at least one points scale"),
    (
        "a duplicate scale name",
        lambda door: [*kept_scales(door), ScaleChange(None, "Standard", (D(1),))],
        "listed twice",
    ),
    (
        "negative points",
        lambda door: [*kept_scales(door), ScaleChange(None, "x", (D(5), D(-5)))],
        "negative",
    ),
    (
        "three decimals",
        lambda door: [*kept_scales(door), ScaleChange(None, "x", (D("1.005"),))],
        "two decimal",
    ),
    (
        "an empty name",
        lambda door: [*kept_scales(door), ScaleChange(None, " ", (D(1),))],
        "empty",
    ),
    (
        "a scale the season does not have",
        lambda door: [ScaleChange("ghost", "ghost", (D(1),)), *kept_scales(door)],
        "no points scale",
    ),
]


@pytest.mark.parametrize(
    ("what", "scales", "said"), HOSTILE_SCALES, ids=[row[0] for row in HOSTILE_SCALES]
)
def test_a_bad_scale_change_is_refused_and_changes_nothing(
    door: Door,
    sample_path: Path,
    what: str,
    scales: Callable[[Door], list[ScaleChange]],
    said: str,
) -> None:
    before = dump(sample_path)
    wanted = scales(door)
    with pytest.raises(InputError, match=said):
        door.read(lambda s: scales_edits(session=s, season_id=SAMPLE_SEASON, scales=wanted))
    assert dump(sample_path) == before


def test_a_zero_factor_and_an_unknown_round_are_refused(door: Door) -> None:
    round_id = season(door).rounds[0].id
    with pytest.raises(InputError, match="more than 0"):
        door.read(
            lambda s: scales_edits(
                session=s,
                season_id=SAMPLE_SEASON,
                scales=kept_scales(door),
                rounds={round_id: RoundPoints("standard", D(0))},
            )
        )
    with pytest.raises(InputError, match="no round"):
        door.read(
            lambda s: scales_edits(
                session=s,
                season_id=SAMPLE_SEASON,
                scales=kept_scales(door),
                rounds={9999: RoundPoints("standard", D(1))},
            )
        )


POINTS_TEXTS: list[tuple[str, tuple[Decimal, ...] | str]] = [
    ("26-22-19-16", (D(26), D(22), D(19), D(16))),
    ("25, 18, 15", (D(25), D(18), D(15))),
    ("12.5 10 8.25", (D("12.5"), D(10), D("8.25"))),
    (" 9 ; 6 ;4 ", (D(9), D(6), D(4))),
    ("", "has no points"),
    ("25-x", "found 'x'"),
    ("25--18", "nothing between two dashes"),
    ("25, -3", "negative"),
    ("-25", "negative"),
    ("10.125", "two decimal places"),
    ("1e3", "found '1e3'"),
    ("٣", "found"),
    ("200000", "not a number of points"),
    ("NaN", "found 'NaN'"),
]


@pytest.mark.parametrize(
    ("text", "expected"), POINTS_TEXTS, ids=[r[0] or "empty" for r in POINTS_TEXTS]
)
def test_points_as_people_write_them(text: str, expected: tuple[Decimal, ...] | str) -> None:
    if isinstance(expected, str):
        with pytest.raises(InputError, match=expected):
            points_from_text(text)
    else:
        assert points_from_text(text) == expected
