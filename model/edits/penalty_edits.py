"""One penalty added, changed or removed as a reversible edit, as the Penalties panel makes
them: undo puts the row back exactly as it was (under its old id).

A penalty is checked as a season definition's penalties are (model.io.season_definition
`parse_penalty`): its championship, class, round and points. Penalties are logged only when
the history compares the whole season, so these edits name no rows (no `touched`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from model.edits.row_edit import Row, RowEdit
from model.errors import NotFoundError
from model.io.season_definition import (
    FieldReader,
    PenaltyDefinition,
    check_texts,
    parse_penalty,
)
from model.scoring.points import format_points
from model.store import tables as t

PENALTY_SOURCE = "penalty"  # how a message names what was typed


@dataclass
class PenaltyEdit(RowEdit):
    """Change one penalty row from `before` to `after` (None: no row)."""

    TABLE = t.Penalty.__table__  # type: ignore[attr-defined]

    @classmethod
    def add(cls, session: Session, season_id: int, values: dict[str, Any]) -> PenaltyEdit:
        return cls(season_id, None, _row(session, season_id, values, None))

    @classmethod
    def change(cls, session: Session, penalty_id: int, values: dict[str, Any]) -> PenaltyEdit:
        before = _stored(session, penalty_id)
        return cls(
            before["season_id"], before, _row(session, before["season_id"], values, penalty_id)
        )

    @classmethod
    def remove(cls, session: Session, penalty_id: int) -> PenaltyEdit:
        before = _stored(session, penalty_id)
        return cls(before["season_id"], before, None)


def penalty_values(session: Session, penalty_id: int) -> dict[str, Any]:
    """A stored penalty as the panel's form shows it (round by number, points as text)."""
    row = _stored(session, penalty_id)
    number = None
    if row["round_id"] is not None:
        rnd = session.get(t.Round, row["round_id"])
        number = rnd.number if rnd is not None else None
    return {
        "championship": row["championship"],
        "class": row["class_name"],
        "competitor": row["competitor"],
        "round": number,
        "points": row["points"],
        "excluded": row["excluded"],
        "reason": row["reason"],
    }


def _row(session: Session, season_id: int, values: dict[str, Any], penalty_id: int | None) -> Row:
    """The row to store for a penalty typed in the panel; InputError names the field."""
    classes = tuple(
        session.exec(select(t.SeasonClass.name).where(t.SeasonClass.season_id == season_id))
    )
    rounds = {
        rnd.number: rnd.id
        for rnd in session.exec(select(t.Round).where(t.Round.season_id == season_id))
        if rnd.number is not None
    }
    typed = {key: value for key, value in values.items() if value not in (None, "")}
    check_texts(typed, PENALTY_SOURCE, "", None)
    penalty: PenaltyDefinition = parse_penalty(
        FieldReader(typed, PENALTY_SOURCE, ""), classes, set(rounds)
    )
    return {
        "id": penalty_id,
        "season_id": season_id,
        "championship": penalty.championship,
        "class_name": penalty.class_name,
        "competitor": penalty.competitor,
        "round_id": None if penalty.round_number is None else rounds[penalty.round_number],
        "points": format_points(penalty.points),
        "excluded": penalty.excluded,
        "reason": penalty.reason,
    }


def _stored(session: Session, penalty_id: int) -> Row:
    found = session.get(t.Penalty, penalty_id)
    if found is None:
        raise NotFoundError(f"no penalty {penalty_id}")
    return found.model_dump()
