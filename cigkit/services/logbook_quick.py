"""What the note-taker types, understood: quick prefixes, Ward's tags, speaker, owner, due.

Kept apart from storing entries so the log screen, filing and the help screen share one
reading of a typed line, and it can be tested without a store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..errors import UserError
from ..model import normalise_role


class EntryError(UserError):
    """A note or action that cannot be stored as given."""


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
