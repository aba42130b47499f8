"""Finding what was said: one search across every workshop, team and kind of entry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..model import Action, Cig, Note, Tally, Team
from ..store import Store

Entry = Note | Action | Tally


@dataclass(frozen=True)
class Hit:
    """One entry that matched, with the team it belongs to, for a results list."""

    entry: Entry
    team: Team | None
    cig: Cig | None


def entry_text(entry: Entry) -> str:
    """Everything a person might search an entry by."""
    if isinstance(entry, Tally):
        return " ".join([entry.question, *entry.counts])
    words = [entry.text]
    if isinstance(entry, Action):
        words += [entry.owner, entry.due]
    else:
        words += [*entry.tags, entry.speaker_role, entry.kind]
    return " ".join(words)


def search(store: Store, text: str, *, limit: int = 200) -> list[Hit]:
    """Entries whose text, owner, tags or role hold every word typed; newest workshop first."""
    words = text.casefold().split()
    if not words:
        return []
    teams = {t.id: t for t in store.all(Team)}
    cigs = {c.id: c for c in store.all(Cig)}
    everything: list[Entry] = [*store.all(Note), *store.all(Action), *store.all(Tally)]
    found = [e for e in everything if all(w in entry_text(e).casefold() for w in words)]
    found.sort(key=lambda e: (-e.workshop, e.created_at, e.id))
    hits = []
    for entry in found[:limit]:
        team = teams.get(entry.team_id)
        hits.append(Hit(entry, team, cigs.get(team.cig_id) if team else None))
    return hits


@dataclass(frozen=True)
class TeamsAt:
    """A TinyDB query: records of some teams at one workshop.

    A plain test on each stored record, about ten times quicker than the same query built
    from `Query()` on a full programme (12,000 entries: 12 ms a table); hashable, so TinyDB
    keeps its answer in its query cache until the next change.
    """

    workshop: int
    team_ids: frozenset[str]

    def __call__(self, value: Mapping[Any, Any]) -> bool:
        return value.get("workshop") == self.workshop and value.get("team_id") in self.team_ids


def day_entries(store: Store, workshop: int, team_ids: list[str]) -> list[Entry]:
    """A workshop's entries for some teams, in the order they were taken."""
    wanted = TeamsAt(workshop, frozenset(team_ids))
    everything: list[Entry] = [
        *store.find(Note, wanted),
        *store.find(Action, wanted),
        *store.find(Tally, wanted),
    ]
    return sorted(everything, key=lambda e: (e.created_at, e.id))
