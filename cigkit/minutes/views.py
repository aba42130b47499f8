"""The plain data each minutes template receives: a team's minutes and a CIG's summary.

Views are dicts of strings, numbers and lists, so a facilitator's own template can use any
field without knowing cigkit's records; the README lists them. User text is left raw here:
the templates escape it with the `md`, `cell` and `heading` filters.
"""

from __future__ import annotations

from typing import Any

from cigkit.checklist import SETTLED, STATUS_SYMBOLS, STATUSES, normalise_status
from cigkit.model import Cig, Note, Team
from cigkit.passport import passport_trend, sparkline, trend_series
from cigkit.progress import _timeline, status_at, team_flags

from .actions import team_actions
from .gather import (
    SHARED_WITH_PROGRAMME,
    SHARED_WITH_TEAM,
    ProgrammeData,
    per_programme,
    role_name,
    role_order,
)
from .knowledge import knowledge_view, ward_labels
from .questions import programme_questions, team_questions

View = dict[str, Any]
KIND_LABELS = {"discussion": "Note", "decision": "Decision", "question": "Question",
               "action": "Action"}


# --- workshops ----------------------------------------------------------------------------


def workshop_view(data: ProgrammeData, number: int) -> View:
    workshop = data.workshops.get(number)
    plan = data.plans.get(number)
    title = (workshop.title if workshop else "") or (plan.title if plan else "")
    planned = workshop.date if workshop else ""
    return {
        "number": number,
        "title": title,
        # The day it really ran (its clock's first start), else the day it is planned for.
        "date": data.ran_on.get(number) or planned,
        "planned_date": planned,
        "held": data.is_held(number),
        # its clock was started (on `date`); a workshop neither held nor run was planned only
        "ran": number in data.ran_on,
    }


def next_workshop_view(data: ProgrammeData, number: int) -> View | None:
    later = [n for n in data.workshop_numbers() if n > number]
    return workshop_view(data, later[0]) if later else None




# --- checklist and passport -----------------------------------------------------------------


def _evidence_at(entry: Any, number: int) -> str:
    evidence = ""
    for when, step in _timeline(entry):
        if when > number:
            break
        evidence = str(step.get("evidence", "") or "")
        if normalise_status(str(step.get("status", ""))) == "not applicable" and step.get(
            "reason"
        ):
            evidence = f"{evidence} (not applicable: {step['reason']})".strip()
    return evidence


@per_programme
def _entries_by_item(data: ProgrammeData, team_id: str) -> dict[str, Any]:
    return {e.item_id: e for e in data.entries.get(team_id, [])}


@per_programme
def _statuses(data: ProgrammeData, team_id: str, number: int) -> list[str]:
    """Each checklist item's status at the end of a workshop, in the checklist's order."""
    entries = _entries_by_item(data, team_id)
    return [status_at(entries.get(item.id), number) for item in data.checklist.items]


@per_programme
def checklist_rows(data: ProgrammeData, team_id: str, number: int) -> list[View]:
    """Every checklist item with its status at the workshop and what moved since the last one."""
    entries = _entries_by_item(data, team_id)
    rows = []
    for item, now, before in zip(data.checklist.items, _statuses(data, team_id, number),
                                 _statuses(data, team_id, number - 1), strict=True):
        entry = entries.get(item.id)
        rows.append({
            "id": item.id,
            "stage": data.checklist.stage(item.stage).title,
            "prompt": item.prompt,
            "framework": item.framework,
            "expected_by": item.expected_by,
            "status": now,
            "symbol": STATUS_SYMBOLS.get(now, "?"),
            "evidence": _evidence_at(entry, number) if entry else "",
            "change": "" if now == before else f"{before} → {now}",
        })
    return rows


def settled_count(data: ProgrammeData, team_id: str, number: int) -> int:
    return sum(status in SETTLED for status in _statuses(data, team_id, number))


def passport_view(data: ProgrammeData, team_id: str, number: int) -> View:
    ratings = [r for r in data.ratings.get(team_id, []) if r.workshop <= number]
    trend = passport_trend(ratings, data.checklist.domains)
    workshops = list(range(1, number + 1))
    rows = []
    for domain in data.checklist.domains:
        series = trend_series(trend[domain.id], number)
        rows.append({
            "domain": domain.label,
            "scores": ["" if s is None else str(s) for s in series],
            "trend": sparkline(series) if any(s is not None for s in series) else "",
        })
    return {"workshops": workshops, "rows": rows, "rated": bool(ratings)}


