"""Several editors on one server document: `python -m tests.benchmarks.server_load [--seconds 60]
[--editors 4]`.

Each editor is a process of its own, with its own open document and door, author and laptop
name. For the time given each changes results of the 2003 sample (a car's laps, or two cars of a
class swapping places) through the door, building each edit from what it reads and retrying
when the edit is refused because another editor changed the row first. At the end the history
is checked against what each editor says it committed: nothing lost (every committed step is in
the history, each row's history runs from value to value without a gap, and the stored value is
the last one written) and nothing twice; then every editor recomputes the standings from the
server, and all must be equal.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

from sqlalchemy import text

HOT_ROUNDS = (1, 2)  # editors work on the same rounds, so their edits meet and conflict


@dataclass
class EditorReport:
    author: str
    host: str
    steps: list[str] = field(default_factory=list)  # the committed steps, by name
    conflicts: int = 0  # refused: a row changed by another editor since it was read
    refused: int = 0  # refused by the server (a deadlock between two writers, say)
    seconds: float = 0.0
    standings: str = ""


@dataclass
class LoadReport:
    seconds: float
    editors: list[EditorReport]
    lost: list[str]
    duplicated: list[str]

    @property
    def commits(self) -> int:
        return sum(len(editor.steps) for editor in self.editors)

    @property
    def standings_equal(self) -> bool:
        return len({editor.standings for editor in self.editors}) == 1


def run_load(url: str, *, seconds: float, editors: int = 4, seed: int = 1) -> LoadReport:
    """`editors` processes editing the sample season in the server document at `url`."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(editors)
    queue = context.Queue()
    processes = [
        context.Process(target=_editor, args=(url, n, seconds, seed, barrier, queue))
        for n in range(1, editors + 1)
    ]
    for process in processes:
        process.start()
    reports = sorted((queue.get(timeout=seconds + 300) for _ in processes), key=_by_author)
    for process in processes:
        process.join()
    lost, duplicated = check_history(url, reports)
    return LoadReport(seconds, reports, lost, duplicated)


def _by_author(report: EditorReport) -> str:
    return report.author


def _editor(url: str, number: int, seconds: float, seed: int, barrier: Barrier, queue: Any) -> None:
    os.environ["PITBOARD_HOST"] = f"laptop-{number}"  # the history's laptop of this editor
    from model.store.documents import open_for_editing

    report = EditorReport(f"Editor {number}", f"laptop-{number}")
    opened = open_for_editing(url, create=False)
    try:
        _edit_until(opened, report, random.Random(seed * 1000 + number), seconds)
        barrier.wait(timeout=120)  # every editor has stopped: the standings are final
        report.standings = _standings_digest(opened.engine)
    finally:
        opened.close()
        queue.put(report)


def _edit_until(opened: Any, report: EditorReport, rng: random.Random, seconds: float) -> None:
    from model.edits.conflicts import ConflictError
    from model.edits.door import Door, one_season
    from model.edits.operations import apply_all, changes_something, touched_by
    from model.store.schema import DocumentError

    door = Door(opened, author=report.author)
    results = door.read(_hot_results)
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        kind, build = _build(rng, results, len(report.steps), report.author)
        step = f"{report.author} #{len(report.steps) + 1} {kind}"
        try:
            edit = _read_in_one_snapshot(opened.engine, build)
            if not changes_something(edit):
                continue  # two cars sharing a place: a swap would change nothing
            door.apply(
                lambda session, edit=edit: apply_all(session, [edit]),  # type: ignore[misc]
                step=step,
                seasons=one_season(1),
                touched=touched_by([edit]),
            )
        except ConflictError:
            report.conflicts += 1
            continue
        except DocumentError:
            report.refused += 1
            continue
        report.steps.append(step)
    report.seconds = time.perf_counter() - start


def _read_in_one_snapshot(engine: Any, build: Callable[[Any], Any]) -> Any:
    """An edit built from one snapshot, as an editor builds it from the season it loaded: the
    values it replaces and their row versions read together (in PostgreSQL's default isolation
    each statement sees the latest commit, so the two could come from different moments)."""
    from sqlmodel import Session

    with Session(engine.execution_options(isolation_level="REPEATABLE READ")) as session:
        return build(session)


def _hot_results(session: Any) -> list[tuple[int, int, str]]:
    """(result id, round id, class) of the placed results of the hot rounds."""
    rows = session.execute(
        text(
            "SELECT r.id, r.round_id, c.name FROM result r JOIN entry e ON e.id = r.entry_id "
            "JOIN season_class c ON c.id = e.class_id JOIN round o ON o.id = r.round_id "
            "WHERE o.season_id = 1 AND o.number IN (1, 2) AND r.class_pos IS NOT NULL "
            "ORDER BY r.id"
        )
    )
    return [(int(a), int(b), str(c)) for a, b, c in rows]


def _build(
    rng: random.Random, results: list[tuple[int, int, str]], count: int, author: str
) -> tuple[str, Callable[[Any], Any]]:
    """A new laps figure for one result (unique to this editor's step), or two results of one
    round and class swapping places, built from the rows as stored now."""
    from model.edits.operations import PositionsEdit, ResultFieldEdit

    first = rng.choice(results)
    partners = [r for r in results if r[1:] == first[1:] and r[0] != first[0]]
    number = int(author.rsplit(" ", 1)[1])
    if not partners or rng.random() < 0.5:
        laps = number * 20_000 + count % 19_999 + 1
        return "laps", lambda session: ResultFieldEdit.build(session, first[0], laps=laps)
    second = rng.choice(partners)

    def swap(session: Any) -> PositionsEdit:
        from model.edits.results import current_positions

        now = current_positions(session=session, result_ids=[first[0], second[0]])
        swapped = {first[0]: now[second[0]], second[0]: now[first[0]]}
        return PositionsEdit.build(session, swapped)

    return "places", swap


