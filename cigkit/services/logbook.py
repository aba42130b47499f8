"""What the note-taker records: notes, decisions, questions and actions, and their changes."""

from __future__ import annotations

import os
import re
from datetime import date

from ..errors import UserError
from ..model import (
    ACTION_STATUSES,
    NOTE_KINDS,
    SHARING_LEVELS,
    Action,
    Note,
    Record,
    now_iso,
)
from ..store import Store
from . import programme

ENTRY_KINDS = ("note", "decision", "question", "action")
TAG_PATTERN = re.compile(r"^[\w][\w:/.+-]{0,63}$")


class EntryError(UserError):
    """A note or action that cannot be stored as given."""


def author(store: Store) -> str:
    """Who made a change: CIGKIT_USER if set, else this laptop's device id."""
    return os.environ.get("CIGKIT_USER", "").strip() or store.device


def _check_common(text: str, sharing: str, tags: list[str]) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise EntryError("The entry text is empty.")
    if sharing not in SHARING_LEVELS:
        raise EntryError(
            f"Sharing level {sharing!r} is not one of {', '.join(SHARING_LEVELS)}."
        )
    for tag in tags:
        if not TAG_PATTERN.match(tag):
            raise EntryError(f"Tag {tag!r} may hold only letters, digits and - _ : / . +")
    return cleaned


def parse_due(text: str) -> tuple[str, int | None]:
    """A due date as YYYY-MM-DD, or 'by workshop N' / 'wN'; returns (date, workshop)."""
    cleaned = text.strip().lower()
    if not cleaned:
        return "", None
    match = re.fullmatch(r"(?:by\s+)?(?:workshop\s*|w)([1-8])", cleaned)
    if match:
        return "", int(match.group(1))
    try:
        return date.fromisoformat(cleaned).isoformat(), None
    except ValueError:
        raise EntryError(
            f"Due {text!r} is neither a date (YYYY-MM-DD) nor 'by workshop N'."
        ) from None


def log_entry(
    store: Store,
    kind: str,
    workshop: int,
    team_id: str,
    text: str,
    *,
    tags: list[str] | None = None,
    sharing: str = "team",
    owner: str = "",
    due: str = "",
    block: int | None = None,
    speaker_role: str = "",
) -> Record:
    """Store one entry durably and return it as saved."""
    tags = sorted(set(tags or []))
    cleaned = _check_common(text, sharing, tags)
    programme.workshop(store, workshop)
    if kind == "action":
        due_date, due_workshop = parse_due(due)
        action = Action(
            workshop=workshop,
            team_id=team_id,
            text=cleaned,
            owner=owner.strip(),
            due=due_date,
            due_workshop=due_workshop,
            sharing=sharing,
            block=block,
            history=[
                {
                    "at": now_iso(),
                    "workshop": workshop,
                    "status": "open",
                    "by": author(store),
                    "reason": "",
                }
            ],
        )
        return store.save(action)
    if owner or due:
        raise EntryError("Only an action has an owner or a due date.")
    note_kind = "discussion" if kind == "note" else kind
    if note_kind not in NOTE_KINDS:
        raise EntryError(f"Entry kind {kind!r} is not one of {', '.join(ENTRY_KINDS)}.")
    note = Note(
        workshop=workshop,
        team_id=team_id,
        text=cleaned,
        kind=note_kind,
        tags=tags,
        sharing=sharing,
        block=block,
        speaker_role=speaker_role,
    )
    return store.save(note)


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


def edit_entry(store: Store, record: Note | Action, **changes: object) -> Record:
    """Change a note's or action's text, kind or sharing level, keeping its id."""
    for name, value in changes.items():
        if not hasattr(record, name):
            raise EntryError(f"An entry has no field {name!r}.")
        setattr(record, name, value)
    _check_common(record.text, record.sharing, list(getattr(record, "tags", [])))
    if isinstance(record, Note) and record.kind not in NOTE_KINDS:
        raise EntryError(f"Note kind {record.kind!r} is not one of {', '.join(NOTE_KINDS)}.")
    return store.save(record)
