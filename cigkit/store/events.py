"""Changes as append-only events, and a record as the fold of its events.

An event is one change to one record: `{"t": table, "i": id, "h": stamp, "s": {field: value},
"p": {field: [stamps it replaced]}, "a": {list field: [items added]}}`. The merge rule, in one
sentence: **for each field the value written with the latest stamp wins; a value that lost to
one written without seeing it is a conflict, kept and listed; items added to a history are
never lost.** An event is identified by its stamp, table and record id, so reading one twice changes
nothing, and the fold depends only on the set of events, not on the order they arrived in.

Journals written by the first version of cigkit hold whole records (`{"table", "record"}`);
each such line is read as one event setting every field, so old folders open unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import BOOKKEEPING, TABLES, slugify
from . import hlc
from .files import canonical

Event = dict[str, Any]
_NOT_CONFLICTS = frozenset({"created_at", "by"})
"""Fields a later change sets as a matter of course (when it was made, who made it): they
follow the value that won and are never a conflict of their own."""
_EMPTY: dict[str, Any] = {}
MAX_NESTING = 32
"""How deep a value may nest: JSON parses far deeper, but copying such a value for a screen
or writing it out again runs out of stack."""


def _too_deep(value: Any, room: int = MAX_NESTING) -> bool:
    """Does a list or dict nest deeper than `room`? (Recursion bounded by `room`.)"""
    if room <= 0:
        return True
    items = value.values() if type(value) is dict else value
    for item in items:
        kind = type(item)
        if (kind is dict or kind is list) and _too_deep(item, room - 1):
            return True
    return False


def _values_too_deep(values: Any) -> bool:
    for value in values:
        kind = type(value)
        if (kind is dict or kind is list) and _too_deep(value):
            return True
    return False


def event_problem(event: Any, nested: bool = True) -> str | None:
    """Why a decoded JSON value is not a well-formed event, or None (on the loading hot path,
    so the common case is a handful of type checks). `nested` False: the caller knows the
    line has too few brackets to nest too deep."""
    if type(event) is not dict:
        return "not a change"
    table, rid, stamp, sets = event.get("t"), event.get("i"), event.get("h"), event.get("s")
    if type(table) is not str or not table:
        return "no record type"
    if type(rid) is not str or not rid:
        return "no record id"
    if type(stamp) is not str or not hlc.is_stamp(stamp):
        return "no valid change stamp"
    if type(sets) is not dict:
        return "no fields"
    if nested and _values_too_deep(sets.values()):
        return "a value nested too deep"
    prevs = event.get("p")
    if prevs is not None and (type(prevs) is not dict or not all(
        type(v) is list and all(type(x) is str for x in v) for v in prevs.values()
    )):
        return "a damaged list of replaced values"
    adds = event.get("a")
    if adds is not None and (type(adds) is not dict or not all(
        type(v) is list and all(type(x) is dict for x in v) for v in adds.values()
    )):
        return "a damaged list of history steps"
    if nested and adds and _values_too_deep(adds.values()):
        return "a history step nested too deep"
    return None


def _v1_device(text: Any) -> str:
    device = str(text or "unknown")
    return device if hlc.is_stamp(hlc.make(0, 0, device)) else slugify(device)[:64]


def from_v1(table: Any, record: Any, nested: bool = True) -> Event | None:
    """A whole-record version written by cigkit 0.1, as one event (None if not one, or if
    `nested` and a value in it nests too deep)."""
    if type(table) is not str or type(record) is not dict:
        return None
    rid, rev = record.get("id"), record.get("rev")
    if type(rid) is not str or not rid or type(rev) is not int:
        return None
    if nested and _values_too_deep(record.values()):
        return None
    when = hlc.from_iso(str(record.get("updated_at") or record.get("created_at") or ""))
    stamp = hlc.make(when, max(0, min(rev, 9999)), _v1_device(record.get("device")))
    kind = TABLES.get(table)
    grow = kind.GROW_ONLY if kind is not None else ()
    sets = {k: v for k, v in record.items() if k not in BOOKKEEPING and k not in grow}
    event: Event = {"t": table, "i": rid, "h": stamp, "s": sets, "v1": 1}
    adds = {k: record[k] for k in grow if type(record.get(k)) is list}
    if adds:
        event["a"] = adds
    return event


def decode_line(data: Any, nested: bool = True) -> list[Event] | str:
    """The events of one decoded journal line, or why it is not a cigkit line (`nested`
    False: the line has too few brackets to nest too deep, so that is not checked)."""
    if type(data) is dict and data.get("v") == 2:
        events = data.get("e")
        if type(events) is not list or not events:
            return "a change line with no changes"
        for event in events:
            problem = event_problem(event, nested)
            if problem is not None:
                return problem
        return events
    if type(data) is dict and "table" in data:
        record = data.get("record")
        if nested and type(record) is dict and _values_too_deep(record.values()):
            return "a value nested too deep"
        event = from_v1(data.get("table"), record, nested=False)
        return [event] if event is not None else "a record with no id or version"
    return "not a cigkit change"


def encode_line(events: Sequence[Event]) -> bytes:
    """One journal line holding one or more events: written whole or not at all."""
    clean = [{k: v for k, v in e.items() if k != "_o"} for e in events]
    line = canonical_line({"v": 2, "e": clean})
    return (line + "\n").encode("utf-8")


def canonical_line(data: Any) -> str:
    import json

    # allow_nan=False: NaN and Infinity are not JSON, and a line holding one is damage
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def fold(rid: str, events: Sequence[Event], grow: tuple[str, ...]) -> dict[str, Any]:
    """The record as its events make it: latest stamp per field; history items united, in
    the order of the changes that added them (stamps order them the same on every laptop)."""
    first, last = events[0], events[-1]
    if len(events) == 1:
        state = dict(first["s"])
        adds = first.get("a")
        if adds:
            for name, items in adds.items():
                state[name] = items
    else:
        state = {}
        united: dict[str, dict[str, Any]] = {}
        for event in events:
            state.update(event["s"])
            adds = event.get("a")
            if adds:
                for name, items in adds.items():
                    bucket = united.setdefault(name, {})
                    for item in items:
                        bucket.setdefault(canonical(item), item)
        for name, bucket in united.items():
            state[name] = list(bucket.values())  # in the order the changes were made
    for name in grow:
        state.setdefault(name, [])
    stamp = last["h"]
    state["id"] = rid
    state["rev"] = len(events)
    state["origin"] = first["h"]
    state["version"] = stamp
    state["device"] = hlc.device_of(stamp)
    state["updated_at"] = hlc.iso(stamp)
    if "created_at" not in state:
        state["created_at"] = hlc.iso(first["h"])
    state.setdefault("deleted", False)
    return state


def field_heads(events: Iterable[Event]) -> dict[str, list[str]]:
    """For each field, the stamps of the values nobody has replaced yet: the winner, and any
    value that lost in a conflict. A change to the field replaces all of them knowingly."""
    writes: dict[str, list[str]] = {}
    replaced: dict[str, set[str]] = {}
    for event in events:
        for name in event["s"]:
            writes.setdefault(name, []).append(event["h"])
        for name, stamps in event.get("p", _EMPTY).items():
            replaced.setdefault(name, set()).update(stamps)
    heads = {}
    for name, stamps in writes.items():
        gone = replaced.get(name, set())
        heads[name] = [stamps[-1], *(s for s in stamps[:-1] if s not in gone)][::-1]
    return heads


@dataclass(frozen=True)
class Conflict:
    """Two laptops set one field without seeing each other's change: what is kept, what lost."""

    table: str
    record_id: str
    field: str
    kept: Any
    kept_stamp: str
    lost: Any
    lost_stamp: str

    @property
    def key(self) -> str:
        """A short name for this conflict that stays the same while others come and go."""
        import hashlib

        text = f"{self.table}|{self.record_id}|{self.field}|{self.lost_stamp}"
        return hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()[:8]

    @property
    def kept_device(self) -> str:
        return hlc.device_of(self.kept_stamp)

    @property
    def lost_device(self) -> str:
        return hlc.device_of(self.lost_stamp)


def conflicts(table: str, rid: str, events: Sequence[Event]) -> list[Conflict]:
    """Values that lost to a later one written without seeing them (and not since resolved)."""
    if len(events) < 2:
        return []
    writes: dict[str, list[tuple[str, Any, bool]]] = {}
    seen: dict[str, set[str]] = {}
    for event in events:
        old = bool(event.get("v1"))
        for name, value in event["s"].items():
            writes.setdefault(name, []).append((event["h"], value, old))
        for name, stamps in event.get("p", _EMPTY).items():
            seen.setdefault(name, set()).update(stamps)
    found = []
    for name, values in writes.items():
        if len(values) < 2 or name in _NOT_CONFLICTS:
            continue
        win_stamp, win_value, _ = values[-1]
        replaced = seen.get(name, set())
        for stamp, value, old in values[:-1]:
            if old or stamp in replaced or value == win_value:
                continue
            found.append(Conflict(table, rid, name, win_value, win_stamp, value, stamp))
    return found
