"""A full-size programme for the benchmarks: 30 teams in 5 CIGs, 8 workshops, 50 entries per
team per workshop, with members, attendance, actions, checklist entries, passports and clocks.

Saved through the store's real API the way a programme fills up: the roster (programme,
workshops, CIGs, teams, members) as one import, and every other record as its own save, as
note-takers and facilitators make them. `extra_notes` pads the folder with more notes, for
the benchmarks that are about 100,000 records: each saved as its own journal line, as typing
saves them, but without waiting for fsync while the folder is built (the files are the same
bytes; only building them is quicker).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cigkit.model import (  # noqa: E402
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
    Record,
    Team,
    Workshop,
)
from cigkit.passport import CO_VALUE_DOMAINS  # noqa: E402
from cigkit.services.checklists import checklist_for  # noqa: E402
from cigkit.store import Store, journal  # noqa: E402

DEVICE = "bench"
TEAMS, CIGS, WORKSHOPS, ENTRIES = 30, 5, 8, 50
DATES = ["2026-09-22", "2026-10-20", "2026-11-24", "2026-12-15",
         "2027-01-26", "2027-03-02", "2027-04-13", "2027-05-25"]


def records(data: Path, extra_notes: int = 0) -> list[Record]:
    """Every record of the programme, with fixed ids and times so runs are comparable."""
    rng = random.Random(6)
    out: list[Record] = []
    stamp = iter(range(10**9))

    def add(record: Record) -> None:
        n = next(stamp)
        record.created_at = "2026-09-01T00:00:00.000Z"
        record.id = f"{n:08x}-0000-4000-8000-000000000000"
        out.append(record)

    add(Cohort(name="Bench cohort", programme="Bench programme"))
    for number, date in enumerate(DATES, start=1):
        add(Workshop(number=number, date=date, plan=f"workshop-{number:02d}", held=True))
    cigs = [Cig(name=f"CIG {c}", facilitator=f"Facilitator {c}") for c in range(CIGS)]
    for cig in cigs:
        add(cig)
    items = [item.id for item in checklist_for(data).items]
    teams: list[Team] = []
    for t in range(TEAMS):
        team = Team(name=f"Team {t:02d}", cig_id=cigs[t % CIGS].id)
        teams.append(team)
        add(team)
        members = [Member(name=f"Person {t}-{m}", team_id=team.id, role=ROLES[m % 5])
                   for m in range(5)]
        for member in members:
            add(member)
        for w in range(1, WORKSHOPS + 1):
            for member in members:
                add(Attendance(workshop=w, team_id=team.id, member_id=member.id,
                               name=member.name, role=member.role, present=rng.random() > 0.2))
            for e in range(ENTRIES):
                sharing = rng.choice(("team", "team", "programme", "internal"))
                text = f"Entry {e} of team {t} at workshop {w}: a | pipe, *stars* and <b>"
                if e % 10 == 9:
                    add(Action(workshop=w, team_id=team.id, text=text, owner=members[0].name,
                               due_workshop=min(w + 1, 8), sharing=sharing,
                               status="done" if e % 20 == 9 else "open",
                               history=[{"at": "", "workshop": w, "status": "open"}]
                               + ([{"at": "", "workshop": w + 1, "status": "done"}]
                                  if e % 20 == 9 else [])))
                else:
                    add(Note(workshop=w, team_id=team.id, text=text, sharing=sharing,
                             kind=("discussion", "decision", "question")[e % 3], block=e % 12))
            for domain in CO_VALUE_DOMAINS:
                add(PassportRating(team_id=team.id, workshop=w, domain=domain.id,
                                   score=rng.randint(1, 5)))
        for i, item in enumerate(items[:12]):
            add(ChecklistEntry(team_id=team.id, item_id=item, status="done", workshop=1 + i % 8,
                               evidence=f"Evidence {i}",
                               history=[{"workshop": 1 + i % 8, "status": "done"}]))
    for w in range(1, WORKSHOPS + 1):
        for kind in ("start", "next", "next", "extend", "next"):
            add(ClockEvent(workshop=w, kind=kind, at=f"{DATES[w - 1]}T09:3{len(out) % 10}"
                           ":00.000Z", seconds=300))
    for n in range(extra_notes):
        team = teams[n % TEAMS]
        add(Note(workshop=1 + n % WORKSHOPS, team_id=team.id, sharing="team",
                 text=f"Extra note {n}: what the table said, with «quotes» and a | pipe",
                 tags=["what:scientific"] if n % 7 == 0 else []))
    return out


ROSTER = (Cohort, Workshop, Cig, Team, Member)


def build(data: Path, extra_notes: int = 0, device: str = DEVICE) -> int:
    """Write the programme into a new data folder; returns how many records it holds."""
    everything = records(data, extra_notes)
    roster = [r for r in everything if isinstance(r, ROSTER)]
    padding = everything[len(everything) - extra_notes:] if extra_notes else []
    rest = [r for r in everything[:len(everything) - extra_notes]
            if not isinstance(r, ROSTER)]
    with Store.open(data, device=device) as store:
        store.save_many(roster)
        for record in rest:
            store.save(record)
        if padding:
            real_fsync = journal.fsync_fd
            journal.fsync_fd = lambda fd: None  # building only: the timed runs are untouched
            try:
                for record in padding:
                    store.save(record)
            finally:
                journal.fsync_fd = real_fsync
    return len(everything)
