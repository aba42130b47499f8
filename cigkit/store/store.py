"""The programme store: every device's snapshot and journal merged by record id.

Loading reads `snapshots/*.json` and `journals/*.jsonl`, keeping for each record the version
with the highest (rev, device), so every laptop computes the same state whatever order files
arrive in. This device writes only `journals/<device>.jsonl` and `snapshots/<device>.json`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from tinydb import Query
from tinydb.queries import QueryLike

from .. import locations
from ..model import TABLES, Record, new_id, now_iso, record_problem
from .errors import StoreError, StoreReadOnlyError
from .files import canonical
from .journal import JournalWriter, encode_entry, read_journal
from .lock import WriterLock
from .snapshot import read_snapshot, write_snapshot
from .tinydb_layer import CigkitDB, MergedStorage

R = TypeVar("R", bound=Record)
COMPACT_AFTER_LINES = 5000


def _wins(new: dict[str, Any], old: dict[str, Any] | None) -> bool:
    """Does `new` beat `old`? Highest rev, then device id, then content: a total order."""
    if old is None:
        return True
    a = (new.get("rev", 0), str(new.get("device", "")))
    b = (old.get("rev", 0), str(old.get("device", "")))
    if a != b:
        return a > b
    return canonical(new) > canonical(old)


@dataclass
class _FileMark:
    """How far a file has been read, so a refresh reads only what is new."""

    inode: int
    size: int
    mtime_ns: int
    lines: int = 0


@dataclass
class Store:
    """The merged records of one data folder, writable by at most one process per device."""

    data_dir: Path
    device: str
    writable: bool = False
    records: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    live: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    _marks: dict[Path, _FileMark] = field(default_factory=dict)
    _writer: JournalWriter | None = None
    _lock: WriterLock | None = None
    _journal_lines: int = 0
    _torn: bytes = b""
    _db: CigkitDB | None = None
    generation: int = 0
    _mutex: threading.RLock = field(default_factory=threading.RLock)

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, device: str | None = None, writable: bool = True) -> Store:
        """Open a data folder; a writer takes this device's lock and mends a torn tail."""
        device = device or locations.device_id()
        store = cls(data_dir=data_dir, device=device, writable=writable)
        if writable:
            for folder in (
                data_dir,
                locations.journals_dir(data_dir),
                locations.snapshots_dir(data_dir),
                locations.locks_dir(data_dir),
            ):
                try:
                    locations.ensure_private_dir(folder)
                except OSError as exc:
                    raise StoreError(
                        f"Cannot create the data folder {folder}: {exc.strerror}."
                    ) from None
            store._lock = WriterLock(locations.locks_dir(data_dir) / f"{device}.lock", data_dir)
        elif not data_dir.is_dir():
            raise StoreError(
                f"There is no cigkit data in {data_dir}; create it with 'cigkit demo' "
                "or 'cigkit roster import'."
            )
        try:
            with store._mutex:
                store._load_all()
            if writable:
                store._open_writer()
        except BaseException:
            store.close()
            raise
        return store

    def _journal_path(self) -> Path:
        return locations.journals_dir(self.data_dir) / f"{self.device}.jsonl"

    def _snapshot_path(self) -> Path:
        return locations.snapshots_dir(self.data_dir) / f"{self.device}.json"

    def _files(self) -> tuple[list[Path], list[Path]]:
        snaps = self._listing(locations.snapshots_dir(self.data_dir), ".json")
        journals = self._listing(locations.journals_dir(self.data_dir), ".jsonl")
        return snaps, journals

    @staticmethod
    def _listing(folder: Path, suffix: str) -> list[Path]:
        """Files in a store folder; an unreadable folder is an error, never an empty one."""
        try:
            names = os.listdir(folder)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(f"Cannot read the folder {folder}: {exc.strerror}.") from None
        return sorted(folder / n for n in names if n.endswith(suffix) and not n.startswith("."))

    def _load_all(self) -> None:
        self.records = {}
        self.live = {}
        self._marks = {}
        self.warnings = []
        snaps, journals = self._files()
        for path in snaps:
            self._load_snapshot(path)
        for path in journals:
            self._load_journal(path, from_start=True)
        self._touch()

    def _load_snapshot(self, path: Path) -> None:
        entries, warnings = read_snapshot(path)
        self.warnings.extend(warnings)
        for table, record in entries:
            self._apply(table, record)
        stat = path.stat()
        self._marks[path] = _FileMark(stat.st_ino, stat.st_size, stat.st_mtime_ns)

    def _load_journal(self, path: Path, from_start: bool) -> bool:
        """Read a journal, or only its new tail; returns True if anything was applied."""
        stat = path.stat()
        mark = self._marks.get(path)
        start, first_line = 0, 1
        if mark is not None and not from_start:
            if mark.inode == stat.st_ino and stat.st_size >= mark.size:
                if stat.st_size == mark.size:
                    return False
                start, first_line = mark.size, mark.lines + 1
        result = read_journal(path, start, first_line)
        for table, record in result.entries:
            self._apply(table, record)
        if from_start:
            # On a refresh, a torn tail is usually a write still in progress: read it next time.
            self.warnings.extend(result.warnings)
        consumed = result.valid_end
        lines = first_line - 1 + len(result.entries)
        self._marks[path] = _FileMark(stat.st_ino, consumed, stat.st_mtime_ns, lines)
        if path == self._journal_path():
            self._journal_lines = lines
            self._torn = result.torn
        return bool(result.entries)

    def _open_writer(self) -> None:
        path = self._journal_path()
        self._writer = JournalWriter(path)
        torn = self._torn
        if torn:
            keep = path.with_name(f"{path.stem}.torn-{now_iso().replace(':', '')}")
            fd = os.open(keep, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(torn)
                handle.flush()
                os.fsync(handle.fileno())
            self._writer.truncate_to(self._marks[path].size)
            self._torn = b""
        if self._journal_lines >= COMPACT_AFTER_LINES:
            self.compact()

    # -- merging ---------------------------------------------------------------------------

    def _apply(self, table: str, record: dict[str, Any]) -> bool:
        records = self.records.setdefault(table, {})
        rid = record["id"]
        if not _wins(record, records.get(rid)):
            return False
        records[rid] = record
        live = self.live.setdefault(table, {})
        if record.get("deleted"):
            live.pop(rid, None)
        else:
            live[rid] = record
        return True

    def _touch(self) -> None:
        self.generation += 1
        if self._db is not None:
            for table in self._db._tables.values():
                table.clear_cache()

    def _refresh_unlocked(self) -> bool:
        """Pick up what other devices (or a file-sync tool) wrote since the last look."""
        snaps, journals = self._files()
        changed = False
        for path in snaps:
            stat = path.stat()
            mark = self._marks.get(path)
            if mark is None or (mark.inode, mark.mtime_ns) != (stat.st_ino, stat.st_mtime_ns):
                self._load_snapshot(path)
                changed = True
        for path in journals:
            if path == self._journal_path() and self.writable:
                continue
            changed = self._load_journal(path, from_start=False) or changed
        if changed:
            self._touch()
        return changed

    # -- writing ---------------------------------------------------------------------------

    def _put_unlocked(self, table: str, record: dict[str, Any]) -> dict[str, Any]:
        """Save one version of a record durably; returns only after fsync."""
        if not self.writable or self._writer is None:
            raise StoreReadOnlyError(f"{self.data_dir} is open read-only here.")
        if table not in TABLES:
            raise StoreError(f"Unknown record type {table!r}.")
        record = dict(record)
        record.pop("doc_id", None)
        if not record.get("id"):
            record["id"] = new_id()
        old = self.records.get(table, {}).get(record["id"])
        stamp = now_iso()
        record["rev"] = (old["rev"] if old else 0) + 1
        record["device"] = self.device
        record["updated_at"] = stamp
        record.setdefault("created_at", old["created_at"] if old else stamp)
        record.setdefault("deleted", False)
        problem = record_problem(table, record)
        if problem is not None:
            raise StoreError(f"Cannot save this {table[:-1] if table.endswith('s') else table} "
                             f"record: {problem}.")
        self._writer.append(encode_entry(table, record))
        self._journal_lines += 1
        self._apply(table, record)
        self._marks_after_write()
        self._touch()
        return record

    def _marks_after_write(self) -> None:
        path = self._journal_path()
        mark = self._marks.get(path)
        size = self._writer.size() if self._writer else 0
        if mark is None:
            stat = path.stat()
            self._marks[path] = _FileMark(stat.st_ino, size, stat.st_mtime_ns, 1)
        else:
            mark.size = size
            mark.lines = self._journal_lines

    def save(self, record: R) -> R:
        """Save a dataclass record; returns it as stored (rev, device, timestamps filled)."""
        stored = self.put(record.TABLE, record.to_dict())
        return type(record).from_dict(stored)

    def delete(self, record: Record) -> Record:
        """Tombstone a record: it disappears from queries but its history stays on disk."""
        data = record.to_dict()
        data["deleted"] = True
        return type(record).from_dict(self.put(record.TABLE, data))

    def restore(self, record: Record) -> Record:
        """Undo a deletion by writing a newer live version."""
        data = record.to_dict()
        data["deleted"] = False
        return type(record).from_dict(self.put(record.TABLE, data))

    def _compact_unlocked(self) -> None:
        """Fold every known record into this device's snapshot, then empty its journal."""
        if not self.writable or self._writer is None:
            raise StoreReadOnlyError(f"{self.data_dir} is open read-only here.")
        write_snapshot(self._snapshot_path(), self.device, self.records)
        stat = self._snapshot_path().stat()
        self._marks[self._snapshot_path()] = _FileMark(stat.st_ino, stat.st_size, stat.st_mtime_ns)
        self._writer.replace_with_empty()
        self._journal_lines = 0
        jstat = self._journal_path().stat()
        self._marks[self._journal_path()] = _FileMark(jstat.st_ino, 0, jstat.st_mtime_ns, 0)

    def refresh(self) -> bool:
        """Pick up what other devices (or a file-sync tool) wrote since the last look."""
        with self._mutex:
            return self._refresh_unlocked()

    def put(self, table: str, record: dict[str, Any]) -> dict[str, Any]:
        """Save one version of a record durably; returns only after fsync."""
        with self._mutex:
            return self._put_unlocked(table, record)

    def compact(self) -> None:
        """Fold every known record into this device's snapshot, then empty its journal."""
        with self._mutex:
            self._compact_unlocked()

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------

    @property
    def db(self) -> CigkitDB:
        """The ordinary TinyDB API over the merged live records."""
        if self._db is None:
            self._db = CigkitDB(self, storage=MergedStorage)
        return self._db

    def all(self, kind: type[R]) -> list[R]:
        with self._mutex:
            rows = list(self.live.get(kind.TABLE, {}).values())
        return [kind.from_dict(r) for r in rows]

    def get(self, kind: type[R], record_id: str) -> R | None:
        with self._mutex:
            data = self.live.get(kind.TABLE, {}).get(record_id)
            return kind.from_dict(data) if data is not None else None

    def find(self, kind: type[R], cond: QueryLike) -> list[R]:
        with self._mutex:
            docs = self.db.table(kind.TABLE).search(cond)
        return [kind.from_dict(doc) for doc in docs]

    def where(self, kind: type[R], **fields: Any) -> list[R]:
        """Records whose fields equal the given values, e.g. where(Note, team_id=t, workshop=3)."""
        q = Query()
        cond: QueryLike | None = None
        for name, value in fields.items():
            part = q[name] == value
            cond = part if cond is None else (cond & part)
        if cond is None:
            return self.all(kind)
        return self.find(kind, cond)

    def is_empty(self) -> bool:
        return not any(self.live.values())

    def count_live(self) -> dict[str, int]:
        return {table: len(rows) for table, rows in sorted(self.live.items()) if rows}

    def save_many(self, records: Iterable[Record]) -> None:
        for record in records:
            self.save(record)
