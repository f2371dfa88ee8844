"""What the writers write: each operation's input follows from its number alone.

The writer (a child process) and the checker (the campaign) both derive an operation's input
from its number, so after a kill the checker knows exactly what each acknowledged operation,
and the one in flight, would have left in the document.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from model.paths import resource_path
from tests.benchmarks.timing_import import CLASSES, sixty_car_file

SAMPLE_YEAR = 2003
TIMING_SERIES, TIMING_YEAR = "Crash timing", 2030
SEASON_SERIES, SEASON_YEAR = "Crash seasons", 2031
SEASON_CLASSES = ("PROTO", "GT")


def edit_adds_entry(op: int) -> bool:
    """Every third edit adds an entry; the others edit a result's cells."""
    return op % 3 == 0


def edit_step(op: int) -> str:
    return f"crash edit {op}"


def edit_note(op: int) -> str:
    return f"edit {op}"


def edit_laps(op: int) -> int:
    return op % 997


def edit_target(op: int, result_ids: list[int]) -> int:
    return result_ids[op % len(result_ids)]


def edit_team(op: int) -> str:
    return f"Crash team {op}"


def results_csv_name(op: int) -> str:
    return f"results-{op}.csv"


def results_note(op: int) -> str:
    return f"import {op}"


def results_laps(op: int) -> int:
    return 100 + op % 211


def sample_result_rows() -> list[dict[str, str]]:
    path = resource_path("samples", "alms-2003", "results.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def results_csv(op: int, rows: list[dict[str, str]]) -> str:
    """The sample's results, every row carrying this operation's laps and note."""
    out = io.StringIO()
    writer = csv.DictWriter(out, [*rows[0].keys(), "note"], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "laps": str(results_laps(op)), "note": results_note(op)})
    return out.getvalue()


def timing_name(op: int) -> str:
    return f"timing-{op}.csv"


def timing_cars(op: int) -> int:
    """Between 20 and 60 cars; two operations in a row never import the same number."""
    return 20 + (op * 13) % 41


def write_timing_file(folder: Path, op: int) -> Path:
    scratch = folder / f"timing-{op}"
    scratch.mkdir(exist_ok=True)
    written = sixty_car_file(scratch, cars=timing_cars(op)).replace(folder / timing_name(op))
    scratch.rmdir()
    return written


def timing_season() -> dict[str, Any]:
    return {
        "series": TIMING_SERIES,
        "season": TIMING_YEAR,
        "classes": list(CLASSES),
        "points_scales": {"s": [25, 18, 15, 12, 10, 8, 6, 4, 2, 1]},
        "rules": {"min_distance_pct": 70},
        "rounds": [{"round": 1, "name": "Six Hours", "points_scale": "s"}],
    }


def season_name(op: int) -> str:
    return f"season-{op}.json"


def season_rounds(op: int) -> int:
    """Two to five rounds: re-imports add and remove rounds as well as renaming them."""
    return 2 + op % 4


def season_points(op: int) -> list[int]:
    return [30 + op % 50, 20, 10, 5]


def season_distance(op: int) -> int:
    return 50 + op % 40


def round_name(number: int, op: int) -> str:
    return f"Round {number} of definition {op}"


def season_definition(op: int) -> dict[str, Any]:
    return {
        "series": SEASON_SERIES,
        "season": SEASON_YEAR,
        "classes": list(SEASON_CLASSES),
        "points_scales": {"scale": season_points(op)},
        "rules": {"min_distance_pct": season_distance(op)},
        "rounds": [
            {"round": n, "name": round_name(n, op), "points_scale": "scale"}
            for n in range(1, season_rounds(op) + 1)
        ],
    }


def write_season_file(folder: Path, op: int) -> Path:
    path = folder / season_name(op)
    path.write_text(json.dumps(season_definition(op)), encoding="utf-8")
    return path


def export_author(op: int) -> str:
    return f"export {op}"


def new_document_group(op: int) -> int:
    """Three operations in a row open the same new document: the first creates it (or, when
    killed, leaves the name to the next, which creates it again) and the others open it."""
    return op // 3


def new_document(folder: Path, op: int) -> Path:
    return folder / "new" / f"document-{new_document_group(op)}.pitboard"


def new_document_seeded(op: int) -> bool:
    """Half the new documents get the sample season, half are empty."""
    return new_document_group(op) % 2 == 0


def backup_reason(op: int) -> str:
    return f"crash {op}"
