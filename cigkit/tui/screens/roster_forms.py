"""The Programme screen's forms for the tables (CIGs), their teams and the teams' people: kept
apart from the workshops' forms, as views 2 and 3 are from view 1. Only what changed is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ...model import ROLES, WORKSHOP_NUMBERS, Action, Attendance, Cig, Member, Record, Team
from ...services import day, programme, setup_people
from ..widgets.form import Field, Form
from .programme_forms import nothing_changed, only_changed, open_form

if TYPE_CHECKING:
    from .programme import ProgrammeScreen

ROLE_CHOICES = [(role, role) for role in ROLES]


# -- tables and teams ------------------------------------------------------------------------


def _cig_choices(screen: ProgrammeScreen) -> list[tuple[str, str]]:
    return [(cig.name, cig.id) for cig in screen.cigkit.roster().cigs]


def _cig_name(screen: ProgrammeScreen, cig_id: str) -> str | None:
    """The CIG's name as the services find it (they are given names, as on the CLI)."""
    return next((c.name for c in screen.cigkit.roster().cigs if c.id == cig_id), None)


NO_TABLE = "Pick the table (CIG) the team sits at; that one is no longer there."


def add_cig(screen: ProgrammeScreen) -> None:
    store = screen.store

    def submit(form: Form, values: dict[str, str]) -> None:
        name = " ".join(values["name"].split())
        screen.setup_change(
            form, f"added the CIG '{name}'", lambda: [],
            lambda: setup_people.add_cig(store, values["name"],
                                         facilitator=values["facilitator"],
                                         theme=values["theme"]),
            then=lambda cig: screen.go_to("teams", f"cig:{cig.id}"))

    open_form(screen, Form("A new CIG (one table in the room)", [
        Field("name", "Name", "", "e.g. Mental health"),
        Field("facilitator", "Facilitator", "", "who facilitates the table"),
        Field("theme", "Theme", "", "what its teams' projects share"),
    ], submit))


def edit_cig(screen: ProgrammeScreen, cig: Cig) -> None:
    store = screen.store
    _edit_named(screen, cig, "CIG", ("facilitator", "Facilitator"), ("theme", "Theme"),
                rename=lambda old, new: setup_people.rename_cig(store, old, new),
                change=lambda name, changed: setup_people.set_cig(
                    store, name, facilitator=changed.get("facilitator"),
                    theme=changed.get("theme")))


def _edit_named(screen: ProgrammeScreen, record: Cig | Team, noun: str,
                *fields: tuple[str, str], rename: Callable[[str, str], Cig | Team],
                change: Callable[[str, dict[str, str]], Cig | Team]) -> None:
    """The form that renames a CIG or a team and changes its other fields: the rename
    keeps its identity (notes, actions and history follow it); only what changed is saved."""
    kind, record_id = type(record), record.id
    before = {"name": record.name, **{name: getattr(record, name) for name, _ in fields}}
    store = screen.store

    def submit(form: Form, values: dict[str, str]) -> None:
        changed = only_changed(values, before)
        if not changed:
            nothing_changed(form)
            return

        def do() -> Cig | Team:
            current = store.get(kind, record_id)
            if current is None:
                raise programme.NotFoundError(f"That {noun} is no longer there.")
            if "name" in changed:
                current = rename(current.name, changed["name"])
            if any(name in changed for name, _ in fields):
                current = change(current.name, changed)
            return current

        what = (f"renamed the {noun} '{record.name}' to '{' '.join(values['name'].split())}'"
                if "name" in changed else f"changed the {noun} '{record.name}'")
        screen.setup_change(form, what, lambda: [store.get(kind, record_id)], do)

    open_form(screen, Form(f"{noun[:1].upper()}{noun[1:]} {record.name}", [
        Field("name", "Name", record.name),
        *(Field(name, label, getattr(record, name)) for name, label in fields),
    ], submit))


def add_team(screen: ProgrammeScreen, cig_id: str | None) -> None:
    store = screen.store
    choices = _cig_choices(screen)
    if not choices:
        screen.notify("Add a CIG first (c): every team sits at a table.", severity="warning")
        return

    def submit(form: Form, values: dict[str, str]) -> None:
        name = " ".join(values["name"].split())
        cig = _cig_name(screen, values["cig"])
        if cig is None:
            form.refused(NO_TABLE)
            return
        screen.setup_change(
            form, f"added the team '{name}'", lambda: [],
            lambda: setup_people.add_team(store, values["name"], cig=cig,
                                          project=values["project"],
                                          organisation=values["organisation"]),
            then=lambda team: screen.go_to("teams", f"team:{team.id}"))

    open_form(screen, Form("A new team", [
        Field("name", "Name", "", "e.g. Crisis Cafe"),
        Field("cig", "At the table", cig_id or choices[0][1], choices=choices),
        Field("project", "Project", "", "the service they evaluate"),
        Field("organisation", "Organisation", "", "who provides or commissions it"),
    ], submit))


def edit_team(screen: ProgrammeScreen, team: Team) -> None:
    store = screen.store
    _edit_named(screen, team, "team", ("project", "Project"), ("organisation", "Organisation"),
                rename=lambda old, new: setup_people.rename_team(store, old, new),
                change=lambda name, changed: setup_people.set_team(
                    store, name, project=changed.get("project"),
                    organisation=changed.get("organisation")))


