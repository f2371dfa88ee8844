"""Edits that name the rows they touch: their history and the open season, refreshed from those
rows alone, are exactly what comparing and reading the whole season gives."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from model.edits.door import Door, one_season
from model.edits.operations import (
    AddEntryEdit,
    AddResultEdit,
    DeleteResultsEdit,
    Edit,
    EntryFieldEdit,
    PositionsEdit,
    ResultEntryEdit,
    ResultFieldEdit,
    apply_all,
    revert_all,
    touched_by,
)
from model.edits.results import positions_after_exclusion
from model.edits.results_import_edit import ResultsImportEdit
from model.edits.timing_apply import TimingImportEdit
from model.io.alkamel import parse_timing_file
from model.io.results_csv import ResultRow
from model.io.timing_import import plan_import
from model.scoring.live_season import LiveSeason
from model.scoring.rules import SeasonRules, Status
from model.store import tables as t
from model.store.documents import open_for_editing

Build = Callable[[Session], Sequence[Edit]]


def _results_of_round(session: Session, number: int) -> list[t.Result]:
    rnd = session.exec(select(t.Round).where(t.Round.number == number)).one()
    return list(
        session.exec(select(t.Result).where(t.Result.round_id == rnd.id).order_by(col(t.Result.id)))
    )


def _winner(session: Session) -> t.Result:
    return next(r for r in _results_of_round(session, 1) if r.class_pos == 1)


def _overall_winner(session: Session) -> t.Result:
    return next(r for r in _results_of_round(session, 1) if r.overall_pos == 1)


def _absent_entry(session: Session) -> tuple[int, int]:
    """(round id, entry id) of an entry of the season with no result in round 1."""
    results = _results_of_round(session, 1)
    raced = {r.entry_id for r in results}
    entry = next(e for e in session.exec(select(t.Entry)) if e.id not in raced)
    assert entry.id is not None
    return results[0].round_id, entry.id


def _other_entry_of_class(session: Session) -> tuple[int, int]:
    """A result of round 1 and another entry of its class that did not race there."""
    results = _results_of_round(session, 1)
    raced = {r.entry_id for r in results}
    for result in results:
        entry = session.get(t.Entry, result.entry_id)
        assert entry is not None
        for other in session.exec(select(t.Entry).where(t.Entry.class_id == entry.class_id)):
            if other.id not in raced and result.id is not None and other.id is not None:
                return result.id, other.id
    raise AssertionError("the sample has no spare entry")


HEADER = (
    "POSITION;NUMBER;TEAM;DRIVER_1;DRIVER_2;DRIVER_3;DRIVER_4;VEHICLE;TYRES;CLASS;GROUP;"
    "DIVISION;STATUS;LAPS;TOTAL_TIME;GAP_FIRST;GAP_PREVIOUS;FL_LAPNUM;FL_TIME;FL_KPH;"
)


def _timing_import(newcomer: bool) -> Build:
    """Round 1 imported again from a timing file: every car a lap down (and, with
    `newcomer`, one car the entry list does not know yet)."""

    def build(session: Session) -> list[Edit]:
        rnd = session.exec(select(t.Round).where(t.Round.number == 1)).one()
        lines = [HEADER]
        for position, result in enumerate(
            sorted(_results_of_round(session, 1), key=lambda r: r.overall_pos or 999), 1
        ):
            entry = session.get(t.Entry, result.entry_id)
            cls = session.get(t.SeasonClass, entry.class_id) if entry else None
            if entry is None or cls is None or entry.car_number is None:
                continue
            laps = max((result.laps or 1) - 1, 0)
            lines.append(
                f"{position};{entry.car_number};Team {entry.car_number};A DRIVER;;;;Car;M;"
                f"{cls.name};;;Classified;{laps};;;;;;;"
            )
        if newcomer:
            lines.append(f"{len(lines)};999;New Team;N NEW;;;;Car;M;GT;;;Classified;1;;;;;;;")
        timing = parse_timing_file(("\n".join(lines) + "\n").encode(), source="round1.csv")
        classes = {name: name for name in ("LMP900", "LMP675", "GTS", "GT")}
        assert rnd.id is not None
        plan = plan_import(
            session=session, season_id=1, round_id=rnd.id, timing=timing, classes=classes
        )
        return [TimingImportEdit(plan)]

    return build


def _row(car: str, team: str, place: int, laps: int) -> ResultRow:
    return ResultRow(2, 2, "GT", team, Status.CLASSIFIED, class_pos=place, car=car, laps=laps)


def _id(result: t.Result) -> int:
    assert result.id is not None
    return result.id


EDITS: list[tuple[str, Build]] = [
    ("laps", lambda s: [ResultFieldEdit.build(s, _id(_winner(s)), laps=3)]),
    ("status", lambda s: [ResultFieldEdit.build(s, _id(_winner(s)), status=Status.DNF.value)]),
    ("class position", lambda s: [ResultFieldEdit.build(s, _id(_winner(s)), class_pos=9)]),
    ("note", lambda s: [ResultFieldEdit.build(s, _id(_winner(s)), note="protest")]),
    (
        "exclusion (cars behind move up)",
        lambda s: [
            PositionsEdit.build(s, positions_after_exclusion(session=s, result_id=_id(_winner(s))))
        ],
    ),
    ("add a finisher", lambda s: [AddResultEdit(*_absent_entry(s), class_pos=40)]),
    (
        "delete two results",
        lambda s: [DeleteResultsEdit.build(s, [_id(r) for r in _results_of_round(s, 2)[:2]])],
    ),
    ("credit another car", lambda s: [ResultEntryEdit.build(s, *_other_entry_of_class(s))]),
    (
        "two edits in one step",
        lambda s: [
            ResultFieldEdit.build(s, _id(_winner(s)), laps=5),
            DeleteResultsEdit.build(s, [_id(_results_of_round(s, 3)[0])]),
        ],
    ),
    (
        "entry team",
        lambda s: [EntryFieldEdit.build(s, _winner(s).entry_id, team="Renamed Racing")],
    ),
    (
        "entry drivers",
        lambda s: [EntryFieldEdit.build(s, _winner(s).entry_id, drivers=("A. Driver",))],
    ),
    ("add an entry", lambda s: [AddEntryEdit(1, "GT", "New Team", car="999")]),
    ("a round imported from a timing file", _timing_import(newcomer=False)),
    (
        "a results CSV replacing a result",
        lambda s: [ResultsImportEdit.build(s, 1, [_row("23", "Alex Job Racing", 1, 111)], "r.csv")],
    ),
    (
        "a results CSV with a car not entered",
        lambda s: [
            ResultsImportEdit.build(
                s,
                1,
                [_row("23", "Alex Job Racing", 1, 111), _row("199", "Newcomer Racing", 40, 20)],
                "r.csv",
            )
        ],
    ),
    ("a timing file with a car not entered", _timing_import(newcomer=True)),
]


def _log(path: Path) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT step, season_id, round_id, subject, subject_id, action, field, old, new "
            "FROM change_log ORDER BY id"
        ).fetchall()
    finally:
        connection.close()


def _step(path: Path, build: Build, *, named: bool) -> None:
    """Apply the edits and undo them, through the door, naming their rows or not."""
    opened = open_for_editing(path, create=False, backup_on_open=False)
    door = Door(opened)
    try:
        edits = door.read(build)
        touched = touched_by(edits) if named else None
        for action, step in ((apply_all, "edit"), (revert_all, "undo")):
            door.apply(
                lambda s, act=action: act(s, edits),  # type: ignore[misc]
                step=step,
                seasons=one_season(1),
                touched=touched,
            )
    finally:
        opened.close()


@pytest.mark.parametrize(("label", "build"), EDITS, ids=[label for label, _ in EDITS])
def test_a_named_edit_logs_what_the_whole_season_comparison_logs(
    label: str, build: Build, sample_path: Path, tmp_path: Path
) -> None:
    whole = tmp_path / "whole.pitboard"
    shutil.copy(sample_path, whole)
    _step(whole, build, named=False)
    _step(sample_path, build, named=True)
    assert _log(sample_path) == _log(whole)
    assert _log(sample_path), "the edit logged nothing"


def test_every_edit_kind_names_its_rows() -> None:
    """An edit kind that cannot name its rows would silently take the slow path."""
    from model.edits import operations

    kinds = [
        value
        for name, value in vars(operations).items()
        if name.endswith("Edit") and isinstance(value, type) and name != "Edit"
    ]
    assert kinds
    assert all(callable(getattr(kind, "touched", None)) for kind in kinds)


@pytest.mark.parametrize(("label", "build"), EDITS, ids=[label for label, _ in EDITS])
def test_the_open_season_refreshed_from_the_touched_rows_is_the_season_as_stored(
    label: str, build: Build, sample_path: Path
) -> None:
    opened = open_for_editing(sample_path, create=False, backup_on_open=False)
    door = Door(opened)
    try:
        live = door.read(lambda s: LiveSeason.load(session=s, season_id=1))
        edits = door.read(build)
        touched = touched_by(edits)
        assert touched is not None
        for action in (apply_all, revert_all, apply_all):
            door.apply(
                lambda s, act=action: act(s, edits),  # type: ignore[misc]
                step="x",
                seasons=one_season(1),
                touched=touched,
            )
            rows = touched()
            if rows.entries:
                continue  # entries change what every result means: the editor reads it all
            door.read(
                lambda s, ids=rows.results, rounds=rows.rounds: live.refresh_results(
                    session=s, result_ids=ids, rounds=rounds
                )
            )
            stored = door.read(lambda s: LiveSeason.load(session=s, season_id=1))
            assert live.data == stored.data
            assert live.standings == stored.standings
            assert live.problems == stored.problems
    finally:
        opened.close()


@pytest.mark.parametrize(
    ("reference", "laps", "every_class", "drivers"),
    [
        ("overall_winner", 999, True, {}),  # the overall winner's laps move every class's bar
        ("overall_winner", 1, True, {}),
        ("overall_winner", None, False, {}),  # then the most laps classified: the same bar
        ("class_winner", 999, False, {}),
        # the drivers' own rules measure against the overall winner
        ("class_winner", 999, True, {"distance_reference": "overall_winner"}),
    ],
)
def test_a_moved_overall_distance_works_out_every_class_again(
    reference: str, laps: int | None, every_class: bool, drivers: dict[str, str], sample_path: Path
) -> None:
    opened = open_for_editing(sample_path, create=False, backup_on_open=False)
    door = Door(opened)
    try:
        with Session(opened.engine) as session:
            season = session.get(t.Season, 1)
            assert season is not None
            rules = SeasonRules.from_json(season.rules)
            season.rules = {
                **rules.to_json(),
                "distance_reference": reference,
                "min_distance_pct": 70,
                "championships": {"drivers": drivers},
            }
            session.add(season)
            session.commit()
        live = door.read(lambda s: LiveSeason.load(session=s, season_id=1))
        edits = door.read(lambda s: [ResultFieldEdit.build(s, _id(_overall_winner(s)), laps=laps)])
        touched = touched_by(edits)
        assert touched is not None
        door.apply(lambda s: apply_all(s, edits), step="x", seasons=one_season(1), touched=touched)
        refreshed = door.read(
            lambda s: live.refresh_results(session=s, result_ids=touched().results)
        )
        stored = door.read(lambda s: LiveSeason.load(session=s, season_id=1))
        assert (refreshed.classes == frozenset(live.data.classes)) is every_class
        assert live.standings == stored.standings
    finally:
        opened.close()
