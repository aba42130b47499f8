"""The demo programme: one cohort, three CIGs, nine teams, workshops 1 and 2 already held.

Ids and timestamps are derived from a fixed seed, so the demo (and its exported minutes) is
the same on every laptop.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
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
    Team,
    Workshop,
    format_instant,
    slugify,
)
from ..plans import PlanError, load_plan, plan_name_for_workshop
from ..store import Store
from . import demo_data as D
from .demo_clock import create_demo_clock

HELD = (1, 2)
R = TypeVar("R", bound=Record)


class DemoRefusedError(UserError):
    """The data folder already holds a programme."""


class _Builder:
    """Saves demo records with seeded ids and timestamps taken from the workshop day."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.rng = random.Random(20260922)

    def at(self, workshop: int, minute: int) -> str:
        day = datetime.fromisoformat(D.WORKSHOP_DATES[workshop - 1]).replace(tzinfo=UTC)
        return format_instant(day + timedelta(hours=9, minutes=30 + minute))

    def save(self, record: R, created_at: str) -> R:
        record.id = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        record.created_at = created_at
        return self.store.save(record)


def create_demo(store: Store, force: bool = False) -> dict[str, int]:
    """Write the demo programme; refuses when the folder holds data unless `force`."""
    if not store.is_empty():
        if not force:
            raise DemoRefusedError(
                f"{store.data_dir} already holds a programme; use 'cigkit demo --force' to "
                "replace it (the old records are kept as deleted history)."
            )
        for table in list(store.live):
            kind = TABLES[table]
            for record in store.all(kind):
                store.delete(record)
    b = _Builder(store)
    start = b.at(1, -60 * 24 * 7)
    cohort = b.save(Cohort(name=D.COHORT, programme=D.PROGRAMME, year="2026-27"), start)
    for number, day in enumerate(D.WORKSHOP_DATES, start=1):
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
            _entries(b, workshop, team, members, index)
            _passport(b, workshop, team, index)
        _checklist(b, team, index)
    create_demo_clock(store, b.save, HELD)
    return store.count_live()


def _attendance(b: _Builder, workshop: int, team: Team, members: list[Member], index: int) -> None:
    for position, member in enumerate(members):
        if member.joined_workshop > workshop:
            continue
        absent = workshop == 2 and (position + index) % 4 == 3
        b.save(Attendance(workshop=workshop, team_id=team.id, member_id=member.id,
                          name=member.name, role=member.role, present=not absent),
               b.at(workshop, position))


def _entry_blocks(workshop: int) -> dict[str, int | None]:
    """Which block of the shipped plan each kind of demo entry was taken in."""
    path = locations.SHIPPED_SESSIONS / f"{plan_name_for_workshop(workshop)}.toml"
    try:
        blocks = load_plan(path).blocks
    except PlanError:
        return dict.fromkeys(("note", "decision", "question", "action"))
    tables = [i for i, block in enumerate(blocks) if block.kind == "table discussion"]
    report = [i for i, block in enumerate(blocks) if block.kind == "report-back"]
    first = tables[0] if tables else None
    second = tables[1] if len(tables) > 1 else first
    last = report[0] if report else second
    return {"note": first, "decision": second, "question": last, "action": second}


def _entries(b: _Builder, workshop: int, team: Team, members: list[Member], index: int) -> None:
    source = D.ENTRIES if index == 0 else D.GENERIC
    owner = members[0].name
    blocks = _entry_blocks(workshop)
    for minute, (kind, text, tags, sharing) in enumerate(source[workshop]):
        created = b.at(workshop, 60 + minute * 7 + index)
        block = blocks[kind]
        if kind == "action":
            body, _, rest = text.partition(" => ")
            who, _, due = rest.partition(" @ ")
            who = who.replace("{owner}", owner)
            due_workshop = int(due.rsplit(" ", 1)[1]) if due.startswith("by workshop") else None
            status = "done" if workshop == 1 and index % 3 != 2 else "open"
            history = [{"at": created, "workshop": workshop, "status": "open", "by": "demo",
                        "reason": ""}]
            if status == "done":
                history.append({"at": b.at(2, 30), "workshop": 2, "status": "done",
                                "by": "demo", "reason": ""})
            b.save(Action(workshop=workshop, team_id=team.id, text=body, owner=who,
                          due="" if due_workshop else due, due_workshop=due_workshop,
                          status=status, sharing=sharing, block=block, history=history),
                   created)
        else:
            b.save(Note(workshop=workshop, team_id=team.id, text=text,
                        kind="discussion" if kind == "note" else kind, tags=list(tags),
                        sharing=sharing, block=block), created)


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
