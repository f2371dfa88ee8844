"""Importing a 60-car timing file into a round, against the csv module merely reading it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from model.edits.seasons import import_season
from model.edits.timing_apply import TimingImportEdit
from model.io.alkamel import read_timing_file
from model.io.season_definition import parse_season_definition
from model.io.timing_import import plan_import
from model.store.db import open_engine, transaction, url_for_path
from tests.benchmarks.timing import Measurement, median_time

HEADER = (
    "POSITION;NUMBER;TEAM;DRIVER_1;DRIVER_2;DRIVER_3;DRIVER_4;VEHICLE;TYRES;CLASS;GROUP;DIVISION;"
    "STATUS;LAPS;TOTAL_TIME;GAP_FIRST;GAP_PREVIOUS;FL_LAPNUM;FL_TIME;FL_KPH;"
)
CLASSES = ("HYPERCAR", "LMP2", "LMGT3")


def sixty_car_file(folder: Path, cars: int = 60) -> Path:
    lines = [HEADER]
    for n in range(1, cars + 1):
        status = "Classified" if n <= cars - 5 else "Not classified"
        laps = 240 - n // 3
        lines.append(
            f"{n};{n + 1};Team {n};Driver A{n};Driver B{n};Driver C{n};;Car {n % 7} - Engine;M;"
            f"{CLASSES[n % 3]};;;{status};{laps};6:00'{n:02d}.500;;;{n};1'3{n % 10}.100;180.0;"
        )
    path = folder / "sixty.csv"
    path.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def measure(folder: Path, *, repeat: int = 30) -> list[Measurement]:
    path = sixty_car_file(folder)
    engine = open_engine(url_for_path(folder / "timing.pitboard"))
    definition = parse_season_definition(
        {
            "series": "Bench",
            "season": 2030,
            "classes": list(CLASSES),
            "points_scales": {"s": [25, 18, 15, 12, 10, 8, 6, 4, 2, 1]},
            "rules": {"min_distance_pct": 70},
            "rounds": [{"round": 1, "name": "Six Hours", "points_scale": "s"}],
        },
        source="bench",
    )
    with transaction(engine) as session:
        season_id = import_season(session=session, definition=definition).season_id

    def import_file() -> None:
        timing = read_timing_file(path)
        with transaction(engine) as session:
            plan = plan_import(session=session, season_id=season_id, round_id=1, timing=timing)
            TimingImportEdit(plan).apply(session)

    def read_only() -> int:
        text = path.read_text(encoding="utf-8-sig")
        return sum(1 for _ in csv.reader(io.StringIO(text), delimiter=";"))

    import_file()  # the first import makes the entries; later ones replace the results
    measured = median_time(import_file, repeat=repeat, warmup=2)
    floor = median_time(read_only, repeat=repeat)
    engine.dispose()
    return [
        Measurement(
            "import a 60-car timing file (read, plan, write)",
            measured,
            "csv module reads the same file",
            floor,
            "< 50 ms",
        )
    ]
