"""What a change touched, so each view can decide whether (and how much) to refresh."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    """`result_ids` names the results the change added, changed or deleted when it could
    say so (None: any result of `rounds` may have changed)."""

    season_id: int
    rounds: frozenset[int] = field(default_factory=frozenset)
    entries: bool = False
    calendar: bool = False
    result_ids: frozenset[int] | None = None

    def __or__(self, other: Changes) -> Changes:
        named = self.result_ids is not None and other.result_ids is not None
        return Changes(
            self.season_id,
            self.rounds | other.rounds,
            self.entries or other.entries,
            self.calendar or other.calendar,
            (self.result_ids or frozenset()) | (other.result_ids or frozenset()) if named else None,
        )

    @property
    def results(self) -> bool:
        return bool(self.rounds)
