"""The Programme screen's forms: each fills a set-up service's arguments and saves through it.

A field left as it was is not passed on, so a form changes only what was changed (a held
workshop keeps its date when only its venue is edited). What the service refuses comes back
as its one sentence, shown in the form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ...model import (
    ROLES,
    WORKSHOP_NUMBERS,
    Action,
    Attendance,
    Cig,
    ClockEvent,
    Cohort,
    Device,
    Member,
    Record,
    Team,
    Workshop,
)
from ...services import day, devices, programme, setup, setup_people
from ..widgets.form import Field, Form
from .programme_views import workshop_title  # its home is the views; named here as before

if TYPE_CHECKING:
    from .programme import ProgrammeScreen

ROLE_CHOICES = [(role, role) for role in ROLES]


def plan_titles(screen: ProgrammeScreen) -> dict[str, str]:
    """Each plan's title by name (plans that do not load have none)."""
    found, _ = day.plans(screen.store)
    return {name: plan.title for name, plan in found.items()}


def _changed(values: dict[str, str], before: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in values.items() if value != before.get(name, "")}


def _open(screen: ProgrammeScreen, form: Form) -> None:
    screen.app.push_screen(form)


def _nothing(form: Form) -> None:
    form.done()
    form.notify("Nothing changed.", timeout=2)


# -- the programme and its workshops ---------------------------------------------------------


def name_programme(screen: ProgrammeScreen) -> None:
    overview = screen.overview
    before = {"name": overview.programme if overview else "",
              "cohort": overview.cohort if overview else ""}
    store = screen.store

    def submit(form: Form, values: dict[str, str]) -> None:
        changed = _changed(values, before)
        if not changed:
            _nothing(form)
            return
        name, cohort = values["name"], changed.get("cohort")
        screen.setup_change(
            form, f"named the programme '{' '.join(name.split())}'",
            lambda: [*store.all(Cohort), *store.all(Workshop)],
            lambda: setup.set_programme(store, name, cohort))

    _open(screen, Form("The programme", [
        Field("name", "Programme name", before["name"], "e.g. Partners Priority Programme"),
        Field("cohort", "Cohort", before["cohort"], "e.g. Cohort 2027"),
    ], submit))


def name_laptop(screen: ProgrammeScreen) -> None:
    """The name other laptops show beside this one's entries ("Table 2"), not its id."""
    store = screen.store
    device, before = devices.this_device(store)

    def submit(form: Form, values: dict[str, str]) -> None:
        if values["name"] == before:
            _nothing(form)
            return
        name = " ".join(values["name"].split())
        screen.setup_change(form, f"named this laptop '{name}'",
                            lambda: [store.get(Device, device)],
                            lambda: devices.set_device_name(store, values["name"]))

    _open(screen, Form("This laptop's name", [
        Field("name", "Name", before, "e.g. Table 2, or the facilitator's name"),
    ], submit, hint=f"Shown instead of its id ({device}) on every laptop."))


def edit_workshop(screen: ProgrammeScreen, workshop: Workshop) -> None:
    before = {"date": workshop.date, "title": workshop.title, "plan": workshop.plan,
              "venue": workshop.venue}
    store, number = screen.store, workshop.number

    def submit(form: Form, values: dict[str, str]) -> None:
        changed = _changed(values, before)
        if not changed:
            _nothing(form)
            return
        screen.setup_change(
            form, f"changed workshop {number} ({', '.join(changed)})",
            lambda: store.where(Workshop, number=number),
            lambda: setup.set_workshop(store, number, on=changed.get("date"),
                                       title=changed.get("title"), plan=changed.get("plan"),
                                       venue=changed.get("venue")))

    _open(screen, Form(f"Workshop {number}", [
        Field("date", "Date", workshop.date, "YYYY-MM-DD"),
        Field("title", "Title", workshop.title, "empty: the plan's title"),
        Field("plan", "Plan", workshop.plan, "a plan name, or a .toml file"),
        Field("venue", "Venue", workshop.venue, "where it is held"),
    ], submit))


def postpone_workshop(screen: ProgrammeScreen, workshop: Workshop) -> None:
    store, number = screen.store, workshop.number

    def submit(form: Form, values: dict[str, str]) -> None:
        screen.setup_change(
            form, f"postponed workshop {number} to {values['date'].strip()}",
            lambda: store.where(Workshop, number=number),
            lambda: setup.postpone_workshop(store, number, values["date"]))

    planned = f"planned for {workshop.date}" if workshop.date else "not dated yet"
    _open(screen, Form(f"Postpone workshop {number} ({planned}) to", [
        Field("date", "New date", "", "YYYY-MM-DD"),
    ], submit))


def cancel_workshop(screen: ProgrammeScreen, workshop: Workshop) -> None:
    """Cheap to undo (Ctrl+Z), so no question first."""
    store, number = screen.store, workshop.number
    screen.setup_change(None, f"cancelled workshop {number}",
                        lambda: store.where(Workshop, number=number),
                        lambda: setup.cancel_workshop(store, number))


def run_workshop(screen: ProgrammeScreen, workshop: Workshop) -> None:
    """Start the workshop's clock now: it is held today (Ctrl+Z takes the start back)."""
    store, number, now = screen.store, workshop.number, screen.cigkit.now()

    def started() -> list[ClockEvent]:
        had = {e.id for e in day.events(store, number)}
        setup.run_now(store, number, now)
        return [e for e in day.events(store, number) if e.id not in had]

    screen.setup_change(None, f"started workshop {number} today", lambda: [], started,
                        then=lambda _: screen.ran_today(number))


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

    _open(screen, Form("A new CIG (one table in the room)", [
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
        changed = _changed(values, before)
        if not changed:
            _nothing(form)
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

    _open(screen, Form(f"{noun[:1].upper()}{noun[1:]} {record.name}", [
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

    _open(screen, Form("A new team", [
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
            _nothing(form)
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

    _open(screen, Form(f"Move {team.name} to another table", [
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

    _open(screen, Form(f"Someone new on {team.name}", [
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
        changed = _changed(values, before)
        if not changed:
            _nothing(form)
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

    _open(screen, Form(f"{member.name} ({team.name})", [
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

    _open(screen, Form(f"{member.name} has left {team.name}", [
        Field("workshop", "Gone from", default, choices=choices),
    ], submit, hint="Their attendance and actions so far stay."))


__all__ = ["add_cig", "add_member", "add_team", "cancel_workshop", "edit_cig", "edit_member",
           "edit_team", "member_left", "move_team", "name_laptop", "name_programme",
           "plan_titles",
           "postpone_workshop", "run_workshop", "workshop_title"]
