"""The programme store: every laptop's changes, merged field by field into one programme.

Each save appends one line of events to `journals/<device>.jsonl` and fsyncs it before it
returns. Loading reads every journal in the folder (and the snapshots cigkit 0.1 wrote) and
folds each record's events (see `events.py` for the merge rule), so every laptop that has the
same events shows the same programme, whatever order the files arrived in. This device writes
only its own journal; changes merged from a bundle or another folder are appended to it too.

This module opens and closes the folder and reads its files (all of them at first, then only
what is new); folding is in `folding.py`, reading records in `queries.py`, saving in
`writing.py`, and the fields they share in `state.py`.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISDIR, S_ISREG

from .. import locations
from . import hlc
from .errors import StoreError
from .events import Event
from .folding import _no_gc_pauses
from .journal import JournalWriter, continues, read_journal, torn_warning
from .lock import WriterLock
from .snapshot import read_snapshot
from .state import _FileMark
from .tidy import remove_stale_temp_files
from .writing import Writing


@dataclass
class Store(Writing):
    """The merged records of one data folder, writable by at most one process per device."""

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
