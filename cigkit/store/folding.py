"""Folding changes into records: per table, lazily, the first time a table is asked for, and
again for each record that new changes touch (see `events.py` for the merge rule)."""

from __future__ import annotations

import gc
from bisect import insort
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from ..model import TABLES, record_checker, record_problem
from . import hlc
from .events import Event, fold
from .journal import parse_lines
from .state import StoreState


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Build many objects that all stay alive without the cycle collector rescanning them
    again and again (it would double the time to open a big folder); nothing here makes
    reference cycles, so collecting afterwards loses nothing.

    Afterwards they go straight to the collector's oldest generation, unscanned: left in
    the youngest, the first allocation after the block would scan every one of them (and
    again as they age), which cost a 100,000-record dump a third of a second. A process
    that froze what it loaded (the app does) is left to its own collector: freezing again
    there would keep any garbage made since for good.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            _promote_unscanned()
            gc.enable()


_process_freezes = False
"""Has this process frozen what it loaded (`gc.freeze`)? Remembered once seen, because
`gc.get_freeze_count` walks every frozen object."""


def _promote_unscanned() -> None:
    """Move every tracked object to the oldest generation without a collection (freeze,
    then unfreeze), unless the process keeps frozen objects of its own."""
    global _process_freezes
    if _process_freezes or gc.get_freeze_count():
        _process_freezes = True
        return
    gc.freeze()
    gc.unfreeze()


def _stamp(event: Event) -> str:
    return str(event["h"])


def _place(event: Event) -> str:
    """'FILE:LINE: ' of where a change was read, for a warning ('' if it was made here)."""
    where = event.get("_o")
    return f"{where[0]}:{where[1]}: " if where else ""


