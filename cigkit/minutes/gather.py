"""Everything the minutes need, read from the store once and indexed by team and workshop.

A full export renders hundreds of documents; building each from its own store queries would
scan every table per document, so the records are grouped here in one pass and the views
(`views.py`, `overview.py`) only look things up. Every list is sorted, so the same data
always gives the same minutes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Concatenate, ParamSpec, TypeVar

from cigkit import clock
from cigkit.checklist import Checklist
from cigkit.model import (
    ROLES,
    Action,
    Attendance,
    ChecklistEntry,
    Cig,
    ClockEvent,
    Cohort,
    Member,
    Note,
    PassportRating,
    Tally,
    Team,
    Workshop,
    normalise_role,
    parse_instant,
)
from cigkit.plans import Plan, plan_name_for_workshop
from cigkit.store import Store

SHARED_WITH_TEAM = frozenset({"team", "programme"})
"""Sharing levels that may appear in a team's own minutes; "internal" never does."""

SHARED_WITH_PROGRAMME = frozenset({"programme"})
"""Sharing levels that may appear in documents read across teams (CIG summary)."""


def role_order(role: str) -> tuple[int, str]:
    """Roles in the order cigkit lists them, unknown ones after, alphabetically."""
    known = normalise_role(role)
    if known is not None:
        return ROLES.index(known), known
    return len(ROLES), role.casefold()


def role_name(role: str) -> str:
    return normalise_role(role) or role.strip() or "role not given"


@dataclass
class ProgrammeData:
    """The records of one programme grouped for the minutes; built by `gather`."""

    programme: str
    cohort: str
    checklist: Checklist
    cigs: list[Cig]
    teams: list[Team]
    workshops: dict[int, Workshop]
    plans: dict[int, Plan]
    cig_of: dict[str, Cig | None] = field(default_factory=dict)
    members: dict[str, list[Member]] = field(default_factory=dict)
    attendance: dict[tuple[str, int], list[Attendance]] = field(default_factory=dict)
    notes: dict[tuple[str, int], list[Note]] = field(default_factory=dict)
    tallies: dict[tuple[str, int], list[Tally]] = field(default_factory=dict)
    actions: dict[str, list[Action]] = field(default_factory=dict)
    entries: dict[str, list[ChecklistEntry]] = field(default_factory=dict)
    ratings: dict[str, list[PassportRating]] = field(default_factory=dict)
    clock_events: dict[int, list[ClockEvent]] = field(default_factory=dict)
    recorded: set[int] = field(default_factory=set)
    ran_on: dict[int, str] = field(default_factory=dict)
    """The date each workshop's clock was first started, when it was."""
    finished: set[int] = field(default_factory=set)
    """Workshops whose clock has run past their last block."""
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False, compare=False)
    """What `per_programme` views worked out, by function and arguments."""

    def is_held(self, number: int) -> bool:
        """Marked held, or its clock ran to the end of the day."""
        workshop = self.workshops.get(number)
        return number in self.finished or (workshop is not None and workshop.held)

    def teams_of(self, cig: Cig | None) -> list[Team]:
        """The teams at one CIG's table (None: teams not assigned to any CIG)."""
        wanted = cig.id if cig is not None else None
        return [t for t in self.teams if self.cig_id(t) == wanted]

    def cig_id(self, team: Team) -> str | None:
        cig = self.cig_of.get(team.id)
        return cig.id if cig is not None else None

    def all_attendance(self, team_id: str) -> list[Attendance]:
        by_team = self.memo.get(("all_attendance",))
        if by_team is None:
            by_team = self.memo[("all_attendance",)] = {}
            for (team, _), rows in sorted(self.attendance.items()):
                by_team.setdefault(team, []).extend(rows)
        return list(by_team.get(team_id, ()))

    def workshop_numbers(self) -> list[int]:
        return sorted(self.workshops)

    def reached(self) -> int:
        """The last workshop held or with anything recorded (0 before the programme starts)."""
        held = {n for n in self.workshops if self.is_held(n)}
        return max(held | self.recorded, default=0)

    def current(self) -> int:
        """The workshop teams are working towards: the first not yet held, else the last."""
        numbers = self.workshop_numbers()
        for number in numbers:
            if not self.is_held(number):
                return number
        return numbers[-1] if numbers else 1


P = ParamSpec("P")
T = TypeVar("T")


