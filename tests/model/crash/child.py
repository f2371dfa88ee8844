"""A child process that keeps editing a document and says which edits were committed.

`python -m tests.model.crash.child edits DB FIRST` adds entries "Crash team N" from FIRST on;
`python -m tests.model.crash.child imports DB` imports two timing files into round 1 in turn.
Each line printed names work that was committed before it was printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from model.alkamel import read_timing_file
from model.db import open_engine, transaction, url_for_path
from model.entry_editing import add_entry
from model.timing_apply import TimingImportEdit
from model.timing_import import plan_import


def edits(database: Path, first: int) -> None:
    engine = open_engine(url_for_path(database), create=False)
    number = first
    while True:
        with transaction(engine) as session:
            add_entry(session=session, season_id=1, class_name="GT", team=f"Crash team {number}")
        print(number, flush=True)
        number += 1


def imports(database: Path, files: list[Path]) -> None:
    engine = open_engine(url_for_path(database), create=False)
    timings = [read_timing_file(path) for path in files]
    turn = 0
    while True:
        timing = timings[turn % len(timings)]
        with transaction(engine) as session:
            plan = plan_import(session=session, season_id=1, round_id=1, timing=timing)
            TimingImportEdit(plan).apply(session)
        print(timing.source, flush=True)
        turn += 1


if __name__ == "__main__":
    kind, database = sys.argv[1], Path(sys.argv[2])
    if kind == "edits":
        edits(database, int(sys.argv[3]))
    else:
        imports(database, [Path(p) for p in sys.argv[3:]])
