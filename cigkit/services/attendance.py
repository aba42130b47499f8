"""Who is at which table today: ticking the roster, adding walk-ins, and flagging gaps.

Participants said CIG membership felt unstable and public advisors were easy to leave out, so
the run screen flags teams with nobody present and teams without a public advisor present.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UserError
from ..model import ROLES, Attendance, Cig, Member, Team, normalise_role
from ..store import Store
from . import programme


class WalkInError(UserError):
    """A walk-in line that does not say a name and a known role."""


@dataclass(frozen=True)
class Seat:
    """One person who may sit at a team's table today, and whether they are there."""

    name: str
    role: str
    present: bool
    member_id: str = ""
    attendance_id: str = ""

    @property
    def walk_in(self) -> bool:
        return not self.member_id


@dataclass(frozen=True)
class TeamToday:
    """A team's table at one workshop: its roster ticked, plus any walk-ins."""

    team: Team
    cig: Cig | None
    seats: tuple[Seat, ...]

    @property
    def present(self) -> tuple[Seat, ...]:
        return tuple(s for s in self.seats if s.present)

    @property
    def nobody_present(self) -> bool:
        return not self.present

    @property
    def public_advisor_present(self) -> bool:
        return any(s.role == "public advisor" for s in self.present)


@dataclass(frozen=True)
class Flags:
    """The teams a facilitator should look at: empty tables, and tables with no public voice."""

    nobody: tuple[Team, ...]
    no_public_advisor: tuple[Team, ...]
    marked: int

    @property
    def any(self) -> bool:
        return bool(self.nobody or self.no_public_advisor)


def _records(store: Store, workshop: int, team_id: str) -> list[Attendance]:
    return sorted(store.where(Attendance, workshop=workshop, team_id=team_id),
                  key=lambda a: (a.created_at, a.id))


def team_today(store: Store, workshop: int, team: Team, cig: Cig | None = None) -> TeamToday:
    """The roster of `team` (members who had joined by `workshop`) ticked, then walk-ins."""
    marks = _records(store, workshop, team.id)
    by_member = {a.member_id: a for a in marks if a.member_id}
    seats = []
    for member in programme.members(store, team.id):
        mark = by_member.get(member.id)
        if mark is None and member.joined_workshop > workshop:
            continue
        seats.append(Seat(name=member.name, role=member.role, member_id=member.id,
                          present=bool(mark and mark.present),
                          attendance_id=mark.id if mark else ""))
    for mark in marks:
        if not mark.member_id:
            seats.append(Seat(name=mark.name, role=mark.role, present=mark.present,
                              attendance_id=mark.id))
    return TeamToday(team=team, cig=cig, seats=tuple(seats))


def today(store: Store, workshop: int) -> list[TeamToday]:
    """Every team's table at `workshop`, CIG by CIG."""
    result = []
    for summary in programme.team_summaries(store):
        result.append(team_today(store, workshop, summary.team, summary.cig))
    return result


def set_present(
    store: Store, workshop: int, team_id: str, member_id: str, present: bool
) -> Attendance:
    """Tick (or untick) a roster member at their team's table; one record per person a day."""
    programme.workshop(store, workshop)
    member = store.get(Member, member_id)
    if member is None:
        raise programme.NotFoundError("That person is no longer on the roster.")
    for mark in store.where(Attendance, workshop=workshop, team_id=team_id,
                            member_id=member_id):
        mark.present = present
        mark.name, mark.role = member.name, member.role
        return store.save(mark)
    return store.save(Attendance(workshop=workshop, team_id=team_id, member_id=member_id,
                                 name=member.name, role=member.role, present=present))


def set_walk_in_present(store: Store, attendance_id: str, present: bool) -> Attendance:
    """Tick or untick a walk-in who was added earlier."""
    mark = store.get(Attendance, attendance_id)
    if mark is None:
        raise programme.NotFoundError("That walk-in is no longer recorded.")
    mark.present = present
    return store.save(mark)


def parse_walk_in(line: str) -> tuple[str, str]:
    """ "Jo Bloggs, public advisor" as (name, role); the role after the last comma."""
    name, comma, role_text = line.rpartition(",")
    if not comma or not name.strip():
        raise WalkInError(
            "Write the walk-in as 'name, role', for example 'Jo Bloggs, public advisor'.")
    role = normalise_role(role_text)
    if role is None:
        raise WalkInError(f"{role_text.strip()!r} is not a role cigkit knows; use one of "
                          f"{', '.join(ROLES)}.")
    return " ".join(name.split()), role


def add_walk_in(store: Store, workshop: int, team_id: str, line: str) -> Attendance:
    """Record someone not on the roster who sat at the table today."""
    name, role = parse_walk_in(line)
    programme.workshop(store, workshop)
    if store.get(Team, team_id) is None:
        raise programme.NotFoundError("That team is no longer in the programme.")
    return store.save(Attendance(workshop=workshop, team_id=team_id, name=name, role=role))


def flags(store: Store, workshop: int) -> Flags:
    """Teams nobody is marked present for, and teams with no public advisor present."""
    tables = today(store, workshop)
    return Flags(
        nobody=tuple(t.team for t in tables if t.nobody_present),
        no_public_advisor=tuple(t.team for t in tables
                                if not t.nobody_present and not t.public_advisor_present),
        marked=sum(len(t.present) for t in tables),
    )
