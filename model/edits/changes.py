"""What a change touched, so each view can decide whether (and how much) to refresh."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    season_id: int
    rounds: frozenset[int] = field(default_factory=frozenset)
    entries: bool = False
    calendar: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.season_id,
            self.rounds | other.rounds,
            self.entries or other.entries,
            self.calendar or other.calendar,
        )

    @property
    def results(self) -> bool:
        return bool(self.rounds)
