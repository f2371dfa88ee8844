"""Operations that change the document: cell edits, results CSV imports, Al Kamel timing
imports and season-definition imports.

After each kill the document must hold every acknowledged operation, and the one in flight
entirely or not at all: its data and its history lines together.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from model.store.db import open_engine, url_for_path
from tests.model.crash import scenarios as s
from tests.model.crash.harness import Life
from tests.model.crash.kinds import (
    Kind,
    Verdict,
    history_agrees,
    numbers,
    query,
    sample_document,
    season_document,
    steps,
)


class Edits(Kind):
    """Cell edits (a result's note and laps) and new entries, as the editor makes them."""

    name = "edits"

    def __init__(self, folder: Path, template: Path) -> None:
        super().__init__(folder)
        self.template = template
        self.committed: set[int] = set()
        self.cells: dict[int, int] = {}  # result id -> the edit whose values it must hold
        self.entries: set[int] = set()  # the edits whose new entry must be there
        self.result_ids: list[int] = []

    def prepare(self) -> None:
        super().prepare()
        sample_document(self.document, self.template)
        self.result_ids = sorted(row[0] for row in query(self.document, "SELECT id FROM result"))

    def check(self, life: Life) -> Verdict:
        verdict = Verdict()
        if not self.check_integrity(life, verdict):
            return verdict
        logged = numbers(steps(self.view, s.edit_step(0).replace("0", "%")))
        done = set(life.acked)
        flight = life.in_flight
        if flight is not None:
            changed, written = self._present(flight), flight in logged
            if changed != written:
                verdict.fail(
                    life,
                    f"edit {flight} is half there: the change is {_word(changed)}, "
                    f"its history line {_word(written)}",
                )
            verdict.outcome = "whole" if changed and written else "absent"
            if changed:
                done.add(flight)
        for op in sorted(done - self.committed):
            if s.edit_adds_entry(op):
                self.entries.add(op)
            else:
                self.cells[s.edit_target(op, self.result_ids)] = op
        self.committed |= done
        history_agrees(verdict, life, found=logged, expected=self.committed)
        self.committed = logged  # a loss is reported once, not again after every later kill
        self._check_cells(life, verdict)
        self._check_entries(life, verdict)
        return verdict

    def _present(self, op: int) -> bool:
        if s.edit_adds_entry(op):
            return bool(query(self.view, "SELECT 1 FROM team WHERE name = ?", s.edit_team(op)))
        target = s.edit_target(op, self.result_ids)
        found = query(self.view, "SELECT note, laps FROM result WHERE id = ?", target)
        return found == [(s.edit_note(op), s.edit_laps(op))]

    def _check_cells(self, life: Life, verdict: Verdict) -> None:
        stored = {row[0]: row[1:] for row in query(self.view, "SELECT id, note, laps FROM result")}
        wrong = [
            f"result {result_id} holds {stored.get(result_id)}, edit {op} stored "
            f"{(s.edit_note(op), s.edit_laps(op))}"
            for result_id, op in sorted(self.cells.items())
            if stored.get(result_id) != (s.edit_note(op), s.edit_laps(op))
        ]
        if wrong:
            verdict.fail(life, f"{len(wrong)} acknowledged cell edits lost: {wrong[:3]}")
        self.cells = {
            result_id: op
            for result_id, op in self.cells.items()
            if stored.get(result_id) == (s.edit_note(op), s.edit_laps(op))
        }

    def _check_entries(self, life: Life, verdict: Verdict) -> None:
        rows = query(
            self.view,
            "SELECT t.name, count(e.id) FROM team t LEFT JOIN entry e ON e.team_id = t.id "
            "WHERE t.name LIKE 'Crash team %' GROUP BY t.name",
        )
        found = numbers({name for name, _ in rows})
        if found != self.entries:
            verdict.fail(
                life,
                f"new entries lost {sorted(self.entries - found)[:5]}, "
                f"unexpected {sorted(found - self.entries)[:5]}",
            )
        self.entries = found
        if any(count != 1 for _, count in rows):
            verdict.fail(life, f"a new team without exactly one entry: {rows[:5]}")


class Replacing(Kind):
    """An import that replaces what the previous one wrote: the document holds the last
    acknowledged import, or the one in flight, whole; never a mixture, never an older one."""

    pattern = ""  # the history step of operation 0, with the number written as 0

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.current: int | None = None  # the import the document holds
        self.committed: set[int] = set()

    def state(self) -> Any:
        """What the document holds now, in a form `expected` can be compared with."""
        raise NotImplementedError

    def expected(self, op: int | None) -> Any:
        """What the document holds after import `op` (None: before any import)."""
        raise NotImplementedError

    def check(self, life: Life) -> Verdict:
        verdict = Verdict()
        if not self.check_integrity(life, verdict):
            return verdict
        before = life.last_acked if life.acked else self.current
        found = self.state()
        candidates = [before] + ([life.in_flight] if life.in_flight is not None else [])
        held = [op for op in candidates if self.expected(op) == found]
        if not held:
            names = " or ".join("nothing" if op is None else f"import {op}" for op in candidates)
            verdict.fail(life, f"the document holds {_short(found)}, expected {names}")
        self.current = held[-1] if held else before
        if life.in_flight is not None:
            verdict.outcome = "whole" if self.current == life.in_flight else "absent"
        self.committed |= set(life.acked)
        if self.current is not None:
            self.committed.add(self.current)
        logged = numbers(steps(self.view, self.pattern.replace("0", "%")))
        history_agrees(verdict, life, found=logged, expected=self.committed)
        self.committed = logged  # a loss is reported once, not again after every later kill
        return verdict


class CsvImports(Replacing):
    """`pitboard import-results` of the sample's results, each time with new laps and notes."""

    name = "csv-imports"
    pattern = f"import-results {s.results_csv_name(0)}"

    def __init__(self, folder: Path, template: Path) -> None:
        super().__init__(folder)
        self.template = template
        self.sample: Any = []

    def prepare(self) -> None:
        super().prepare()
        sample_document(self.document, self.template)
        self.take_view()
        self.sample = self.state()

    def state(self) -> Any:
        return sorted(
            query(
                self.view,
                "SELECT r.note, r.laps FROM result r JOIN round ro ON ro.id = r.round_id "
                "JOIN season se ON se.id = ro.season_id WHERE se.year = ?",
                s.SAMPLE_YEAR,
            ),
            key=repr,
        )

    def expected(self, op: int | None) -> Any:
        if op is None:
            return self.sample
        return [(s.results_note(op), s.results_laps(op))] * len(self.sample)


class TimingImports(Replacing):
    """`pitboard import-results --round 1` of Al Kamel timing files of 20 to 60 cars."""

    name = "timing-imports"
    pattern = f"import-results {s.timing_name(0)}"

    def prepare(self) -> None:
        super().prepare()
        season_document(self.document, s.timing_season())

    def state(self) -> Any:
        rows = query(
            self.view,
            "SELECT e.car_number, r.laps, r.status FROM result r JOIN entry e ON e.id = r.entry_id "
            "JOIN round ro ON ro.id = r.round_id WHERE ro.number = 1",
        )
        return sorted(rows, key=lambda row: int(row[0]))

    def expected(self, op: int | None) -> Any:
        if op is None:
            return []
        cars = s.timing_cars(op)
        return [
            (str(n + 1), 240 - n // 3, "classified" if n <= cars - 5 else "not_classified")
            for n in range(1, cars + 1)
        ]


class SeasonImports(Replacing):
    """`pitboard import-season` of a definition whose calendar, scale and rule change each time."""

    name = "season-imports"
    pattern = f"import-season {s.season_name(0)}"

    def prepare(self) -> None:
        super().prepare()
        open_engine(url_for_path(self.document)).dispose()

    def state(self) -> Any:
        seasons = query(
            self.view,
            "SELECT se.id, se.rules ->> 'min_distance_pct' FROM season se "
            "JOIN series sr ON sr.id = se.series_id "
            "WHERE sr.name = ? AND se.year = ?",
            s.SEASON_SERIES,
            s.SEASON_YEAR,
        )
        if not seasons:
            return None
        season_id, distance = seasons[0]
        return {
            "distance": distance,
            "classes": _column(
                self.view,
                "SELECT name FROM season_class WHERE season_id = ? ORDER BY sort_order",
                season_id,
            ),
            "scales": [
                (name, json.loads(points))
                for name, points in query(
                    self.view,
                    "SELECT name, points FROM points_scale WHERE season_id = ?",
                    season_id,
                )
            ],
            "rounds": query(
                self.view,
                "SELECT number, name FROM round WHERE season_id = ? ORDER BY number",
                season_id,
            ),
        }

    def expected(self, op: int | None) -> Any:
        if op is None:
            return None
        return {
            "distance": s.season_distance(op),
            "classes": list(s.SEASON_CLASSES),
            "scales": [("scale", s.season_points(op))],
            "rounds": [(n, s.round_name(n, op)) for n in range(1, s.season_rounds(op) + 1)],
        }


def _column(path: Path, sql: str, *params: Any) -> list[Any]:
    return [row[0] for row in query(path, sql, *params)]


def _word(present: bool) -> str:
    return "present" if present else "absent"


def _short(found: Any, limit: int = 160) -> str:
    text = repr(found)
    return text if len(text) <= limit else text[:limit] + "…"


MAKERS: dict[str, Callable[[Path, Path], Kind]] = {
    "edits": Edits,
    "csv-imports": CsvImports,
    "timing-imports": lambda folder, _template: TimingImports(folder),
    "season-imports": lambda folder, _template: SeasonImports(folder),
}
