"""The export manifest: the results digest follows every standings input and nothing else;
verify_export names each way a folder can differ from the export its manifest records."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from model.edits.seasons import find_season
from model.io.export.manifest import (
    MANIFEST_NAME,
    ManifestError,
    results_digest,
    verify_export,
)
from model.io.export.standings_export import export_standings
from model.scoring.rules import Penalty
from model.scoring.standings import compute_standings
from model.store.season_data import AcceptedInfo, SeasonData, load_season_data

Change = Callable[[SeasonData], SeasonData]
PUBLISHED = dt.date(2003, 10, 20)


@pytest.fixture
def data(sample_engine: Engine) -> SeasonData:
    with Session(sample_engine) as session:
        season = find_season(session=session, year=2003)
        assert season.id is not None
        return load_season_data(session=session, season_id=season.id)


def move_a_result(data: SeasonData) -> SeasonData:
    first = data.results[0]
    moved = first._replace(class_pos=(first.class_pos or 0) + 1)
    return dataclasses.replace(data, results=(moved, *data.results[1:]))


def mark_a_round_official(data: SeasonData) -> SeasonData:
    first = data.rounds[0]
    marked = first._replace(official_at="2003-03-20T12:00:00+00:00", official_by="Steward")
    return dataclasses.replace(data, rounds=(marked, *data.rounds[1:]))


def add_a_penalty(data: SeasonData) -> SeasonData:
    penalty = Penalty(None, "GT", "Alex Job Racing", None, Decimal(-5), False, "late weighing")
    return dataclasses.replace(data, penalties=(*data.penalties, penalty))


def change_a_rule(data: SeasonData) -> SeasonData:
    rules = dataclasses.replace(data.rules, pole_points=data.rules.pole_points + 1)
    return dataclasses.replace(data, rules=rules)


def change_a_scale(data: SeasonData) -> SeasonData:
    name, scale = next(iter(data.scales.items()))
    return dataclasses.replace(data, scales={**data.scales, name: (scale[0] + 1, *scale[1:])})


def rename_an_entry(data: SeasonData) -> SeasonData:
    key = min(data.entries)
    entry = data.entries[key]
    renamed = entry._replace(team=f"{entry.team} Racing")
    return dataclasses.replace(data, entries={**data.entries, key: renamed})


def nothing(data: SeasonData) -> SeasonData:
    return dataclasses.replace(data)


def accept_a_problem(data: SeasonData) -> SeasonData:
    accepted = AcceptedInfo("gap:round-3", "Editor", "the car did not start", "2003-05-01")
    return dataclasses.replace(data, accepted=(*data.accepted, accepted))


@pytest.mark.parametrize(
    ("change", "changes_digest"),
    [
        (move_a_result, True),
        (mark_a_round_official, True),
        (add_a_penalty, True),
        (change_a_rule, True),
        (change_a_scale, True),
        (rename_an_entry, True),
        (nothing, False),
        (accept_a_problem, False),
    ],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_the_digest_follows_the_standings_inputs(
    data: SeasonData, change: Change, changes_digest: bool
) -> None:
    before = results_digest(data)
    assert (results_digest(change(data)) != before) is changes_digest


def test_the_digest_names_the_as_of_round(data: SeasonData) -> None:
    assert results_digest(data, 5) != results_digest(data)
    assert results_digest(data, 5) == results_digest(data, 5)


# --- verify_export ------------------------------------------------------------------------------


def export(data: SeasonData, folder: Path, as_of_round: int | None = None) -> Path:
    folder.mkdir(exist_ok=True)
    (path,) = export_standings(
        data,
        compute_standings(data),
        folder,
        classes=["GT"],
        published=PUBLISHED,
        as_of_round=as_of_round,
    )
    return path


def delete(data: SeasonData, path: Path) -> str:
    path.unlink()
    return f"missing: {path.name}"


def append_a_byte(data: SeasonData, path: Path) -> str:
    path.write_bytes(path.read_bytes() + b"\0")
    return f"changed: {path.name}"


def put_another_exports_workbook(data: SeasonData, path: Path) -> str:
    other = export(data, path.parent.parent / "other", as_of_round=5)
    path.write_bytes(other.read_bytes())
    return f"from another export: {path.name}"


def add_another_exports_workbook(data: SeasonData, path: Path) -> str:
    other = export(data, path.parent.parent / "other", as_of_round=5)
    extra = path.parent / "older standings.xlsx"
    extra.write_bytes(other.read_bytes())
    return f"from another export: {extra.name}"


def add_a_workbook_of_no_export(data: SeasonData, path: Path) -> str:
    openpyxl.Workbook().save(path.parent / "my notes.xlsx")
    return ""


def add_a_copy_of_this_export(data: SeasonData, path: Path) -> str:
    (path.parent / "copy.xlsx").write_bytes(path.read_bytes())
    return ""


@pytest.mark.parametrize(
    "spoil",
    [
        delete,
        append_a_byte,
        put_another_exports_workbook,
        add_another_exports_workbook,
        add_a_workbook_of_no_export,
        add_a_copy_of_this_export,
    ],
    ids=lambda spoil: spoil.__name__,
)
def test_verify_names_each_file_that_differs(
    data: SeasonData, tmp_path: Path, spoil: Callable[[SeasonData, Path], str]
) -> None:
    path = export(data, tmp_path / "out")
    assert verify_export(path.parent) == []
    problem = spoil(data, path)
    assert verify_export(path.parent) == ([problem] if problem else [])


def manifest_text(folder: Path) -> dict[str, object]:
    loaded = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def not_json(folder: Path) -> str:
    (folder / MANIFEST_NAME).write_text('{"format": ', encoding="utf-8")
    return "cannot read"


def no_manifest(folder: Path) -> str:
    (folder / MANIFEST_NAME).unlink()
    return "holds no export manifest"


def of_a_future_version(folder: Path) -> str:
    content = manifest_text(folder)
    content["version"] = 2
    (folder / MANIFEST_NAME).write_text(json.dumps(content), encoding="utf-8")
    return "field version is 2"


def version_as_text(folder: Path) -> str:
    content = manifest_text(folder)
    content["version"] = "1"
    (folder / MANIFEST_NAME).write_text(json.dumps(content), encoding="utf-8")
    return 'field version is "1"'


def not_ours(folder: Path) -> str:
    (folder / MANIFEST_NAME).write_text('{"files": []}', encoding="utf-8")
    return "is not a Pitboard export manifest"


def files_not_a_list(folder: Path) -> str:
    content = manifest_text(folder)
    content["files"] = {"name": "x.xlsx"}
    (folder / MANIFEST_NAME).write_text(json.dumps(content), encoding="utf-8")
    return "field files"


def a_name_outside_the_folder(folder: Path) -> str:
    content = manifest_text(folder)
    content["files"] = [{"name": "../x.xlsx", "size": 1, "sha256": "0"}]
    (folder / MANIFEST_NAME).write_text(json.dumps(content), encoding="utf-8")
    return "field files"


@pytest.mark.parametrize(
    "spoil",
    [
        not_json,
        no_manifest,
        of_a_future_version,
        version_as_text,
        not_ours,
        files_not_a_list,
        a_name_outside_the_folder,
    ],
    ids=lambda spoil: spoil.__name__,
)
def test_a_manifest_that_cannot_be_used_is_named(
    data: SeasonData, tmp_path: Path, spoil: Callable[[Path], str]
) -> None:
    folder = export(data, tmp_path / "out").parent
    expected = spoil(folder)
    with pytest.raises(ManifestError, match=expected) as raised:
        verify_export(folder)
    assert str(folder) in str(raised.value)