def _standings_digest(engine: Any) -> str:
    from sqlmodel import Session

    from model.scoring.standings import compute_standings
    from model.store.season_data import load_season_data

    with Session(engine) as session:
        standings = compute_standings(load_season_data(session=session, season_id=1))
    lines = []
    for (class_name, championship), table in sorted(
        standings.tables.items(), key=lambda item: (item[0][0], item[0][1].value)
    ):
        for row in table.rows:
            lines.append(f"{class_name}|{championship.value}|{row.pos}|{row.name}|{row.total}")
    return "\n".join(lines)


def check_history(url: str, reports: list[EditorReport]) -> tuple[list[str], list[str]]:
    """(what was lost, what is there twice): committed steps missing from the history, rows
    whose history skips a value (an overwrite of an edit never seen) or whose stored value is
    not the last one written; history lines recorded twice."""
    from model.store.db import open_engine, url_for_path

    engine = open_engine(url_for_path(url), create=False)
    try:
        with engine.connect() as connection:
            lines = connection.execute(
                text(
                    "SELECT id, step, author, host, subject_id, field, old, new FROM change_log "
                    "WHERE subject = 'result' AND action = 'changed' ORDER BY id"
                )
            ).all()
            stored = {
                (int(row[0]), "laps"): row[1]
                for row in connection.execute(text("SELECT id, laps FROM result"))
            }
            stored |= {
                (int(row[0]), "class_pos"): row[1]
                for row in connection.execute(text("SELECT id, class_pos FROM result"))
            }
    finally:
        engine.dispose()
    return _lost(lines, reports, stored), _twice(lines)


def _lost(lines: list[Any], reports: list[EditorReport], stored: dict[Any, Any]) -> list[str]:
    import json

    lost: list[str] = []
    logged = {(line.step, line.author, line.host) for line in lines}
    for editor in reports:
        lost += [
            f"{step}: not in the history"
            for step in editor.steps
            if (step, editor.author, editor.host) not in logged
        ]
    last: dict[tuple[int, str], Any] = {}
    for line in lines:
        key = (int(line.subject_id), str(line.field))
        if key in last and json.loads(line.old) != json.loads(last[key].new):
            lost.append(f"{line.step}: overwrote {last[key].step} unseen ({key})")
        last[key] = line
    for key, line in last.items():
        if key in stored and stored[key] != json.loads(line.new):
            lost.append(f"{key}: stored {stored[key]!r}, last written {line.new}")
    return lost


def _twice(lines: list[Any]) -> list[str]:
    seen: set[tuple[Any, ...]] = set()
    twice: list[str] = []
    for line in lines:
        key = (line.step, line.author, line.subject_id, line.field)
        if key in seen:
            twice.append(f"{line.step}: {line.field} of result {line.subject_id} twice")
        seen.add(key)
    return twice


def format_report(report: LoadReport) -> str:
    header = ("editor", "laptop", "commits", "edits/s", "conflicts", "refused")
    rows = [
        (
            e.author,
            e.host,
            str(len(e.steps)),
            f"{len(e.steps) / e.seconds:.1f}" if e.seconds else "-",
            str(e.conflicts),
            str(e.refused),
        )
        for e in report.editors
    ]
    total = (
        "all",
        "",
        str(report.commits),
        f"{report.commits / report.seconds:.1f}",
        str(sum(e.conflicts for e in report.editors)),
        str(sum(e.refused for e in report.editors)),
    )
    table = [header, *rows, total]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    out = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in table]
    out.insert(1, "  ".join("-" * w for w in widths))
    out.insert(len(out) - 1, out[1])
    out += [
        f"lost: {len(report.lost)}  duplicated: {len(report.duplicated)}  "
        f"final standings equal on every editor: {'yes' if report.standings_equal else 'NO'}",
        *report.lost[:10],
        *report.duplicated[:10],
    ]
    return "\n".join(out)


def measure(folder: Path, *, seconds: float, editors: int = 4) -> LoadReport:
    """Start a PostgreSQL server in `folder`, load the sample into a new database, run."""
    from model.edits.sample import load_sample_season
    from model.store.documents import open_for_editing
    from tests.server.postgres import server_for_session, why_no_server

    reason = why_no_server()
    if reason:
        raise SystemExit(f"server load: {reason}")
    running = server_for_session(folder / "server")
    server = next(running)
    try:
        server.sql("CREATE DATABASE load")
        opened = open_for_editing(server.url("load"), create=True)
        load_sample_season(opened.engine)
        opened.close()
        return run_load(server.url("load"), seconds=seconds, editors=editors)
    finally:
        running.close()  # stops the server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.server_load")
    parser.add_argument("--seconds", type=float, default=60.0, help="default: %(default)s")
    parser.add_argument("--editors", type=int, default=4, help="default: %(default)s")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pitboard-load-") as name:
        folder = Path(name)
        if os.geteuid() == 0:
            folder.chmod(0o755)  # the server runs as the postgres user under root
        report = measure(folder, seconds=options.seconds, editors=options.editors)
    print(format_report(report))
    ok = not report.lost and not report.duplicated and report.standings_equal
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
