"""Setting a season up in the editor: a new season (or a copy of one as another year), its
rules, its points scales and each round's scale and factor, each as one reversible edit.

Every change here is the season's definition (what a season.json holds) as it stands, changed,
and imported again through SeasonImportEdit: one way to write a season, whose undo puts the
rows back exactly as they were (the rules' JSON included), and which the history records
line by line (season rules, points scales, rounds). No edit here names `touched` rows, so the
history compares the whole season.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from model.edits.changes import Changes
from model.edits.entries import add_entry, delete_entry
from model.edits.operations import Edit
from model.edits.season_checks import (
    SETUP,
    check_names,
    checked_definition,
    copied_definition,
    definition_of,
    error,
    points_from_text,
    points_text,
)
from model.edits.season_import_edit import SeasonImportEdit
from model.errors import quoted
from model.io.season_definition import SeasonDefinition
from model.scoring.rules import SeasonRules
from model.store import tables as t
from model.store.season_data import EntryInfo, load_season_data

__all__ = [
    "SETUP",
    "NewSeasonEdit",
    "RoundPoints",
    "ScaleChange",
    "ScaleRenameEdit",
    "checked_definition",
    "copied_definition",
    "definition_of",
    "new_season_edits",
    "points_from_text",
    "points_text",
    "round_points_edits",
    "rules_edits",
    "scales_edits",
]


@dataclass(frozen=True)
class ScaleChange:
    """One points scale as the season should have it; `was` is its stored name (None: new)."""

    was: str | None
    name: str
    points: tuple[Decimal, ...]


@dataclass(frozen=True)
class RoundPoints:
    """The scale (by its new name; None: none) and the factor one round pays."""

    scale: str | None
    factor: Decimal


# --- a new season ---------------------------------------------------------------------------


@dataclass
class NewSeasonEdit:
    """A season created from a definition, with a copy of another season's entry list where
    asked; undo removes all it created (the series too, when it was new)."""

    definition: SeasonDefinition
    entries: tuple[EntryInfo, ...] = ()
    source: str = SETUP
    entry_ids: list[int] = field(default_factory=list)  # given at the first apply, kept for redo
    series_created: bool = False

    def __post_init__(self) -> None:
        self._import = SeasonImportEdit(self.definition, self.source)

    @property
    def season_id(self) -> int | None:
        return self._import.season_id

    def seasons(self, session: Session) -> list[int]:
        return self._import.seasons(session)

    def apply(self, session: Session) -> Changes:
        self.series_created = _series_id(session, self.definition.series) is None
        changes = self._import.apply(session)
        season_id = changes.season_id
        ids: list[int | None] = [*self.entry_ids] or [None] * len(self.entries)
        self.entry_ids = [
            add_entry(
                session=session,
                season_id=season_id,
                class_name=entry.class_name,
                team=entry.team,
                car=entry.car_number,
                chassis=entry.chassis,
                engine=entry.engine,
                drivers=entry.drivers,
                entry_id=entry_id,
                manufacturer=entry.manufacturer,
            )[0]
            for entry, entry_id in zip(self.entries, ids, strict=True)
        ]
        return changes

    def revert(self, session: Session) -> Changes:
        for entry_id in self.entry_ids:
            delete_entry(session=session, entry_id=entry_id)
        changes = self._import.revert(session)
        if self.series_created:
            name = self.definition.series
            session.execute(delete(t.Series).where(col(t.Series.name) == name))
        return changes


def _series_id(session: Session, name: str) -> int | None:
    return session.exec(select(t.Series.id).where(t.Series.name == name)).first()


def stored_series(session: Session, name: str) -> str:
    """The series' name as the document spells it, when it has that series in any case."""
    found = session.exec(
        select(t.Series.name).where(func.lower(t.Series.name) == name.strip().lower())
    ).first()
    return found if found is not None else name.strip()


def new_season_edits(
    *, session: Session, definition: SeasonDefinition, entries_from: int | None = None
) -> list[Edit]:
    """The edit that creates the season (refused when the series has that year already);
    with `entries_from`, that season's entries (drivers included) of the classes the new
    season has are entered again."""
    definition = checked_definition(replace(definition, series=definition.series.strip() or ""))
    definition = replace(definition, series=stored_series(session, definition.series))
    taken = session.exec(
        select(t.Season.id)
        .join(t.Series)
        .where(t.Series.name == definition.series, t.Season.year == definition.year)
    ).first()
    if taken is not None:
        message = f"{definition.series} already has a {definition.year} season"
        raise error("year", message, SETUP)
    entries: tuple[EntryInfo, ...] = ()
    if entries_from is not None:
        source = load_season_data(session=session, season_id=entries_from)
        entries = tuple(
            entry
            for _, entry in sorted(source.entries.items())
            if entry.class_name in definition.classes
        )
    return [NewSeasonEdit(definition, entries)]


# --- changing a season's set-up ---------------------------------------------------------------


@dataclass
class ScaleRenameEdit:
    """Points scales renamed in place, so the history says "renamed" and rounds keep them."""

    season_id: int
    renames: dict[str, str]

    def apply(self, session: Session) -> Changes:
        return _rename_scales(session, self.season_id, self.renames)

    def revert(self, session: Session) -> Changes:
        back = {new: old for old, new in self.renames.items()}
        return _rename_scales(session, self.season_id, back)


