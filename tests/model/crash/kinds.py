"""What every kind of operation shares: a folder of its own, a document, and a check after each
kill that the files are whole and hold every acknowledged operation and all or nothing of the
one in flight."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.edits.sample import load_sample_season
from model.edits.seasons import import_season
from model.io.season_definition import parse_season_definition
from model.store.db import open_engine, transaction, url_for_path
from tests.model.crash.child import document
from tests.model.crash.harness import Life


@dataclass
class Verdict:
    """What a check found after one kill."""

    failures: list[str] = field(default_factory=list)
    # The operation in flight, as found: "whole", "absent", "per file" (an export whose
    # workbooks were being moved into place: each one old or new), or "" when none was.
    outcome: str = ""

    def fail(self, life: Life, what: str) -> None:
        self.failures.append(f"{life.moment()}: {what}")


class Kind:
    """One kind of operation: prepares its files, then checks them after each kill."""

    name = ""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.next_op = 1
        self.temporary: set[Path] = set()

    @property
    def document(self) -> Path:
        return document(self.folder)

    @property
    def view(self) -> Path:
        """Where the checks read the document: a copy of its files as the killed writer left
        them, so the next writer still finds them so (a write-ahead log to recover included),
        as Pitboard opened again after a crash would."""
        return self.folder / "view" / self.document.name

    def prepare(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)

    def take_view(self) -> None:
        shutil.rmtree(self.view.parent, ignore_errors=True)
        self.view.parent.mkdir()
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                shutil.copyfile(f"{self.document}{suffix}", f"{self.view}{suffix}")

    def check(self, life: Life) -> Verdict:
        raise NotImplementedError

    def left_behind(self) -> int:
        """How many temporary files (hidden, not lock files) appeared since the last count:
        what the last killed writer left behind, counted before anything tidies up."""
        found = {
            path
            for path in self.folder.rglob(".*")
            if path.is_file() and not path.name.endswith(".lock")
        }
        new = found - self.temporary
        self.temporary = found
        return len(new)

    def check_integrity(self, life: Life, verdict: Verdict, path: Path | None = None) -> bool:
        checked = path or self.view
        found = integrity(checked)
        if found != "ok":
            verdict.fail(life, f"{checked.name}: {found}")
        return found == "ok"


def integrity(path: Path) -> str:
    """ "ok", or what PRAGMA integrity_check and foreign_key_check found wrong."""
    try:
        connection = sqlite3.connect(path)
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
            orphans = connection.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return f"cannot be read ({exc})"
    found = "; ".join(str(row[0]) for row in rows)
    if orphans:
        found += f"; rows pointing nowhere: {orphans[:5]}"
    return found if found != "ok" else "ok"


def query(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def steps(path: Path, pattern: str) -> set[str]:
    """The history steps whose name matches a LIKE pattern."""
    rows = query(path, "SELECT DISTINCT step FROM change_log WHERE step LIKE ?", pattern)
    return {row[0] for row in rows}


def sample_template(path: Path) -> Path:
    """The sample season's document, built once per campaign and copied for each kind."""
    engine = open_engine(url_for_path(path))
    load_sample_season(engine)
    engine.dispose()  # the last connection folds the write-ahead log into the file
    return path


def sample_document(path: Path, template: Path) -> None:
    shutil.copyfile(template, path)


def season_document(path: Path, definition: dict[str, Any]) -> None:
    engine = open_engine(url_for_path(path))
    with transaction(engine) as session:
        import_season(
            session=session, definition=parse_season_definition(definition, source="crash")
        )
    engine.dispose()


def numbers(names: set[str]) -> set[int]:
    """The operation numbers in names such as "crash edit 12" or "import-results timing-12.csv"."""
    found = set()
    for name in names:
        digits = "".join(c if c.isdigit() else " " for c in name).split()
        found.add(int(digits[-1]))
    return found


def history_agrees(verdict: Verdict, life: Life, *, found: set[int], expected: set[int]) -> None:
    """The history names exactly the operations found in the document."""
    lost = sorted(expected - found)
    if lost:
        verdict.fail(life, f"no history of operations done: {lost[:10]}")
    extra = sorted(found - expected)
    if extra:
        verdict.fail(life, f"history of operations not done: {extra[:10]}")