# --- people ---------------------------------------------------------------------------------


@per_programme
def attendance_view(data: ProgrammeData, team_id: str, number: int) -> View:
    """Who was at the table, grouped by role in cigkit's role order, who sent apologies, who
    was absent without them, and, when attendance was taken, which members nobody marked."""
    groups: dict[str, list[str]] = {}
    apologies: list[View] = []
    absent: list[View] = []
    rows = data.attendance.get((team_id, number), [])
    for att in sorted(rows, key=lambda a: (role_order(a.role), a.name.casefold(), a.id)):
        if att.status == "present":
            groups.setdefault(role_name(att.role), []).append(att.name)
        else:
            person = {"name": att.name, "role": role_name(att.role)}
            (apologies if att.status == "apologies" else absent).append(person)
    not_recorded = []
    if rows:
        ids = {att.member_id for att in rows if att.member_id}
        names = {att.name.casefold() for att in rows}
        members = [m for m in data.members.get(team_id, []) if m.joined_workshop <= number
                   and (m.left_workshop is None or m.left_workshop > number)
                   and m.id not in ids and m.name.casefold() not in names]
        not_recorded = [
            {"name": m.name, "role": role_name(m.role)}
            for m in sorted(members, key=lambda m: (role_order(m.role), m.name.casefold()))
        ]
    return {
        "by_role": [{"role": role, "names": names} for role, names in groups.items()],
        "present": sum(len(names) for names in groups.values()),
        "apologies": apologies,
        "absent": absent,
        "not_recorded": not_recorded,
        "recorded": bool(rows),
    }


def role_mix(data: ProgrammeData, team_id: str, number: int) -> str:
    view = attendance_view(data, team_id, number)
    return ", ".join(f"{len(g['names'])} {g['role']}" for g in view["by_role"])


# --- documents ------------------------------------------------------------------------------


def _cig_view(cig: Cig | None) -> View:
    if cig is None:
        return {"name": "", "facilitator": "", "theme": ""}
    return {"name": cig.name, "facilitator": cig.facilitator, "theme": cig.theme}


def _block_title(data: ProgrammeData, number: int, block: int | None) -> str | None:
    plan = data.plans.get(number)
    if plan is None or block is None or not 0 <= block < len(plan.blocks):
        return None
    return plan.blocks[block].title


def discussion_groups(data: ProgrammeData, notes: list[Note], number: int) -> list[View]:
    """Discussion notes under their agenda block, in the day's order; untied notes last."""
    grouped: dict[int | None, list[View]] = {}
    for note in notes:
        if note.kind in ("decision", "question"):
            continue
        block = note.block if _block_title(data, number, note.block) is not None else None
        # A kind a newer cigkit wrote is shown as what it is, never dropped.
        text = note.text if note.kind == "discussion" else f"({note.kind}) {note.text}"
        # The speaker's role, never a name: whose knowledge it was matters to the team.
        grouped.setdefault(block, []).append({"text": text, "speaker": note.speaker_role,
                                              "ward": ward_labels(note.tags)})
    order = sorted(grouped, key=lambda b: (b is None, b or 0))
    return [
        {
            "block": None if block is None else block + 1,
            "title": _block_title(data, number, block) or "Not tied to an agenda block",
            "notes": grouped[block],
        }
        for block in order
    ]


def votes_view(data: ProgrammeData, team_id: str, number: int,
               levels: frozenset[str] = SHARED_WITH_TEAM) -> list[View]:
    """Each show of hands or dot-vote, options by count (most first, then by name)."""
    return [
        {
            "question": tally.question,
            "options": [
                {"option": option, "count": count}
                for option, count in sorted(tally.counts.items(), key=lambda o: (-o[1], o[0]))
            ],
        }
        for tally in data.tallies.get((team_id, number), [])
        if tally.sharing in levels
    ]


