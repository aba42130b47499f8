"""How an action changes after it is agreed: done, dropped, a new owner or due date.

Each change is a step in the action's history (who, when, at which workshop), so the
minutes and the review can tell what happened to it since it was logged.
"""

from __future__ import annotations

import os

from ..model import ACTION_STATUSES, Action, now_iso
from ..store import Store
from . import programme
from .logbook_quick import EntryError, parse_due


def author(store: Store) -> str:
    """Who made a change: CIGKIT_USER if set, else this laptop's device id."""
    return os.environ.get("CIGKIT_USER", "").strip() or store.device


def find_action(store: Store, action_id: str) -> Action:
    """An action by id or an unambiguous id prefix (at least 6 characters)."""
    wanted = action_id.strip().lower()
    exact = store.get(Action, wanted)
    if exact is not None:
        return exact
    if len(wanted) >= 6:
        hits = [a for a in store.all(Action) if a.id.startswith(wanted)]
        if len(hits) == 1:
            return hits[0]
    raise programme.NotFoundError(f"There is no action with id {action_id!r}.")


def set_action_status(
    store: Store,
    action: Action,
    status: str,
    *,
    workshop: int | None = None,
    reason: str = "",
    carry: bool = False,
) -> Action:
    """Mark an action done, dropped or open again; each change is kept in its history."""
    if status not in ACTION_STATUSES:
        raise EntryError(f"Action status {status!r} is not one of {', '.join(ACTION_STATUSES)}.")
    if status == "dropped" and not reason.strip() and not carry:
        reason = "dropped without a reason given"
    if status == action.status and not carry:
        return action
    action.history.append(
        {
            "at": now_iso(),
            "workshop": workshop,
            "status": "carried" if carry else status,
            "by": author(store),
            "reason": reason.strip(),
        }
    )
    action.status = status
    return store.save(action)


def change_step(store: Store, action: Action, workshop: int | None, what: str,
                 old: str, new: str) -> dict[str, object]:
    """A history step for a new owner or due date; the status stays what it was."""
    return {"at": now_iso(), "workshop": workshop, "status": action.status,
            "by": author(store), "reason": "", "change": what, "from": old, "to": new}


def owner_name(store: Store, team_id: str, text: str) -> str:
    """Who an action goes to: a team member by full or unique first name, else the words given."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise EntryError("The new owner is empty; give a name.")
    if len(cleaned) > 200 or any(ord(c) < 32 for c in text):
        raise EntryError("The owner must be one line of at most 200 characters.")
    members = programme.members(store, team_id)
    wanted = cleaned.casefold()
    hits = [m for m in members if m.name.casefold() == wanted]
    if not hits:
        hits = [m for m in members if m.name.split()[0].casefold() == wanted]
    if len(hits) != 1:
        return cleaned
    member = hits[0]
    if member.left_workshop is not None:
        raise EntryError(f"{member.name} left the team at workshop {member.left_workshop}; "
                         "give the action to someone still on it.")
    return member.name


def assign_action(store: Store, action: Action, owner: str, *,
                  workshop: int | None = None) -> Action:
    """Hand an action to someone else; the old and the new owner are kept in its history."""
    name = owner_name(store, action.team_id, owner)
    if workshop is not None:
        programme.workshop(store, workshop)
    if name == action.owner:
        return action
    action.history.append(change_step(store, action, workshop, "owner", action.owner, name))
    action.owner = name
    return store.save(action)


def due_text(due: str, due_workshop: int | None) -> str:
    """A due as it is typed back: "by workshop 4", "2026-12-01" or ""."""
    return f"by workshop {due_workshop}" if due_workshop is not None else due


def set_action_due(store: Store, action: Action, due: str, *,
                   workshop: int | None = None) -> Action:
    """Give an open action a new due date or workshop ("" removes it), kept in its history."""
    due_date, due_workshop = parse_due(due)
    if action.status != "open":
        raise EntryError(f"Action {action.id[:8]} is {action.status}; reopen it before giving "
                         "it a new due date.")
    if due_workshop is not None and due_workshop < action.workshop:
        raise EntryError(f"Due 'by workshop {due_workshop}' is before workshop "
                         f"{action.workshop}, where the action was agreed.")
    if workshop is not None:
        programme.workshop(store, workshop)
    old, new = due_text(action.due, action.due_workshop), due_text(due_date, due_workshop)
    if old == new:
        return action
    action.history.append(change_step(store, action, workshop, "due", old, new))
    action.due, action.due_workshop = due_date, due_workshop
    return store.save(action)
