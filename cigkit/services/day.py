"""The workshop day: its plan, its clock events and the clock state computed from them.

A workshop is held on the day its clock is first started. Until then it is planned for its
date, or for today once that date has passed (it can only be run from today on). Functions
that depend on the date take `today`; without it they keep to the planned date and read the
wall clock only where nothing else says what day it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from .. import locations
from ..clock_replay import sort_events
from ..errors import UserError
from ..model import ClockEvent, Workshop, format_instant, parse_instant
from ..plans import Plan, PlanError, load_plans, plan_name_for_workshop
from ..store import Store
from . import programme

if TYPE_CHECKING:  # the clock itself is imported with the first clock shown, not before
    from .. import clock

CLOCK_KINDS = ("start", "pause", "resume", "extend", "next", "back", "skip", "adjust", "goto",
               "shorten")


@dataclass(frozen=True)
class Day:
    """Everything needed to show a workshop's clock."""

    workshop: Workshop
    plan: Plan
    start: datetime


def plans(store: Store) -> tuple[dict[str, Plan], list[PlanError]]:
    """Shipped and user plans, user ones winning; bad plans come back as errors."""
    from .checklists import checklist_ids

    return load_plans(locations.plan_dirs(store.data_dir), checklist_ids(store))


def day(store: Store, number: int, today: date | None = None) -> Day:
    """The plan and start of a workshop's day (see the module docstring for which day)."""
    workshop = programme.workshop(store, number)
    found, errors = plans(store)
    name = workshop.plan or plan_name_for_workshop(number)
    plan = found.get(name)
    if plan is None:
        for error in errors:
            if error.path.stem == name:
                raise error
        own = locations.user_plans_dir(store.data_dir)
        raise UserError(f"Workshop {number} uses plan {name!r}, which cannot be found in "
                        f"{locations.SHIPPED_SESSIONS} or {own}.")
    on = held_on(store, workshop, today) or date.today()
    start = datetime.combine(on, plan.start).astimezone()
    return Day(workshop=workshop, plan=plan, start=start)


def ran_on(store: Store, number: int) -> date | None:
    """The day a workshop's clock was first started (the day it was held), if it was."""
    recorded = sort_events(events(store, number))
    if recorded:
        return parse_instant(recorded[0].at).astimezone().date()
    return None


def held_on(store: Store, workshop: Workshop, today: date | None = None) -> date | None:
    """The day a workshop is held: the day it ran, else its planned date, else today.

    With `today`, a planned date that has passed without the workshop being run gives today
    (running it now runs it today), and so does no date at all. Without `today`, the planned
    date (None when there is none).
    """
    ran = ran_on(store, workshop.number)
    if ran is not None:
        return ran
    planned = date.fromisoformat(workshop.date) if workshop.date else None
    if today is None:
        return planned
    return planned if planned is not None and planned >= today else today


def events(store: Store, number: int) -> list[ClockEvent]:
    return store.where(ClockEvent, workshop=number)


def state(store: Store, number: int, now: datetime | None = None) -> clock.ClockState:
    """The clock at `now` (default: the wall clock), on the day `now` falls on."""
    moment = now or datetime.now().astimezone()
    the_day = day(store, number, moment.astimezone().date())
    from .. import clock

    return clock.compute(the_day.plan.blocks, events(store, number), moment, the_day.start)


def record(
    store: Store,
    number: int,
    kind: str,
    *,
    seconds: int | None = None,
    block: int | None = None,
    at: datetime | None = None,
) -> ClockEvent:
    """Save one clock event durably; the clock everywhere is recomputed from it."""
    if kind not in CLOCK_KINDS:
        raise UserError(f"Clock action {kind!r} is not one of {', '.join(CLOCK_KINDS)}.")
    programme.workshop(store, number)
    moment = at or datetime.now().astimezone()
    return store.save(ClockEvent(workshop=number, kind=kind, at=format_instant(moment),
                                 seconds=seconds, block=block))


def progress(store: Store, workshop: Workshop, today: date | None = None) -> str:
    """Where a workshop stands: "held", "in progress", "to come" or "cancelled".

    A day whose clock has run past its last block counts as held, so nobody has to
    remember to mark it; with `today`, so does a day whose clock was started on an earlier
    date (that day is over).
    """
    if workshop.held:
        return "held"
    if not events(store, workshop.number):
        return "cancelled" if workshop.status == "cancelled" else "to come"
    if today is not None:
        ran = ran_on(store, workshop.number)
        if ran is not None and ran < today:
            return "held"
    try:
        finished = state(store, workshop.number).finished
    except UserError:
        finished = False
    return "held" if finished else "in progress"


