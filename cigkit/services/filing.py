"""A line typed at a table, filed as the entry its prefixes say it is, and never refused.

The note-taker cannot stop to fix a typo while the table talks on, so what cigkit cannot read
in a line is kept in its text and named beside it, to be fixed later in the timeline.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UserError
from ..model import Record
from ..store import Store
from . import programme, tallies
from .logbook import EntryError, log_entry, parse_quick


@dataclass(frozen=True)
class Filed:
    """A typed line as stored, with what could not be understood in it (shown beside it)."""

    entry: Record
    problems: tuple[str, ...] = ()


def file_line(
    store: Store,
    line: str,
    workshop: int,
    team_id: str,
    *,
    sharing: str = "team",
    block: int | None = None,
    created_at: str | None = None,
) -> Filed:
    """Store one line typed at a table as the entry its prefixes say it is.

    A line is never refused for what is in it: a tag or due date that cannot be read stays
    in the text and a vote that cannot be counted is kept as a note, each with its problem
    named, so nothing typed is lost or merged with the next line and it can be fixed later.
    """
    members = [m.name for m in programme.members(store, team_id)]
    quick = parse_quick(line, members, lenient=True)
    problems = list(quick.problems)
    chosen = quick.sharing or sharing
    if quick.kind == "tally":
        try:
            question, counts = tallies.parse_tally(quick.text)
        except UserError as error:
            problems.append(f"{error} Kept as a note.")
        else:
            vote = tallies.record_tally(store, workshop, team_id, question, counts, block=block,
                                        sharing=chosen, created_at=created_at)
            return Filed(vote, tuple(problems))
    kind = "note" if quick.kind == "tally" else quick.kind
    try:
        entry = log_entry(store, kind, workshop, team_id, quick.text, tags=list(quick.tags),
                          sharing=chosen, owner=quick.owner, due=quick.due, block=block,
                          speaker_role=quick.speaker_role, created_at=created_at)
    except EntryError as error:  # e.g. a tag too long to store: keep the words as typed
        problems.append(f"{error} Kept as a plain note.")
        entry = log_entry(store, "note", workshop, team_id, " ".join(line.split()),
                          sharing=chosen, block=block, created_at=created_at)
    return Filed(entry, tuple(problems))
