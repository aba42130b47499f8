"""The programme store: every laptop's changes, merged field by field into one programme.

Each save appends one line of events to `journals/<device>.jsonl` and fsyncs it before it
returns. Loading reads every journal in the folder (and the snapshots cigkit 0.1 wrote) and
folds each record's events (see `events.py` for the merge rule), so every laptop that has the
same events shows the same programme, whatever order the files arrived in. This device writes
only its own journal; changes merged from a bundle or another folder are appended to it too.
"""

from __future__ import annotations

import errno
import gc
import os
import threading
from bisect import insort
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import Any, TypeVar

from tinydb.queries import QueryLike

from .. import locations
from ..model import BOOKKEEPING, TABLES, Record, new_id, record_problem
from ..record import _copy_json
from . import hlc
from .errors import StoreError, StoreReadOnlyError
from .events import Conflict, Event, conflicts, encode_line, field_heads, fold
from .files import canonical
from .journal import (
    JournalWriter,
    Unparsed,
    continues,
    parse_lines,
    read_journal,
    torn_warning,
)
from .lock import WriterLock
from .snapshot import read_snapshot
from .tidy import remove_stale_temp_files
from .tinydb_layer import CigkitDB

R = TypeVar("R", bound=Record)
_SEEN = "_cigkit_seen"
"""Attribute on a record read from the store: the state and events it was read at."""
INDEXED = ("workshop", "team_id", "number", "cig_id", "item_id")


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


@dataclass
class _FileMark:
    """How far a file has been read, so a refresh reads only what is new."""

    inode: int
    size: int
    mtime_ns: int
    lines: int = 0
    tail: bytes = b""
    """The bytes just before `size`: a new file holding them there is this file grown."""


