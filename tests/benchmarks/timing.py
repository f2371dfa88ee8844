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


def alternating_times(
    first: Callable[[], object], second: Callable[[], object], *, repeat: int, warmup: int = 2
) -> tuple[list[float], list[float]]:
    """Wall times of `first` and of `second`, run in turn `repeat` times (the second puts back
    what the first changed), garbage collection paused while timing as timeit does."""
    firsts, seconds = times_between(lambda: None, (first, second), repeat=repeat, warmup=warmup)
    return firsts, seconds


def times_between(
    prepare: Callable[[], object],
    actions: tuple[Callable[[], object], ...],
    *,
    repeat: int,
    warmup: int = 2,
) -> tuple[list[float], ...]:
    """Wall times of each of `actions`, run in order after an unmeasured `prepare`, `repeat`
    times; the last action must leave things as `prepare` found them."""
    for _ in range(warmup):
        prepare()
        for action in actions:
            action()
    samples: tuple[list[float], ...] = tuple([] for _ in actions)
    # No collection first (a full one takes a tenth of a second with a window's objects
    # alive, many times over in a run); none can land in a sample while it is disabled.
    gc.disable()
    try:
        for _ in range(repeat):
            prepare()
            for action, times in zip(actions, samples, strict=True):
                start = time.perf_counter()
                action()
                times.append(time.perf_counter() - start)
    finally:
        gc.enable()
    return samples


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