def current_workshop(store: Store, today: date | None = None) -> int | None:
    """The workshop to open: one in progress, else the first to come, else the last one."""
    everything = programme.workshops(store)
    states = [(w.number, progress(store, w, today)) for w in everything]
    for wanted in ("in progress", "to come"):
        for number, where in states:
            if where == wanted:
                return number
    return everything[-1].number if everything else None


def next_to_come(store: Store, today: date | None = None) -> int | None:
    """The first workshop to come after the last one held or in progress (None when none is
    left): one planned for a day that passed without being run, before a workshop that was
    held, is not what comes next."""
    states = [(w.number, progress(store, w, today)) for w in programme.workshops(store)]
    latest = max((n for n, where in states if where in ("held", "in progress")), default=0)
    for number, where in states:
        if number > latest and where == "to come":
            return number
    return None


# -- the day in words --------------------------------------------------------------------


def day_words(on: date, today: date | None = None) -> str:
    """ "Tue 24 Nov", with the year when it is not this year's."""
    words = f"{on:%a} {on.day} {on:%b}"
    return words if today is not None and on.year == today.year else f"{words} {on.year}"


def ahead_words(on: date, today: date) -> str:
    """How far ahead a day is: "tomorrow", "in 5 days", "in 3 weeks", "in 4 months"."""
    days = (on - today).days
    if days == 1:
        return "tomorrow"
    if days < 14:
        return f"in {days} days"
    if days < 60:
        return f"in {days // 7} weeks"
    return f"in {days // 30} months"


def duration_words(seconds: float) -> str:
    """A stretch of time as people say it: "12 min", "2 h 5 min", "3 days"; never 9900 min."""
    whole = round(abs(seconds) / 60)
    if whole < 90:
        return f"{whole} min"
    hours, minutes = divmod(whole, 60)
    if hours >= 48:
        return f"{hours // 24} days"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def when_words(store: Store, workshop: Workshop, today: date) -> str:
    """Where a workshop stands against today, in words, e.g. "planned for Tue 24 Nov, not run".

    The sentences a facilitator reads in `cigkit status`, the run screen and the picker.
    """
    ran = ran_on(store, workshop.number)
    planned = date.fromisoformat(workshop.date) if workshop.date else None
    if ran is not None:
        where = progress(store, workshop, today)
        if ran == today:
            return "finished today" if where == "held" else "running today"
        return f"held on {day_words(ran, today)}"
    if workshop.held:
        return f"held on {day_words(planned, today)}" if planned else "held"
    if workshop.status == "cancelled":
        return f"cancelled (was planned for {day_words(planned, today)})" if planned else (
            "cancelled")
    if planned is None:
        return "no date set yet"
    moved = ""
    if workshop.status == "postponed" and workshop.postponed_from:
        moved = f", postponed from {day_words(date.fromisoformat(workshop.postponed_from), today)}"
    if planned == today:
        return f"planned for today{moved}, not started yet"
    if planned > today:
        return f"planned for {day_words(planned, today)}{moved}, {ahead_words(planned, today)}"
    return f"planned for {day_words(planned, today)}{moved}, not run"


def not_run_offer(number: int) -> str:
    """What to do with a workshop whose planned day passed without it being run."""
    return (f"start its clock to run it today, or move it with "
            f"'cigkit workshop set {number} --date YYYY-MM-DD'")


def headline(the_day: Day, state: clock.ClockState, today: date, drift: str) -> str:
    """The run screen's top line: the day's drift, or why the clock is not the day's.

    A workshop that is not today's says so in words instead of a drift of days: "Planned
    for Tue 15 Dec, in 2 weeks." or "Planned for Tue 24 Nov, not run: start its clock ...".
    """
    workshop = the_day.workshop
    started = bool(state.started or state.finished or state.index)
    if started:
        ran = the_day.start.date()
        return drift if ran == today else f"Held on {day_words(ran, today)}. {drift}"
    planned = date.fromisoformat(workshop.date) if workshop.date else None
    if workshop.status == "cancelled":
        return f"Workshop {workshop.number} is cancelled."
    if planned is None or planned == today:
        return drift
    on = day_words(planned, today)
    if planned > today:
        return f"Planned for {on}, {ahead_words(planned, today)}."
    return f"Planned for {on}, not run: {not_run_offer(workshop.number)}."


def plan_title(store: Store, number: int) -> str:
    """The title of a workshop's plan, for pickers and headings ("" if it cannot be loaded)."""
    try:
        return day(store, number).plan.title
    except UserError:
        return ""


def workshop_name(number: int, title: str) -> str:
    """'Workshop 3: Planning the evaluation': the number always shown, and only once (the
    shipped plans' titles already start with it; a title a facilitator typed may not)."""
    title = " ".join(title.split())
    if not title:
        return f"Workshop {number}"
    if re.match(rf"workshop\s*{number}(?!\d)", title, re.IGNORECASE):
        return title
    return f"Workshop {number}: {title}"
