"""Writing: each save becomes one durable journal line of changes (a transaction, one line for
many saves), taken in only once it is on disk; changes from elsewhere and resolved conflicts too."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from ..model import BOOKKEEPING, TABLES, Record, new_id, record_problem
from ..record import _copy_json
from .errors import StoreError, StoreReadOnlyError
from .events import Conflict, Event, encode_line, field_heads, fold
from .files import canonical
from .journal import JournalWriter
from .queries import Queries
from .state import _SEEN, R


class Writing(Queries):
    """Saves, deletions, transactions and merges into this device's journal."""

    def _now(self) -> str:
        assert self._clock is not None
        return self._clock.now()

    def _change(self, record: Record) -> Event | None:
        """The event that takes the store from what `record` was read as to what it is now."""
        table = record.TABLE
        if table not in TABLES:
            raise StoreError(f"Unknown record type {table!r}.")
        self._ensure(table)
        data = record.to_dict()
        rid = data.get("id") or new_id()
        current = self._events.get(table, {}).get(rid)
        seen = getattr(record, _SEEN, None)
        fresh = False  # built afresh over an existing id: it was not created now
        if seen is not None and seen[0].get("id") == rid and current is not None:
            base, base_events = seen
        elif current is not None:
            base, base_events = self._records[table][rid], current
            fresh = True
        else:
            base, base_events = None, ()
        grow = record.GROW_ONLY
        sets: dict[str, Any] = {}
        adds: dict[str, list[Any]] = {}
        for name, value in data.items():
            if name in BOOKKEEPING or (fresh and name == "created_at"):
                continue
            if name in grow:
                had = {canonical(item) for item in (base or {}).get(name, [])}
                new = [item for item in value if canonical(item) not in had]
                if new:
                    adds[name] = new
            elif base is None or name not in base or base[name] != value:
                sets[name] = value
        if current is not None and not sets and not adds:
            return None
        event: Event = {"t": table, "i": rid, "h": self._now(), "s": sets}
        if base_events:
            heads = field_heads(base_events)
            prevs = {name: heads[name] for name in sets if name in heads}
            if prevs:
                event["p"] = prevs
        if adds:
            event["a"] = adds
        after = fold(rid, (current or ()) + (event,), grow)
        problem = record_problem(table, after)
        if problem is not None:
            noun = table[:-1] if table.endswith("s") else table
            raise StoreError(f"Cannot save this {noun} record: {problem}.")
        return event

    def _writable_now(self) -> JournalWriter:
        """The writer, if this process may still write (open for writing, not closed)."""
        if not self.writable:
            raise StoreReadOnlyError(f"{self.data_dir} is open read-only here.")
        if self._writer is None:
            raise StoreReadOnlyError(f"{self.data_dir} was closed; open it again to save.")
        return self._writer

    def _keep_lock_file(self) -> None:
        """After a save: put the lock file back if someone deleted it. Its answer is not
        needed: the journal itself stays locked by this process, which is what keeps out a
        second writer, and the writer notices a folder that has gone."""
        if self._lock is not None:
            try:
                self._lock.held()
            except OSError:
                pass

    def _commit(self, events: list[Event]) -> None:
        """Write events as one durable line, then take them in; nothing changes on failure."""
        writer = self._writable_now()
        if self._tx is not None:
            self._tx.extend(events)
            self._add(events)
            self._forget_queries()
            return
        line = encode_line(events)
        writer.append(line)
        self._saves += 1
        self._after_write(line)
        self._add(events)
        self._touch()

    def _after_write(self, line: bytes) -> None:
        """Count a line now durable in this device's journal (once the line is on disk,
        nothing after it may turn the save into an error)."""
        self._keep_lock_file()
        mark = self._marks.get(self._journal_path())
        if mark is not None:
            mark.size += len(line)
            mark.lines += 1

    def _touch(self) -> None:
        self.generation += 1
        self._forget_queries()

    def _forget_queries(self) -> None:
        """TinyDB caches query results; the records under them just changed."""
        if self._db is not None:
            for name in self._db.tables():
                self._db.table(name).clear_cache()

    def _current(self, kind: type[R], rid: str) -> R:
        return self._materialise(kind, self._records[kind.TABLE][rid])

    def save(self, record: R) -> R:
        """Save the fields of `record` that changed since it was read; durable on return.

        A record read from the store writes only what the caller changed, so a stale copy
        cannot undo another laptop's change to another field. Returns the record as stored;
        `record` itself becomes that stored state too (other laptops' changes included), so
        saving it again writes only what changes next, never a stale value it still held.
        """
        with self._mutex:
            event = self._change(record)
            if event is not None:
                self._commit([event])
            stored = self._current(type(record), event["i"] if event else record.id)
            self._adopt(record, stored)
            return stored

    def _adopt(self, record: Record, stored: Record) -> None:
        """Make the caller's object the stored state (its own copies of lists and dicts),
        remembering what it was if a transaction may still take the save back."""
        if self._tx is not None:
            self._tx_objects.append((record, dict(record.__dict__)))
        values = record.__dict__
        for name, value in stored.__dict__.items():
            values[name] = _copy_json(value) if type(value) in (list, dict) else value

    def save_many(self, records: Iterable[Record]) -> list[Record]:
        """Save several records as one journal line: all of them are kept, or none."""
        with self.transaction():
            return [self.save(record) for record in records]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Every save inside is written when the block ends, as one line: all or nothing.
        A block inside another is part of its line; if it fails, its own saves are taken
        back and the outer block goes on."""
        with self._mutex:
            if self._tx is not None:
                events, objects = len(self._tx), len(self._tx_objects)
                try:
                    yield
                except BaseException:
                    self._forget(self._tx[events:])
                    del self._tx[events:]
                    self._give_back(self._tx_objects[objects:])
                    del self._tx_objects[objects:]
                    raise
                return
            self._writable_now()
            pending: list[Event] = []
            self._tx = pending
            self._tx_objects = []
            try:
                yield
                self._tx = None
                if pending:
                    line = encode_line(pending)
                    self._writable_now().append(line)
                    self._saves += 1
                    self._after_write(line)
            except BaseException:
                self._tx = None
                self._forget(pending)
                self._give_back(self._tx_objects)
                raise
            finally:
                self._tx = None
                self._tx_objects = []
            if pending:
                self._touch()

    @staticmethod
    def _give_back(saved: list[tuple[Record, dict[str, Any]]]) -> None:
        """Put objects saved in a failed block back as they were before their saves."""
        for record, before in reversed(saved):
            record.__dict__.clear()
            record.__dict__.update(before)

    def _forget(self, events: list[Event]) -> None:
        """Take back changes that were never written (a transaction that failed)."""
        touched: set[tuple[str, str]] = set()
        for event in events:
            self._known.discard((event["h"], event["t"], event["i"]))
            table, rid = event["t"], event["i"]
            left = tuple(e for e in self._events[table][rid] if e is not event)
            if left:
                self._events[table][rid] = left
                touched.add((table, rid))
            else:
                del self._events[table][rid]
                old = self._records.get(table, {}).pop(rid, None)
                self._live.get(table, {}).pop(rid, None)
                if self._index:
                    self._reindex(table, rid, old, None)
        for table, rid in touched:
            self._refold(table, rid)
        self._touch()

    def delete(self, record: R) -> R:
        """Tombstone a record: it disappears from queries but its history stays on disk."""
        record.deleted = True
        return self.save(record)

    def restore(self, record: R) -> R:
        """Undo a deletion by writing a newer live version."""
        record.deleted = False
        return self.save(record)

    def take(self, events: Iterable[Event]) -> list[Event]:
        """Keep changes made elsewhere (a bundle, another folder): the new ones are appended
        to this device's journal as one line and returned; ones already here are skipped."""
        with self._mutex:
            self._ensure_all()
            fresh: dict[tuple[str, str, str], Event] = {}
            for event in events:
                key = (event["h"], event["t"], event["i"])
                if key not in self._known and key not in fresh:
                    fresh[key] = event
            if fresh:
                self._commit(sorted(fresh.values(), key=lambda e: e["h"]))
            return list(fresh.values())

    def resolve(self, conflict: Conflict, keep_lost: bool = False) -> None:
        """Settle a conflict: keep the winning value (or take the lost one) knowingly."""
        with self._mutex:
            value = conflict.lost if keep_lost else conflict.kept
            event: Event = {"t": conflict.table, "i": conflict.record_id, "h": self._now(),
                            "s": {conflict.field: value},
                            "p": {conflict.field: [conflict.kept_stamp, conflict.lost_stamp]}}
            self._commit([event])
