"""The workshop day: its plan, its clock events and the clock state computed from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .. import clock, locations
from ..errors import UserError
from ..model import ClockEvent, Workshop, format_instant, parse_instant
from ..plans import Plan, PlanError, load_plans, plan_name_for_workshop
from ..store import Store
from . import programme

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


def day(store: Store, number: int) -> Day:
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
    start = datetime.combine(_day_date(store, workshop), plan.start).astimezone()
    return Day(workshop=workshop, plan=plan, start=start)


def _day_date(store: Store, workshop: Workshop) -> date:
    """The day the workshop really runs: the day its clock was first started, else its date.

    A workshop moved to another day is still timed against its own plan, not against a
    date that has passed or is yet to come.
    """
    recorded = clock.sort_events(events(store, workshop.number))
    if recorded:
        return parse_instant(recorded[0].at).astimezone().date()
    return date.fromisoformat(workshop.date) if workshop.date else date.today()


def events(store: Store, number: int) -> list[ClockEvent]:
    return store.where(ClockEvent, workshop=number)


def state(store: Store, number: int, now: datetime | None = None) -> clock.ClockState:
    today = day(store, number)
    moment = now or datetime.now().astimezone()
    return clock.compute(today.plan.blocks, events(store, number), moment, today.start)


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


def progress(store: Store, workshop: Workshop) -> str:
    """Where a workshop stands: "held", "in progress" (its clock has started) or "to come".

    A day whose clock has run past its last block counts as held, so nobody has to
    remember to mark it.
    """
    if workshop.held:
        return "held"
    if not events(store, workshop.number):
        return "to come"
    try:
        finished = state(store, workshop.number).finished
    except UserError:
        finished = False
    return "held" if finished else "in progress"


def current_workshop(store: Store) -> int | None:
    """The workshop to open: one in progress, else the first to come, else the last one."""
    everything = programme.workshops(store)
    states = [(w.number, progress(store, w)) for w in everything]
    for wanted in ("in progress", "to come"):
        for number, where in states:
            if where == wanted:
                return number
    return everything[-1].number if everything else None


def plan_title(store: Store, number: int) -> str:
    """The title of a workshop's plan, for pickers and headings ("" if it cannot be loaded)."""
    try:
        return day(store, number).plan.title
    except UserError:
        return ""
