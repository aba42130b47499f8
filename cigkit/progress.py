"""A team's progress on the equity checklist: status changes with history, and flags.

Kept apart from the definition so that reading a checklist file and judging a team's
progress can change independently.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cigkit.checklist import (
    PUBLIC_ADVISOR,
    SETTLED,
    STATUSES,
    WORKSHOPS,
    Checklist,
    _is_int,
    normalise_status,
)
from cigkit.model import Attendance, ChecklistEntry, Member, normalise_role, now_iso, stable_id

EVIDENCE_ONLY = "evidence"
"""A history step's `change` when it changed the evidence alone (its status is the one the
laptop saw, not a decision about the status)."""

# --- a team's progress --------------------------------------------------------------------


class ChecklistChangeError(ValueError):
    """A status change a user asked for that cannot be recorded; the message is one sentence."""


@dataclass(frozen=True)
class ChecklistChange:
    """One item that moved since a given workshop, as the minutes report it."""

    team_id: str
    item_id: str
    before: str
    after: str
    workshop: int | None
    evidence: str
    by: str
    at: str


@dataclass(frozen=True)
class Flag:
    """Something a facilitator should raise with a team, in one readable sentence."""

    code: str
    message: str
    item_id: str | None = None


def apply_change(
    entry: ChecklistEntry | None,
    team_id: str,
    item_id: str,
    status: str,
    evidence: str | None = None,
    reason: str = "",
    workshop: int | None = None,
    by: str = "",
    at: str | None = None,
    evidence_only: bool = False,
) -> ChecklistEntry:
    """The entry after a status change, with the step kept in its history; input is untouched.

    evidence=None keeps the previous evidence. Bookkeeping (rev, updated_at, device) is left
    to the store. `evidence_only`: the step changes the evidence alone; the status it holds
    is the one this laptop saw, which another laptop may have changed meanwhile, so it does
    not count towards the status (`status_at`).
    """
    normalised = normalise_status(status)
    if normalised is None:
        raise ChecklistChangeError(
            f"'{status}' is not a checklist status; use one of {', '.join(STATUSES)}."
        )
    reason = reason.strip()
    if normalised == "not applicable" and not reason:
        raise ChecklistChangeError("Marking an item not applicable needs a short reason.")
    if workshop is not None and (not _is_int(workshop) or workshop not in WORKSHOPS):
        raise ChecklistChangeError(f"Workshop must be a number from 1 to 8, not {workshop!r}.")
    if entry is not None and (entry.team_id != team_id or entry.item_id != item_id):
        raise ChecklistChangeError(
            f"This entry belongs to team {entry.team_id}, item {entry.item_id}, "
            f"not team {team_id}, item {item_id}."
        )
    if entry is None:
        # The same id on every laptop: two tables' first changes to one item are changes to
        # one record (merged field by field, both steps kept), not two records of which the
        # later hides the other.
        entry = ChecklistEntry(id=stable_id(f"checklist:{team_id}:{item_id}"),
                               team_id=team_id, item_id=item_id)
    new_evidence = entry.evidence if evidence is None else evidence.strip()
    step = {
        "at": at or now_iso(),
        "workshop": workshop,
        "status": normalised,
        "evidence": new_evidence,
        "by": by,
        "reason": reason,
    }
    if evidence_only:
        step["change"] = EVIDENCE_ONLY
    return dataclasses.replace(
        entry,
        status=normalised,
        evidence=new_evidence,
        reason=reason,
        workshop=workshop,
        by=by,
        history=[*(dict(s) for s in entry.history), step],
    )


def _timeline(entry: ChecklistEntry) -> list[tuple[float, dict[str, Any]]]:
    """History steps with the workshop they count towards, in that order.

    A step recorded without a workshop happened between workshops: it counts half a
    workshop after the step before it, so "since workshop 2" includes it.
    """
    steps = entry.history
    if not steps:
        steps = [
            {
                "at": entry.updated_at or entry.created_at,
                "workshop": entry.workshop,
                "status": entry.status,
                "evidence": entry.evidence,
                "by": entry.by,
                "reason": entry.reason,
            }
        ]
    timeline: list[tuple[float, dict[str, Any]]] = []
    last = 0.0
    for step in steps:
        number = step.get("workshop")
        if isinstance(number, int) and not isinstance(number, bool):
            when = float(number)
        else:
            when = last + 0.5 if last == int(last) else last
        last = max(last, when)
        timeline.append((when, step))
    timeline.sort(key=lambda pair: pair[0])
    return timeline


def status_at(entry: ChecklistEntry | None, workshop: int) -> str:
    """The status as it stood at the end of a workshop (0 = before the programme began)."""
    if entry is None:
        return "not started"
    status = "not started"
    for when, step in _timeline(entry):
        if when > workshop:
            break
        if step.get("change") == EVIDENCE_ONLY:
            continue  # its status is only what that laptop saw
        status = normalise_status(str(step.get("status", ""))) or status
    return status


def standing_after_each_step(entry: ChecklistEntry) -> dict[int, str]:
    """The status each history step left the item at (by the step's `id()`), replayed in
    the order `status_at` replays them: an evidence-only step leaves the status as it was."""
    status = "not started"
    standing: dict[int, str] = {}
    for _, step in _timeline(entry):
        if step.get("change") != EVIDENCE_ONLY:
            status = normalise_status(str(step.get("status", ""))) or status
        standing[id(step)] = status
    return standing


def changes_since(
    entries: Iterable[ChecklistEntry], workshop: int, checklist: Checklist | None = None
) -> list[ChecklistChange]:
    """Items whose status differs now from the end of a workshop, for "since workshop N".

    Ordered by team, then by the checklist's item order when one is given.
    """
    order = {item.id: n for n, item in enumerate(checklist.items)} if checklist else {}
    moved: list[ChecklistChange] = []
    for entry in entries:
        if entry.deleted:
            continue
        before = status_at(entry, workshop)
        after = normalise_status(entry.status) or entry.status
        if before == after:
            continue
        last = _timeline(entry)[-1][1]
        moved.append(
            ChecklistChange(
                team_id=entry.team_id,
                item_id=entry.item_id,
                before=before,
                after=after,
                workshop=entry.workshop,
                evidence=entry.evidence,
                by=entry.by,
                at=str(last.get("at", "")),
            )
        )
    moved.sort(key=lambda c: (c.team_id, order.get(c.item_id, len(order)), c.item_id))
    return moved


def _current_entries(entries: Iterable[ChecklistEntry]) -> dict[tuple[str, str], ChecklistEntry]:
    """One live entry per (team, item); if two laptops made one each, the later one wins."""
    chosen: dict[tuple[str, str], ChecklistEntry] = {}
    for entry in entries:
        if entry.deleted:
            continue
        key = (entry.team_id, entry.item_id)
        held = chosen.get(key)
        if held is None or (entry.updated_at or entry.created_at, entry.rev) >= (
            held.updated_at or held.created_at,
            held.rev,
        ):
            chosen[key] = entry
    return chosen


def _is_public_advisor(role: str) -> bool:
    return normalise_role(role) == PUBLIC_ADVISOR


def team_flags(
    checklist: Checklist,
    team_id: str,
    members: Iterable[Member],
    attendance: Iterable[Attendance],
    entries: Iterable[ChecklistEntry],
    current_workshop: int,
) -> list[Flag]:
    """What a facilitator should raise with a team now: public involvement first, then lateness.

    Public advisors who join after the plan is shaped feel tokenistic, so their absence and
    late arrival are flagged alongside overdue checklist items.
    """
    flags: list[Flag] = []
    team_members = [m for m in members if m.team_id == team_id and not m.deleted]
    advisors = [
        m
        for m in team_members
        if _is_public_advisor(m.role) and m.joined_workshop <= current_workshop
        and (m.left_workshop is None or m.left_workshop > current_workshop)
    ]
    if current_workshop >= 2:
        first = min((m.joined_workshop for m in advisors), default=None)
        if first is None:
            flags.append(
                Flag(
                    "no-public-advisor",
                    "No public advisor among the team's members (one was expected by workshop 2).",
                )
            )
        elif first > 2:
            flags.append(
                Flag(
                    "public-advisor-late",
                    f"Public advisor joined late (workshop {first}), after the plan took shape.",
                )
            )
    if advisors:
        absent = _advisor_absent_at(team_id, advisors, attendance, current_workshop)
        if absent:
            (first_at, _), (last_at, _) = absent
            sent = [n for n, apologised in absent if apologised]
            why = "" if not sent else (
                "; apologies were sent for both" if len(sent) == 2
                else f"; apologies were sent for workshop {sent[0]}")
            flags.append(
                Flag(
                    "public-advisor-absent",
                    f"No public advisor present at the last two workshops "
                    f"({first_at} and {last_at}){why}.",
                )
            )
    current = _current_entries(entries)
    for item in checklist.items:
        entry = current.get((team_id, item.id))
        status = normalise_status(entry.status) if entry else "not started"
        if status not in SETTLED and item.expected_by < current_workshop:
            flags.append(
                Flag(
                    "overdue",
                    f'Overdue: "{item.prompt}" ({item.id}) was expected by workshop '
                    f"{item.expected_by} and is {status or 'not started'}.",
                    item.id,
                )
            )
    return flags


def _advisor_absent_at(
    team_id: str,
    advisors: Sequence[Member],
    attendance: Iterable[Attendance],
    current_workshop: int,
) -> tuple[tuple[int, bool], tuple[int, bool]] | None:
    """The last two workshops with a register for the team, if no public advisor was at either,
    each with whether an advisor sent apologies for it."""
    advisor_ids = {m.id for m in advisors}
    since = min((m.joined_workshop for m in advisors), default=1)
    recorded: dict[int, bool] = {}
    apologised: set[int] = set()
    for record in attendance:
        if record.deleted or record.team_id != team_id or record.workshop > current_workshop:
            continue
        if record.workshop < since:  # before any advisor had joined: not an absence
            continue
        advisor = _is_public_advisor(record.role) or record.member_id in advisor_ids
        advisor_here = advisor and record.status == "present"
        if advisor and record.status == "apologies":
            apologised.add(record.workshop)
        recorded[record.workshop] = recorded.get(record.workshop, False) or advisor_here
    last_two = sorted(recorded)[-2:]
    if len(last_two) < 2 or any(recorded[n] for n in last_two):
        return None
    return (last_two[0], last_two[0] in apologised), (last_two[1], last_two[1] in apologised)


def stage_counts(
    checklist: Checklist,
    entries: Iterable[ChecklistEntry],
    team_ids: Iterable[str] | None = None,
) -> dict[str, dict[str, int]]:
    """How many items sit in each status per stage, counting items without an entry as not started.

    Every team in team_ids (default: the teams found in entries, or one team if none)
    counts every item once; entries for items the checklist lacks are ignored.
    """
    current = _current_entries(entries)
    teams = list(dict.fromkeys(team_ids)) if team_ids is not None else None
    if teams is None:
        teams = list(dict.fromkeys(team for team, _ in current)) or [""]
    counts = {stage.id: dict.fromkeys(STATUSES, 0) for stage in checklist.stages}
    for team in teams:
        for item in checklist.items:
            entry = current.get((team, item.id))
            status = (normalise_status(entry.status) if entry else None) or "not started"
            counts[item.stage][status] += 1
    return counts