def move_team(screen: ProgrammeScreen, team: Team) -> None:
    store, team_id = screen.store, team.id
    choices = _cig_choices(screen)

    def submit(form: Form, values: dict[str, str]) -> None:
        if values["cig"] == team.cig_id:
            nothing_changed(form)
            return
        cig = _cig_name(screen, values["cig"])
        if cig is None:
            form.refused(NO_TABLE)
            return

        def do() -> Team:
            current = store.get(Team, team_id)
            if current is None:
                raise programme.NotFoundError("That team is no longer there.")
            return setup_people.move_team(store, current.name, cig)

        screen.setup_change(form, f"moved the team '{team.name}' to {cig}",
                            lambda: [store.get(Team, team_id)], do,
                            then=lambda _: screen.go_to("teams", f"team:{team_id}"))

    open_form(screen, Form(f"Move {team.name} to another table", [
        Field("cig", "To the table", team.cig_id, choices=choices),
    ], submit))


# -- people ----------------------------------------------------------------------------------


def _workshop_choices(after: int = 0) -> list[tuple[str, str]]:
    return [(f"workshop {n}", str(n)) for n in WORKSHOP_NUMBERS if n > after]


def add_member(screen: ProgrammeScreen, team: Team) -> None:
    store, team_id, today = screen.store, team.id, screen.cigkit.now().date()

    def submit(form: Form, values: dict[str, str]) -> None:
        name = " ".join(values["name"].split())

        def do() -> Member:
            current = store.get(Team, team_id)
            if current is None:
                raise programme.NotFoundError("That team is no longer there.")
            return setup_people.add_member(store, values["name"], team=current.name,
                                           role=values["role"], email=values["email"],
                                           joined_workshop=int(values["joined"]), today=today)

        screen.setup_change(form, f"added {name} to {team.name}", lambda: [], do,
                            then=lambda member: screen.go_to("people", member.id))

    open_form(screen, Form(f"Someone new on {team.name}", [
        Field("name", "Name", "", "their name as people say it"),
        Field("role", "Role", "practitioner", choices=ROLE_CHOICES),
        Field("email", "Email", "", "optional"),
        Field("joined", "Joined at", str(screen.workshop),
              choices=_workshop_choices()),
    ], submit))


def edit_member(screen: ProgrammeScreen, team: Team, member: Member) -> None:
    before = {"name": member.name, "role": member.role, "email": member.email}
    store, member_id = screen.store, member.id

    def submit(form: Form, values: dict[str, str]) -> None:
        changed = only_changed(values, before)
        if not changed:
            nothing_changed(form)
            return

        def read() -> list[Record]:
            current = store.get(Member, member_id)
            if current is None:
                return []
            # a rename also renames their attendance marks and the owner of their actions
            return [current, *store.where(Attendance, member_id=member_id),
                    *store.where(Action, team_id=current.team_id)]

        def do() -> Member:
            current = store.get(Member, member_id)
            owning = store.get(Team, current.team_id) if current else None
            if current is None or owning is None:
                raise programme.NotFoundError("That person is no longer on the roster.")
            if "name" in changed:
                current = setup_people.rename_member(store, current.name, changed["name"],
                                                     team=owning.name)
            if "role" in changed or "email" in changed:
                current = setup_people.set_member(store, current.name, team=owning.name,
                                                  role=changed.get("role"),
                                                  email=changed.get("email"))
            return current

        what = (f"renamed {member.name} to {' '.join(values['name'].split())}"
                if "name" in changed else f"changed {member.name}")
        screen.setup_change(form, what, read, do)

    open_form(screen, Form(f"{member.name} ({team.name})", [
        Field("name", "Name", member.name),
        Field("role", "Role", member.role, choices=ROLE_CHOICES),
        Field("email", "Email", member.email),
    ], submit))


def member_left(screen: ProgrammeScreen, team: Team, member: Member) -> None:
    store, member_id = screen.store, member.id
    upcoming = day.next_to_come(store, screen.cigkit.now().date())
    choices = _workshop_choices(after=member.joined_workshop)
    if not choices:
        screen.notify(f"{member.name} joined at the last workshop.", severity="warning")
        return
    default = str(member.left_workshop or upcoming or choices[0][1])

    def submit(form: Form, values: dict[str, str]) -> None:
        def do() -> Member:
            current = store.get(Member, member_id)
            owning = store.get(Team, current.team_id) if current else None
            if current is None or owning is None:
                raise programme.NotFoundError("That person is no longer on the roster.")
            return setup_people.member_left(store, current.name, team=owning.name,
                                            workshop=int(values["workshop"]))

        screen.setup_change(form, f"marked {member.name} as left from workshop "
                            f"{values['workshop']}", lambda: [store.get(Member, member_id)], do)

    open_form(screen, Form(f"{member.name} has left {team.name}", [
        Field("workshop", "Gone from", default, choices=choices),
    ], submit, hint="Their attendance and actions so far stay."))


__all__ = ["add_cig", "add_member", "add_team", "edit_cig", "edit_member", "edit_team",
           "member_left", "move_team"]
