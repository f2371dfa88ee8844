"""Penalties from a file added to a season as one reversible edit: undo removes exactly the
penalties it added; redo adds them again under the same ids.

The file adds to the season's penalties and never replaces them (a season definition with
`penalties` replaces them all). A penalty the season already has, field for field, is
refused as already there, so importing the same file twice is refused rather than doubling
every penalty.

The edit names no rows (`touched`): penalties are logged only when the history compares the
whole season, so its step is recorded that way.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import delete
from sqlmodel import Session, col, select

from model.edits.changes import Changes
from model.errors import InputError, quoted
from model.io.penalties_csv import PenaltiesFile, penalty_definitions
from model.io.season_definition import PenaltyDefinition
from model.scoring.points import format_points, to_points
from model.scoring.rules import Championship, Penalty
from model.scoring.standings import compute_standings
from model.store import tables as t
from model.store.season_data import load_season_data


@dataclass
class PenaltiesImportEdit:
    season_id: int
    penalties: tuple[PenaltyDefinition, ...]
    source: str
    added: list[int] = field(default_factory=list)  # the ids given, reused by redo
    warnings: tuple[str, ...] = ()  # penalties for a name no standings table holds

    @classmethod
    def build(cls, session: Session, season_id: int, read: PenaltiesFile) -> PenaltiesImportEdit:
        """The file's penalties checked against the season: its classes and rounds, and the
        penalties it already has."""
        classes = tuple(
            session.exec(
                select(t.SeasonClass.name)
                .where(t.SeasonClass.season_id == season_id)
                .order_by(col(t.SeasonClass.id))
            )
        )
        penalties = penalty_definitions(read, classes=classes, rounds=_rounds(session, season_id))
        there = _existing(session, season_id)
        for row, penalty in zip(read.rows, penalties, strict=True):
            if penalty in there:
                raise InputError(
                    "the season already has this penalty", source=read.source, line=row.line
                )
        warnings = _unknown_competitors(session, season_id, read, penalties)
        return cls(season_id, penalties, read.source, warnings=warnings)

    def apply(self, session: Session) -> Changes:
        rounds = _rounds(session, self.season_id)
        ids: list[int | None] = list(self.added) or [None] * len(self.penalties)
        rows = [
            t.Penalty(
                id=penalty_id,
                season_id=self.season_id,
                championship=p.championship,
                class_name=p.class_name,
                competitor=p.competitor,
                round_id=None if p.round_number is None else rounds[p.round_number],
                points=format_points(p.points),
                excluded=p.excluded,
                reason=p.reason,
            )
            for penalty_id, p in zip(ids, self.penalties, strict=True)
        ]
        session.add_all(rows)
        session.flush()
        self.added = [row.id for row in rows if row.id is not None]
        return Changes(self.season_id)

    def revert(self, session: Session) -> Changes:
        assert self.added, "revert before apply"
        session.connection().execute(delete(t.Penalty).where(col(t.Penalty.id).in_(self.added)))
        session.expire_all()
        return Changes(self.season_id)


def _rounds(session: Session, season_id: int) -> dict[int, int]:
    """The season's round ids by number (a cancelled round has none)."""
    found = session.exec(
        select(t.Round.number, t.Round.id).where(
            t.Round.season_id == season_id, col(t.Round.number).is_not(None)
        )
    )
    return {number: rid for number, rid in found if number is not None and rid is not None}


def _existing(session: Session, season_id: int) -> set[PenaltyDefinition]:
    """The season's penalties as a file would give them (a value another program stored
    that is not a number of points matches nothing)."""
    numbers = {rid: number for number, rid in _rounds(session, season_id).items()}
    there = set()
    for row in session.exec(select(t.Penalty).where(t.Penalty.season_id == season_id)):
        try:
            points = to_points(row.points)
        except ValueError:
            continue
        number = None if row.round_id is None else numbers.get(row.round_id)
        there.add(
            PenaltyDefinition(
                row.championship,
                row.class_name,
                row.competitor,
                number,
                points,
                bool(row.excluded),
                row.reason,
            )
        )
    return there


def _unknown_competitors(
    session: Session,
    season_id: int,
    read: PenaltiesFile,
    penalties: tuple[PenaltyDefinition, ...],
) -> tuple[str, ...]:
    """A warning for each penalty whose competitor is in none of the tables it is for: a
    misspelt name would otherwise count for nothing, unnoticed. The standings are worked
    out with the file's penalties, so the names are the ones the tables use (a team, a
    driver, a manufacturer, or a car where the rules score each car)."""
    data = load_season_data(session=session, season_id=season_id)
    rounds = _rounds(session, season_id)
    given = tuple(_penalty(p, rounds) for p in penalties)
    standings = compute_standings(replace(data, penalties=data.penalties + given))
    warnings = []
    for row, penalty in zip(read.rows, given, strict=True):
        championships = [penalty.championship] if penalty.championship else list(Championship)
        tables = [standings.table(penalty.class_name, ch) for ch in championships]
        names = {r.name for table in tables for r in (*table.rows, *table.excluded)}
        if penalty.competitor not in names:
            where = ", ".join(ch.value for ch in championships)
            warnings.append(
                f"{read.source}, line {row.line}: no competitor {quoted(penalty.competitor)} "
                f"in the {penalty.class_name} standings ({where}) yet; the penalty counts for "
                "nothing until there is"
            )
    return tuple(warnings)


def _penalty(definition: PenaltyDefinition, rounds: dict[int, int]) -> Penalty:
    number = definition.round_number
    return Penalty(
        None if definition.championship == "all" else Championship(definition.championship),
        definition.class_name,
        definition.competitor,
        None if number is None else rounds[number],
        definition.points,
        definition.excluded,
        definition.reason,
    )
