"""Small builders for standings-engine input, so each test states only what it is about."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import count

from model.scoring.rules import Championship, Penalty, SeasonRules, Status
from model.store.season_data import EntryInfo, ResultInfo, RoundInfo, SeasonData

STANDARD = (20, 16, 13, 10, 8, 6, 4, 3, 2, 1)
ENDURANCE = (26, 22, 19, 16, 14, 12, 10, 9, 8, 7)


@dataclass
class SeasonBuilder:
    """Builds a SeasonData; entries and rounds get ids in the order they are added."""

    classes: tuple[str, ...] = ("P", "GT")
    rules: SeasonRules = field(default_factory=SeasonRules)
    rounds: list[RoundInfo] = field(default_factory=list)
    entries: dict[int, EntryInfo] = field(default_factory=dict)
    results: list[ResultInfo] = field(default_factory=list)
    scales: dict[str, tuple[Decimal, ...]] = field(default_factory=dict)
    penalties: list[Penalty] = field(default_factory=list)
    _ids: count[int] = field(default_factory=lambda: count(1))

    def round(
        self,
        number: int | None = None,
        scale: tuple[int | str | Decimal, ...] = STANDARD,
        cancelled: bool = False,
        *,
        factor: str = "1",
        event: int | None = None,
    ) -> int:
        round_id = next(self._ids)
        if number is None and not cancelled:
            number = 1 + sum(1 for r in self.rounds if r.number is not None)
        points = tuple(Decimal(p) for p in scale)
        self.rounds.append(
            RoundInfo(
                round_id,
                number,
                f"Round {number}",
                points,
                cancelled,
                factor=Decimal(factor),
                event=event,
            )
        )
        return round_id

    def scale(self, name: str, points: tuple[int | str, ...]) -> None:
        self.scales[name] = tuple(Decimal(p) for p in points)

    def penalty(
        self,
        competitor: str,
        points: str = "0",
        *,
        class_name: str = "P",
        championship: Championship | None = None,
        round_id: int | None = None,
        excluded: bool = False,
        reason: str = "",
    ) -> None:
        self.penalties.append(
            Penalty(
                championship, class_name, competitor, round_id, Decimal(points), excluded, reason
            )
        )

    def entry(
        self,
        team: str,
        class_name: str = "P",
        *,
        car: str | None = None,
        chassis: str = "Chassis",
        engine: str = "Engine",
        drivers: tuple[str, ...] = (),
        manufacturer: str = "",
    ) -> int:
        entry_id = next(self._ids)
        self.entries[entry_id] = EntryInfo(
            entry_id, class_name, team, car, chassis, engine, drivers, manufacturer
        )
        return entry_id

    def result(
        self,
        round_id: int,
        entry_id: int,
        class_pos: int | None,
        status: Status = Status.CLASSIFIED,
        **fields: object,
    ) -> None:
        result = ResultInfo(round_id, entry_id, class_pos, status)
        self.results.append(result._replace(**fields))

    def finish(self, round_id: int, *entry_ids: int, **fields: object) -> None:
        """Entries finishing in this order, classified, from first place down."""
        for place, entry_id in enumerate(entry_ids, start=1):
            self.result(round_id, entry_id, place, **fields)

    def build(self) -> SeasonData:
        return SeasonData(
            series="Test Series",
            year=2003,
            classes=self.classes,
            rules=self.rules,
            rounds=tuple(self.rounds),
            entries=dict(self.entries),
            results=tuple(self.results),
            scales=dict(self.scales),
            penalties=tuple(self.penalties),
        )
