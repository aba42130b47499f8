"""Actions in the minutes: each one's status at a workshop, replayed from its history, and a
team's actions at a workshop (new, still open with their age, closed since the last one).

Actions come back workshop after workshop until they are closed, so the minutes, the CIG
summary and the overview all ask the same questions of them; each is answered once.
"""

from __future__ import annotations

from typing import Any

from cigkit.model import ACTION_STATUSES, Action

from .gather import ProgrammeData, per_programme

View = dict[str, Any]


def _date_of(data: ProgrammeData, number: int) -> str:
    """The day a workshop was held (its clock's first start), else the day it is planned for."""
    workshop = data.workshops.get(number)
    return data.ran_on.get(number) or (workshop.date if workshop else "")


def action_status_at(data: ProgrammeData, action: Action, number: int) -> str:
    """An action's status at the end of a workshop, replayed from its history (once per
    action and workshop: the minutes, the CIG summary and the overview all ask)."""
    key = ("action_status_at", action.id, number)
    found: str | None = data.memo.get(key)
    if found is None:
        found = data.memo[key] = _replay_action(data, action, number)
    return found


def _replay_action(data: ProgrammeData, action: Action, number: int) -> str:
    """The status at the end of workshop `number`, replayed from the action's history.

    A change recorded without a workshop counts from the day it was made. A step that gave
    the action a new owner or due date (or undid one) decided nothing about it: it carries
    the status its laptop saw, which another laptop may have changed meanwhile, so it is
    passed over; and once every step counts, the action's own status (merged from every
    laptop) is the answer.
    """
    if not action.history:
        return action.status
    day = _date_of(data, number)
    hands = {str(step.get("at", "")) for step in action.history if step.get("change")}
    status, later = "open", False
    for step in action.history:
        when = step.get("workshop")
        if isinstance(when, int) and not isinstance(when, bool):
            if when > number:
                later = True
                continue
        elif day and str(step.get("at", ""))[:10] > day:
            later = True
            continue
        if step.get("change") or (step.get("undid") and str(step.get("undoes")) in hands):
            continue
        value = "open" if step.get("status") == "carried" else step.get("status")
        if value in ACTION_STATUSES:
            status = str(value)
    return status if later else action.status


def is_overdue(data: ProgrammeData, action: Action, number: int) -> bool:
    """Open at workshop `number` although due at an earlier workshop or an earlier date."""
    if action_status_at(data, action, number) != "open":
        return False
    if action.due_workshop is not None and action.due_workshop < number:
        return True
    day = _date_of(data, number)
    return bool(action.due and day and action.due < day)


def due_text(action: Action) -> str:
    if action.due_workshop is not None:
        return f"by workshop {action.due_workshop}"
    return action.due


def _action_row(data: ProgrammeData, action: Action, number: int) -> View:
    return {
        "text": action.text,
        "owner": action.owner,
        "due": due_text(action),
        "status": action_status_at(data, action, number),
        "from_workshop": action.workshop,
        "age": number - action.workshop,
        "overdue": is_overdue(data, action, number),
    }


@per_programme
def team_actions(data: ProgrammeData, team_id: str, number: int, levels: frozenset[str]) -> View:
    """New today, still open from earlier (with age), and closed since the last workshop."""
    new, still_open, closed = [], [], []
    for action in data.actions.get(team_id, []):
        if action.sharing not in levels or action.workshop > number:
            continue
        row = _action_row(data, action, number)
        if action.workshop == number:
            new.append(row)
        elif row["status"] == "open":
            still_open.append(row)
        elif action_status_at(data, action, number - 1) == "open":
            closed.append(row)
    return {"new": new, "open": still_open, "closed": closed}
