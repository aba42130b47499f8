"""Conflicts in a facilitator's words, one at a time, and settling them.

Two laptops that changed the same field without seeing each other's change leave a
conflict: the later change is kept, the other is listed until someone settles it, keeping
what is shown or taking the lost value. `sync.conflict_lines` prints them for the command
line; this module gives the app each part separately (the record, the field, both values
and both laptops by name) and settles one as an ordinary, undoable save.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import TABLES, Record, Team
from ..store import Conflict, Store
from .devices import device_names, display_name
from .programme import NotFoundError
from .sync import KIND_WORDS

VALUE_WIDTH = 60


def conflict_key(conflict: Conflict) -> str:
    """One conflict, the same on every look and on every laptop: the key `cigkit conflicts`
    prints and `cigkit conflicts settle KEY` takes."""
    return conflict.key


@dataclass(frozen=True)
class ConflictView:
    """One conflict as the app shows it."""

    conflict: Conflict
    record: str
    """What was changed twice, e.g. "action 'Book the room' (Crisis Cafe)"."""
    field: str
    """The field in words: "due workshop"."""
    kept: str
    kept_by: str
    lost: str
    lost_by: str

    @property
    def key(self) -> str:
        return conflict_key(self.conflict)


def value_words(value: Any) -> str:
    """A field's value as a person reads it: text in quotes, nothing as 'nothing'."""
    if value is None or value == "":
        return "nothing"
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = f"'{value}'" if isinstance(value, str) else str(value)
    text = "".join(c if c.isprintable() else " " for c in text)
    return text if len(text) <= VALUE_WIDTH else text[: VALUE_WIDTH - 2] + "…'"


def _record_words(store: Store, conflict: Conflict, teams: dict[str, str]) -> str:
    kind = TABLES.get(conflict.table)
    one = KIND_WORDS.get(conflict.table, (conflict.table, conflict.table))[0]
    record = store.get(kind, conflict.record_id, include_deleted=True) if kind else None
    if record is None:
        return f"{one} {conflict.record_id[:8]}"
    data = record.to_dict()
    words = str(data.get("text") or data.get("name") or data.get("question")
                or data.get("item_id") or "")
    words = "".join(c if c.isprintable() else " " for c in words)
    short = words if len(words) <= 40 else words[:39] + "…"
    team = teams.get(str(data.get("team_id", "")), "")
    gone = " (deleted)" if record.deleted else ""
    return f"{one} '{short}'" + (f" ({team})" if team else "") + gone


def describe(store: Store, conflicts: list[Conflict] | None = None) -> list[ConflictView]:
    """Every conflict (or those given) in words, oldest first; device names read once."""
    found = store.conflicts() if conflicts is None else conflicts
    names = device_names(store)
    teams = {t.id: t.name for t in store.all(Team, include_deleted=True)}
    return [ConflictView(conflict=c, record=_record_words(store, c, teams),
                         field=c.field.replace("_", " "),
                         kept=value_words(c.kept),
                         kept_by=display_name(store, c.kept_device, names),
                         lost=value_words(c.lost),
                         lost_by=display_name(store, c.lost_device, names))
            for c in found]


def record_of(store: Store, conflict: Conflict) -> Record | None:
    """The record a conflict is about, as stored now."""
    kind = TABLES.get(conflict.table)
    return store.get(kind, conflict.record_id, include_deleted=True) if kind else None


def settle(store: Store, conflict: Conflict, *, take_lost: bool) -> Record | None:
    """Keep what is shown, or take the lost value; returns the record as it is afterwards.

    A conflict another laptop settled meanwhile is not settled twice.
    """
    if conflict_key(conflict) not in {conflict_key(c) for c in store.conflicts()}:
        raise NotFoundError("That conflict is settled already (perhaps on another laptop).")
    store.resolve(conflict, keep_lost=take_lost)
    return record_of(store, conflict)


__all__ = ["ConflictView", "conflict_key", "describe", "record_of", "settle", "value_words"]