class Folding(StoreState):
    """Turns the changes read from the files into each record's current state."""

    def _defer(self, events: list[Event]) -> None:
        """Keep changes read from the files, per table, until that table is asked for."""
        pending = self._pending
        for event in events:
            table = event["t"]
            bucket = pending.get(table)
            if bucket is None:
                bucket = pending[table] = []
            bucket.append(event)
        if events and self._clock is not None:
            self._clock.observe(max(e["h"] for e in events))

    def _ensure(self, table: str) -> None:
        """Fold a table's changes if that has not happened yet."""
        if table in self._pending:
            with _no_gc_pauses():
                parsed, warnings = parse_lines(self._unparsed.pop(table, []))
                for warning in warnings:
                    self._warn(warning, damage=True)
                for event in parsed:  # a line's changes for other tables wait with those
                    self._pending.setdefault(event["t"], []).append(event)
                events = self._pending.pop(table)
                if table in self._events or table not in TABLES:
                    self._add(events)
                else:
                    self._fold_new_table(table, events)

    def _fold_new_table(self, table: str, events: list[Event]) -> None:
        """`_add` for a table folded for the first time: the same result, in one pass per
        record (this is most of the time it takes to open a big folder)."""
        known = self._known
        remember = known.add
        by_id: dict[str, tuple[Event, ...]] = {}
        for event in events:
            rid = event["i"]
            before = len(known)
            remember((event["h"], table, rid))
            if len(known) == before:
                continue  # seen already (the same change in two files)
            old = by_id.get(rid)
            if old is None:
                by_id[rid] = (event,)
            else:
                by_id[rid] = tuple(sorted((*old, event), key=_stamp))
        self._events[table] = by_id
        kind = TABLES[table]
        grow = kind.GROW_ONLY
        records: dict[str, dict[str, Any]] = {}
        live: dict[str, dict[str, Any]] = {}
        self._records[table], self._live[table] = records, live
        iso, check = hlc.iso, record_checker(table)
        for rid, evs in by_id.items():
            if len(evs) == 1:  # most records: `fold` of one change, written out
                event = evs[0]
                stamp, sets = event["h"], event["s"]
                state = {"deleted": False, **sets, "id": rid, "rev": 1, "origin": stamp,
                         "version": stamp, "device": stamp[19:],  # hlc.device_of
                         "updated_at": iso(stamp)}
                if "created_at" not in sets:
                    state["created_at"] = state["updated_at"]
                adds = event.get("a")
                if adds:
                    state.update(adds)
                for name in grow:
                    state.setdefault(name, [])
            else:
                state = fold(rid, evs, grow)
            records[rid] = state
            if check(state) is not None:
                self._refold(table, rid)  # the slow path names what is wrong
            elif not state["deleted"]:
                live[rid] = state

    def _ensure_all(self) -> None:
        for table in list(self._pending):
            self._ensure(table)

    def _add(self, events: Iterable[Event]) -> set[tuple[str, str]]:
        """Take in changes not seen before and refold the records they touch."""
        known, per_table, pending = self._known, self._events, self._pending
        touched: dict[tuple[str, str], None] = {}
        newest = ""
        for event in events:
            table, rid, stamp = event["t"], event["i"], event["h"]
            if pending and table in pending:
                self._ensure(table)  # changes arriving for a table: fold what it had first
            key = (stamp, table, rid)
            if key in known:
                continue
            known.add(key)
            if stamp > newest:
                newest = stamp
            records = per_table.get(table)
            if records is None:
                records = per_table[table] = {}
            old = records.get(rid)
            if old is None:
                records[rid] = (event,)
            elif old[-1]["h"] < stamp:
                records[rid] = (*old, event)
            else:
                merged = list(old)
                insort(merged, event, key=_stamp)
                records[rid] = tuple(merged)
            touched[(table, rid)] = None
        if newest and self._clock is not None:
            self._clock.observe(newest)
        refold = self._refold
        for table, rid in touched:
            refold(table, rid)
        return set(touched)

    def _refold(self, table: str, rid: str) -> None:
        kind = TABLES.get(table)
        if kind is None:
            self._warn(f"records of type {table!r} were written by a newer cigkit: they "
                            "are kept and passed on, but not shown")
            return
        events = self._events[table][rid]
        state = fold(rid, events, kind.GROW_ONLY)
        records = self._records.get(table)
        if records is None:
            records = self._records[table] = {}
            self._live[table] = {}
        old = records.get(rid)
        records[rid] = state
        live = self._live[table]
        problem = record_problem(table, state)
        if problem is not None:
            state, problem = self._without_bad_changes(table, rid, events, kind.GROW_ONLY)
            records[rid] = state
        if problem is not None:
            self._problems[(table, rid)] = problem
            self._warn(f"{_place(events[0])}{table} record {rid} cannot be read ({problem}); it "
                       "is left out, the file is untouched and everything else loaded",
                       damage=True)
            live.pop(rid, None)
        elif state.get("deleted"):
            live.pop(rid, None)
        else:
            self._problems.pop((table, rid), None)
            live[rid] = state
        if self._index:
            self._reindex(table, rid, old, state if rid in live else None)

    def _without_bad_changes(self, table: str, rid: str, events: tuple[Event, ...],
                             grow: tuple[str, ...]) -> tuple[dict[str, Any], str | None]:
        """A record a damaged or hand-edited change made unreadable: fold it without each
        change that breaks it, naming those; None as problem if the rest is a record."""
        kept: list[Event] = []
        state: dict[str, Any] = {}
        problem: str | None = "it has no readable change"
        for event in events:
            trial = fold(rid, (*kept, event), grow)
            trouble = record_problem(table, trial)
            if trouble is None:
                kept.append(event)
                state, problem = trial, None
            elif kept:
                self._warn(f"{_place(event)}a change to {table} record {rid} cannot be used "
                           f"({trouble}); the record shows its other changes", damage=True)
            else:
                problem = trouble
        if problem is not None:
            return fold(rid, events, grow), problem
        return state, None

    def _indexed(self, table: str, name: str) -> dict[Any, dict[str, dict[str, Any]]]:
        index = self._index.get((table, name))
        if index is None:
            index = {}
            for rid, state in self._live.get(table, {}).items():
                value = state.get(name)
                if isinstance(value, (str, int)):
                    index.setdefault(value, {})[rid] = state
            self._index[(table, name)] = index
        return index

    def _reindex(self, table: str, rid: str, old: dict[str, Any] | None,
                 new: dict[str, Any] | None) -> None:
        for (itable, name), index in self._index.items():
            if itable != table:
                continue
            if old is not None:
                before = old.get(name)
                bucket = index.get(before) if isinstance(before, (str, int)) else None
                if bucket is not None:
                    bucket.pop(rid, None)
            if new is not None:
                value = new.get(name)
                if isinstance(value, (str, int)):
                    index.setdefault(value, {})[rid] = new

