"""The demo programme, built around today: one cohort, three CIGs, nine teams; workshops 1
and 2 held on earlier dates, workshop 3 running today (its clock started, a block begun a
few minutes ago), workshops 4 to 8 to come, and actions due relative to today.

Ids come from a fixed seed and timestamps from the day, so the demo built on the same day
(and its exported minutes) is the same on every laptop.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from .. import locations
from ..errors import UserError
from ..model import (
    TABLES,
    Action,
    Attendance,
    ChecklistEntry,
    Cig,
    Cohort,
    Member,
    Note,
    PassportRating,
    Record,
    Tally,
    Team,
    Workshop,
    format_instant,
    slugify,
)
from ..plans import Block, PlanError, load_plan, plan_name_for_workshop
from ..store import Store
from . import demo_data as D
from . import demo_entries as E
from .demo_clock import create_demo_clock

HELD = (1, 2)
SEED = 20260922
DEMO_COHORT_ID = str(uuid.UUID(int=random.Random(SEED).getrandbits(128), version=4))
"""The demo's cohort (its first seeded record): how `demo_day` recognises a demo folder."""
R = TypeVar("R", bound=Record)


class DemoRefusedError(UserError):
    """The data folder already holds a programme."""


def shift(written: str, today: date) -> str:
    """A date of the demo data as written, moved so that the workshop of the day is today."""
    moved = date.fromisoformat(written) + (today - date.fromisoformat(D.WRITTEN_FOR))
    return moved.isoformat()


class _Builder:
    """Saves demo records with seeded ids and timestamps taken from the workshop day."""

    def __init__(self, store: Store, today: date) -> None:
        self.store = store
        self.rng = random.Random(SEED)
        self.dates = [shift(d, today) for d in D.WORKSHOP_DATES]

    def at(self, workshop: int, minute: int) -> str:
        day = datetime.fromisoformat(self.dates[workshop - 1]).replace(tzinfo=UTC)
        return format_instant(day + timedelta(hours=9, minutes=30 + minute))

    def save(self, record: R, created_at: str) -> R:
        record.id = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        record.created_at = created_at
        return self.store.save(record)


def demo_day(store: Store) -> date | None:
    """The day the demo in this folder was built around, or None if it holds no demo."""
    if store.get(Cohort, DEMO_COHORT_ID) is None:
        return None
    for workshop in store.where(Workshop, number=D.DAY_WORKSHOP):
        return date.fromisoformat(workshop.date) if workshop.date else None
    return None


def refresh_demo(store: Store, now: datetime) -> dict[str, int] | None:
    """Build the demo unless the folder holds one built around today; an older demo is
    replaced, any other programme left alone (then None, like an up-to-date demo)."""
    if store.is_empty():
        return create_demo(store, now=now)
    built = demo_day(store)
    if built is None or built == now.astimezone().date():
        return None
    return create_demo(store, force=True, now=now)


def create_demo(store: Store, force: bool = False, *, now: datetime | None = None,
                live: bool = True) -> dict[str, int]:
    """Write the demo programme around `now` (default: the wall clock); refuses when the
    folder holds data unless `force`.

    With `live`, workshop 3's clock is running at `now`; without it, the day has not begun
    (the morning before the facilitator presses start), which tests of the run screen use.
    """
    moment = (now or datetime.now()).astimezone()
    today = moment.date()
    if not store.is_empty():
        if not force:
            raise DemoRefusedError(
                f"{store.data_dir} already holds a programme; use 'cigkit demo --force' to "
                "replace it (the old records are kept as deleted history)."
            )
        with store.transaction():
            for kind in TABLES.values():
                for record in store.all(kind):
                    store.delete(record)
    b = _Builder(store, today)
    start = b.at(1, -60 * 24 * 7)
    first, last = date.fromisoformat(b.dates[0]), date.fromisoformat(b.dates[-1])
    year = f"{first.year}-{last.year % 100:02d}"
    cohort = b.save(Cohort(name=f"Cohort {year}", programme=D.PROGRAMME, year=year), start)
    for number, day in enumerate(b.dates, start=1):
        b.save(Workshop(number=number, date=day, plan=f"workshop-{number:02d}",
                        cohort_id=cohort.id, held=number in HELD), start)
    team_list: list[tuple[Team, list[Member]]] = []
    for cig_name, theme, facilitator, teams in D.CIGS:
        cig = b.save(Cig(name=cig_name, slug=slugify(cig_name), theme=theme,
                         facilitator=facilitator, cohort_id=cohort.id), start)
        for team_name, project, organisation, people in teams:
            team = b.save(Team(name=team_name, slug=slugify(team_name), cig_id=cig.id,
                               project=project, organisation=organisation), start)
            members = [
                b.save(Member(name=name, team_id=team.id, role=role, joined_workshop=joined),
                       start)
                for name, role, joined in people
            ]
            team_list.append((team, members))
    for index, (team, members) in enumerate(team_list):
        for workshop in HELD:
            _attendance(b, workshop, team, members, index)
            _entries(b, workshop, team, index, today)
            _passport(b, workshop, team, index)
        _checklist(b, team, index)
    if live:
        for index, (team, members) in enumerate(team_list):
            _attendance(b, D.DAY_WORKSHOP, team, members, index)
    held = {n: date.fromisoformat(b.dates[n - 1]) for n in HELD}
    create_demo_clock(store, b.save, held, (D.DAY_WORKSHOP, moment) if live else None)
    return store.count_live()


