"""Who is at which table today: ticking the roster, adding walk-ins, and flagging gaps.

Participants said CIG membership felt unstable and public advisors were easy to leave out, so
the run screen flags teams with nobody present and teams without a public advisor present.
Each person is present, sent apologies, or absent (not there, no word); someone nobody
marked has no record at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..attendance_year import PersonAttendance, person_rows
from ..errors import UserError
from ..model import (
    ATTENDANCE_STATES,
    ROLES,
    Attendance,
    Cig,
    Member,
    Team,
    normalise_role,
    stable_id,
)
from ..store import Store
from . import programme


class WalkInError(UserError):
    """A walk-in line that does not say a name and a known role."""


class AttendanceError(UserError):
    """An attendance mark that cannot be stored as given (unknown person or state)."""


@dataclass(frozen=True)
class Seat:
    """One person who may sit at a team's table today, and whether they are there."""

    name: str
    role: str
    present: bool
    member_id: str = ""
    attendance_id: str = ""
    state: str = ""
    """present, apologies or absent; "" when nobody has marked the person yet."""

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
        if mark is None and not expected(member, workshop):
            continue
        seats.append(Seat(name=member.name, role=member.role, member_id=member.id,
                          present=bool(mark and mark.present),
                          attendance_id=mark.id if mark else "",
                          state=mark.status if mark else ""))
    for mark in marks:
        if not mark.member_id:
            seats.append(Seat(name=mark.name, role=mark.role, present=mark.present,
                              attendance_id=mark.id, state=mark.status))
    return TeamToday(team=team, cig=cig, seats=tuple(seats))


def expected(member: Member, workshop: int) -> bool:
    """On the team's roster at `workshop`: joined by then and not left before it."""
    return member.joined_workshop <= workshop and (
        member.left_workshop is None or member.left_workshop > workshop)


def today(store: Store, workshop: int) -> list[TeamToday]:
    """Every team's table at `workshop`, CIG by CIG."""
    result = []
    for summary in programme.team_summaries(store):
        result.append(team_today(store, workshop, summary.team, summary.cig))
    return result


def _check_state(state: str) -> str:
    if state not in ATTENDANCE_STATES:
        raise AttendanceError(f"Attendance {state!r} is not one of "
                              f"{', '.join(ATTENDANCE_STATES)}.")
    return state


def _marked(mark: Attendance, state: str) -> Attendance:
    """The record with its state, and `present` kept for cigkit versions that read only that."""
    mark.state, mark.present = state, state == "present"
    return mark


def _mark_for(store: Store, workshop: int, team_id: str, member: Member,
              state: str) -> Attendance:
    """The person's mark, changed: the one the register shows (the later one, if two laptops
    each made one before marks had a stable id), else a new one with the id every laptop
    gives it, so two tables marking one person change one record and see any conflict."""
    marks = sorted(store.where(Attendance, workshop=workshop, team_id=team_id,
                               member_id=member.id), key=lambda a: (a.created_at, a.id))
    if marks:
        mark = marks[-1]
        mark.name, mark.role = member.name, member.role
        return _marked(mark, state)
    return _marked(Attendance(id=stable_id(f"attendance:{workshop}:{team_id}:{member.id}"),
                              workshop=workshop, team_id=team_id, member_id=member.id,
                              name=member.name, role=member.role), state)


def set_state(
    store: Store, workshop: int, team_id: str, member_id: str, state: str
) -> Attendance:
    """Mark a roster member present, apologies or absent; one record per person a day."""
    _check_state(state)
    programme.workshop(store, workshop)
    member = store.get(Member, member_id)
    if member is None:
        raise programme.NotFoundError("That person is no longer on the roster.")
    return store.save(_mark_for(store, workshop, team_id, member, state))


def set_present(
    store: Store, workshop: int, team_id: str, member_id: str, present: bool
) -> Attendance:
    """Tick (present) or untick (absent: not there, no apologies) a roster member."""
    return set_state(store, workshop, team_id, member_id, "present" if present else "absent")


def set_walk_in_state(store: Store, attendance_id: str, state: str) -> Attendance:
    """Mark a walk-in who was added earlier present, apologies or absent."""
    _check_state(state)
    mark = store.get(Attendance, attendance_id)
    if mark is None:
        raise programme.NotFoundError("That walk-in is no longer recorded.")
    return store.save(_marked(mark, state))


def set_walk_in_present(store: Store, attendance_id: str, present: bool) -> Attendance:
    """Tick or untick a walk-in who was added earlier."""
    return set_walk_in_state(store, attendance_id, "present" if present else "absent")


def find_member(store: Store, team: Team, text: str) -> Member:
    """A member of `team` by full name, else by a first name or name start only one has."""
    wanted = " ".join(text.split()).casefold()
    people = programme.members(store, team.id)
    if not wanted:
        raise programme.NotFoundError("The member's name is empty.")
    for rule in (
        lambda m: m.name.casefold() == wanted,
        lambda m: m.name.split()[0].casefold() == wanted,
        lambda m: wanted in m.name.casefold().split(),  # "Sunil" for "Dr Sunil Patel"
        lambda m: m.name.casefold().startswith(wanted),
    ):
        hits = [m for m in people if rule(m)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            names = ", ".join(m.name for m in hits[:5])
            raise programme.NotFoundError(f"{text.strip()!r} could be {names} in team "
                                          f"{team.name!r}; give the full name.")
    raise programme.NotFoundError(f"{text.strip()!r} is not on the roster of team "
                                  f"{team.name!r}; 'cigkit member add' adds them.")


def mark_people(store: Store, workshop: int, team: Team, state: str,
                names: list[str]) -> list[Attendance]:
    """Mark several members of one team at once: every name is checked before anything is saved."""
    _check_state(state)
    programme.workshop(store, workshop)
    if not names:
        raise AttendanceError(f"Name at least one member of {team.name!r} to mark {state}.")
    people: dict[str, Member] = {}
    for text in names:
        member = find_member(store, team, text)
        if not expected(member, workshop) and member.left_workshop is not None:
            raise AttendanceError(f"{member.name} left {team.name!r} at workshop "
                                  f"{member.left_workshop}, so is not expected at workshop "
                                  f"{workshop}.")
        people[member.id] = member
    marks = [_mark_for(store, workshop, team.id, m, state) for m in people.values()]
    store.save_many(marks)
    return [store.get(Attendance, m.id) or m for m in marks]


def team_register(store: Store, workshop: int, team: Team) -> list[Seat]:
    """One team's register at a workshop: every expected member (marked or not), walk-ins."""
    programme.workshop(store, workshop)
    return list(team_today(store, workshop, team).seats)


def year(store: Store, workshops: list[int] | None = None) -> list[PersonAttendance]:
    """Each person's attendance across the workshops (default: all of them), CIG by CIG.

    Public advisors carry the first workshop they took part in, which participants said
    matters: joining after the plan was shaped felt tokenistic.
    """
    numbers = workshops if workshops is not None else [
        w.number for w in programme.workshops(store)]
    teams = [s.team for s in programme.team_summaries(store)]
    cig_names = {c.id: c.name for c in store.all(Cig)}
    return person_rows(teams, cig_names, store.all(Member), store.all(Attendance), numbers)


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
