"""What a timing import's preview must say before anything is written: the results it takes
the place of, the ones it removes, and a file that looks as if it belongs to another event."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from model.store import tables as t

# Series names timing files carry in their names (Al Kamel's own index and the files people
# save from it). Only these are compared: any other word of a file name says nothing certain.
SERIES_TOKENS = ("ALMS", "ELMS", "WEC", "IMSA", "AsLMS", "LMS", "IGTC", "GTWC", "ECM")
_STAMP = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})\d{4}(?!\d)")  # 202607121130_Race
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")  # 2014_ELMS_Imola


@dataclass(frozen=True)
class ExistingResult:
    """A result the round holds now, in a class the file covers."""

    entry_id: int
    class_name: str
    car: str | None
    team: str
    class_pos: int | None

    def describe(self) -> str:
        car = f"#{self.car}" if self.car else "(no number)"
        place = f"P{self.class_pos}" if self.class_pos is not None else "no position"
        return f"{car} {self.team}, now {place}"


def existing_results(
    *, session: Session, round_id: int, classes: Iterable[str]
) -> list[ExistingResult]:
    """The round's results in `classes`, in class and position order."""
    wanted = set(classes)
    rows = session.exec(
        select(t.Result, t.Entry, t.SeasonClass.name, t.Team.name)
        .join(t.Entry, col(t.Entry.id) == col(t.Result.entry_id))
        .join(t.Team, col(t.Team.id) == col(t.Entry.team_id))
        .join(t.SeasonClass, col(t.SeasonClass.id) == col(t.Entry.class_id))
        .where(t.Result.round_id == round_id)
    ).all()
    found = [
        ExistingResult(int(entry.id or 0), cls, entry.car_number, team, result.class_pos)
        for result, entry, cls, team in rows
        if cls in wanted
    ]
    return sorted(found, key=lambda r: (r.class_name, r.class_pos is None, r.class_pos or 0))


def removed_lines(round_label: str, removed: list[ExistingResult]) -> tuple[str, ...]:
    """One line per class: the import swaps a class's whole result for the file's, so a car of
    that class the file does not list loses its result in this round."""
    by_class: dict[str, list[ExistingResult]] = {}
    for result in removed:
        by_class.setdefault(result.class_name, []).append(result)
    return tuple(
        f"{len(results)} result{'s' if len(results) != 1 else ''} of {round_label} {cls} "
        f"not in the file will be removed: " + "; ".join(r.describe() for r in results)
        for cls, results in by_class.items()
    )


def file_date(source: str) -> tuple[int | None, dt.date | None]:
    """The year, and the day where the name has Al Kamel's time stamp, a file name gives."""
    stamp = _STAMP.search(source)
    if stamp is not None:
        try:
            day = dt.date(int(stamp[1]), int(stamp[2]), int(stamp[3]))
        except ValueError:
            day = None
        if day is not None:
            return day.year, day
    year = _YEAR.search(source)
    return (int(year[1]), None) if year else (None, None)


def file_series(source: str) -> tuple[str, ...]:
    """The series names a file name carries, as whole words (ELMS is not WEC, nor LMS)."""
    words = {w.casefold() for w in re.split(r"[^A-Za-z]+", source) if w}
    return tuple(dict.fromkeys(s for s in SERIES_TOKENS if s.casefold() in words))


def mismatch_warnings(
    *, source: str, series: str, year: int, round_label: str, round_date: dt.date | None
) -> list[str]:
    """Warnings when the file's name says another year, day or series than the round's.
    Timing files carry no event or date columns: their name is all there is to go on."""
    warnings = []
    file_year, file_day = file_date(source)
    round_year = round_date.year if round_date else year
    if file_day is not None and round_date is not None and file_day != round_date:
        warnings.append(
            f"the file's name dates it {file_day.isoformat()}, but {round_label} is on "
            f"{round_date.isoformat()}: is this the right round?"
        )
    elif file_year is not None and file_year != round_year:
        warnings.append(
            f"the file's name says {file_year}, but {round_label} is in {round_year}: "
            "is this the right season?"
        )
    named = {w.casefold() for w in re.split(r"[^A-Za-z]+", series) if w}
    other = [s for s in file_series(source) if s.casefold() not in named]
    if other and not any(s.casefold() in named for s in file_series(source)):
        warnings.append(
            f"the file's name says {', '.join(other)}, but this season is {series} {year}: "
            "is this the right series?"
        )
    return warnings