def per_programme(
    view: Callable[Concatenate[ProgrammeData, P], T],
) -> Callable[Concatenate[ProgrammeData, P], T]:
    """Work a piece of a view out once per programme and hand the same answer to every
    document that asks (a team's actions at workshop 3 are in its minutes, its CIG's summary
    and the overview). `ProgrammeData` is never changed after `gather`, so the answer cannot
    go stale; the templates only read what they are given.
    """

    @functools.wraps(view)
    def once(data: ProgrammeData, *args: P.args, **kwargs: P.kwargs) -> T:
        key = (view, *args, *sorted(kwargs.items()))
        memo = data.memo
        if key in memo:
            found: T = memo[key]
            return found
        value = memo[key] = view(data, *args, **kwargs)
        return value

    return once


def _one_mark_each(records: list[Attendance]) -> list[Attendance]:
    """One mark per person, team and workshop: two laptops that marked the same person (with
    a cigkit before marks had one id per person) made two records; the later one counts, as
    on the attendance screen."""
    latest: dict[tuple[str, int, str], Attendance] = {}
    walk_ins = []
    for att in sorted(records, key=lambda a: (a.created_at, a.id)):
        if att.member_id:
            latest[(att.team_id, att.workshop, att.member_id)] = att
        else:
            walk_ins.append(att)
    return [*latest.values(), *walk_ins]


def gather(store: Store, checklist: Checklist, plans: dict[str, Plan]) -> ProgrammeData:
    """Read every table the minutes use once and index it; `plans` are the plans by name."""
    cohorts = sorted(store.all(Cohort), key=lambda c: (c.created_at, c.id))
    workshops: dict[int, Workshop] = {}
    for workshop in sorted(store.all(Workshop), key=lambda w: (w.number, w.created_at, w.id)):
        workshops.setdefault(workshop.number, workshop)
    by_number = {
        number: plan
        for number, workshop in workshops.items()
        if (plan := plans.get(workshop.plan or plan_name_for_workshop(number))) is not None
    }
    cigs = sorted(store.all(Cig), key=lambda c: (c.name.casefold(), c.id))
    cig_by_id = {c.id: c for c in cigs}
    teams = sorted(store.all(Team), key=lambda t: (t.name.casefold(), t.id))
    data = ProgrammeData(
        programme=next((c.programme for c in cohorts if c.programme), ""),
        cohort=next((c.name for c in cohorts if c.name), ""),
        checklist=checklist,
        cigs=cigs,
        teams=teams,
        workshops=workshops,
        plans=by_number,
        cig_of={t.id: cig_by_id.get(t.cig_id) for t in teams},
    )
    for member in sorted(store.all(Member), key=lambda m: (m.name.casefold(), m.id)):
        data.members.setdefault(member.team_id, []).append(member)
    for att in sorted(
        _one_mark_each(store.all(Attendance)),
        key=lambda a: (role_order(a.role), a.name.casefold(), a.member_id, a.id),
    ):
        data.attendance.setdefault((att.team_id, att.workshop), []).append(att)
        data.recorded.add(att.workshop)
    for note in sorted(store.all(Note), key=lambda n: (n.created_at, n.id)):
        data.notes.setdefault((note.team_id, note.workshop), []).append(note)
        data.recorded.add(note.workshop)
    for tally in sorted(store.all(Tally), key=lambda t: (t.created_at, t.id)):
        data.tallies.setdefault((tally.team_id, tally.workshop), []).append(tally)
        data.recorded.add(tally.workshop)
    for action in sorted(store.all(Action), key=lambda a: (a.workshop, a.created_at, a.id)):
        data.actions.setdefault(action.team_id, []).append(action)
        data.recorded.add(action.workshop)
    for entry in sorted(store.all(ChecklistEntry), key=lambda e: (e.item_id, e.id)):
        data.entries.setdefault(entry.team_id, []).append(entry)
    for rating in sorted(
        store.all(PassportRating), key=lambda r: (r.workshop, r.domain, r.created_at, r.id)
    ):
        data.ratings.setdefault(rating.team_id, []).append(rating)
    for event in sorted(store.all(ClockEvent), key=lambda e: (e.at, e.created_at, e.id)):
        data.clock_events.setdefault(event.workshop, []).append(event)
        data.recorded.add(event.workshop)
    data.recorded &= set(workshops)
    for number, events in data.clock_events.items():
        _replay_day(data, number, events)
    return data


def _replay_day(data: ProgrammeData, number: int, events: list[ClockEvent]) -> None:
    """When the workshop really ran, and whether its clock reached the end of the day."""
    live = clock.sort_events(events)
    if not live:
        return
    first = parse_instant(live[0].at).astimezone()
    data.ran_on[number] = first.date().isoformat()
    plan = data.plans.get(number)
    if plan is None:
        return
    last = parse_instant(live[-1].at)
    start = datetime.combine(first.date(), plan.start).astimezone()
    if clock.compute(plan.blocks, live, last, start).finished:
        data.finished.add(number)
