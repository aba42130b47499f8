"""Undo for the app: each change remembered as the fields it set, put back as a new version.

An undo is an ordinary save of the earlier values onto the record as it is now, so it is
durable, survives a crash and reaches other laptops like any other change. Only the fields
the change set are put back, and only where nobody has changed them since, so a change made
meanwhile on another laptop is kept. History lists (actions, checklist items) only grow:
undoing a step adds a step that says so instead of removing one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ..model import BOOKKEEPING as STORE_BOOKKEEPING
from ..model import Action, ChecklistEntry, Note, Record, now_iso
from ..store import Store
from . import logbook

R = TypeVar("R")
BOOKKEEPING = STORE_BOOKKEEPING | {"created_at", "history"}
WITH_HISTORY = (Action, ChecklistEntry)
_FRESH_ENTRY = ChecklistEntry(team_id="", item_id="")
CHECKLIST_STATE = ("status", "evidence", "reason", "workshop", "by")


@dataclass(frozen=True)
class Step:
    """One record's part in a change: the record before (None if the change made it) and
    after, and the fields the change set."""

    kind: type[Record]
    record_id: str
    before: dict[str, Any] | None
    after: dict[str, Any]
    fields: tuple[str, ...]

    @property
    def added_history(self) -> bool:
        """The change added a step to the record's history (an action carried on, say)."""
        old = len((self.before or {}).get("history", []))
        return len(self.after.get("history", [])) > old


@dataclass(frozen=True)
class KindChange:
    """An entry moved between the notes and actions tables: undone by changing it back."""

    kind: type[Note] | type[Action]
    record_id: str
    back_to: str


@dataclass(frozen=True)
class Change:
    """One change made in the app, in the words shown when it is undone."""

    what: str
    steps: tuple[Step, ...] = ()
    kind_change: KindChange | None = None

    @property
    def empty(self) -> bool:
        return not self.steps and self.kind_change is None


def record(what: str, before: Iterable[Record | None],
           do: Callable[[], R]) -> tuple[R, Change]:
    """Run a change and remember it: `before` are the records it may change, as read now;
    any record `do` returns that is not among them was made by it."""
    snapshots = {(type(r), r.id): r.to_dict() for r in before if r is not None}
    result = do()
    saved: Sequence[Any] = result if isinstance(result, (list, tuple)) else [result]
    return result, changed(what, snapshots, [r for r in saved if isinstance(r, Record)])


def changed(what: str, before: dict[tuple[type[Record], str], dict[str, Any]],
            after: Sequence[Record]) -> Change:
    """The change from records as they were (keyed by type and id) to records as saved."""
    steps = []
    for saved in after:
        was = before.get((type(saved), saved.id))
        now = saved.to_dict()
        fields = tuple(name for name, value in now.items() if name not in BOOKKEEPING
                       and (was is None or was.get(name) != value))
        step = Step(type(saved), saved.id, was, now, fields)
        if fields or step.added_history:
            steps.append(step)
    return Change(what, tuple(steps))


def kind_changed(what: str, before: Note | Action, after: Note | Action) -> Change:
    """A change of kind: within the notes table it is a field; across tables, a move back."""
    if type(before) is type(after):
        return changed(what, {(type(before), before.id): before.to_dict()}, [after])
    back = "action" if isinstance(before, Action) else before.kind
    return Change(what, kind_change=KindChange(type(after), after.id, back))


def undo(store: Store, change: Change, *, workshop: int | None = None) -> str:
    """Put back what `change` did, as new versions; returns the sentence to show.

    Raises the store's error if a save fails; nothing is put back then (or, on a store
    without transactions, the steps already saved stay saved and the sentence is lost).
    """
    notes: list[str] = []
    with logbook.all_or_nothing(store):
        if change.kind_change is not None:
            notes += _undo_kind(store, change.kind_change)
        for step in reversed(change.steps):
            notes += _undo_step(store, step, change.what, workshop)
    said = f"Undone: {change.what}."
    return " ".join([said, *notes])


def _undo_kind(store: Store, move: KindChange) -> list[str]:
    current = store.get(move.kind, move.record_id)
    if current is None:
        return ["It had been deleted since, so nothing changed."]
    logbook.change_kind(store, current, move.back_to)
    return []


def _undo_step(store: Store, step: Step, what: str, workshop: int | None) -> list[str]:
    current = store.get(step.kind, step.record_id)
    if current is None and step.after.get("deleted"):
        current = step.kind.from_dict(step.after)  # the tombstone as this change left it
    if current is None:
        return ["It had been deleted since, so nothing changed."]
    if step.before is None and not isinstance(current, ChecklistEntry):
        store.delete(current)  # made by the change: taken away again (kept on disk)
        return []
    fields = step.fields
    before = step.before
    if before is None:  # a checklist item's first change: back to how a fresh item reads
        before = _FRESH_ENTRY.to_dict()
        fields = tuple(name for name in fields if name in CHECKLIST_STATE)
    if "deleted" in fields:
        if before.get("deleted"):
            store.delete(current)
        else:
            store.restore(current)
        return []
    kept = []
    for name in fields:
        if getattr(current, name) == step.after[name]:
            setattr(current, name, before[name])
        else:
            kept.append(name.replace("_", " "))
    if isinstance(current, WITH_HISTORY):
        current.history.append(_undo_history_step(current, step, what, workshop, store))
    store.save(current)
    if kept:
        return [f"Kept the {', '.join(kept)}: changed again since."]
    return []


def _undo_history_step(current: Action | ChecklistEntry, step: Step, what: str,
                       workshop: int | None, store: Store) -> dict[str, Any]:
    """The history step saying what was undone; it names the step it cancels by its time."""
    added = step.after.get("history", [])
    undone = added[-1].get("at", "") if step.added_history and added else ""
    entry: dict[str, Any] = {"at": now_iso(), "workshop": workshop, "status": current.status,
                             "by": logbook.author(store), "reason": "", "undid": what,
                             "undoes": undone}
    if isinstance(current, ChecklistEntry):
        entry.update(evidence=current.evidence, reason=current.reason)
    return entry


__all__ = ["Change", "KindChange", "Step", "changed", "kind_changed", "record", "undo"]
