"""What the note-taker records: notes, decisions, questions and actions, and their changes."""

from __future__ import annotations

import os
import re
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from ..errors import UserError
from ..model import (
    ACTION_STATUSES,
    NOTE_KINDS,
    SHARING_LEVELS,
    Action,
    Note,
    Record,
    Tally,
    normalise_role,
    now_iso,
)
from ..store import Store
from . import programme

ENTRY_KINDS = ("note", "decision", "question", "action")
TAG_PATTERN = re.compile(r"^[\w][\w:/.+-]{0,63}$")
R = TypeVar("R", bound=Record)


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


# -- what the note-taker types: quick prefixes, tags, speaker role, owner, due -------------

WARD_TAGS: dict[str, tuple[str, ...]] = {
    "why": ("local-solutions", "policy", "adopt-practice", "change-practice", "research"),
    "whose": ("researchers", "practitioners", "public", "decision-makers", "developers"),
    "what": ("scientific", "technical", "practical-wisdom"),
    "how": ("connections", "dissemination", "coproduction"),
}
"""Ward's four questions for knowledge mobilisers, with their categories, as tag words."""

KIND_PREFIXES = {"n": "note", "d": "decision", "q": "question", "a": "action", "v": "tally"}
SHARING_PREFIXES = {"p": "programme", "t": "team", "i": "internal"}
QUICK_SYNTAX_HELP = (
    "d: decision  q: question  a: action @owner due:2026-12-01|by w4  v: vote Q | opt 3 | opt 5  "
    "p: programme  ! internal  #what:scientific  [public advisor]"
)
_PREFIX = re.compile(r"^\s*(?:(?P<letter>[ndqavpti])\s*:(?=\s|$)|(?P<bang>!)(?=\s|$))\s*", re.I)
_TAG = re.compile(r"(?<![\w#])#(?P<tag>[A-Za-z][\w:-]*)")
_SPEAKER = re.compile(r"\[(?P<who>[^\[\]]{1,40})\]")
_DUE = re.compile(
    r"(?<!\S)(?:due:\s*(?P<due>\S+)|by\s+(?P<by>(?:workshop\s*|w)[1-8]))(?!\S)", re.I
)


@dataclass(frozen=True)
class QuickEntry:
    """One typed line understood: its kind, clean text and the extras the prefixes gave."""

    kind: str
    text: str
    sharing: str | None = None
    tags: tuple[str, ...] = ()
    speaker_role: str = ""
    owner: str = ""
    due: str = ""
    problems: tuple[str, ...] = ()
    """What could not be understood (lenient parsing only); that part stays in `text`."""


def ward_tag(text: str) -> str:
    """A tag as stored: Ward's 'question:category' spelled in full, or a free tag as typed."""
    question, colon, category = text.lower().partition(":")
    if not colon or question not in WARD_TAGS:
        return text
    choices = WARD_TAGS[question]
    hits = [c for c in choices if c.startswith(category)] if category else []
    if category in choices:
        return f"{question}:{category}"
    if len(hits) == 1:
        return f"{question}:{hits[0]}"
    problem = "could be more than one of" if hits else "is not one of"
    listed = hits or choices  # when it is ambiguous, only the ones it could be
    raise EntryError(f"Tag {text!r} {problem} Ward's categories: " +
                     ", ".join(f"{question}:{c}" for c in listed) + ".")


def _owner(rest: str, members: list[str]) -> tuple[str, str]:
    """The owner after '@' (a member's name, first name or a free word) and the text left."""
    lowered = rest.casefold()
    for name in sorted(members, key=len, reverse=True):
        if lowered.startswith(name.casefold()):
            return name, rest[len(name):]
    word, _, after = rest.partition(" ")
    firsts = [m for m in members if m.split()[0].casefold() == word.casefold()]
    if len(firsts) == 1:
        return firsts[0], after
    return word.replace("_", " "), after


def parse_quick(line: str, members: list[str] | None = None, *,
                lenient: bool = False) -> QuickEntry:
    """Understand one typed line, e.g. 'a: ! Book a room @Sam by w4 #how:connections'.

    Strict parsing raises EntryError at the first problem. Lenient parsing never refuses a
    line: a tag or due date it cannot read stays in the text and is named in `problems`, and
    a line of nothing but prefixes is kept whole as a note.
    """
    members = members or []
    problems: list[str] = []

    def tolerate(error: EntryError) -> None:
        if not lenient:
            raise error
        problems.append(str(error))
    kind, sharing, text = "note", None, line
    while True:
        match = _PREFIX.match(text)
        if match is None:
            break
        letter = (match.group("letter") or "").lower()
        if match.group("bang"):
            sharing = "internal"
        elif letter in KIND_PREFIXES:
            kind = KIND_PREFIXES[letter]
        else:
            sharing = SHARING_PREFIXES[letter]
        text = text[match.end():]
    tags: list[str] = []
    speaker, owner, due = "", "", ""
    if kind != "tally":
        def take_tag(match: re.Match[str]) -> str:
            try:
                tags.append(ward_tag(match.group("tag")))
            except EntryError as error:
                tolerate(error)
                return match.group(0)
            return ""

        text = _TAG.sub(take_tag, text)
        found = _SPEAKER.search(text)
        if found:
            raw = found.group("who").strip()
            speaker = normalise_role(raw) or raw
            text = text[: found.start()] + text[found.end():]
    if kind == "action":
        due_match = _DUE.search(text)
        if due_match:
            due = due_match.group("due") or f"by {due_match.group('by')}"
            try:
                parse_due(due)
                text = text[: due_match.start()] + text[due_match.end():]
            except EntryError as error:
                tolerate(error)
                due = ""
        at = re.search(r"(?<!\S)@(\S)", text)
        if at:
            owner, after = _owner(text[at.start() + 1:], members)
            text = text[: at.start()] + after
    cleaned = " ".join(text.split())
    if not cleaned:
        tolerate(EntryError("There is nothing to save after the prefixes."))
        kind, cleaned = "note", " ".join(line.split())
    return QuickEntry(kind=kind, text=cleaned, sharing=sharing, tags=tuple(sorted(set(tags))),
                      speaker_role=speaker, owner=owner, due=due, problems=tuple(problems))


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
