"""export --as-of-round and verify-export: the standings as they stood after a round, and an
export folder checked against its manifest."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from model.edits.seasons import find_season
from model.io.export.manifest import MANIFEST_NAME
from model.io.export.status import standings_as_of
from model.scoring.standings import Championship, compute_standings
from model.store.season_data import SeasonData, load_season_data
from tests.helpers import run


def sample_data(engine: Engine) -> SeasonData:
    with Session(engine) as session:
        season = find_season(session=session, year=2003)
        assert season.id is not None
        return load_season_data(session=session, season_id=season.id)


def totals(data: SeasonData) -> dict[tuple[str, str, str], object]:
    standings = compute_standings(data)
    return {
        (name, championship.value, row.name): row.total
        for name in data.classes
        for championship in Championship
        for row in standings.table(name, championship).rows
    }


def test_as_of_round_5_counts_rounds_1_to_5_only(sample_engine: Engine) -> None:
    data = sample_data(sample_engine)
    first_five = {r.id for r in data.rounds if r.number is not None and r.number <= 5}
    alone = dataclasses.replace(
        data,
        rounds=tuple(r for r in data.rounds if r.id in first_five),
        results=tuple(r for r in data.results if r.round_id in first_five),
    )
    assert totals(standings_as_of(data, 5)) == totals(alone)
    assert totals(standings_as_of(data, 5)) != totals(data)


def export(capsys: pytest.CaptureFixture[str], db: Path, out: Path, *more: str) -> int:
    argv = ["--db", str(db), "export", "--season", "2003", "--out", str(out), *more]
    return run(capsys, *argv)[0]


def test_the_manifest_names_the_round(
    capsys: pytest.CaptureFixture[str], sample_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert export(capsys, sample_path, out, "--as-of-round", "5") == 0
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["edition"]["after_round"] == 5
    assert manifest["edition"]["status"].startswith("Provisional · after round 5 of 9 · ")
    assert sorted(f["name"] for f in manifest["files"]) == sorted(
        p.name for p in out.glob("*.xlsx")
    )


@pytest.mark.parametrize("as_of_round", ["0", "10", "-1"])
def test_a_round_the_season_does_not_have_is_refused(
    capsys: pytest.CaptureFixture[str], sample_path: Path, tmp_path: Path, as_of_round: str
) -> None:
    out = tmp_path / "out"
    argv = ["--db", str(sample_path), "export", "--season", "2003", "--out", str(out)]
    code, _, err = run(capsys, *argv, "--as-of-round", as_of_round)
    assert code == 1
    assert f"no round {as_of_round} in 2003 (rounds 1 to 9)" in err
    assert not out.exists()


def verify(capsys: pytest.CaptureFixture[str], out: Path) -> tuple[int, str, str]:
    return run(capsys, "verify-export", str(out))


def delete_one(out: Path) -> str:
    path = sorted(out.glob("*GT standings.xlsx"))[0]
    path.unlink()
    return f"missing: {path.name}"


def change_one(out: Path) -> str:
    path = sorted(out.glob("*GT standings.xlsx"))[0]
    path.write_bytes(path.read_bytes() + b"\0")
    return f"changed: {path.name}"


def delete_manifest(out: Path) -> str:
    (out / MANIFEST_NAME).unlink()
    return "holds no export manifest"


def spoil_manifest(out: Path) -> str:
    (out / MANIFEST_NAME).write_text("{", encoding="utf-8")
    return f"cannot read {out / MANIFEST_NAME}"


@pytest.mark.parametrize(
    "spoil",
    [delete_one, change_one, delete_manifest, spoil_manifest],
    ids=["a file missing", "a file changed", "no manifest", "a manifest that is not JSON"],
)
def test_verify_names_what_is_wrong(
    capsys: pytest.CaptureFixture[str], sample_path: Path, tmp_path: Path, spoil: object
) -> None:
    out = tmp_path / "out"
    assert export(capsys, sample_path, out) == 0
    assert verify(capsys, out)[:2] == (0, f"OK: {out} holds one whole export\n")
    assert callable(spoil)
    problem = spoil(out)
    code, _, err = verify(capsys, out)
    assert code == 1
    assert problem in err


def test_a_folder_half_old_half_new_is_found(
    capsys: pytest.CaptureFixture[str], sample_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert export(capsys, sample_path, out) == 0
    assert export(capsys, sample_path, out, "--class", "GT", "--as-of-round", "5") == 0
    code, _, err = verify(capsys, out)
    assert code == 1
    others = [line for line in err.splitlines() if line.startswith("from another export: ")]
    assert len(others) == 3  # the three classes not exported again
    assert "GT standings" not in " ".join(others).replace("GTS standings", "")
