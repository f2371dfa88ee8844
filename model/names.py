"""Teams and drivers by name: found or created, linked in seat order, dropped when unused."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from model import tables as t


def team_id(session: Session, name: str) -> int:
    team = session.exec(select(t.Team).where(t.Team.name == name)).first()
    if team is None:
        team = t.Team(name=name)
        session.add(team)
        session.flush()
    assert team.id is not None
    return team.id


def driver_ids(session: Session, names: Sequence[str]) -> list[int]:
    """Ids of the named drivers, in the given order, creating those not yet known."""
    wanted = [name.strip() for name in names if name.strip()]
    found = {
        d.name: d for d in session.exec(select(t.Driver).where(col(t.Driver.name).in_(wanted)))
    }
    for name in wanted:
        if name not in found:
            found[name] = t.Driver(name=name)
            session.add(found[name])
    session.flush()
    return [found[name].id or 0 for name in wanted]


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
