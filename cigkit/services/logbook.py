"""What the note-taker records: notes, decisions, questions and actions, and their changes.

Storing, editing, re-kinding and sharing entries lives here; reading a typed line is in
`logbook_quick` and changing an agreed action in `logbook_actions`, both re-exported here so
callers keep one name, `logbook`, for all of it.
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager, nullcontext
from typing import Any, TypeVar

from ..model import NOTE_KINDS, SHARING_LEVELS, Action, Note, Record, Tally, now_iso
from ..store import Store
from . import programme
from .logbook_actions import assign_action as assign_action
from .logbook_actions import author as author
from .logbook_actions import change_step as change_step
from .logbook_actions import due_text as due_text
from .logbook_actions import find_action as find_action
from .logbook_actions import owner_name as owner_name
from .logbook_actions import set_action_due as set_action_due
from .logbook_actions import set_action_status as set_action_status
from .logbook_quick import KIND_PREFIXES as KIND_PREFIXES
from .logbook_quick import QUICK_SYNTAX_HELP as QUICK_SYNTAX_HELP
from .logbook_quick import SHARING_PREFIXES as SHARING_PREFIXES
from .logbook_quick import WARD_TAGS as WARD_TAGS
from .logbook_quick import EntryError as EntryError
from .logbook_quick import QuickEntry as QuickEntry
from .logbook_quick import parse_due as parse_due
from .logbook_quick import parse_quick as parse_quick
from .logbook_quick import ward_tag as ward_tag

ENTRY_KINDS = ("note", "decision", "question", "action")
TAG_PATTERN = re.compile(r"^[\w][\w:/.+-]{0,63}$")
R = TypeVar("R", bound=Record)


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
    created_at: str | None = None,
) -> Record:
    """Store one entry durably and return it as saved (`created_at` keeps typing order)."""
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
                    "at": created_at or now_iso(),
                    "workshop": workshop,
                    "status": "open",
                    "by": author(store),
                    "reason": "",
                }
            ],
        )
        if created_at:
            action.created_at = created_at
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
    if created_at:
        note.created_at = created_at
    return store.save(note)


def find_entry(store: Store, entry_id: str) -> Note | Action | Tally:
    """A note, action or vote by id or an unambiguous id prefix (at least 6 characters)."""
    wanted = entry_id.strip().lower()
    kinds: tuple[type[Note] | type[Action] | type[Tally], ...] = (Note, Action, Tally)
    for kind in kinds:
        exact = store.get(kind, wanted)
        if exact is not None:
            return exact
    if len(wanted) >= 6:
        hits = [e for kind in kinds for e in store.all(kind) if e.id.startswith(wanted)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise programme.NotFoundError(f"Entry id {entry_id!r} is ambiguous: give more of it.")
    raise programme.NotFoundError(f"There is no note, action or vote with id {entry_id!r}.")


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


def visible_to(entries: list[R], audience: str) -> list[R]:
    """What each audience may read: team minutes, programme summaries, or facilitators."""
    allowed = {
        "team": ("team", "programme"),
        "programme": ("programme",),
        "facilitators": SHARING_LEVELS,
    }.get(audience)
    if allowed is None:
        raise EntryError(f"Audience {audience!r} is not one of team, programme, facilitators.")
    return [e for e in entries if getattr(e, "sharing", "team") in allowed]


NOTE_ONLY_FIELDS = ("kind", "tags", "speaker_role")
ACTION_ONLY_FIELDS = ("owner", "due", "due_workshop", "status", "history")


def change_kind(store: Store, record: Note | Action, kind: str) -> Note | Action:
    """Turn a note into a decision, question or action (or back), keeping every field.

    An entry keeps its id across the notes and actions tables: the old kind is tombstoned and
    the new one written under the same id, carrying what only the old kind has (an action's
    owner, due and history; a note's kind, tags and speaker) in `other_kind`, so action ->
    note -> action gets its owner and due date back, and undo or another laptop see one entry.
    """
    wanted = "discussion" if kind == "note" else kind
    if wanted not in NOTE_KINDS and wanted != "action":
        raise EntryError(f"Entry kind {kind!r} is not one of {', '.join(ENTRY_KINDS)}.")
    if isinstance(record, Note) and wanted in NOTE_KINDS:
        return edit_entry(store, record, kind=wanted)  # type: ignore[return-value]
    if isinstance(record, Action) and wanted == "action":
        return record
    shared: dict[str, Any] = {
        "id": record.id, "workshop": record.workshop, "team_id": record.team_id,
        "text": record.text, "sharing": record.sharing, "block": record.block,
        "created_at": record.created_at}
    kept = record.other_kind
    made: Note | Action
    if isinstance(record, Note):
        history = list(kept.get("history") or [{
            "at": now_iso(), "workshop": record.workshop, "status": "open",
            "by": author(store), "reason": ""}])
        made = Action(**shared, owner=str(kept.get("owner", "")), due=str(kept.get("due", "")),
                      due_workshop=kept.get("due_workshop"),
                      status=str(kept.get("status", "open")), history=history,
                      other_kind={name: getattr(record, name) for name in NOTE_ONLY_FIELDS})
    else:
        made = Note(**shared, kind=wanted, tags=list(kept.get("tags", [])),
                    speaker_role=str(kept.get("speaker_role", "")),
                    other_kind={name: getattr(record, name) for name in ACTION_ONLY_FIELDS})
    with all_or_nothing(store):
        # The new kind first: if the second write fails, the entry shows twice, never not at all.
        saved = store.save(made)
        store.delete(record)
    return saved


def all_or_nothing(store: Store) -> AbstractContextManager[object]:
    """The store's transaction when it has one; else saves go one by one, ordered by callers
    so that a failure part way leaves something visible twice rather than lost."""
    begin = getattr(store, "transaction", None)
    return begin() if callable(begin) else nullcontext()


def set_sharing(store: Store, record: R, sharing: str) -> R:
    """Move a note, action or vote to another sharing level (team, programme, internal)."""
    if sharing not in SHARING_LEVELS:
        raise EntryError(f"Sharing level {sharing!r} is not one of {', '.join(SHARING_LEVELS)}.")
    record.sharing = sharing  # type: ignore[attr-defined]
    return store.save(record)


def delete_entry(store: Store, record: Record) -> Record:
    """Tombstone an entry: it leaves every list and export, and `restore_entry` brings it back."""
    return store.delete(record)


def restore_entry(store: Store, record: Record) -> Record:
    return store.restore(record)
