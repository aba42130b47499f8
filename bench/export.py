"""Benchmark: export every team's minutes for a large programme, against loading its data.

Builds 25 teams in 5 CIGs over 8 workshops with 50 entries per team per workshop in a temp
folder, then times opening the store (`load_s`) and exporting everything (`export_all_s`).
The last line is `RESULT export_all_s=<x> load_s=<y> files=<n>`.
"""

from __future__ import annotations

import gc
import json
import random
import statistics
import sys
import tempfile
import time
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
from cigkit.services.export import export_minutes  # noqa: E402
from cigkit.store import Store  # noqa: E402

DEVICE = "bench"
RUNS = 5
TEAMS, CIGS, WORKSHOPS, ENTRIES = 25, 5, 8, 50
DATES = ["2026-09-22", "2026-10-20", "2026-11-24", "2026-12-15",
         "2027-01-26", "2027-03-02", "2027-04-13", "2027-05-25"]


def build(data: Path) -> int:
    """Write the programme as this device's snapshot in one go (saving 13,000 records one
    fsync at a time would measure the disk, not the export)."""
    rng = random.Random(6)
    records: list[Record] = []
    stamp = iter(range(10**9))

    def add(record: Record) -> None:
        n = next(stamp)
        record.created_at = "2026-09-01T00:00:00.000Z"
        record.id = f"{n:08x}-0000-4000-8000-000000000000"
        records.append(record)

    add(Cohort(name="Bench cohort", programme="Bench programme"))
    for number, date in enumerate(DATES, start=1):
        add(Workshop(number=number, date=date, plan=f"workshop-{number:02d}", held=True))
    cigs = [Cig(name=f"CIG {c}", facilitator=f"Facilitator {c}") for c in range(CIGS)]
    for cig in cigs:
        add(cig)
    items = [item.id for item in checklist_for(data).items]
    for t in range(TEAMS):
        team = Team(name=f"Team {t:02d}", cig_id=cigs[t % CIGS].id)
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
            for kind in ("start", "next", "next", "extend", "next"):
                add(ClockEvent(workshop=w, kind=kind, at=f"{DATES[w - 1]}T09:3{len(records) % 10}"
                               ":00.000Z", seconds=300))
        for i, item in enumerate(items[:12]):
            add(ChecklistEntry(team_id=team.id, item_id=item, status="done", workshop=1 + i % 8,
                               evidence=f"Evidence {i}",
                               history=[{"workshop": 1 + i % 8, "status": "done"}]))
    entries = []
    for record in records:
        data_dict = record.to_dict()
        data_dict.update(rev=1, device=DEVICE, updated_at=data_dict["created_at"])
        entries.append({"table": record.TABLE, "record": data_dict})
    (data / "snapshots").mkdir(parents=True)
    (data / "journals").mkdir()
    snapshot = {"format": 1, "device": DEVICE, "written_at": "", "records": entries}
    (data / "snapshots" / f"{DEVICE}.json").write_text(json.dumps(snapshot), encoding="utf-8")
    return len(records)


def main() -> None:
    """Median of a few runs of each, so one hiccup of a noisy machine does not decide."""
    loads: list[float] = []
    exports: list[float] = []
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        count = build(data)
        for run in range(RUNS):
            gc.collect()  # each run starts from the same heap, so runs are comparable
            started = time.perf_counter()
            store = Store.open(data, device=DEVICE)
            loads.append(time.perf_counter() - started)
            try:
                gc.collect()
                started = time.perf_counter()
                written = export_minutes(store, Path(folder) / f"exports-{run}", all=True)
                exports.append(time.perf_counter() - started)
            finally:
                store.close()
    load_s, export_s = statistics.median(loads), statistics.median(exports)
    print("loads: " + " ".join(f"{x:.3f}" for x in loads))
    print("exports: " + " ".join(f"{x:.3f}" for x in exports))
    print(f"records: {count}, teams: {TEAMS}, workshops: {WORKSHOPS}, runs: {RUNS}")
    print(f"load: {load_s:.3f} s, export everything: {export_s:.3f} s, "
          f"ratio export/load: {export_s / load_s:.1f}")
    print(f"RESULT export_all_s={export_s:.3f} load_s={load_s:.3f} files={len(written)}")


if __name__ == "__main__":
    main()