def _rename_scales(session: Session, season_id: int, renames: Mapping[str, str]) -> Changes:
    rows = session.exec(
        select(t.PointsScale).where(
            t.PointsScale.season_id == season_id, col(t.PointsScale.name).in_(list(renames))
        )
    ).all()
    olds = {row.id: row.name for row in rows}
    for row in rows:  # free every name first, so two scales can swap names
        row.name = f"renaming {row.id}"
        session.add(row)
    session.flush()
    for row in rows:
        row.name = renames[olds[row.id]]
        session.add(row)
    session.flush()
    return Changes(season_id, calendar=True)


def _updated(session: Session, season_id: int, wanted: SeasonDefinition) -> list[Edit]:
    """The edit bringing the season in line with `wanted` (none when it already is)."""
    wanted = checked_definition(wanted)
    current = definition_of(load_season_data(session=session, season_id=season_id))
    return [] if wanted == current else [SeasonImportEdit(wanted, SETUP)]


def rules_edits(*, session: Session, season_id: int, rules: SeasonRules) -> list[Edit]:
    """The season's rules replaced as one value; undo puts the stored JSON back as it was."""
    current = definition_of(load_season_data(session=session, season_id=season_id))
    return _updated(session, season_id, replace(current, rules=rules))


def scales_edits(
    *,
    session: Session,
    season_id: int,
    scales: Sequence[ScaleChange],
    rounds: Mapping[int, RoundPoints] | None = None,
) -> list[Edit]:
    """The season's points scales as listed (a stored scale left out is removed, which a
    round or the qualifying rule still using it refuses), renamed where `was` differs from
    `name` (rounds and rules follow), and the scale and factor of the rounds (by id) in
    `rounds`."""
    data = load_season_data(session=session, season_id=season_id)
    current = definition_of(data)
    renames = _renames(scales, set(current.points_scales))
    named = check_names([c.name for c in scales], "points_scales", "points scale", SETUP)
    wanted_scales = {name: c.points for name, c in zip(named, scales, strict=True)}
    _check_freed_names(renames, set(current.points_scales))
    changed = dict(rounds or {})
    unknown = set(changed) - {r.id for r in data.rounds}
    if unknown:
        raise error("rounds", f"the season has no round with id {min(unknown)}", SETUP)
    calendar = []
    for info, rnd in zip(data.rounds, current.rounds, strict=True):
        scale = renames.get(rnd.points_scale or "", rnd.points_scale)
        points = changed.get(info.id, RoundPoints(scale, rnd.points_factor))
        calendar.append(replace(rnd, points_scale=points.scale, points_factor=points.factor))
    wanted = replace(
        current,
        points_scales=wanted_scales,
        rules=_renamed_rules(current.rules, renames),
        rounds=tuple(calendar),
    )
    edits = _updated(session, season_id, wanted)
    if renames and edits:
        return [ScaleRenameEdit(season_id, renames), *edits]
    return edits


def round_points_edits(
    *, session: Session, season_id: int, round_id: int, scale: str | None, factor: Decimal
) -> list[Edit]:
    """One round's points scale and factor changed."""
    data = load_season_data(session=session, season_id=season_id)
    kept = [ScaleChange(name, name, points) for name, points in data.scales.items()]
    return scales_edits(
        session=session,
        season_id=season_id,
        scales=kept,
        rounds={round_id: RoundPoints(scale, factor)},
    )


def _renames(scales: Sequence[ScaleChange], stored: set[str]) -> dict[str, str]:
    renames: dict[str, str] = {}
    seen: set[str] = set()
    for index, change in enumerate(scales):
        if change.was is None:
            continue
        if change.was not in stored:
            message = f"the season has no points scale {quoted(change.was)}"
            raise error(f"points_scales[{index}]", message, SETUP)
        if change.was in seen:
            message = f"points scale {quoted(change.was)} is listed twice"
            raise error(f"points_scales[{index}]", message, SETUP)
        seen.add(change.was)
        if change.name.strip() != change.was:
            renames[change.was] = change.name.strip()
    return renames


def _check_freed_names(renames: dict[str, str], stored: set[str]) -> None:
    """A scale may take the name of another only when that one is renamed too (not removed:
    the removal is done after the renaming)."""
    for old, new in renames.items():
        if new in stored and new not in renames:
            message = (
                f"points scale {quoted(old)} cannot take the name {quoted(new)} of a scale "
                "being removed: remove that one first"
            )
            raise error("points_scales", message, SETUP)


def _renamed_rules(rules: SeasonRules, renames: Mapping[str, str]) -> SeasonRules:
    """The rules with a renamed qualifying scale called by its new name."""

    def renamed(name: Any) -> Any:
        return renames.get(name, name) if isinstance(name, str) else name

    championships = tuple(
        (
            championship,
            tuple((key, renamed(v) if key == "qualifying_points" else v) for key, v in changed),
        )
        for championship, changed in rules.championships
    )
    return replace(
        rules, qualifying_points=renamed(rules.qualifying_points), championships=championships
    )
