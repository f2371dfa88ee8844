"""Run the benchmarks and print one table: `python -m tests.benchmarks [--only TEXT]
[--sizes 175,960] [--many-edits-up-to RESULTS]`.

--only keeps the rows whose name holds TEXT (any case) and skips the work of the others: in
the size series row by row; each other benchmark runs when TEXT is part of the start its rows'
names share (see OTHERS), or that start part of TEXT. --sizes runs the size series at those sizes only (175 is the 2003
sample; 960, 4320, 14400 the synthetic seasons) and leaves the other benchmarks out, which
have sizes of their own.

The benchmarks write their documents, backups and settings in a temporary folder, never in
the user's own folders.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from tests.benchmarks import export, recalculation, sizes, startup, timing_import
from tests.benchmarks.documents import SAMPLE_RESULTS
from tests.benchmarks.timing import Measurement, format_table

# (the start of every row's name, measure) of the benchmarks outside the size series
OTHERS: tuple[tuple[str, Callable[[Path], list[Measurement]]], ...] = (
    ("recalculate ALMS 2003", recalculation.measure),
    ("export", export.measure),
    ("import a 60-car timing file", timing_import.measure),
    ("start-up to main window shown", startup.measure),
)
Size = tuple[int, int, int]


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    options = parser.parse_args(argv)
    try:
        sample, synthetic = _sizes(options.sizes)
    except ValueError as exc:
        parser.error(str(exc))
    with (
        tempfile.TemporaryDirectory(prefix="pitboard-bench-") as name,
        _out_of_user_folders(Path(name)),
    ):
        folder = Path(name)
        measurements: list[Measurement] = []
        if options.sizes is None:
            measurements += _others(folder, options.only, before_sizes=True)
        measurements += sizes.measure(
            folder,
            sizes=synthetic,
            sample=sample,
            only=options.only,
            many_edits_up_to=options.many_edits_up_to,
        )
        if options.sizes is None:
            measurements += _others(folder, options.only, before_sizes=False)
    print(format_table(measurements) if measurements else "no benchmark has such a row")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks")
    parser.add_argument("--only", metavar="TEXT", help="only the rows whose name holds TEXT")
    parser.add_argument(
        "--sizes", metavar="LIST", help="the size series at these sizes only, e.g. 175,960"
    )
    parser.add_argument(
        "--many-edits-up-to",
        metavar="RESULTS",
        type=int,
        default=sizes.MANY_EDITS_UP_TO,
        help="the largest season the 1,000 edits run on (default: %(default)s results)",
    )
    return parser


def _sizes(text: str | None) -> tuple[bool, tuple[Size, ...]]:
    """(whether the sample runs, the synthetic sizes) that `text` names; all when None."""
    if text is None:
        return True, sizes.SYNTHETIC_SIZES
    by_count = {r * c * n: (r, c, n) for r, c, n in sizes.SYNTHETIC_SIZES}
    known = [SAMPLE_RESULTS, *by_count]
    counts = [part.strip().replace("_", "") for part in text.split(",")]
    if counts == [""]:
        raise ValueError(f"--sizes names no size (known: {known})")
    for count in counts:
        if not count.isdigit() or int(count) not in known:
            raise ValueError(f"unknown size {count!r} in --sizes (known: {known})")
    wanted = {int(count) for count in counts}
    return SAMPLE_RESULTS in wanted, tuple(by_count[n] for n in by_count if n in wanted)


def _others(folder: Path, only: str | None, *, before_sizes: bool) -> list[Measurement]:
    """The recalculation runs before the size series, as the table has always listed it."""
    chosen = OTHERS[:1] if before_sizes else OTHERS[1:]
    found: list[Measurement] = []
    for title, measure in chosen:
        if (
            only is None
            or only.casefold() in title.casefold()
            or title.casefold() in only.casefold()
        ):
            found += measure(folder)
    return [m for m in found if only is None or only.casefold() in m.name.casefold()]


@contextlib.contextmanager
def _out_of_user_folders(folder: Path) -> Iterator[None]:
    """Backups of the documents opened here, and the editor's settings, go to `folder`
    (on Linux and Windows; macOS keeps them under the home folder) while the block runs."""
    values = {
        "XDG_DATA_HOME": folder / "data",
        "XDG_CONFIG_HOME": folder / "config",
        "APPDATA": folder / "appdata",
        "PITBOARD_DB": folder / "default.pitboard",
    }
    before = {name: os.environ.get(name) for name in values}
    os.environ.update({name: str(path) for name, path in values.items()})
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


if __name__ == "__main__":
    sys.exit(main())
