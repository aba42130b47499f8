"""The Programme screen's forms for the programme and its workshops (the forms for tables, teams
and people are in roster_forms): each fills a set-up service's arguments and saves through it.

A field left as it was is not passed on, so a form changes only what was changed (a held
workshop keeps its date when only its venue is edited). What the service refuses comes back
as its one sentence, shown in the form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model import ClockEvent, Cohort, Device, Workshop
from ...services import day, devices, setup
from ..widgets.form import Field, Form
from .programme_views import workshop_title  # its home is the views; named here as before

if TYPE_CHECKING:
    from .programme import ProgrammeScreen


def plan_titles(screen: ProgrammeScreen) -> dict[str, str]:
    """Each plan's title by name (plans that do not load have none)."""
    found, _ = day.plans(screen.store)
    return {name: plan.title for name, plan in found.items()}


def only_changed(values: dict[str, str], before: dict[str, str]) -> dict[str, str]:
    """The fields typed differently from `before`: all a form passes on to its service."""
    return {name: value for name, value in values.items() if value != before.get(name, "")}


def open_form(screen: ProgrammeScreen, form: Form) -> None:
    """Every Programme form opens the same way, over the screen."""
    screen.app.push_screen(form)


def nothing_changed(form: Form) -> None:
    """A form saved as it was opened closes saying so, and saves nothing."""
    form.done()
    form.notify("Nothing changed.", timeout=2)


# -- the programme and its workshops ---------------------------------------------------------


def name_programme(screen: ProgrammeScreen) -> None:
    overview = screen.overview
    before = {"name": overview.programme if overview else "",
              "cohort": overview.cohort if overview else ""}
    store = screen.store

    def submit(form: Form, values: dict[str, str]) -> None:
        changed = only_changed(values, before)
        if not changed:
            nothing_changed(form)
            return
        name, cohort = values["name"], changed.get("cohort")
        screen.setup_change(
            form, f"named the programme '{' '.join(name.split())}'",
            lambda: [*store.all(Cohort), *store.all(Workshop)],
            lambda: setup.set_programme(store, name, cohort))

    open_form(screen, Form("The programme", [
        Field("name", "Programme name", before["name"], "e.g. Partners Priority Programme"),
        Field("cohort", "Cohort", before["cohort"], "e.g. Cohort 2027"),
    ], submit))


def name_laptop(screen: ProgrammeScreen) -> None:
    """The name other laptops show beside this one's entries ("Table 2"), not its id."""
    store = screen.store
    device, before = devices.this_device(store)

    def submit(form: Form, values: dict[str, str]) -> None:
        if values["name"] == before:
            nothing_changed(form)
            return
        name = " ".join(values["name"].split())
        screen.setup_change(form, f"named this laptop '{name}'",
                            lambda: [store.get(Device, device)],
                            lambda: devices.set_device_name(store, values["name"]))

    open_form(screen, Form("This laptop's name", [
        Field("name", "Name", before, "e.g. Table 2, or the facilitator's name"),
    ], submit, hint=f"Shown instead of its id ({device}) on every laptop."))


def edit_workshop(screen: ProgrammeScreen, workshop: Workshop) -> None:
    before = {"date": workshop.date, "title": workshop.title, "plan": workshop.plan,
              "venue": workshop.venue}
    store, number = screen.store, workshop.number

    def submit(form: Form, values: dict[str, str]) -> None:
        changed = only_changed(values, before)
        if not changed:
            nothing_changed(form)
            return
        screen.setup_change(
            form, f"changed workshop {number} ({', '.join(changed)})",
            lambda: store.where(Workshop, number=number),
            lambda: setup.set_workshop(store, number, on=changed.get("date"),
                                       title=changed.get("title"), plan=changed.get("plan"),
                                       venue=changed.get("venue")))

    open_form(screen, Form(f"Workshop {number}", [
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
    open_form(screen, Form(f"Postpone workshop {number} ({planned}) to", [
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


__all__ = ["cancel_workshop", "edit_workshop", "name_laptop", "name_programme", "nothing_changed",
           "only_changed", "open_form", "plan_titles", "postpone_workshop", "run_workshop",
           "workshop_title"]
