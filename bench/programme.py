"""A full programme for the benchmarks: 30 teams in 5 CIGs, 8 workshops, 50 entries per team
per workshop, with attendance, checklist history and passport ratings, saved through the
store's real API (one transaction per workshop, so building it is quick)."""

from __future__ import annotations

import random
from pathlib import Path

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
    Team,
    Workshop,
)
from cigkit.store import Store

TEAMS, CIGS, WORKSHOPS, ENTRIES = 30, 5, 8, 50
DATES = ["2026-09-22", "2026-10-20", "2026-11-24", "2026-12-15",
         "2027-01-26", "2027-03-02", "2027-04-13", "2027-05-25"]
DOMAINS = ("communication", "self-efficacy", "interconnectedness", "costs", "experience",
           "access")
WORDS = ("transport", "postcode", "deprivation", "public advisor", "waiting list", "evening",
         "carers", "data", "consent", "logic model", "outcomes", "uptake", "interpreter")


def build(data: Path, device: str = "bench", seed: int = 6) -> int:
    """Write the programme into `data`; returns how many records it holds."""
    rng = random.Random(seed)
    count = 0
    with Store.open(data, device=device) as store:
        with store.transaction():
            cohort = store.save(Cohort(name="Cohort 2026", programme="Partners Priority"))
            for number, day in enumerate(DATES, start=1):
                store.save(Workshop(number=number, date=day, plan=f"workshop-{number:02d}",
                                    cohort_id=cohort.id, held=number <= 3))
            cigs = [store.save(Cig(name=f"CIG {c + 1}", facilitator=f"Facilitator {c + 1}"))
                    for c in range(CIGS)]
            teams = []
            for t in range(TEAMS):
                team = store.save(Team(name=f"Team {t + 1:02d}", cig_id=cigs[t % CIGS].id))
                people = [store.save(Member(name=f"Person {t + 1}.{m + 1}", team_id=team.id,
                                            role=ROLES[(t + m) % 5])) for m in range(5)]
                teams.append((team, people))
            count += 1 + len(DATES) + CIGS + TEAMS * 6
        for workshop in range(1, WORKSHOPS + 1):
            with store.transaction():
                for kind, minute in (("start", 0), ("next", 20), ("next", 65), ("pause", 80),
                                     ("resume", 95), ("next", 130)):
                    store.save(ClockEvent(workshop=workshop, kind=kind,
                                          at=f"{DATES[workshop - 1]}T{9 + minute // 60:02d}:"
                                             f"{minute % 60:02d}:00.000Z"))
                    count += 1
                for team, people in teams:
                    for person in people:
                        store.save(Attendance(workshop=workshop, team_id=team.id,
                                              member_id=person.id, name=person.name,
                                              role=person.role, present=rng.random() > 0.2))
                    for domain in DOMAINS:
                        store.save(PassportRating(team_id=team.id, workshop=workshop,
                                                  domain=domain, score=rng.randint(1, 5)))
                    for n in range(ENTRIES):
                        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18)))
                        if n % 8 == 7:
                            store.save(Action(workshop=workshop, team_id=team.id,
                                              text=f"Action {n}: {text}",
                                              owner=people[n % 5].name, due_workshop=min(
                                                  8, workshop + 1),
                                              history=[{"at": f"{DATES[workshop - 1]}T10:00:"
                                                              f"{n:02d}.000Z",
                                                        "workshop": workshop, "status": "open",
                                                        "by": device, "reason": ""}]))
                        else:
                            store.save(Note(workshop=workshop, team_id=team.id, text=text,
                                            kind=("discussion", "decision", "question")[n % 3],
                                            tags=["what:scientific"] if n % 4 == 0 else [],
                                            sharing="programme" if n % 10 == 0 else "team"))
                    count += len(people) + len(DOMAINS) + ENTRIES
        with store.transaction():
            for team, _ in teams:
                for item in range(18):
                    store.save(ChecklistEntry(
                        team_id=team.id, item_id=f"item-{item}", status="in progress",
                        workshop=3, history=[{"at": "2026-11-24T10:00:00.000Z",
                                              "status": "in progress", "workshop": 3}]))
                    count += 1
    return count
