"""Actions between workshops: what each team still owes, what is overdue, and its history.

At each workshop the note-taker reviews, team by team, the actions still open from earlier
workshops (oldest first); across the programme, open actions can be filtered by owner and CIG.
"Overdue" and "due now" are counted from the day the workshop is held (see
`day.held_on`): the day its clock started, so on the day itself, today.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..model import Action, Cig, Team, parse_instant
from ..store import Store
from . import day, logbook, programme

OVERDUE = "overdue"
DUE_NOW = "due now"


@dataclass(frozen=True)
class ActionRow:
    """One action with the team and CIG it belongs to and how late it is at a workshop."""

    action: Action
    team: Team | None
    cig: Cig | None
    due_state: str
    reviewed_here: str


def workshop_date(store: Store, number: int, today: date | None = None) -> date | None:
    """The day actions are reviewed at a workshop: the day it is held (`day.held_on`)."""
    return day.held_on(store, programme.workshop(store, number), today)


def due_state(action: Action, workshop: int, on: date | None) -> str:
    """'overdue' when its workshop or date has passed, 'due now' when it falls today, else ''."""
    if action.status != "open":
        return ""
    if action.due_workshop is not None:
        if action.due_workshop < workshop:
            return OVERDUE
        if action.due_workshop == workshop:
            return DUE_NOW
    if action.due and on is not None:
        due = date.fromisoformat(action.due)
        if due < on:
            return OVERDUE
        if due == on:
            return DUE_NOW
    return ""


def reviewed_at(action: Action, workshop: int) -> str:
    """What was last decided about the action at this workshop ('done', 'carried'...) or ''."""
    undone = {change.get("undoes") for change in action.history if change.get("undid")}
    for change in reversed(action.history[1:]):
        if change.get("change"):  # a new owner or due date, not a decision on the action
            continue
        if change.get("undid") or change.get("at") in undone:
            continue  # an undo, and the step it cancelled, decided nothing
        if change.get("workshop") == workshop:
            status = str(change.get("status", ""))
            return "reopened" if status == "open" else status
    return ""


def _order(action: Action) -> tuple[int, str, str]:
    return (action.workshop, action.created_at, action.id)


def _rows(store: Store, actions: list[Action], workshop: int,
          today: date | None = None) -> list[ActionRow]:
    teams = {t.id: t for t in store.all(Team)}
    cigs = {c.id: c for c in store.all(Cig)}
    on = workshop_date(store, workshop, today)
    rows = []
    for action in sorted(actions, key=_order):
        team = teams.get(action.team_id)
        cig = cigs.get(team.cig_id) if team else None
        rows.append(ActionRow(action, team, cig, due_state(action, workshop, on),
                              reviewed_at(action, workshop)))
    return rows


def team_review(store: Store, team_id: str, workshop: int, *,
                today: date | None = None) -> list[ActionRow]:
    """Actions from earlier workshops still open, plus those settled at this one, oldest first."""
    earlier = [
        a for a in store.where(Action, team_id=team_id)
        if a.workshop < workshop and (a.status == "open" or reviewed_at(a, workshop))
    ]
    return _rows(store, earlier, workshop, today)


def open_actions(
    store: Store,
    workshop: int,
    *,
    cig_id: str | None = None,
    owner: str = "",
    today: date | None = None,
) -> list[ActionRow]:
    """Open actions across the programme, by team then age; owner matches any part of a name."""
    wanted = owner.strip().casefold()
    found = [
        a for a in store.where(Action, status="open")
        if not wanted or wanted in a.owner.casefold()
    ]
    rows = [r for r in _rows(store, found, workshop, today) if cig_id is None or
            (r.team is not None and r.team.cig_id == cig_id)]
    return sorted(rows, key=lambda r: ((r.cig.name if r.cig else "~"),
                                       (r.team.name if r.team else "~"), _order(r.action)))


def owners(store: Store) -> list[str]:
    """Everyone who owns an open action, for the owner filter."""
    return sorted({a.owner for a in store.where(Action, status="open") if a.owner},
                  key=str.casefold)


def due_words(action: Action) -> str:
    if action.due_workshop is not None:
        return f"by W{action.due_workshop}"
    return action.due or "no due date"


def history_lines(action: Action, who: Callable[[str], str] = str) -> list[str]:
    """Each step as a sentence: 'created at workshop 2 by demo', 'done at workshop 3 by me';
    `who` turns a step's `by` (a device id or a CIGKIT_USER name) into words ("Table 2")."""
    lines = []
    for index, change in enumerate(action.history):
        status = str(change.get("status", ""))
        verb = "created" if index == 0 and status == "open" else {
            "open": "reopened", "carried": "carried on"}.get(status, status)
        if change.get("undid"):
            verb = f"undid '{change['undid']}'"
        elif change.get("change") == "owner":
            verb = f"handed from {change.get('from') or 'nobody'} to {change.get('to') or 'nobody'}"
        elif change.get("change") == "due":
            verb = (f"due changed from {change.get('from') or 'no due date'} to "
                    f"{change.get('to') or 'no due date'}")
        number = change.get("workshop")
        where = f"at workshop {number}" if number else "between workshops"
        when = ""
        if change.get("at"):
            when = parse_instant(str(change["at"])).astimezone().strftime(" on %d %b %Y")
        by = f" by {who(str(change['by']))}" if change.get("by") else ""
        reason = f": {change['reason']}" if change.get("reason") else ""
        lines.append(f"{verb} {where}{when}{by}{reason}")
    return lines


def carry_on(store: Store, action: Action, workshop: int, due: str = "") -> Action:
    """Keep an action open into the next workshops, optionally with a new due date."""
    reason = ""
    if due.strip():
        action.due, action.due_workshop = logbook.parse_due(due)
        reason = f"now due {due_words(action)}"
    return logbook.set_action_status(store, action, "open", workshop=workshop, reason=reason,
                                     carry=True)
