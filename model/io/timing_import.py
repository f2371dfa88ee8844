"""Turning a timing file into one round's results: classes mapped, entries matched, a plan
the user can preview, and one reversible edit that applies it all or nothing."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from sqlmodel import Session, select

from model.io.alkamel import TimingFile, TimingFileError, TimingRow, repair_garbled
from model.io.timing_preview import existing_results, mismatch_warnings, removed_lines
from model.scoring.rules import SeasonRules, Status, covers_distance, reference_laps
from model.store import tables as t
from model.store.season_data import EntryInfo, load_season_data

KNOWN_STATUSES = {
    "classified": Status.CLASSIFIED,
    "not classified": Status.NOT_CLASSIFIED,
    "retired": Status.DNF,
    "not started": Status.DNS,
    # A timing system says "Running" of a car still on track when the file was made: an hourly
    # or interim classification, or a car that took the flag without being judged. Nobody has
    # classified it yet, so it scores nothing until someone says otherwise (the preview warns).
    # Pitboard's own results CSV reads "Running" as classified: there a person wrote it.
    "running": Status.NOT_CLASSIFIED,
}


class UnmappedClassesError(TimingFileError):
    def __init__(self, source: str, classes: list[str], known: tuple[str, ...]) -> None:
        self.classes, self.known = classes, known
        super().__init__(
            f"classes not in this season: {', '.join(classes)} "
            f"(season classes: {', '.join(known)}); map each to a season class",
            source=source,
        )


class UnknownStatusesError(TimingFileError):
    def __init__(self, source: str, statuses: list[str]) -> None:
        self.statuses = statuses
        super().__init__(
            f"statuses Pitboard does not know: {', '.join(statuses)}; say what each means",
            source=source,
        )


@dataclass(frozen=True)
class PlannedEntry:
    car: str
    team: str
    class_name: str
    chassis: str
    engine: str
    drivers: tuple[str, ...]


@dataclass(frozen=True)
class PlannedResult:
    line: int
    car: str
    team: str
    class_name: str
    class_pos: int | None
    overall_pos: int | None
    laps: int | None
    status: Status
    drivers: tuple[str, ...]
    entry_id: int | None  # None: the new entry planned for this car
    note: str | None = None
    fastest_lap: bool | None = None  # None: the file has no lap times for the class


@dataclass(frozen=True)
class ImportPlan:
    source: str
    season_id: int
    round_id: int
    results: tuple[PlannedResult, ...]
    new_entries: tuple[PlannedEntry, ...]
    replaced: tuple[str, ...]  # existing results of cars in the file, with their position now
    warnings: tuple[str, ...]
    class_map: dict[str, str] = field(default_factory=dict)
    removed: tuple[str, ...] = ()  # per class: the results of cars the file does not list


def suggested_classes(
    *, session: Session, season_id: int, file_classes: Iterable[str]
) -> dict[str, str]:
    """The season class for each file class that has one: remembered for the series, or the
    same name. Classes with neither are left out, to be asked about."""
    season = session.get(t.Season, season_id)
    assert season is not None
    known = set(
        session.exec(select(t.SeasonClass.name).where(t.SeasonClass.season_id == season_id))
    )
    remembered = {
        alias.file_class: alias.season_class
        for alias in session.exec(
            select(t.ClassAlias).where(t.ClassAlias.series_id == season.series_id)
        )
    }
    suggested = {}
    for file_class in file_classes:
        target = remembered.get(file_class) or file_class
        if target in known:
            suggested[file_class] = target
    return suggested


def class_mapping(
    *, session: Session, season_id: int, timing: TimingFile, chosen: Mapping[str, str] | None = None
) -> dict[str, str]:
    """File class → season class: chosen here, else as suggested; any left over is an error."""
    known = tuple(
        session.exec(select(t.SeasonClass.name).where(t.SeasonClass.season_id == season_id))
    )
    mapping = suggested_classes(session=session, season_id=season_id, file_classes=timing.classes)
    mapping.update({k: v for k, v in (chosen or {}).items() if v in known})
    missing = [c for c in timing.classes if c not in mapping]
    if missing:
        raise UnmappedClassesError(timing.source, missing, known)
    return {c: mapping[c] for c in timing.classes}


def remember_class_mapping(*, session: Session, season_id: int, mapping: Mapping[str, str]) -> None:
    season = session.get(t.Season, season_id)
    assert season is not None
    for file_class, season_class in mapping.items():
        alias = session.exec(
            select(t.ClassAlias).where(
                t.ClassAlias.series_id == season.series_id, t.ClassAlias.file_class == file_class
            )
        ).first() or t.ClassAlias(
            series_id=season.series_id, file_class=file_class, season_class=""
        )
        alias.season_class = season_class
        session.add(alias)
    session.flush()


def status_mapping(
    timing: TimingFile, chosen: Mapping[str, Status] | None = None
) -> dict[str, Status]:
    mapping = {}
    for text in timing.statuses:
        status = (chosen or {}).get(text) or KNOWN_STATUSES.get(" ".join(text.lower().split()))
        if status is not None:
            mapping[text] = status
    unknown = [s for s in timing.statuses if s not in mapping]
    if unknown:
        raise UnknownStatusesError(timing.source, unknown)
    return mapping


def plan_import(
    *,
    session: Session,
    season_id: int,
    round_id: int,
    timing: TimingFile,
    classes: Mapping[str, str] | None = None,
    statuses: Mapping[str, Status] | None = None,
    repair_names: bool = False,
) -> ImportPlan:
    """What importing `timing` into the round would add and replace; nothing is written."""
    rnd = session.get(t.Round, round_id)
    if rnd is None or rnd.season_id != season_id or rnd.cancelled:
        raise TimingFileError(
            "choose a round of this season that takes place", source=timing.source
        )
    mapping = class_mapping(session=session, season_id=season_id, timing=timing, chosen=classes)
    meanings = status_mapping(timing, statuses)
    rows = sorted(timing.rows, key=lambda r: (r.position is None, r.position or 0, r.line))
    _check_duplicates(rows, mapping, timing.source)
    data = load_season_data(session=session, season_id=season_id)
    fix: Callable[[str], str] = repair_garbled if repair_names else str.strip
    eligible = _distance_check(
        rows, data.rules, mapping, timing.layout.marks_every_starter_classified
    )
    entries = _EntryMatcher(data.entries.values(), fix)
    fastest = fastest_laps(rows, mapping)
    results, counters = [], Counter[str]()
    for row in rows:
        class_name = mapping[row.class_name]
        status = meanings[row.status]
        note = None
        if status is Status.CLASSIFIED and not eligible(row):
            status, note = Status.NOT_CLASSIFIED, "below the distance needed to be classified"
        class_pos = None
        if status is Status.CLASSIFIED:
            counters[class_name] += 1
            class_pos = row.class_pos or counters[class_name]
        entry_id = entries.match(row, class_name)
        results.append(
            PlannedResult(
                row.line,
                row.number,
                fix(row.team),
                class_name,
                class_pos,
                row.position if status is Status.CLASSIFIED else None,
                row.laps,
                status,
                tuple(fix(d) for d in row.drivers),
                entry_id,
                note,
                fastest.get(row.line),
            )
        )
    label = f"Rd {rnd.number}" if rnd.number is not None else rnd.name
    existing = existing_results(session=session, round_id=round_id, classes=mapping.values())
    in_file = {r.entry_id: r for r in results if r.entry_id is not None}
    mismatches = mismatch_warnings(
        source=timing.source,
        series=data.series,
        year=data.year,
        round_label=f"{label} ({rnd.name})",
        round_date=rnd.date,
    )
    return ImportPlan(
        timing.source,
        season_id,
        round_id,
        tuple(results),
        tuple(entries.new),
        tuple(
            f"{r.class_name}: {r.describe()}, will be {_place(in_file[r.entry_id])}"
            for r in existing
            if r.entry_id in in_file
        ),
        tuple(mismatches + _warnings(timing, rows, mapping) + entries.warnings),
        mapping,
        removed_lines(label, [r for r in existing if r.entry_id not in in_file]),
    )


def _place(result: PlannedResult) -> str:
    return f"P{result.class_pos}" if result.class_pos is not None else result.status.label


def fastest_laps(rows: list[TimingRow], mapping: Mapping[str, str]) -> dict[int, bool]:
    """Who had the fastest lap of each class, by the file's line: True for the one car with
    the lowest best-lap time, False for the others of its class. A class with no lap times
    in the file is left out, so what the round had is kept.

    Equal times (to the thousandth) go to the car that set it on the earlier lap (FL_LAPNUM,
    the nearest the file comes to saying who set it first), then to the better-placed car:
    `rows` are in overall order."""
    timed: dict[str, list[tuple[int, float, int, TimingRow]]] = defaultdict(list)
    classes: dict[str, list[TimingRow]] = defaultdict(list)
    for order, row in enumerate(rows):
        class_name = mapping[row.class_name]
        classes[class_name].append(row)
        if row.fastest_lap is not None:
            lap = row.fastest_lap_number
            timed[class_name].append(
                (round(row.fastest_lap * 1000), math.inf if lap is None else lap, order, row)
            )
    fastest: dict[int, bool] = {}
    for class_name, times in timed.items():
        best = min(times, key=lambda timing: timing[:3])[3]
        fastest.update({row.line: row is best for row in classes[class_name]})
    return fastest


def _check_duplicates(rows: list[TimingRow], mapping: Mapping[str, str], source: str) -> None:
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (mapping[row.class_name], row.number)
        if key in seen:
            raise TimingFileError(
                f"car {row.number} appears twice in {key[0]} (lines {seen[key]} and {row.line})",
                source=source,
                line=row.line,
                field="NUMBER",
            )
        seen[key] = row.line


def _distance_check(
    rows: list[TimingRow], rules: SeasonRules, mapping: Mapping[str, str], applies: bool
) -> Callable[[TimingRow], bool]:
    """Whether a row covers the season's minimum distance (only where the file cannot say)."""
    if not applies:
        return lambda row: True
    laps_by_class: dict[str, int] = defaultdict(int)
    for row in rows:
        laps_by_class[mapping[row.class_name]] = max(
            laps_by_class[mapping[row.class_name]], row.laps or 0
        )
    overall = max(laps_by_class.values(), default=0)

    def eligible(row: TimingRow) -> bool:
        reference = reference_laps(overall, laps_by_class[mapping[row.class_name]], rules)
        return covers_distance(row.laps, reference, rules)

    return eligible


