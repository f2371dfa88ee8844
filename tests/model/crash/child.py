"""A writer that works on a document until it is killed, and says how far it got.

`python -m tests.model.crash.child KIND FOLDER FIRST` runs operations FIRST, FIRST + 1, ... of
one kind on the files in FOLDER (the campaign also runs `run` in a forked process, which
starts faster). It writes "ready" once set up; "begin N" before operation N; "commit N"
before each database commit and "move N" before moving or linking a file into place (so
kills can be aimed at those moments); and "ack N" once N is done (committed, written, moved
into place), sometimes followed by what was made. A line is written in one system call, so
whatever a killed writer wrote is whole.

The writers go through the same code as the editor and the command line: the editor's open
(lock and backup) and transactions with their history for edits, `main.main` for imports and
exports, `take_backup` for backups, and the editor's open with `create` for new documents.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

import main
from model.edits.entries import add_entry
from model.edits.results import update_result
from model.edits.sample import SAMPLE
from model.store.backups import take_backup
from model.store.db import transaction
from model.store.documents import open_for_editing
from model.store.history import recorded
from tests.model.crash import scenarios as s

Emit = Callable[[str], None]
Operation = Callable[[int], str]
AUTHOR = "crash campaign"


def document(folder: Path) -> Path:
    return folder / "document.pitboard"


def emitter(fd: int) -> Emit:
    def emit(line: str) -> None:
        os.write(fd, f"{line}\n".encode())

    return emit


def run(kind: str, folder: Path, first: int, emit: Emit) -> None:
    """Work until killed: never returns unless an operation fails (then it raises)."""
    os.environ["XDG_DATA_HOME"] = str(folder / "data")  # default backups stay in the folder
    os.environ["PITBOARD_DB"] = str(folder / "default.pitboard")
    operation = WRITERS[kind](folder)
    current = [first]
    event.listen(Session, "before_commit", lambda _session: emit(f"commit {current[0]}"))
    announce_moves(emit, current)
    emit("ready")
    while True:
        op = current[0]
        emit(f"begin {op}")
        made = operation(op)
        emit(f"ack {op} {made}".rstrip())
        current[0] = op + 1


def announce_moves(emit: Emit, current: list[int]) -> None:
    """Say "move N" each time a file is about to be moved or linked into place, so the
    campaign can aim kills at that moment too."""
    for name in ("replace", "rename", "link"):
        real = getattr(os, name)

        def announced(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            emit(f"move {current[0]}")
            return _real(*args, **kwargs)

        setattr(os, name, announced)


def command(*argv: str) -> None:
    """Run a command line as `pitboard` would; a refusal is a failure of the writer."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = main.main(list(argv))
    if status != 0:
        raise RuntimeError(f"pitboard {' '.join(argv)} exited with {status}")


def edits(folder: Path) -> Operation:
    """The editor's way: the document held open (locked, backed up on open), each change one
    transaction with its history."""
    opened = open_for_editing(document(folder), create=False, backup_root=folder / "backups")
    with opened.engine.connect() as connection:
        season_id = connection.exec_driver_sql(
            "SELECT id FROM season WHERE year = ?", (s.SAMPLE_YEAR,)
        ).scalar_one()
        result_ids = [row[0] for row in connection.exec_driver_sql("SELECT id FROM result")]
    result_ids.sort()

    def edit(op: int) -> str:
        with (
            transaction(opened.engine) as session,
            recorded(session, season_id, author=AUTHOR, step=s.edit_step(op)),
        ):
            if s.edit_adds_entry(op):
                add_entry(
                    session=session, season_id=season_id, class_name="GT", team=s.edit_team(op)
                )
            else:
                target = s.edit_target(op, result_ids)
                update_result(
                    session=session, result_id=target, note=s.edit_note(op), laps=s.edit_laps(op)
                )
        return ""

    return edit


def csv_imports(folder: Path) -> Operation:
    rows = s.sample_result_rows()

    def import_csv(op: int) -> str:
        path = folder / s.results_csv_name(op)
        path.write_text(s.results_csv(op, rows), encoding="utf-8")
        command("import-results", "--db", str(document(folder)), "--season", "2003", str(path))
        path.unlink()
        return ""

    return import_csv


def timing_imports(folder: Path) -> Operation:
    def import_timing(op: int) -> str:
        path = s.write_timing_file(folder, op)
        season = ["--series", s.TIMING_SERIES, "--season", str(s.TIMING_YEAR), "--round", "1"]
        command("import-results", "--db", str(document(folder)), *season, str(path))
        path.unlink()
        return ""

    return import_timing


def season_imports(folder: Path) -> Operation:
    def import_definition(op: int) -> str:
        path = s.write_season_file(folder, op)
        command("import-season", "--db", str(document(folder)), str(path))
        path.unlink()
        return ""

    return import_definition


def exports(folder: Path) -> Operation:
    def export(op: int) -> str:
        out = ["--out", str(folder / "out"), "--author", s.export_author(op)]
        command("export", "--db", str(document(folder)), "--season", "2003", *out)
        return ""

    return export


def backups(folder: Path) -> Operation:
    def backup(op: int) -> str:
        return take_backup(document(folder), s.backup_reason(op), root=folder / "backups").name

    return backup


def creations(folder: Path) -> Operation:
    def create(op: int) -> str:
        path = s.new_document(folder, op)
        seeded = s.new_document_seeded(op)
        opened = open_for_editing(
            path, create=True, initial=SAMPLE if seeded else None, backup_root=folder / "data"
        )
        opened.close()
        return ""

    return create


WRITERS: dict[str, Callable[[Path], Operation]] = {
    "edits": edits,
    "csv-imports": csv_imports,
    "timing-imports": timing_imports,
    "season-imports": season_imports,
    "exports": exports,
    "backups": backups,
    "creation": creations,
}


if __name__ == "__main__":
    run(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), emitter(sys.stdout.fileno()))
