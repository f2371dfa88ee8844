"""The campaign's checks catch what they are there to catch.

Each row leaves the files as a broken writer could (an acknowledged change missing, half an
operation, a torn workbook or backup, a file that is not a document) and names the failure
the check must report. The rows marked clean are what a sound writer leaves: no failure.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.model.crash import child
from tests.model.crash import scenarios as s
from tests.model.crash.campaign import MAKERS
from tests.model.crash.data_kinds import Edits
from tests.model.crash.harness import LONGEST_LIFE, Life, live_and_die
from tests.model.crash.kinds import Kind

Sabotage = Callable[[Kind], Life]


def life(*, acked: tuple[int, ...] = (), flight: int | None = None, made: str = "") -> Life:
    begun = [*acked, *([flight] if flight is not None else [])]
    found = Life(first=min(begun, default=1), ready_after=0.0)
    found.begun = {op: 0.0 for op in begun}
    found.acked = dict.fromkeys(acked, made)
    return found


def run_op(kind: Kind, op: int) -> str:
    """Do operation `op` as the writer does, in this process."""
    return child.WRITERS[kind.name](kind.folder)(op)


def sql(kind: Kind, statement: str, *params: object, path: Path | None = None) -> None:
    connection = sqlite3.connect(path or kind.document)
    with connection:
        connection.execute(statement, params)
    connection.close()


def history_line(kind: Kind, step: str) -> None:
    sql(
        kind,
        "INSERT INTO change_log (at, author, step, season_id, subject, subject_id, action) "
        "VALUES ('2030-01-01T00:00:00', 'x', ?, 1, 'result', 1, 'changed')",
        step,
    )


def edit_lost(kind: Kind) -> Life:
    return life(acked=(1,))  # acknowledged, but nothing was written


def edit_without_history(kind: Kind) -> Life:
    assert isinstance(kind, Edits)
    target = s.edit_target(2, kind.result_ids)
    sql(
        kind,
        "UPDATE result SET note = ?, laps = ? WHERE id = ?",
        s.edit_note(2),
        s.edit_laps(2),
        target,
    )
    return life(flight=2)


def entry_history_without_entry(kind: Kind) -> Life:
    history_line(kind, s.edit_step(3))
    return life(flight=3)


def nothing_in_flight(kind: Kind) -> Life:
    return life(flight=1)


def import_half_written(kind: Kind) -> Life:
    sql(kind, "UPDATE result SET note = ? WHERE id IN (SELECT id FROM result LIMIT 9)", "import 1")
    return life(flight=1)


def import_whole(kind: Kind) -> Life:
    run_op(kind, 1)
    return life(acked=(1,))


def import_lost(kind: Kind) -> Life:
    run_op(kind, 1)
    return life(acked=(1, 2))


def import_without_history(kind: Kind) -> Life:
    run_op(kind, 1)
    sql(kind, "DROP TRIGGER IF EXISTS change_log_no_delete")
    sql(kind, "DELETE FROM change_log")
    return life(acked=(1,))


def scale_of_another_definition(kind: Kind) -> Life:
    run_op(kind, 1)
    sql(kind, "UPDATE points_scale SET points = '[1]'")
    return life(acked=(1,))


def workbook_torn(kind: Kind) -> Life:
    run_op(kind, 1)
    workbook = sorted((kind.folder / "out").glob("*.xlsx"))[0]
    workbook.write_bytes(workbook.read_bytes()[:2000])
    return life(acked=(1,))


def workbook_of_an_older_export(kind: Kind) -> Life:
    run_op(kind, 1)
    return life(acked=(1, 2))


def export_killed_while_writing(kind: Kind) -> Life:
    run_op(kind, 1)
    workbook = sorted((kind.folder / "out").glob("*.xlsx"))[0]
    (workbook.parent / f".{workbook.name}.0123abcd.partial").write_bytes(b"PK")
    return life(acked=(1,), flight=2)


def backup_torn(kind: Kind) -> Life:
    made = run_op(kind, 1)
    backup = next((kind.folder / "backups").rglob(made))
    backup.write_bytes(backup.read_bytes()[:4096])
    return life(acked=(1,), made=made)


def backup_of_other_content(kind: Kind) -> Life:
    made = run_op(kind, 1)
    sql(
        kind,
        "UPDATE result SET laps = 1 WHERE id = 1",
        path=next((kind.folder / "backups").rglob(made)),
    )
    return life(acked=(1,), made=made)


def document_changed(kind: Kind) -> Life:
    made = run_op(kind, 1)
    sql(kind, "UPDATE result SET note = 'touched' WHERE id = 1")
    return life(acked=(1,), made=made)


def backup_whole(kind: Kind) -> Life:
    return life(acked=(1,), made=run_op(kind, 1))


def empty_file_at_new_document(kind: Kind) -> Life:
    s.new_document(kind.folder, 1).write_bytes(b"")
    return life(flight=1)


def new_document_missing(kind: Kind) -> Life:
    return life(acked=(1,))


def new_document_without_its_sample(kind: Kind) -> Life:
    run_op(kind, 3)  # an empty document, where operation 1 makes one with the sample
    s.new_document(kind.folder, 3).rename(s.new_document(kind.folder, 1))
    return life(acked=(1,))


def new_documents_whole(kind: Kind) -> Life:
    for op in (1, 2, 3, 4):  # two documents: 1 creates one, 2 opens it, 3 creates another
        run_op(kind, op)
    return life(acked=(1, 2, 3, 4))


CASES = [
    ("edits", edit_lost, "acknowledged cell edits lost"),
    ("edits", edit_lost, "no history of operations done"),
    ("edits", edit_without_history, "edit 2 is half there"),
    ("edits", entry_history_without_entry, "edit 3 is half there"),
    ("edits", nothing_in_flight, ""),
    ("csv-imports", import_half_written, "the document holds"),
    ("csv-imports", import_lost, "expected import 2"),
    ("csv-imports", import_without_history, "no history of operations done"),
    ("csv-imports", import_whole, ""),
    ("timing-imports", import_lost, "expected import 2"),
    ("timing-imports", import_whole, ""),
    ("season-imports", scale_of_another_definition, "expected import 1"),
    ("season-imports", import_whole, ""),
    ("exports", workbook_torn, "is not a whole workbook"),
    ("exports", workbook_of_an_older_export, "workbooks from another export"),
    ("exports", export_killed_while_writing, ""),
    ("backups", backup_torn, "is not whole"),
    ("backups", backup_of_other_content, "is not whole"),
    ("backups", document_changed, "the document changed"),
    ("backups", backup_whole, ""),
    ("creation", empty_file_at_new_document, "refused when opened"),
    ("creation", new_document_missing, "was created but is not there"),
    ("creation", new_document_without_its_sample, "holds (seasons, results) (0, 0)"),
    ("creation", new_documents_whole, ""),
]


@pytest.mark.parametrize(
    ("kind_name", "sabotage", "reported"),
    CASES,
    ids=[f"{kind}-{sabotage.__name__}" for kind, sabotage, _ in CASES],
)
def test_the_check_reports_what_a_broken_writer_leaves(
    kind_name: str, sabotage: Sabotage, reported: str, tmp_path: Path, sample_template: Path
) -> None:
    kind = MAKERS[kind_name](tmp_path / kind_name, sample_template)
    kind.prepare()
    found = sabotage(kind)
    kind.next_op = found.next_op
    kind.take_view()
    failures = kind.check(found).failures
    if reported:
        assert any(reported in failure for failure in failures), failures
    else:
        assert failures == []


def test_a_writer_that_stops_by_itself_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "csv-imports"
    folder.mkdir()  # no document: the import finds no 2003 season and the command fails
    found = live_and_die("csv-imports", folder, 1, lambda life: LONGEST_LIFE, spawn=True)
    assert "exited with 1" in found.died_by_itself
    assert found.in_flight == 1
    assert not found.acked