class _EntryMatcher:
    """Finds each car's entry by class, car number and team; plans new entries for the rest."""

    def __init__(self, entries: Iterable[EntryInfo], fix: Callable[[str], str]) -> None:
        self.by_car: dict[tuple[str, str], list[EntryInfo]] = defaultdict(list)
        for entry in entries:
            if entry.car_number:
                self.by_car[(entry.class_name, entry.car_number)].append(entry)
        self.fix = fix
        self.new: list[PlannedEntry] = []
        self.warnings: list[str] = []

    def match(self, row: TimingRow, class_name: str) -> int | None:
        team = self.fix(row.team)
        same_car = self.by_car.get((class_name, row.number), [])
        for entry in same_car:
            if _same_team(entry.team, team):
                return int(entry.id)
        if same_car:
            self.warnings.append(
                f"car {row.number} in {class_name} was entered for {same_car[0].team}; "
                f"a new entry is made for {team}"
            )
        chassis, _, engine = self.fix(row.vehicle).partition(" - ")
        self.new.append(
            PlannedEntry(
                row.number,
                team,
                class_name,
                chassis.strip(),
                engine.strip(),
                tuple(self.fix(d) for d in row.drivers),
            )
        )
        return None


def _same_team(a: str, b: str) -> bool:
    """Timing files are not consistent about capitals and spaces ('TDS' / 'By' / 'by')."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _warnings(timing: TimingFile, rows: list[TimingRow], mapping: Mapping[str, str]) -> list[str]:
    warnings = []
    classes_of: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        classes_of[row.number].add(mapping[row.class_name])
    for number, classes in classes_of.items():
        if len(classes) > 1:
            warnings.append(f"car {number} appears in {' and '.join(sorted(classes))}")
    if timing.garbled_lines:
        lines = ", ".join(str(n) for n in timing.garbled_lines)
        warnings.append(f"names on lines {lines} look double-encoded (for example 'Ã¤' for 'ä')")
    running = [row.number for row in rows if " ".join(row.status.lower().split()) == "running"]
    if running:
        cars = f"car {running[0]} is" if len(running) == 1 else f"cars {', '.join(running)} are"
        warnings.append(
            f"{cars} 'Running' (still on track when the file was made): imported as not classified"
        )
    if timing.layout.marks_every_starter_classified:
        warnings.append(
            "this timing layout calls every starter classified: the distance rule decides"
        )
    return warnings
