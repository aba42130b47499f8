"""Dot-votes and shows of hands at a table, recorded on behalf of the people in the room."""

from __future__ import annotations

import re

from ..errors import UserError
from ..model import SHARING_LEVELS, Tally, now_iso
from ..store import Store
from . import programme


class TallyError(UserError):
    """A vote that cannot be recorded as typed."""


_OPTION = re.compile(r"^(?P<name>.*?)\s*(?:=|:|\s)\s*(?P<count>\d{1,4})$")


def parse_tally(text: str) -> tuple[str, dict[str, int]]:
    """'Which first? | access 5 | cost=3' -> ('Which first?', {'access': 5, 'cost': 3})."""
    question, *options = (part.strip() for part in text.split("|"))
    if not question:
        raise TallyError("A vote needs a question before the first '|'.")
    counts: dict[str, int] = {}
    for option in options:
        if not option:
            continue
        match = _OPTION.match(option)
        name, count = (match.group("name"), int(match.group("count"))) if match else (option, 0)
        name = name.strip()
        if not name:
            raise TallyError(f"Option {option!r} has a count but no name.")
        counts[name] = counts.get(name, 0) + count
    if not counts:
        raise TallyError(
            "A vote needs options after the question, e.g. 'v: Which first? | access 5 | cost 3'."
        )
    return question, counts


def record_tally(
    store: Store,
    workshop: int,
    team_id: str,
    question: str,
    counts: dict[str, int],
    *,
    block: int | None = None,
    sharing: str = "team",
    created_at: str | None = None,
) -> Tally:
    """Store one vote durably and return it as saved."""
    if sharing not in SHARING_LEVELS:
        raise TallyError(f"Sharing level {sharing!r} is not one of {', '.join(SHARING_LEVELS)}.")
    if any(n < 0 for n in counts.values()):
        raise TallyError("A vote count cannot be negative.")
    programme.workshop(store, workshop)
    tally = Tally(workshop=workshop, team_id=team_id, question=question.strip(),
                  counts=dict(counts), block=block, sharing=sharing,
                  created_at=created_at or now_iso())
    return store.save(tally)


def add_votes(store: Store, tally: Tally, option: str, delta: int = 1) -> Tally:
    """One more (or fewer) hand for an option; a new option starts at zero."""
    count = tally.counts.get(option, 0) + delta
    if count < 0:
        raise TallyError(f"{option!r} has no votes to take away.")
    tally.counts[option] = count
    return store.save(tally)


def ranked(tally: Tally) -> list[tuple[str, int]]:
    """Options with the most votes first; ties keep the order they were typed in."""
    order = list(tally.counts)
    return sorted(tally.counts.items(), key=lambda kv: (-kv[1], order.index(kv[0])))


def summary(tally: Tally) -> str:
    """One line for a list: the question and its options, most votes first."""
    options = ", ".join(f"{name} {count}" for name, count in ranked(tally))
    return f"{tally.question} — {options}"


def edit_tally(store: Store, tally: Tally, text: str) -> Tally:
    """Replace a vote's question and counts with a retyped 'question | option n | ...'."""
    tally.question, tally.counts = parse_tally(text)
    return store.save(tally)


def as_text(tally: Tally) -> str:
    """The vote as it would be typed, for editing."""
    return " | ".join([tally.question, *(f"{k} {v}" for k, v in tally.counts.items())])
