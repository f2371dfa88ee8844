"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Measurement:
    name: str
    seconds: float
    floor_name: str
    floor_seconds: float
    target: str = ""

    @property
    def ratio(self) -> float:
        return self.seconds / self.floor_seconds if self.floor_seconds else float("inf")


def median_time(action: Callable[[], object], *, repeat: int, warmup: int = 10) -> float:
    """Median wall time of `action` over `repeat` runs, after `warmup` unmeasured runs."""
    for _ in range(warmup):
        action()
    samples = []
    gc.collect()
    gc.disable()  # as timeit does: a collection landing in one sample is noise, not cost
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            action()
            samples.append(time.perf_counter() - start)
    finally:
        gc.enable()
    return statistics.median(samples)


def format_table(measurements: list[Measurement]) -> str:
    header = ("benchmark", "time", "floor", "floor time", "ratio", "target")
    rows = [
        (
            m.name,
            _ms(m.seconds),
            m.floor_name,
            _ms(m.floor_seconds),
            f"{m.ratio:.2f}x",
            m.target,
        )
        for m in measurements
    ]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True))
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"
