"""Run every benchmark and print one table."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.benchmarks import export, recalculation, sizes, startup, timing_import
from tests.benchmarks.timing import format_table


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="pitboard-bench-") as folder:
        measurements = recalculation.measure(Path(folder))
        measurements += sizes.measure(Path(folder))
        measurements += export.measure(Path(folder))
        measurements += timing_import.measure(Path(folder))
        measurements += startup.measure(Path(folder))
    print(format_table(measurements))
    return 0


if __name__ == "__main__":
    sys.exit(main())