def team_view(data: ProgrammeData, team: Team, number: int) -> View:
    """What a team's minutes for one workshop say; internal entries never reach it."""
    notes = [n for n in data.notes.get((team.id, number), []) if n.sharing in SHARED_WITH_TEAM]
    members = data.members.get(team.id, [])
    flags = team_flags(data.checklist, team.id, members, data.all_attendance(team.id),
                       data.entries.get(team.id, []), number)
    return {
        "programme": data.programme,
        "cohort": data.cohort,
        "workshop": workshop_view(data, number),
        "next_workshop": next_workshop_view(data, number),
        "team": {"name": team.name, "project": team.project,
                 "organisation": team.organisation},
        "cig": _cig_view(data.cig_of.get(team.id)),
        "attendance": attendance_view(data, team.id, number),
        "discussion": discussion_groups(data, notes, number),
        "decisions": [n.text for n in notes if n.kind == "decision"],
        "decision_entries": [{"text": n.text, "ward": ward_labels(n.tags)}
                             for n in notes if n.kind == "decision"],
        "questions": [n.text for n in notes if n.kind == "question"],
        "question_review": team_questions(data, team.id, number, SHARED_WITH_TEAM),
        "votes": votes_view(data, team.id, number),
        "actions": team_actions(data, team.id, number, SHARED_WITH_TEAM),
        "checklist": checklist_rows(data, team.id, number),
        "statuses": [{"status": s, "symbol": STATUS_SYMBOLS[s]} for s in STATUSES],
        "flags": [flag.message for flag in flags],
        "passport": passport_view(data, team.id, number),
    }


def _shared_entries(data: ProgrammeData, team: Team, number: int) -> list[View]:
    rows: list[tuple[str, str, str]] = [
        (n.created_at, KIND_LABELS.get(n.kind, n.kind), n.text)
        for n in data.notes.get((team.id, number), [])
        # Questions have a section of their own, with their answers.
        if n.sharing in SHARED_WITH_PROGRAMME and n.kind != "question"
    ]
    rows += [
        (a.created_at, "Action", a.text)
        for a in data.actions.get(team.id, [])
        if a.workshop == number and a.sharing in SHARED_WITH_PROGRAMME
    ]
    return [{"kind": kind, "text": text} for _, kind, text in sorted(rows)]


def cig_view(data: ProgrammeData, cig: Cig | None, number: int) -> View:
    """One CIG's workshop side by side: teams, programme-level entries, checklist matrix."""
    teams = data.teams_of(cig)
    summary, shared = [], []
    rows_by_team = {t.id: checklist_rows(data, t.id, number) for t in teams}
    total = len(data.checklist.items)
    for team in teams:
        notes = [n for n in data.notes.get((team.id, number), []) if n.sharing != "internal"]
        actions = team_actions(data, team.id, number, SHARED_WITH_TEAM)
        summary.append({
            "name": team.name,
            "present": attendance_view(data, team.id, number)["present"],
            "roles": role_mix(data, team.id, number),
            "notes": len(notes),
            "new_actions": len(actions["new"]),
            "open_actions": sum(r["status"] == "open" for r in actions["new"])
            + len(actions["open"]),
            # as the overview counts them: any action open and past its due, new today or not
            "overdue": sum(r["overdue"] for r in (*actions["new"], *actions["open"])),
            "settled": settled_count(data, team.id, number),
            "item_count": total,
        })
        entries = _shared_entries(data, team, number)
        if entries:
            shared.append({"team": team.name, "entries": entries})
    matrix = [
        {
            "id": item.id,
            "prompt": item.prompt,
            "cells": [rows_by_team[t.id][index]["symbol"] for t in teams],
        }
        for index, item in enumerate(data.checklist.items)
    ]
    return {
        "programme": data.programme,
        "cohort": data.cohort,
        "workshop": workshop_view(data, number),
        "cig": _cig_view(cig),
        "teams": summary,
        "shared": shared,
        "matrix": {"teams": [t.name for t in teams], "rows": matrix},
        "statuses": [{"status": s, "symbol": STATUS_SYMBOLS[s]} for s in STATUSES],
        **cig_sharing_view(data, teams, number),
    }


def cig_sharing_view(data: ProgrammeData, teams: list[Team], number: int) -> View:
    """What a table shared across teams at one workshop: its programme-level questions (with
    their answers) and votes, and its knowledge mobilisation by Ward's categories."""
    team_ids = [t.id for t in teams]
    return {
        "questions": programme_questions(data, team_ids, number, SHARED_WITH_PROGRAMME),
        "votes": [{"team": team.name, **vote} for team in teams
                  for vote in votes_view(data, team.id, number, SHARED_WITH_PROGRAMME)],
        "knowledge": knowledge_view(data, team_ids,
                                    [n for n in data.workshop_numbers() if n <= number]),
    }
