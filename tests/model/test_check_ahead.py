"""A document's check begun ahead of its opening (while the editor loads) is used only for the
very file it read: whatever happened to the file in between, opening says what opening says."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

import model.store.documents as documents
from model.errors import PitboardError
from model.store.documents import check_ahead, open_for_editing
from model.store.schema import DocumentError
from model.store.storage_errors import DocumentDamagedError


def nothing(path: Path) -> None:
    pass


def damaged(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:5000])  # the battery died mid-copy


def foreign(path: Path) -> None:
    path.unlink()
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.commit()
    connection.close()


def written_elsewhere(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("UPDATE result SET note = 'changed by another program' WHERE id = 1")
    connection.commit()
    connection.close()


# (what happens to the file between the check ahead and the open, what opening raises, how
# many times the file is read to check it)
BETWEEN: list[tuple[str, Callable[[Path], None], type[Exception] | None, int]] = [
    ("nothing: checked once", nothing, None, 1),
    ("damaged", damaged, DocumentDamagedError, 2),
    ("replaced by another program's database", foreign, DocumentError, 2),
    ("written by another program", written_elsewhere, None, 2),
]


@pytest.mark.parametrize(
    ("what", "change", "raised", "reads"), BETWEEN, ids=[b[0] for b in BETWEEN]
)
def test_opening_after_a_check_ahead(
    what: str,
    change: Callable[[Path], None],
    raised: type[Exception] | None,
    reads: int,
    sample_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    connect = documents.connect_file
    opened_to_check: list[Path] = []

    def counting(path: Path, **options: bool) -> sqlite3.Connection:
        opened_to_check.append(path)
        return connect(path, **options)

    monkeypatch.setattr(documents, "connect_file", counting)
    check_ahead(sample_path)
    change(sample_path)
    if raised is None:
        open_for_editing(sample_path, create=False, backup_root=tmp_path / "b").close()
    else:
        with pytest.raises(raised):
            open_for_editing(sample_path, create=False, backup_root=tmp_path / "b")
    assert len(opened_to_check) == reads


def test_a_document_damaged_before_its_check_ahead_is_refused_as_damaged(
    sample_path: Path, tmp_path: Path
) -> None:
    damaged(sample_path)
    check_ahead(sample_path)
    with pytest.raises(DocumentDamagedError, match="damaged"):
        open_for_editing(sample_path, create=False, backup_root=tmp_path / "b")


@pytest.mark.parametrize("location", ["missing.pitboard", "a-folder"])
def test_nothing_to_check_ahead_is_left_to_the_opener(tmp_path: Path, location: str) -> None:
    (tmp_path / "a-folder").mkdir()
    check_ahead(tmp_path / location)  # no thread, no error: opening says what is wrong
    with pytest.raises(PitboardError, match=r"no Pitboard document|is a folder"):
        open_for_editing(tmp_path / location, create=False)
