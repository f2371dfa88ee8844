"""The crash campaign: kill writers with SIGKILL at random moments, check the files each time.

    python -m tests.model.crash.campaign --kills 1000 --seed 1 [--only edits,exports]

Each kill is followed by PRAGMA integrity_check and a check that every acknowledged operation
is in the files and the one in flight is there entirely or not at all. A table of figures is
printed at the end; the exit status is 1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sys
import tempfile
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.model.crash import data_kinds, file_kinds
from tests.model.crash.harness import Life, When, live_and_die
from tests.model.crash.kinds import Kind, Verdict, sample_template

MAKERS = {**data_kinds.MAKERS, **file_kinds.MAKERS}
KINDS = tuple(MAKERS)
# What became of the operation in flight, and the table's heading for it.
OUTCOMES = {"whole": "whole", "absent": "absent", "per file": "per file", "none": "none"}

LEGEND = (
    "in flight: the operation begun but not acknowledged when the kill came, found whole, "
    "absent, per file (each workbook the old or the new one), or none begun; temp files left: "
    "temporary files the killed writers left behind"
)


@dataclass
class Pace:
    """How long a kind's writers take to start, to do one operation, and to finish one from
    its first commit or file move on, learnt as they run.

    Until a writer has been seen ready (or an operation done), each writer killed short of
    it doubles the guess, so the kills soon reach every phase of the operations."""

    started: list[float] = field(default_factory=list)
    operations: list[float] = field(default_factory=list)
    commits: list[float] = field(default_factory=list)
    moves: list[float] = field(default_factory=list)
    start_guess: float = 0.05
    operation_guess: float = 0.1

    def learn(self, life: Life) -> None:
        if life.ready_after is not None:
            self.started.append(life.ready_after)
        elif not self.started:
            self.start_guess *= 2
        self.operations += life.op_seconds
        self.commits += life.commit_seconds
        self.moves += life.move_seconds
        if not self.operations and life.ready_after is not None:
            self.operation_guess *= 2

    def moment(self, rng: random.Random) -> When:
        """When to kill the next writer.

        Two kills in five fall anywhere in its start and its first three operations; the
        others late in one of those operations: from its first database commit or its first
        file moved into place to its end (three in ten), or near its end timed from its start
        (the rest). Evenly spread kills would seldom reach the short moments where it
        commits, syncs and moves files into place."""
        start = _mean(self.started) if self.started else self.start_guess
        operation = _mean(self.operations) if self.operations else self.operation_guess
        draw, nth = rng.random(), rng.randrange(3)
        if draw < 0.4:
            anywhere = rng.uniform(0, min(10.0, start + 3 * operation))
            return lambda life: anywhere
        late = [(n, s) for n, s in (("committing", self.commits), ("moving", self.moves)) if s]
        if draw < 0.7 and late:
            name, seconds = rng.choice(late)
            return _after(nth, name, rng.uniform(0, 1.2 * _mean(seconds)))
        return _after(nth, "begun", operation * rng.uniform(0.8, 1.1))


def _after(nth: int, event: str, delay: float) -> When:
    """`delay` seconds after the writer's `nth` operation has begun, or begun committing or
    moving files; at once if that operation ended without doing so."""

    def moment(life: Life) -> float | None:
        op = life.first + nth
        heard = getattr(life, event).get(op)
        if heard is not None:
            return float(heard) + delay
        return life.begun.get(op + 1)

    return moment


def _mean(values: list[float]) -> float:
    recent = values[-50:]
    return sum(recent) / len(recent)


@dataclass
class Tally:
    """The figures of one kind of operation."""

    kills: int = 0
    acknowledged: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    left_behind: int = 0
    failures: list[str] = field(default_factory=list)
    pace: Pace = field(default_factory=Pace)

    def add(self, life: Life, verdict: Verdict, left_behind: int) -> None:
        self.kills += 1
        self.acknowledged += len(life.acked)
        outcome = verdict.outcome or "none"
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1
        self.left_behind += left_behind
        self.failures += verdict.failures
        self.pace.learn(life)


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.model.crash.campaign", description=__doc__
    )
    parser.add_argument("--kills", type=int, default=1000, help="kills in all (default 1000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--only", default=",".join(KINDS), help=f"kinds, comma-separated: {', '.join(KINDS)}"
    )
    parser.add_argument(
        "--spawn", action="store_true", help="start each writer as a new interpreter (slower)"
    )
    parser.add_argument(
        "--max-failures", type=int, default=10, help="stop a kind after this many failures"
    )
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    parser.add_argument("--report", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    args.kinds = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in args.kinds if name not in MAKERS]
    if unknown or not args.kinds:
        parser.error(f"unknown kinds {unknown}; choose from {', '.join(KINDS)}")
    return args


def run(args: argparse.Namespace, folder: Path) -> dict[str, Tally]:
    os.environ["XDG_DATA_HOME"] = str(folder / "data")  # never the user's own files
    os.environ["PITBOARD_DB"] = str(folder / "default.pitboard")
    template = sample_template(folder / "sample.pitboard")
    kinds: dict[str, Kind] = {name: MAKERS[name](folder / name, template) for name in args.kinds}
    for kind in kinds.values():
        kind.prepare()
        kind.left_behind()
    rng = random.Random(args.seed)
    schedule = [name for name in kinds for _ in range(math.ceil(args.kills / len(kinds)))]
    rng.shuffle(schedule)
    tallies = {name: Tally() for name in kinds}
    started = time.monotonic()
    try:
        for done, name in enumerate(schedule, start=1):
            if len(tallies[name].failures) < args.max_failures:
                kill_once(kinds[name], tallies[name], rng, spawn=args.spawn)
            if done % 100 == 0:
                elapsed = time.monotonic() - started
                print(f"{done} of {len(schedule)} kills, {elapsed:.0f} s", file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted: the figures so far", file=sys.stderr)
    return tallies


def kill_once(kind: Kind, tally: Tally, rng: random.Random, *, spawn: bool) -> None:
    life = live_and_die(kind.name, kind.folder, kind.next_op, tally.pace.moment(rng), spawn=spawn)
    kind.next_op = life.next_op
    left_behind = kind.left_behind()
    kind.take_view()
    try:
        verdict = kind.check(life)
    except Exception as exc:  # a file the check cannot even read is a failure, not a crash
        verdict = Verdict()
        verdict.fail(life, f"the check could not read the files: {exc!r}")
    if life.died_by_itself:
        verdict.fail(life, f"the writer stopped by itself: {life.died_by_itself}")
    tally.add(life, verdict, left_behind)
    for failure in verdict.failures:
        print(f"FAILURE {kind.name}: {failure}", file=sys.stderr, flush=True)


def table(tallies: dict[str, Tally], elapsed: float, args: argparse.Namespace) -> str:
    head = f"{'':<16}{'':>7}{'operations':>14}{'operation in flight':^40}{'temp files':>13}"
    head2 = f"{'operation':<16}{'kills':>7}{'acknowledged':>14}"
    head2 += "".join(f"{label:>10}" for label in OUTCOMES.values())
    head2 += f"{'left':>13}{'failures':>10}"
    lines = [head, head2, "-" * len(head2)]
    total = Tally()
    for name, tally in tallies.items():
        lines.append(_row(name, tally))
        total.kills += tally.kills
        total.acknowledged += tally.acknowledged
        total.left_behind += tally.left_behind
        total.failures += tally.failures
        for outcome, count in tally.outcomes.items():
            total.outcomes[outcome] = total.outcomes.get(outcome, 0) + count
    lines += ["-" * len(head2), _row("total", total)]
    how = "spawned" if args.spawn else "forked"
    lines.append(
        f"elapsed {elapsed:.1f} s; seed {args.seed}; writers {how}; {os.cpu_count()} cores"
    )
    return "\n".join([*lines, *textwrap.wrap(LEGEND, width=len(head2))])


def _row(name: str, tally: Tally) -> str:
    row = f"{name:<16}{tally.kills:>7}{tally.acknowledged:>14}"
    row += "".join(f"{tally.outcomes.get(o, 0):>10}" for o in OUTCOMES)
    return row + f"{tally.left_behind:>13}{len(tally.failures):>10}"


def figures(tallies: dict[str, Tally], elapsed: float) -> dict[str, object]:
    kinds = {
        name: {
            "kills": tally.kills,
            "acknowledged": tally.acknowledged,
            "in flight": tally.outcomes,
            "left behind": tally.left_behind,
            "failures": tally.failures,
        }
        for name, tally in tallies.items()
    }
    return {"elapsed": elapsed, "kinds": kinds}


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    folder = Path(tempfile.mkdtemp(prefix="pitboard-crash-"))
    started = time.monotonic()
    tallies = run(args, folder)
    elapsed = time.monotonic() - started
    print(table(tallies, elapsed, args))
    if args.report:
        args.report.write_text(json.dumps(figures(tallies, elapsed), indent=1), encoding="utf-8")
    failed = any(tally.failures for tally in tallies.values())
    if failed or args.keep:
        print(f"working folder kept: {folder}")
    else:
        shutil.rmtree(folder)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
