"""The programme overview the facilitators read: attendance, checklist progress, actions, time.

Counts, plan titles and who came, and of the teams' own words only what they shared at
programme level (questions, votes, knowledge mobilisation examples), so the overview can go to
everyone who runs the programme.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from cigkit import clock
from cigkit.attendance_year import person_rows
from cigkit.model import ROLES, Team, parse_instant

from .actions import action_status_at, is_overdue
from .gather import SHARED_WITH_PROGRAMME, ProgrammeData, role_name
from .knowledge import knowledge_view
from .questions import question_row
from .views import View, settled_count, votes_view, workshop_view


def _attendance_rows(data: ProgrammeData, numbers: list[int]) -> list[View]:
    rows = []
    for number in numbers:
        roles: Counter[str] = Counter()
        teams = 0
        for team in data.teams:
            here = [a for a in data.attendance.get((team.id, number), []) if a.present]
            teams += bool(here)
            roles.update(role_name(a.role) for a in here)
        other = sum(count for role, count in roles.items() if role not in ROLES)
        rows.append({
            "workshop": workshop_view(data, number),
            "teams": teams,
            "people": sum(roles.values()),
            "roles": [roles[role] for role in ROLES] + [other],
        })
    return rows


PERSON_SYMBOLS = {"present": "✓", "apologies": "A", "absent": "✗", "": "?",
                  "not yet": "", "left": "left"}
"""How each mark reads in the person-by-person table (a legend under it says so in words)."""


def _people_rows(data: ProgrammeData, numbers: list[int]) -> tuple[list[View], list[View]]:
    """Each person's mark at every workshop so far, and when each public advisor first came."""
    def by_cig(team: Team) -> tuple[int, str, str, str]:
        cig = data.cig_of.get(team.id)
        return (cig is None, cig.name.casefold() if cig else "", team.name.casefold(), team.id)

    teams = sorted(data.teams, key=by_cig)
    members = [m for people in data.members.values() for m in people]
    records = [a for rows in data.attendance.values() for a in rows]
    cig_names = {c.id: c.name for c in data.cigs}
    rows = person_rows(teams, cig_names, members, records, numbers)
    people = [{"name": r.name, "role": r.role, "team": r.team, "cig": r.cig,
               "marks": [PERSON_SYMBOLS.get(mark, mark) for mark in r.marks]} for r in rows]
    advisors = [{"name": r.name, "team": r.team, "cig": r.cig,
                 "joined": r.joined_workshop, "first": r.first_took_part}
                for r in rows if r.public_advisor]
    return people, advisors


def _action_rows(data: ProgrammeData, number: int) -> list[View]:
    rows = []
    for team in data.teams:
        open_actions = [
            a for a in data.actions.get(team.id, [])
            if a.workshop <= number and action_status_at(data, a, number) == "open"
        ]
        cig = data.cig_of.get(team.id)
        rows.append({
            "team": team.name,
            "cig": cig.name if cig else "",
            "open": len(open_actions),
            "overdue": sum(is_overdue(data, a, number) for a in open_actions),
            "oldest": min((a.workshop for a in open_actions), default=None),
        })
    return rows


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return str(round(seconds / 60))


def _agenda_rows(data: ProgrammeData, number: int) -> View | None:
    """Planned against actual minutes per block, replayed from the clock events of the day."""
    plan = data.plans.get(number)
    events = data.clock_events.get(number, [])
    if plan is None or not events:
        return None
    last = max(parse_instant(e.at) for e in events)
    workshop = data.workshops[number]
    day = date.fromisoformat(data.ran_on.get(number) or workshop.date or last.date().isoformat())
    start = datetime.combine(day, plan.start).astimezone()
    state = clock.compute(plan.blocks, events, last, start)
    rows = []
    planned_total, actual_total = 0, 0.0
    for timing in state.blocks:
        # Against the plan as written: minutes added on the day are part of the overrun.
        planned_total += timing.plan_s
        difference = ""
        if timing.skipped:
            actual = "skipped"
        elif not timing.done:
            actual = "running" if timing.index == state.index and state.started else ""
        else:
            actual_s = timing.actual_s or 0.0
            actual_total += actual_s
            actual = _minutes(actual_s)
            delta = round((actual_s - timing.plan_s) / 60)
            difference = f"{delta:+d}" if delta else "0"
        rows.append({
            "number": timing.index + 1,
            "title": timing.title,
            "planned": _minutes(timing.plan_s),
            "actual": actual,
            "difference": difference,
        })
    return {
        "workshop": workshop_view(data, number),
        "blocks": rows,
        "planned_total": _minutes(planned_total),
        "actual_total": _minutes(actual_total),
    }


def programme_sharing_view(data: ProgrammeData, numbers: list[int], as_of: int) -> View:
    """Programme-level questions (status and answer as at `as_of`) and votes per workshop, and
    knowledge mobilisation by Ward's categories across the workshops so far."""
    questions, votes = [], []
    for number in numbers:
        asked, voted = [], []
        for team in data.teams:
            cig = data.cig_of.get(team.id)
            where = {"team": team.name, "cig": cig.name if cig else ""}
            asked += [{**where, **question_row(note, as_of)}
                      for note in data.notes.get((team.id, number), [])
                      if note.kind == "question" and note.sharing in SHARED_WITH_PROGRAMME]
            voted += [{**where, **vote}
                      for vote in votes_view(data, team.id, number, SHARED_WITH_PROGRAMME)]
        if asked:
            questions.append({"workshop": workshop_view(data, number), "questions": asked})
        if voted:
            votes.append({"workshop": workshop_view(data, number), "votes": voted})
    return {
        "questions": questions,
        "votes": votes,
        "knowledge": knowledge_view(data, [t.id for t in data.teams], numbers),
    }


def programme_view(data: ProgrammeData) -> View:
    """The whole programme up to the last workshop held or with anything recorded."""
    reached = data.reached()
    numbers = [n for n in data.workshop_numbers() if n <= reached]
    later = [n for n in data.workshop_numbers() if n > reached]
    # Between workshops, actions are counted as the teams arrive at the next one; during a
    # workshop (its clock started, not yet at the end), as at that workshop.
    in_progress = reached and not data.is_held(reached)
    as_of = reached if in_progress else (later[0] if later else (reached or 1))
    progress = []
    for team in data.teams:
        cig = data.cig_of.get(team.id)
        progress.append({
            "team": team.name,
            "cig": cig.name if cig else "",
            "settled": [settled_count(data, team.id, n) for n in numbers],
        })
    agenda = [view for n in numbers if (view := _agenda_rows(data, n)) is not None]
    people, advisors = _people_rows(data, numbers)
    return {
        "programme": data.programme,
        "cohort": data.cohort,
        **programme_sharing_view(data, numbers, as_of),
        "workshops": [workshop_view(data, n) for n in numbers],
        "as_of": workshop_view(data, as_of),
        "roles": list(ROLES) + ["other"],
        "attendance": _attendance_rows(data, numbers),
        "item_count": len(data.checklist.items),
        "progress": progress,
        "actions": _action_rows(data, as_of),
        "agenda": agenda,
        "people": people,
        "advisors": advisors,
    }
