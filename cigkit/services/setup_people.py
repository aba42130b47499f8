"""Setting up who is in the programme: CIGs, teams and people, added, changed and renamed.

Like `setup`, each function checks everything it is given before it saves anything, saves
every record it changes at once, and answers bad input with a `SetupError` naming the field.
A rename changes a name only: records point at ids, so notes, actions, checklist and history
follow the renamed CIG, team or person.
"""

from __future__ import annotations

from datetime import date

from ..model import Action, Attendance, Cig, Cohort, Member, Record, Team
from ..store import Store
from . import day, logbook, programme
from .attendance import find_member
from .setup import (
    SetupError,
    check_role,
    check_workshop_number,
    clean_text,
    commit,
    first_cohort,
    free_id,
    missing_workshops,
    unique_slug,
)

# -- CIGs --------------------------------------------------------------------------------


def _cig_name_free(store: Store, name: str, keep: Cig | None = None) -> None:
    for cig in store.all(Cig):
        if cig.name.casefold() == name.casefold() and (keep is None or cig.id != keep.id):
            raise SetupError(f"There is already a CIG called {cig.name!r}.")


def add_cig(store: Store, name: str, *, facilitator: str = "", theme: str = "") -> Cig:
    """A new CIG (one table in the room), in the programme's cohort (made if there is none)."""
    cleaned = clean_text(name, "CIG name")
    _cig_name_free(store, cleaned)
    cohort = first_cohort(store)
    new: list[Record] = []
    if cohort is None:  # a programme begun with `cig add`: the cohort a roster import makes
        cohort = Cohort(id=free_id(store, Cohort, "cohort:cohort 1"), name="Cohort 1")
        new = [cohort, *missing_workshops(store)]
    cig = Cig(id=free_id(store, Cig, f"cig:{cleaned.casefold()}"), name=cleaned,
              slug=unique_slug(cleaned, {c.slug for c in store.all(Cig)}),
              facilitator=clean_text(facilitator, "facilitator", required=False),
              theme=clean_text(theme, "theme", required=False), cohort_id=cohort.id)
    commit(store, [*new, cig])
    return store.get(Cig, cig.id) or cig


def set_cig(store: Store, name: str, *, facilitator: str | None = None,
            theme: str | None = None) -> Cig:
    """Change a CIG's facilitator or theme."""
    cig = programme.find_cig(store, name)
    if facilitator is None and theme is None:
        raise SetupError(f"Nothing to change for CIG {cig.name!r}: give a facilitator or theme.")
    if facilitator is not None:
        cig.facilitator = clean_text(facilitator, "facilitator", required=False)
    if theme is not None:
        cig.theme = clean_text(theme, "theme", required=False)
    commit(store, [cig])
    return store.get(Cig, cig.id) or cig


def rename_cig(store: Store, old: str, new: str) -> Cig:
    """Give a CIG a new name; its teams stay at its table."""
    cig = programme.find_cig(store, old)
    cleaned = clean_text(new, "new CIG name")
    _cig_name_free(store, cleaned, keep=cig)
    if cig.name != cleaned:
        cig.name = cleaned
        cig.slug = unique_slug(cleaned, {c.slug for c in store.all(Cig) if c.id != cig.id})
        commit(store, [cig])
    return store.get(Cig, cig.id) or cig


# -- teams -------------------------------------------------------------------------------


def _team_name_free(store: Store, name: str, keep: Team | None = None) -> None:
    for team in store.all(Team):
        if team.name.casefold() == name.casefold() and (keep is None or team.id != keep.id):
            raise SetupError(f"There is already a team called {team.name!r}.")


def add_team(store: Store, name: str, *, cig: str, project: str = "",
             organisation: str = "") -> Team:
    """A new team at a CIG's table."""
    cleaned = clean_text(name, "team name")
    table = programme.find_cig(store, cig)
    _team_name_free(store, cleaned)
    team = Team(id=free_id(store, Team, f"team:{cleaned.casefold()}"), name=cleaned,
                slug=unique_slug(cleaned, {t.slug for t in store.all(Team)}), cig_id=table.id,
                project=clean_text(project, "project", required=False),
                organisation=clean_text(organisation, "organisation", required=False))
    commit(store, [team])
    return store.get(Team, team.id) or team


def set_team(store: Store, name: str, *, project: str | None = None,
             organisation: str | None = None) -> Team:
    """Change a team's project or organisation."""
    team = programme.find_team(store, name)
    if project is None and organisation is None:
        raise SetupError(f"Nothing to change for team {team.name!r}: give a project or "
                         "organisation.")
    if project is not None:
        team.project = clean_text(project, "project", required=False)
    if organisation is not None:
        team.organisation = clean_text(organisation, "organisation", required=False)
    commit(store, [team])
    return store.get(Team, team.id) or team