@dataclass
class Store:
    """The merged records of one data folder, writable by at most one process per device."""

    data_dir: Path
    device: str
    writable: bool = False
    generation: int = 0
    _warnings: list[str] = field(default_factory=list)
    _damage: list[str] = field(default_factory=list)
    _warned: set[str] = field(default_factory=set)
    _live: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    _records: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    _pending: dict[str, list[Event]] = field(default_factory=dict)
    _unparsed: dict[str, list[Unparsed]] = field(default_factory=dict)
    """Per pending table, journal lines holding changes for it that are not parsed yet."""
    """Changes read from the files but not yet folded, per table: a table is folded the first
    time anything asks for it (or new changes to it arrive), so opening a big folder costs
    little more than reading it."""
    _events: dict[str, dict[str, tuple[Event, ...]]] = field(default_factory=dict)
    _known: set[tuple[str, str, str]] = field(default_factory=set)
    """(stamp, table, record id) of every change taken in: a change read twice is applied
    once (records of two kinds may share an id, and cigkit 0.1's stamps come from times)."""
    _problems: dict[tuple[str, str], str] = field(default_factory=dict)
    _marks: dict[Path, _FileMark] = field(default_factory=dict)
    _index: dict[tuple[str, str], dict[Any, dict[str, dict[str, Any]]]] = field(
        default_factory=dict)
    _writer: JournalWriter | None = None
    _lock: WriterLock | None = None
    _clock: hlc.HybridClock | None = None
    _tx: list[Event] | None = None
    _tx_objects: list[tuple[Record, dict[str, Any]]] = field(default_factory=list)
    """The caller's objects saved inside the open transaction, as they were before: a
    transaction that fails puts them back, so saving them again writes their changes."""
    _db: CigkitDB | None = None
    _created: list[Path] = field(default_factory=list)
    _saves: int = 0
    _torn: bytes = b""
    _own: Path | None = None
    _mutex: threading.RLock = field(default_factory=threading.RLock)

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, device: str | None = None, writable: bool = True) -> Store:
        """Open a data folder; a writer takes this device's lock and sets a torn tail aside."""
        device = device or locations.device_id()
        if writable:
            problem = locations.device_problem(device)
            if problem is not None:
                raise StoreError(f"The device id {device!r} cannot be used: {problem}.")
        store = cls(data_dir=data_dir, device=device, writable=writable)
        store._clock = hlc.HybridClock(device)
        try:
            if writable:
                store._prepare_folders()
                lock = locations.locks_dir(data_dir) / f"{device}.lock"
                try:
                    store._lock = WriterLock(lock, data_dir)
                except OSError as exc:
                    raise StoreError(f"Cannot write to {data_dir} ({lock}: "
                                     f"{exc.strerror}); open it read-only instead, or "
                                     "choose another folder with --data.") from None
            elif not data_dir.is_dir():
                raise StoreError(
                    f"There is no cigkit data in {data_dir}; create it with 'cigkit demo' "
                    "or 'cigkit roster import'."
                )
            with store._mutex:
                store._load_all()
            if writable:
                store._open_writer()
                for warning in remove_stale_temp_files(data_dir):
                    store._warn(warning)
        except BaseException:
            store.close()
            raise
        return store

    def _prepare_folders(self) -> None:
        for folder in (self.data_dir, locations.journals_dir(self.data_dir),
                       locations.locks_dir(self.data_dir)):
            if folder.is_dir():
                continue
            try:
                locations.ensure_private_dir(folder)
            except OSError as exc:
                raise StoreError(
                    f"Cannot create the data folder {folder}: {exc.strerror}."
                ) from None
            self._created.append(folder)

    def _journal_path(self) -> Path:
        if self._own is None:
            self._own = locations.journals_dir(self.data_dir) / f"{self.device}.jsonl"
        return self._own

    def _files(self) -> tuple[list[Path], list[Path]]:
        snaps = self._listing(locations.snapshots_dir(self.data_dir), ".json")
        journals = self._listing(locations.journals_dir(self.data_dir), ".jsonl")
        return snaps, journals

    @staticmethod
    def _listing(folder: Path, suffix: str) -> list[Path]:
        """Data files in a folder; an unreadable folder is an error, never an empty one.

        Hidden files (a file-sync tool's `.syncthing.*.tmp`, our own temp files) and anything
        not ending in `suffix` (`~syncthing~*.tmp`) are not data; a file-sync conflict copy
        (`NAME.sync-conflict-...-ID.jsonl`) is, and its changes merge like any others.
        """
        try:
            names = os.listdir(folder)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(f"Cannot read the folder {folder}: {exc.strerror}.") from None
        return sorted(folder / n for n in names if n.endswith(suffix) and not n.startswith("."))

    def _load_all(self) -> None:
        with _no_gc_pauses():
            self._read_everything()

    def _read_everything(self) -> None:
        events: list[Event] = []
        snaps, journals = self._files()
        for path in snaps:
            found, warnings = read_snapshot(path)
            for warning in warnings:
                self._warn(warning, damage=True)
            events.extend(found)
            self._mark(path, 0)
        for path in journals:
            events.extend(self._read_file(path, from_start=True))
        self._defer(events)
        self.generation += 1

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
        by_id: dict[str, tuple[Event, ...]] = {}
        for event in events:
            rid = event["i"]
            key = (event["h"], table, rid)
            if key in known:
                continue
            known.add(key)
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
        iso = hlc.iso
        for rid, evs in by_id.items():
            if len(evs) == 1:  # most records: `fold` of one change, written out
                event = evs[0]
                stamp, sets = event["h"], event["s"]
                state = {"deleted": False, **sets, "id": rid, "rev": 1, "origin": stamp,
                         "version": stamp, "device": hlc.device_of(stamp),
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
            if record_problem(table, state) is not None:
                self._refold(table, rid)  # the slow path names what is wrong
            elif not state["deleted"]:
                live[rid] = state

    def _ensure_all(self) -> None:
        for table in list(self._pending):
            self._ensure(table)

    @property
    def live(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Per table, the records that are neither deleted nor damaged (the TinyDB view)."""
        with self._mutex:
            self._ensure_all()
            return self._live

    @property
    def records(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Per table, every record's current state, deleted ones included."""
        with self._mutex:
            self._ensure_all()
            return self._records

    @property
    def warnings(self) -> list[str]:
        """Everything worth telling the user about the folder, one sentence each."""
        with self._mutex:
            self._ensure_all()
            return self._warnings

    @property
    def damage(self) -> list[str]:
        """The warnings that are damage (a line, file or record set aside), for `cigkit check`."""
        with self._mutex:
            self._ensure_all()
            return self._damage

    def _read_file(self, path: Path, from_start: bool) -> list[Event]:
        """A journal's changes (only its new lines when `from_start` is False)."""
        try:
            stat = path.stat()
            if not S_ISREG(stat.st_mode):
                what = "a folder" if S_ISDIR(stat.st_mode) else "a pipe or device"
                self._warn(f"{path}: skipped: it is {what}, not a journal", damage=True)
                return []
            mark = self._marks.get(path)
            start, first_line = 0, 1
            if mark is not None and not from_start:
                if (mark.inode, mark.size, mark.mtime_ns) == (
                        stat.st_ino, stat.st_size, stat.st_mtime_ns):
                    return []
                if stat.st_size >= mark.size and continues(path, mark.size, mark.tail):
                    start, first_line = mark.size, mark.lines + 1
            result = read_journal(path, start, first_line, defer=from_start)
        except OSError as exc:
            self._warn(f"{path}: skipped: it cannot be read ({exc.strerror})", damage=True)
            return []
        for warning in result.warnings:
            self._warn(warning, damage=True)
        own = self.writable and path == self._journal_path()
        if result.torn and from_start and not own:
            self._warn(torn_warning(path, result.torn))
        tail = result.tail if result.valid_end > start else (
            mark.tail if start and mark is not None else b"")
        self._marks[path] = _FileMark(stat.st_ino, result.valid_end, stat.st_mtime_ns,
                                      result.lines, tail)
        if path == self._journal_path():
            self._torn = result.torn
        if result.deferred:
            for group in result.deferred:
                for table in group.tables:
                    self._unparsed.setdefault(table, []).append(group)
                    self._pending.setdefault(table, [])
            if self._clock is not None and hlc.is_stamp(result.newest):
                self._clock.observe(result.newest)
        return result.events

    def _warn(self, text: str, damage: bool = False) -> None:
        """Tell the user once; `damage` marks what `cigkit check` reports as a problem.
        Warnings quote file names and ids read from other laptops' files and are printed, so
        control codes in them are shown as '?'."""
        if not text.isprintable():
            text = "".join(c if c.isprintable() else "?" for c in text)
        if text not in self._warned:
            self._warned.add(text)
            self._warnings.append(text)
            if damage:
                self._damage.append(text)

    def _mark(self, path: Path, lines: int) -> None:
        try:
            stat = path.stat()
        except OSError:
            return
        self._marks[path] = _FileMark(stat.st_ino, stat.st_size, stat.st_mtime_ns, lines)

    def _open_writer(self) -> None:
        path = self._journal_path()
        self._writer = JournalWriter(path, self.data_dir)
        torn = self._torn
        if torn:
            mark = self._marks[path]
            stamp = hlc.iso(self._now()).replace(":", "").replace(".", "-")
            keep = path.with_name(f"{path.stem}.torn-{stamp}")
            try:
                fd = os.open(keep, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                             | getattr(os, "O_BINARY", 0), 0o600)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(torn)
                    handle.flush()
                    os.fsync(handle.fileno())
                self._writer.truncate_to(mark.size)
            except OSError as exc:
                reason = ("the disk is full" if exc.errno in (errno.ENOSPC, errno.EDQUOT)
                          else exc.strerror or str(exc))
                raise StoreError(
                    f"Cannot set aside the unfinished last line of {path} ({reason}), so "
                    "nothing can be saved after it; nothing was changed. Free some space "
                    "or open the folder read-only.") from None
            self._torn = b""
            self._warn(
                f"{path}: an unfinished last line ({len(torn)} bytes, never acknowledged as "
                f"saved) was set aside in {keep.name}")
        self._mark(path, self._marks[path].lines if path in self._marks else 0)

    # -- folding ---------------------------------------------------------------------------

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

    # -- writing ---------------------------------------------------------------------------

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

    # -- other laptops ---------------------------------------------------------------------

    def refresh(self) -> bool:
        """Read what other laptops (or a file-sync tool) wrote since the last look: only the
        new lines of each journal. True if anything changed."""
        with self._mutex:
            try:
                snaps, journals = self._files()
            except StoreError as exc:
                self._warn(str(exc), damage=True)
                return False
            events: list[Event] = []
            for path in snaps:
                mark = self._marks.get(path)
                try:
                    stat = path.stat()
                except OSError:
                    continue
                if mark is None or (mark.inode, mark.mtime_ns) != (stat.st_ino, stat.st_mtime_ns):
                    found, warnings = read_snapshot(path)
                    for warning in warnings:
                        self._warn(warning, damage=True)
                    events.extend(found)
                    self._mark(path, 0)
            own = self._journal_path()
            for path in journals:
                if path == own and self.writable:
                    continue
                events.extend(self._read_file(path, from_start=False))
            touched = self._add(events)
            if touched:
                self._touch()
            return bool(touched)

    def all_events(self) -> list[Event]:
        """Every change this laptop knows, oldest first (for a bundle)."""
        with self._mutex:
            self._ensure_all()
            found = [e for records in self._events.values() for evs in records.values()
                     for e in evs]
        found.sort(key=lambda e: e["h"])
        return found

    def events_of(self, table: str, rid: str) -> tuple[Event, ...]:
        with self._mutex:
            self._ensure(table)
            return tuple(self._events.get(table, {}).get(rid, ()))

    def conflicts(self) -> list[Conflict]:
        """Every value that lost to another laptop's change made without seeing it."""
        found: list[Conflict] = []
        with self._mutex:
            self._ensure_all()
            for table, records in self._events.items():
                if table not in TABLES:
                    continue
                for rid, events in records.items():
                    if len(events) > 1:
                        found.extend(conflicts(table, rid, events))
        found.sort(key=lambda c: (c.kept_stamp, c.table, c.record_id, c.field))
        return found

    def clock_ahead_ms(self) -> int:
        """How far the newest change seen is ahead of this laptop's clock (0 if not)."""
        return self._clock.ahead_of_wall_ms() if self._clock else 0

    # -- closing ---------------------------------------------------------------------------

    def close(self) -> None:
        """Release the journal and the lock, once any save in flight has finished."""
        with self._mutex:
            mine = []  # only files this store held may be tidied away
            if self._writer is not None:
                self._writer.close()
                self._writer = None
                mine.append(self._journal_path())
            if self._lock is not None:
                self._lock.release()
                self._lock = None
                mine.append(locations.locks_dir(self.data_dir) / f"{self.device}.lock")
            if self._created and not self._saves:
                self._remove_created(mine)

    def _remove_created(self, mine: list[Path]) -> None:
        """A folder this store created and never wrote to is removed again, so a command
        refused for bad input leaves no empty data folder behind. Of the files in it, only
        the journal and lock this store held go (one refused at either is another's)."""
        for path in mine:
            try:
                if path.is_file() and path.stat().st_size <= 16:
                    path.unlink()
            except OSError:
                pass
        for folder in reversed(self._created):
            try:
                folder.rmdir()
            except OSError:
                break
        self._created = []

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------

    @property
    def db(self) -> CigkitDB:
        """The ordinary TinyDB query API over the merged live records (read only)."""
        with self._mutex:
            if self._db is None:
                self._db = CigkitDB(self)
            return self._db

    def _materialise(self, kind: type[R], state: dict[str, Any]) -> R:
        record = kind.from_dict(state)
        events = self._events.get(kind.TABLE, {}).get(state["id"], ())
        object.__setattr__(record, _SEEN, (state, events))
        return record

    def all(self, kind: type[R], include_deleted: bool = False) -> list[R]:
        with self._mutex:
            self._ensure(kind.TABLE)
            source = self._records if include_deleted else self._live
            rows = list(source.get(kind.TABLE, {}).values())
            if include_deleted:
                rows = [r for r in rows if (kind.TABLE, r["id"]) not in self._problems]
            return [self._materialise(kind, r) for r in rows]

    def get(self, kind: type[R], record_id: str, include_deleted: bool = False) -> R | None:
        with self._mutex:
            self._ensure(kind.TABLE)
            source = self._records if include_deleted else self._live
            data = source.get(kind.TABLE, {}).get(record_id)
            if data is None or (kind.TABLE, record_id) in self._problems:
                return None
            return self._materialise(kind, data)

    def find(self, kind: type[R], cond: QueryLike) -> list[R]:
        with self._mutex:
            self._ensure(kind.TABLE)
            docs = self.db.table(kind.TABLE).search(cond)
            live = self._live.get(kind.TABLE, {})
            return [self._materialise(kind, live[str(doc.doc_id)]) for doc in docs]

    def where(self, kind: type[R], **fields: Any) -> list[R]:
        """Records whose fields equal the given values, e.g. where(Note, team_id=t, workshop=3).

        Equality on the fields screens ask for most is answered from an index the store keeps
        up to date; anything else goes through TinyDB's `Query` (`find`).
        """
        with self._mutex:
            table = kind.TABLE
            if not fields:
                return self.all(kind)
            self._ensure(table)
            first = next((f for f in fields if f in INDEXED), None)
            if first is None:
                rows = list(self._live.get(table, {}).values())
            else:
                rows = list(self._indexed(table, first).get(fields[first], {}).values())
            matches = [r for r in rows if all(r.get(k) == v for k, v in fields.items())]
            return [self._materialise(kind, r) for r in matches]

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

    def is_empty(self) -> bool:
        with self._mutex:
            if self._pending:
                self._ensure_all()
            return not any(self._live.values())

    def count_live(self) -> dict[str, int]:
        with self._mutex:
            return {table: len(rows) for table, rows in sorted(self.live.items()) if rows}
