"""Teams and drivers by name: found or created, linked in seat order, dropped when unused."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import insert, inspect
from sqlmodel import Session, col, select

from model.errors import InputError
from model.io.textfiles import field_problem
from model.store import tables as t

CHUNK = 500  # names per IN (...) list; SQLite takes at most 32,766 values in one statement


def checked_name(name: str, field: str) -> str:
    """The name back; InputError when it holds a control character or is far too long.

    Every reader checks its fields with their line; this is the last door before storage,
    for names typed or pasted in the editor too."""
    problem = field_problem(name)
    if problem is not None:
        raise InputError(problem, field=field)
    return name


def team_id(session: Session, name: str) -> int:
    checked_name(name, "team")
    team = session.exec(select(t.Team).where(t.Team.name == name)).first()
    if team is None:
        team = t.Team(name=name)
        session.add(team)
        session.flush()
    assert team.id is not None
    return team.id


def driver_ids(session: Session, names: Sequence[str]) -> list[int]:
    """Ids of the named drivers, in the given order, creating those not yet known."""
    wanted = [checked_name(name.strip(), "drivers") for name in names if name.strip()]
    found = {
        d.name: d for d in session.exec(select(t.Driver).where(col(t.Driver.name).in_(wanted)))
    }
    for name in wanted:
        if name not in found:
            found[name] = t.Driver(name=name)
            session.add(found[name])
    session.flush()
    return [found[name].id or 0 for name in wanted]


def name_ids(
    session: Session, table: type[t.Team] | type[t.Driver], names: Iterable[str]
) -> dict[str, int]:
    """Id by name for each of `names`, inserting the unknown ones: one query per chunk of
    names and one insert in all, for imports of thousands of rows."""
    field = "team" if table is t.Team else "drivers"
    wanted = list(dict.fromkeys(checked_name(name, field) for name in names))
    found = _known_ids(session, table, wanted)
    missing = [name for name in wanted if name not in found]
    if missing:  # one executemany; ids are read back by their unique names
        session.execute(insert(inspect(table).local_table), [{"name": n} for n in missing])
        found.update(_known_ids(session, table, missing))
    return found


def _known_ids(
    session: Session, table: type[t.Team] | type[t.Driver], names: list[str]
) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(names), CHUNK):
        chunk = names[start : start + CHUNK]
        query = select(col(table.name), col(table.id)).where(col(table.name).in_(chunk))
        found.update((name, int(id_)) for name, id_ in session.exec(query) if id_ is not None)
    return found


def set_entry_drivers(session: Session, entry_id: int, names: Sequence[str]) -> None:
    for link in session.exec(select(t.EntryDriver).where(t.EntryDriver.entry_id == entry_id)):
        session.delete(link)
    session.flush()
    for seat, driver_id in enumerate(driver_ids(session, names)):
        session.add(t.EntryDriver(entry_id=entry_id, driver_id=driver_id, seat=seat))


def set_result_drivers(session: Session, result_id: int, names: Sequence[str]) -> None:
    for link in session.exec(select(t.ResultDriver).where(t.ResultDriver.result_id == result_id)):
        session.delete(link)
    session.flush()
    for seat, driver_id in enumerate(driver_ids(session, names)):
        session.add(t.ResultDriver(result_id=result_id, driver_id=driver_id, seat=seat))


def prune_unused_names(session: Session) -> None:
    """Drop teams and drivers nothing refers to any more, so undoing an edit leaves no trace."""
    used_teams = select(t.Entry.team_id)
    for team in session.exec(select(t.Team).where(col(t.Team.id).not_in(used_teams))):
        session.delete(team)
    entry_drivers = select(t.EntryDriver.driver_id)
    result_drivers = select(t.ResultDriver.driver_id)
    for driver in session.exec(
        select(t.Driver).where(
            col(t.Driver.id).not_in(entry_drivers), col(t.Driver.id).not_in(result_drivers)
        )
    ):
        session.delete(driver)
    session.flush()