def rename_team(store: Store, old: str, new: str) -> Team:
    """Give a team a new name; its notes, actions, checklist and people stay with it."""
    team = programme.find_team(store, old)
    cleaned = clean_text(new, "new team name")
    _team_name_free(store, cleaned, keep=team)
    if team.name != cleaned:
        team.name = cleaned
        team.slug = unique_slug(cleaned, {t.slug for t in store.all(Team) if t.id != team.id})
        commit(store, [team])
    return store.get(Team, team.id) or team


def move_team(store: Store, name: str, cig: str) -> Team:
    """Seat a team at another CIG's table."""
    team = programme.find_team(store, name)
    table = programme.find_cig(store, cig)
    if team.cig_id != table.id:
        team.cig_id = table.id
        commit(store, [team])
    return store.get(Team, team.id) or team


# -- members -----------------------------------------------------------------------------


def _current(store: Store, today: date | None) -> int:
    """The workshop a change made now belongs to: the one in progress, else the next."""
    return day.current_workshop(store, today) or 1


def _member_name_free(store: Store, team: Team, name: str, keep: Member | None = None) -> None:
    for member in programme.members(store, team.id):
        if member.name.casefold() == name.casefold() and (keep is None or member.id != keep.id):
            raise SetupError(f"{member.name!r} is already on team {team.name!r}.")


def add_member(store: Store, name: str, *, team: str, role: str, email: str = "",
               joined_workshop: int | None = None, today: date | None = None) -> Member:
    """A new person on a team, on its roster from `joined_workshop` (default: the current one)."""
    cleaned = clean_text(name, "member name")
    the_team = programme.find_team(store, team)
    the_role = check_role(role)
    joined = check_workshop_number(joined_workshop, "joined workshop") if (
        joined_workshop is not None) else _current(store, today)
    _member_name_free(store, the_team, cleaned)
    member = Member(id=free_id(store, Member, f"member:{the_team.id}:{cleaned.casefold()}"),
                    name=cleaned, team_id=the_team.id, role=the_role,
                    email=clean_text(email, "email", required=False), joined_workshop=joined)
    commit(store, [member])
    return store.get(Member, member.id) or member


def set_member(store: Store, name: str, *, team: str, role: str | None = None,
               email: str | None = None, joined_workshop: int | None = None) -> Member:
    """Change a person's role, email or the workshop they joined at."""
    the_team = programme.find_team(store, team)
    member = find_member(store, the_team, name)
    if role is None and email is None and joined_workshop is None:
        raise SetupError(f"Nothing to change for {member.name!r}: give a role, email or "
                         "joined workshop.")
    if role is not None:
        member.role = check_role(role)
    if email is not None:
        member.email = clean_text(email, "email", required=False)
    if joined_workshop is not None:
        member.joined_workshop = check_workshop_number(joined_workshop, "joined workshop")
        if member.left_workshop is not None and member.left_workshop <= member.joined_workshop:
            raise SetupError(f"The joined workshop {joined_workshop} is not before workshop "
                             f"{member.left_workshop}, when {member.name} left.")
    commit(store, [member])
    return store.get(Member, member.id) or member


def rename_member(store: Store, name: str, new: str, *, team: str) -> Member:
    """A person's new name; their attendance and the actions they own follow them.

    Each action they own gets a history step saying the owner was renamed.
    """
    the_team = programme.find_team(store, team)
    member = find_member(store, the_team, name)
    cleaned = clean_text(new, "new member name")
    _member_name_free(store, the_team, cleaned, keep=member)
    if member.name == cleaned:
        return member
    old, member.name = member.name, cleaned
    commit(store, [member, *follow_rename(store, member, old)])
    return store.get(Member, member.id) or member


def follow_rename(store: Store, member: Member, old: str) -> list[Record]:
    """The records that name a renamed person, changed to the new name (not yet saved):
    their attendance marks, and the actions of their team they own (with a history step)."""
    changed: list[Record] = []
    for mark in store.where(Attendance, member_id=member.id):
        if mark.name != member.name:
            mark.name = member.name
            changed.append(mark)
    for action in store.where(Action, team_id=member.team_id):
        if action.owner.casefold() == old.casefold():
            step = logbook.change_step(store, action, None, "owner", action.owner, member.name)
            step["reason"] = "renamed"
            action.history.append(step)
            action.owner = member.name
            changed.append(action)
    return changed


def member_left(store: Store, name: str, *, team: str, workshop: int | None = None,
                today: date | None = None) -> Member:
    """Record that a person left: they are not expected from `workshop` on (default: the next
    workshop to come). Their past attendance and actions stay."""
    the_team = programme.find_team(store, team)
    member = find_member(store, the_team, name)
    if workshop is None:
        upcoming = day.next_to_come(store, today)
        if upcoming is None:
            raise SetupError("Every workshop has been held; say from which workshop "
                             f"{member.name} is no longer expected.")
        workshop = upcoming
    check_workshop_number(workshop)
    if workshop <= member.joined_workshop:
        raise SetupError(f"The workshop {workshop} is not after workshop "
                         f"{member.joined_workshop}, when {member.name} joined.")
    member.left_workshop = workshop
    commit(store, [member])
    return store.get(Member, member.id) or member