def _attendance(b: _Builder, workshop: int, team: Team, members: list[Member], index: int) -> None:
    unrecorded = E.UNRECORDED.get((team.name, workshop), ())
    for position, member in enumerate(members):
        if member.joined_workshop > workshop or member.name in unrecorded:
            continue
        # Someone is away now and then, but never on the day they join the team.
        away = member.joined_workshop < workshop and (position + index + workshop) % 4 == 1
        state = "present"
        if away:
            state = "absent" if member.name in E.ABSENT.get((team.name, workshop), ()) else (
                "apologies")
        b.save(Attendance(workshop=workshop, team_id=team.id, member_id=member.id,
                          name=member.name, role=member.role, present=state == "present",
                          state=state),
               b.at(workshop, position))


def _plan_blocks(workshop: int) -> list[Block]:
    path = locations.SHIPPED_SESSIONS / f"{plan_name_for_workshop(workshop)}.toml"
    try:
        return list(load_plan(path).blocks)
    except PlanError:
        return []


def block_of(blocks: list[Block], fragment: str) -> tuple[int | None, int]:
    """The index of the first block whose title holds `fragment`, and its planned start minute.

    A demo entry naming a block the shipped plan lacks is a mistake in the demo data.
    """
    if not blocks:
        return None, 0
    start = 0
    for index, block in enumerate(blocks):
        if fragment.casefold() in block.title.casefold():
            return index, start
        start += block.minutes
    raise ValueError(f"No block of the shipped plan has {fragment!r} in its title.")


def _entries(b: _Builder, workshop: int, team: Team, index: int, today: date) -> None:
    blocks = _plan_blocks(workshop)
    taken: dict[int | None, int] = {}
    for entry in E.ENTRIES.get(team.name, {}).get(workshop, []):
        block, start = block_of(blocks, entry.block)
        taken[block] = taken.get(block, 0) + 1
        created = b.at(workshop, start + 2 + taken[block] * 3 + index % 3)
        if entry.kind == "action":
            _action(b, workshop, team, entry, block, created, today)
        else:
            b.save(Note(workshop=workshop, team_id=team.id, text=entry.text, kind=entry.kind,
                        tags=sorted(entry.tags), sharing=entry.sharing, block=block,
                        speaker_role=entry.speaker), created)
    for name, number, fragment, question, counts in E.TALLIES:
        if name == team.name and number == workshop:
            block, start = block_of(blocks, fragment)
            b.save(Tally(workshop=workshop, team_id=team.id, question=question,
                         counts=dict(counts), block=block),
                   b.at(workshop, start + 20 + index % 3))


def _action(b: _Builder, workshop: int, team: Team, entry: E.Entry, block: int | None,
            created: str, today: date) -> None:
    by_workshop = entry.due.startswith("by workshop")
    history = [{"at": created, "workshop": workshop, "status": "open", "by": "demo",
                "reason": ""}]
    if entry.done_at is not None:
        history.append({"at": b.at(entry.done_at, 32 + len(entry.text) % 10),
                        "workshop": entry.done_at, "status": "done", "by": "demo",
                        "reason": ""})
    b.save(Action(workshop=workshop, team_id=team.id, text=entry.text, owner=entry.owner,
                  due="" if by_workshop or not entry.due else shift(entry.due, today),
                  due_workshop=int(entry.due.rsplit(" ", 1)[1]) if by_workshop else None,
                  status="open" if entry.done_at is None else "done", sharing=entry.sharing,
                  block=block, history=history), created)


def _checklist(b: _Builder, team: Team, index: int) -> None:
    for item, status, evidence, workshop in D.CHECKLIST.get(index, []):
        at = b.at(workshop, 200)
        reason = D.NOT_APPLICABLE_REASON if status == "not applicable" else ""
        history = []
        if workshop == 2 and status == "done":
            history.append({"at": b.at(1, 200), "workshop": 1, "status": "in progress",
                            "evidence": "", "by": "demo", "reason": ""})
        history.append({"at": at, "workshop": workshop, "status": status,
                        "evidence": evidence, "by": "demo", "reason": reason})
        b.save(ChecklistEntry(team_id=team.id, item_id=item, status=status, evidence=evidence,
                              reason=reason, workshop=workshop, by="demo", history=history), at)


def _passport(b: _Builder, workshop: int, team: Team, index: int) -> None:
    for offset, domain in enumerate(D.PASSPORT_DOMAINS):
        base = 2 + (index * 7 + offset * 3) % 4  # teams differ, as real teams would
        score = base + (1 if workshop == 2 and (index + offset) % 3 == 0 else 0)
        b.save(PassportRating(team_id=team.id, workshop=workshop, domain=domain,
                              score=min(score, 5)), b.at(workshop, 380 + offset))
