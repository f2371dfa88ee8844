"""Penalties from CSV added to a season as one undo step: checked against the season like a
season definition's, all or nothing, scored in the standings, logged, and undone exactly."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from model.edits.door import Door, one_season
from model.edits.operations import apply_all, revert_all, touched_by
from model.edits.penalties_edit import PenaltiesImportEdit
from model.edits.seasons import find_season
from model.errors import InputError
from model.io.penalties_csv import read_penalties_csv
from model.scoring.standings import Championship, StandingsTable, compute_standings
from model.store.documents import OpenDocument, open_for_editing
from model.store.history_log import history
from model.store.schema import DocumentError
from model.store.season_data import load_season_data
from tests.conftest import DATA
from tests.helpers import dump

HEADER = "championship,class,competitor,round,points,excluded,reason\n"
FIXTURE = DATA / "penalties" / "alms-2003.csv"
GT_TOTALS = {"Alex Job Racing": Decimal(182), "Risi Competizione": Decimal(96)}

# (what, the file's bytes, the message): each file is refused whole against the 2003 sample.
HOSTILE: list[tuple[str, bytes, str]] = [
    ("an unknown class", b"teams,GTX,Alex Job Racing,,-10,,\n", "line 2, field 'class': unknown class 'GTX' (classes: LMP900, LMP675, GTS, GT)"),
    ("an unknown round", b"teams,GT,Alex Job Racing,12,-10,,\n", "line 2, field 'round': the season has no round 12"),
    ("round 0", b"teams,GT,Alex Job Racing,0,-10,,\n", "line 2, field 'round': must be at least 1, found 0"),
    ("a round that is no number", b"teams,GT,Alex Job Racing,third,-10,,\n", "line 2, field 'round': expected a whole number, found 'third'"),
    ("points that are no number", b"teams,GT,Alex Job Racing,,ten,,\n", "line 2, field 'points': expected points such as -10 or -2.5, found 'ten'"),
    ("points with three decimals", b"teams,GT,Alex Job Racing,,-1.234,,\n", "line 2, field 'points': expected points such as -10 or -2.5: '-1.234' has more than two decimal places"),
    ("points with an exponent", b"teams,GT,Alex Job Racing,,-1e3,,\n", "line 2, field 'points': expected points such as -10 or -2.5, found '-1e3'"),
    ("points in another script's digits", "teams,GT,Alex Job Racing,,-\u0661\u0660,,\n".encode(), "line 2, field 'points': expected points such as -10 or -2.5, found '-\u0661\u0660'"),
    ("points past a million", b"teams,GT,Alex Job Racing,,-1000001,,\n", "line 2, field 'points': expected points such as -10 or -2.5: '-1000001' is not a number of points"),
    ("no points and not excluded", b"teams,GT,Alex Job Racing,,,no,\n", "line 2, field 'points': is empty (points such as -10, or excluded: yes)"),
    ("an unknown championship", b"constructors,GT,Alex Job Racing,,-10,,\n", "line 2, field 'championship': unknown championship 'constructors' (all, teams, drivers, manufacturers)"),
    ("an empty competitor", b"teams,GT,  ,,-10,,\n", "line 2, field 'competitor': is empty"),
    ("an empty class", b"teams,,Alex Job Racing,,-10,,\n", "line 2, field 'class': is empty"),
    ("excluded 'maybe'", b"teams,GT,Alex Job Racing,,,maybe,\n", "line 2, field 'excluded': expected yes or no, found 'maybe'"),
    ("a control character", b"teams,GT,Alex Job Racing,,-10,,\x1b[2J\n", "line 2, field 'reason': contains a control character (\\x1b) at character 1"),
    ("a line break in a reason", b'teams,GT,Alex Job Racing,,-10,,"two\nlines"\n', "line 3, field 'reason': contains a control character (\\n) at character 4"),
    ("a name too long", b"teams,GT," + b"x" * 501 + b",,-10,,\n", "line 2, field 'competitor': 501 characters is too long (at most 500)"),
    ("a field too many", b"teams,GT,Alex Job Racing,,-10,,,extra\n", "line 2: expected 7 fields, found 8"),
    ("a bad row after a good one", b"teams,GT,Alex Job Racing,,-10,,\nteams,GT,Risi Competizione,,-5,,\x07\n", "line 3, field 'reason': contains a control character (\\x07) at character 1"),
    ("a penalty given twice", b"teams,GT,Alex Job Racing,,-10,,\nTEAMS,GT, Alex Job Racing ,,-10.00,,\n", "line 3: the same penalty as on line 2"),
    ("malformed quoting", b'teams,GT,"Alex Job Racing,,-10,,\n', "line 2: malformed CSV: unexpected end of data"),
]  # fmt: skip

# (what, the whole file, the message after the file's name): files wrong as a whole.
HOSTILE_FILES: list[tuple[str, bytes, str]] = [
    ("an empty file", b"", ": the file is empty"),
    ("a header and no penalties", HEADER.encode(), ", line 2: the file has a header but no penalties"),
    ("an unknown column", b"class,competitor,points,fine\nGT,A,-1,5\n", ", line 1, field 'fine': unknown column 'fine' (columns: class, competitor, championship, round, points, excluded, reason)"),
    ("no competitor column", b"class,points\nGT,-1\n", ", line 1, field 'competitor': required column is missing"),
    ("a column twice", b"class,competitor,class\nGT,A,GT\n", ", line 1, field 'class': the column appears twice"),
    ("text that is not UTF-8", b"class,competitor,points\nGT,Caf\xe9,-1\n", ", line 2: the file is not UTF-8 text"),
    ("a huge file", HEADER.encode() + b"teams,GT,Alex Job Racing,,-10,,x\n" * 40_000, ": the file is 1.3 MB; Pitboard reads penalties files of at most 1 MB"),
    ("too many penalties", b"class,competitor,points\n" + b"GT,A,-1\n" * 10_001, ", line 10002: more than 10,000 penalties; split the file"),
]  # fmt: skip


@pytest.fixture
def opened(sample_path: Path) -> Iterator[OpenDocument]:
    document = open_for_editing(sample_path, create=False, backup_on_open=False)
    yield document
    document.close()


def season_of(door: Door) -> int:
    season_id = door.read(lambda s: find_season(session=s, year=2003).id)
    assert season_id is not None
    return season_id


def built(door: Door, path: Path) -> PenaltiesImportEdit:
    read = read_penalties_csv(path)
    return door.read(lambda s: PenaltiesImportEdit.build(s, season_of(door), read))


def apply(door: Door, edits: list[PenaltiesImportEdit], step: str = "import-penalties") -> int:
    applied = door.apply(
        lambda s: apply_all(s, edits),
        step=step,
        seasons=one_season(season_of(door)),
        touched=touched_by(edits),
    )
    return applied.history_lines


def gt_teams(door: Door) -> StandingsTable:
    data = door.read(lambda s: load_season_data(session=s, season_id=season_of(door)))
    return compute_standings(data, classes=["GT"]).table("GT", Championship.TEAMS)


def totals(table: StandingsTable) -> dict[str, Decimal]:
    return {row.name: row.total for row in table.rows}


def penalties_file(folder: Path, rows: bytes, name: str = "penalties.csv") -> Path:
    path = folder / name
    path.write_bytes(HEADER.encode() + rows)
    return path


@pytest.mark.parametrize(("what", "rows", "message"), HOSTILE, ids=[w for w, _, _ in HOSTILE])
def test_a_hostile_row_refuses_the_whole_file(
    what: str, rows: bytes, message: str, opened: OpenDocument, sample_path: Path, tmp_path: Path
) -> None:
    path = penalties_file(tmp_path, rows)
    before = dump(sample_path)
    door = Door(opened)
    with pytest.raises(InputError) as refused:
        built(door, path)
    assert str(refused.value) == f"penalties.csv, {message}"
    assert dump(sample_path) == before


@pytest.mark.parametrize(
    ("what", "data", "message"), HOSTILE_FILES, ids=[w for w, _, _ in HOSTILE_FILES]
)
def test_a_hostile_file_is_refused(what: str, data: bytes, message: str, tmp_path: Path) -> None:
    path = tmp_path / "penalties.csv"
    path.write_bytes(data)
    with pytest.raises(InputError) as refused:
        read_penalties_csv(path)
    assert str(refused.value) == f"penalties.csv{message}"


def test_points_taken_lower_the_total_exactly_and_exclusions_list_the_competitor_apart(
    opened: OpenDocument,
) -> None:
    door = Door(opened)
    before = gt_teams(door)
    assert {name: totals(before)[name] for name in GT_TOTALS} == GT_TOTALS
    apply(door, [built(door, FIXTURE)])
    after = gt_teams(door)
    assert totals(after)["Alex Job Racing"] == Decimal(172)
    assert totals(after)["Risi Competizione"] == Decimal("93.5")
    alex = next(row for row in after.rows if row.name == "Alex Job Racing")
    assert alex.penalty == Decimal(-10)
    assert alex.cells[2].penalty == Decimal(-10)  # given for round 3
    assert [row.name for row in after.excluded] == ["Unidentified GT team 3"]
    assert "Unidentified GT team 3" not in totals(after)
    others = set(totals(before)) - set(GT_TOTALS) - {"Unidentified GT team 3"}
    assert {n: totals(after)[n] for n in others} == {n: totals(before)[n] for n in others}


def test_a_penalty_for_one_championship_leaves_the_others(
    opened: OpenDocument, tmp_path: Path
) -> None:
    door = Door(opened)
    path = penalties_file(tmp_path, b"drivers,GT,Alex Job Racing,,-50,,\n")
    apply(door, [built(door, path)])
    assert totals(gt_teams(door))["Alex Job Racing"] == Decimal(182)


def test_undo_puts_the_document_back_and_redo_adds_the_same_penalties(
    opened: OpenDocument, sample_path: Path
) -> None:
    door = Door(opened)
    before = dump(sample_path, history=False)
    edit = built(door, FIXTURE)
    apply(door, [edit])
    imported = dump(sample_path, history=False)
    assert imported != before
    door.apply(lambda s: revert_all(s, [edit]), step="Undo", seasons=one_season(season_of(door)))
    assert dump(sample_path, history=False) == before
    assert totals(gt_teams(door))["Alex Job Racing"] == Decimal(182)
    apply(door, [edit], step="Redo")
    assert dump(sample_path, history=False) == imported


def test_the_history_shows_each_penalty_added_and_taken_back(opened: OpenDocument) -> None:
    door = Door(opened, author="statistician")
    edit = built(door, FIXTURE)
    assert touched_by([edit]) is None  # penalties are logged from the whole season
    assert apply(door, [edit]) == 3
    door.apply(lambda s: revert_all(s, [edit]), step="Undo", seasons=one_season(season_of(door)))
    lines = door.read(lambda s: history(session=s, season_id=season_of(door)))
    for step in ("import-penalties", "Undo"):
        described = sorted(line.description for line in lines if line.step == step)
        assert len(described) == 3, step
        assert all(line.startswith("penalty for ") for line in described)
        assert any("Alex Job Racing" in line for line in described)
    assert {line.author for line in lines if line.step == "import-penalties"} == {"statistician"}


def test_the_file_adds_to_the_season_and_a_penalty_already_there_is_refused(
    opened: OpenDocument, sample_path: Path, tmp_path: Path
) -> None:
    door = Door(opened)
    apply(door, [built(door, FIXTURE)])
    more = penalties_file(tmp_path, b"teams,GT,Alex Job Racing,5,-3,,Blocking\n")
    apply(door, [built(door, more)])
    assert totals(gt_teams(door))["Alex Job Racing"] == Decimal(169)
    before = dump(sample_path)
    with pytest.raises(InputError) as refused:
        built(door, FIXTURE)
    assert str(refused.value) == "alms-2003.csv, line 2: the season already has this penalty"
    assert dump(sample_path) == before


# (what, the row, the warning after "penalties.csv, line 2: "): the penalty is added all the same.
NOBODY: list[tuple[str, bytes, str]] = [
    ("a misspelt team", b"teams,GT,Alex Job Racin,,-10,,\n", "no competitor 'Alex Job Racin' in the GT standings (teams) yet; the penalty counts for nothing until there is"),
    ("a team in another class", b",GTS,Alex Job Racing,,-10,,\n", "no competitor 'Alex Job Racing' in the GTS standings (teams, drivers, manufacturers) yet; the penalty counts for nothing until there is"),
    ("a team named as a manufacturer", b"manufacturers,GT,Alex Job Racing,,-10,,\n", "no competitor 'Alex Job Racing' in the GT standings (manufacturers) yet; the penalty counts for nothing until there is"),
]  # fmt: skip
FOUND: list[tuple[str, bytes]] = [
    ("a team", b"teams,GT,Alex Job Racing,,-10,,\n"),
    ("a manufacturer", b"manufacturers,GT,Porsche,,-10,,\n"),
    ("a team, in every championship", b",GT,Risi Competizione,,,yes,\n"),
]


@pytest.mark.parametrize(("what", "row", "warning"), NOBODY, ids=[w for w, _, _ in NOBODY])
def test_a_penalty_for_nobody_in_the_standings_is_warned_about(
    what: str, row: bytes, warning: str, opened: OpenDocument, tmp_path: Path
) -> None:
    edit = built(Door(opened), penalties_file(tmp_path, row))
    assert edit.warnings == (f"penalties.csv, line 2: {warning}",)


@pytest.mark.parametrize(("what", "row"), FOUND, ids=[w for w, _ in FOUND])
def test_a_penalty_for_a_competitor_in_the_standings_is_not_warned_about(
    what: str, row: bytes, opened: OpenDocument, tmp_path: Path
) -> None:
    assert built(Door(opened), penalties_file(tmp_path, row)).warnings == ()


def test_a_read_only_document_refuses_the_import_unchanged(sample_path: Path) -> None:
    before = dump(sample_path)
    document = open_for_editing(sample_path, create=False, read_only=True)
    try:
        door = Door(document)
        edit = built(door, FIXTURE)
        with pytest.raises(DocumentError, match="open read-only"):
            apply(door, [edit])
    finally:
        document.close()
    assert dump(sample_path) == before
