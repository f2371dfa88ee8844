"""Two laptops on one server document: an edit of a row the other changed since it was read is
refused with who, when, where and the value now, and changes nothing; a single editor never
conflicts with its own edits, undos and redos."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, col

from model.edits.changes import Changes
from model.edits.conflicts import ConflictError
from model.edits.door import Door, one_season
from model.edits.operations import (
    DeleteResultsEdit,
    Edit,
    EntryFieldEdit,
    PositionsEdit,
    ResultEntryEdit,
    ResultFieldEdit,
    apply_all,
    revert_all,
)
from model.edits.sample import load_sample_season
from model.scoring.live_season import LiveSeason
from model.store import tables as t
from model.store.documents import open_for_editing

Build = Callable[[Session], list[Edit]]


@dataclass
class Laptop:
    """One editor: its own open document, author and machine name, and open season."""

    door: Door
    host: str
    season_id: int
    monkeypatch: pytest.MonkeyPatch
    made: list[Edit] | None = None

    def read(self) -> LiveSeason:
        return self.door.read(lambda s: LiveSeason.load(session=s, season_id=self.season_id))

    def write(self, build: Build, *, undo: list[Edit] | None = None, step: str = "Edit") -> None:
        """Apply the edits `build` makes (or revert `undo`), as this laptop."""
        self.monkeypatch.setenv("PITBOARD_HOST", self.host)
        made: list[Edit] = []

        def change(session: Session) -> Changes:
            if undo is not None:
                return revert_all(session, undo)
            made.extend(build(session))
            return apply_all(session, made)

        self.door.apply(change, step=step, seasons=one_season(self.season_id))
        self.made = made


@pytest.fixture
def laptops(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Laptop, Laptop]]:
    first = open_for_editing(pg_url, create=True)
    season_id = load_sample_season(first.engine)
    second = open_for_editing(pg_url, create=False)
    yield (
        Laptop(Door(first, author="Ann Smith"), "timing-desk", season_id, monkeypatch),
        Laptop(Door(second, author="Bob Jones"), "press-office", season_id, monkeypatch),
    )
    first.close()
    second.close()


def _result_of_car(live: LiveSeason) -> tuple[int, int, str]:
    """A classified result with a car number and another of the same round."""
    results = [
        r for r in live.data.results if r.class_pos and live.data.entries[r.entry_id].car_number
    ]
    first = results[0]
    other = next(
        r for r in results if r.round_id == first.round_id and r.entry_id != first.entry_id
    )
    return first.result_id, other.result_id, str(live.data.entries[first.entry_id].car_number)


def _laps(door: Door, result_id: int) -> int | None:
    return door.read(lambda s: s.get(t.Result, result_id)).laps  # type: ignore[union-attr]


def _log_size(door: Door) -> int:
    return door.read(lambda s: s.execute(select(func.count(col(t.ChangeLog.id)))).scalar() or 0)


def _clock(door: Door, result_id: int) -> str:
    """The newest change of the result, as the clock on the wall showed it."""
    query = (
        select(col(t.ChangeLog.at))
        .where(col(t.ChangeLog.subject) == "result", col(t.ChangeLog.subject_id) == result_id)
        .order_by(col(t.ChangeLog.id).desc())
    )
    at = door.read(lambda s: s.execute(query).scalars().first())
    return dt.datetime.fromisoformat(str(at)).astimezone().strftime("%H:%M:%S")


def test_an_edit_of_a_cell_the_other_laptop_changed_is_refused(
    laptops: tuple[Laptop, Laptop],
) -> None:
    ann, bob = laptops
    seen = ann.read()
    result_id, _, car = _result_of_car(seen)
    bob.write(lambda s: [ResultFieldEdit.build(s, result_id, laps=312)])
    before = _log_size(ann.door)
    version = seen.data.version("result", result_id) or 0
    with pytest.raises(ConflictError) as refused:
        ann.write(lambda s: [ResultFieldEdit.build(s, result_id, laps=300).seen(version)])
    assert str(refused.value) == (
        f"Car {car}'s laps were changed by Bob Jones at {_clock(ann.door, result_id)} "
        "(laptop press-office): now 312. Your change was not made."
    )
    assert (_laps(ann.door, result_id), _log_size(ann.door)) == (312, before)


def test_an_edit_of_another_row_goes_through(laptops: tuple[Laptop, Laptop]) -> None:
    ann, bob = laptops
    seen = ann.read()
    result_id, other_id, _ = _result_of_car(seen)
    bob.write(lambda s: [ResultFieldEdit.build(s, result_id, laps=312)])
    version = seen.data.version("result", other_id) or 0
    ann.write(lambda s: [ResultFieldEdit.build(s, other_id, laps=77).seen(version)])
    assert (_laps(ann.door, result_id), _laps(ann.door, other_id)) == (312, 77)


def _entry_of(live: LiveSeason, result_id: int) -> int:
    return live.data.entries[live.result(result_id).entry_id].id  # type: ignore[union-attr]


def _spare_entry(session: Session, live: LiveSeason, result_id: int) -> int:
    """An entry of the season with no result in the round of this result."""
    result = live.result(result_id)
    assert result is not None
    taken = {r.entry_id for r in live.data.results if r.round_id == result.round_id}
    spare = [e.id for e in live.data.entries.values() if e.id not in taken]
    return spare[0]


# (Ann's own step, Bob's change of the same row afterwards, words of the refusal of Ann's undo)
UNDO_CASES: list[tuple[str, Callable[[LiveSeason, int, int], Build], Callable[..., Build], str]] = [
    (
        "laps",
        lambda live, rid, oid: lambda s: [ResultFieldEdit.build(s, rid, laps=5)],
        lambda live, rid, oid: lambda s: [ResultFieldEdit.build(s, rid, laps=6)],
        "laps were changed by Bob Jones",
    ),
    (
        "positions",
        lambda live, rid, oid: lambda s: [PositionsEdit.build(s, {rid: 40, oid: 41})],
        lambda live, rid, oid: lambda s: [ResultFieldEdit.build(s, oid, note="protest")],
        "note was changed by Bob Jones",
    ),
    (
        "entry",
        lambda live, rid, oid: (
            lambda s: [EntryFieldEdit.build(s, _entry_of(live, rid), chassis="Lola")]
        ),
        lambda live, rid, oid: (
            lambda s: [EntryFieldEdit.build(s, _entry_of(live, rid), chassis="Reynard")]
        ),
        "chassis was changed by Bob Jones",
    ),
    (
        "drivers",
        lambda live, rid, oid: (
            lambda s: [EntryFieldEdit.build(s, _entry_of(live, rid), chassis="Lola")]
        ),
        lambda live, rid, oid: (
            lambda s: [
                EntryFieldEdit.build(s, _entry_of(live, rid), drivers=("Ann Other", "Bo Nobody"))
            ]
        ),
        "changed by Bob Jones",
    ),
    (
        "car of a result",
        lambda live, rid, oid: lambda s: [ResultFieldEdit.build(s, rid, laps=4)],
        lambda live, rid, oid: (
            lambda s: [ResultEntryEdit.build(s, rid, _spare_entry(s, live, rid))]
        ),
        "entry id was changed by Bob Jones",
    ),
    (
        "delete",
        lambda live, rid, oid: lambda s: [ResultFieldEdit.build(s, rid, laps=9)],
        lambda live, rid, oid: lambda s: [DeleteResultsEdit.build(s, [rid])],
        "^Car .+ was deleted by Bob Jones at .+ \\(laptop press-office\\)",
    ),
]


@pytest.mark.parametrize(
    ("ann_step", "bob_step", "words"),
    [case[1:] for case in UNDO_CASES],
    ids=[case[0] for case in UNDO_CASES],
)
def test_undo_after_the_other_laptop_changed_the_row_is_refused(
    laptops: tuple[Laptop, Laptop],
    ann_step: Callable[[LiveSeason, int, int], Build],
    bob_step: Callable[[LiveSeason, int, int], Build],
    words: str,
) -> None:
    ann, bob = laptops
    live = ann.read()
    result_id, other_id, _ = _result_of_car(live)
    ann.write(ann_step(live, result_id, other_id))
    step = ann.made or []
    bob.write(bob_step(live, result_id, other_id))
    before = _log_size(ann.door)
    with pytest.raises(ConflictError, match=words):
        ann.write(lambda s: [], undo=step)
    assert _log_size(ann.door) == before


def test_a_single_editor_never_conflicts_with_itself(
    any_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = open_for_editing(any_url, create=True)
    try:
        season_id = load_sample_season(opened.engine)
        ann = Laptop(Door(opened, author="Ann"), "timing-desk", season_id, monkeypatch)
        live = ann.read()
        result_id, other_id, _ = _result_of_car(live)
        entry_id = _entry_of(live, result_id)
        steps: list[list[Edit]] = []
        for n in range(50):
            seen_result = live.data.version("result", result_id) or 0
            kinds: Sequence[Build] = (
                lambda s, n=n, v=seen_result: [ResultFieldEdit.build(s, result_id, laps=n).seen(v)],
                lambda s, n=n: [PositionsEdit.build(s, {result_id: 60 + n, other_id: 90 + n})],
                lambda s, n=n: [EntryFieldEdit.build(s, entry_id, chassis=f"C{n}")],
            )
            ann.write(kinds[n % 3])
            steps.append(ann.made or [])
            live = ann.read() if n % 3 == 2 else live
            ann.door.read(
                lambda s, fresh=live: fresh.refresh_results(
                    session=s, result_ids=[result_id, other_id]
                )
            )
        for step in reversed(steps):
            ann.write(lambda s: [], undo=step)
        for step in steps:
            ann.write(lambda s, step=step: step)
        assert _laps(ann.door, result_id) == 48
    finally:
        opened.close()


def test_history_names_the_laptop(laptops: tuple[Laptop, Laptop]) -> None:
    ann, bob = laptops
    result_id, other_id, _ = _result_of_car(ann.read())
    ann.write(lambda s: [ResultFieldEdit.build(s, result_id, laps=1)])
    bob.write(lambda s: [ResultFieldEdit.build(s, other_id, laps=2)])
    query = select(col(t.ChangeLog.author), col(t.ChangeLog.host)).distinct()
    found = {tuple(row) for row in ann.door.read(lambda s: s.execute(query).all())}
    assert found == {("Ann Smith", "timing-desk"), ("Bob Jones", "press-office")}
