"""Append-only JSON Lines journals: one record version per line, fsynced before a save returns.

A crash can leave at most a torn last line; readers ignore it with a warning. Damage anywhere
else is corruption, reported with file and line and never overwritten.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import TABLES, record_problem
from .errors import StoreCorruptError, StoreError
from .files import FILE_MODE, fsync_dir, fsync_fd


@dataclass
class JournalRead:
    """What one read of a journal found: entries, where valid data ends, and any torn tail."""

    entries: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    valid_end: int = 0
    torn: bytes = b""
    warnings: list[str] = field(default_factory=list)


def encode_entry(table: str, record: dict[str, Any]) -> bytes:
    line = json.dumps({"table": table, "record": record}, ensure_ascii=False, separators=(",", ":"))
    return (line + "\n").encode("utf-8")


def _decode(raw: bytes) -> tuple[str, dict[str, Any]] | None:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    table, record = data.get("table"), data.get("record")
    if not isinstance(table, str) or not isinstance(record, dict):
        return None
    if not isinstance(record.get("id"), str) or type(record.get("rev")) is not int:
        return None
    return table, record


def read_journal(path: Path, start: int = 0, first_line: int = 1) -> JournalRead:
    """Read entries from byte offset `start`; a bad line followed by good ones is corruption."""
    with open(path, "rb") as handle:
        handle.seek(start)
        blob = handle.read()
    result = JournalRead(valid_end=start)
    offset = start
    pending_bad: tuple[int, int] | None = None  # (line number, offset) of a bad line
    for number, raw in enumerate(blob.splitlines(keepends=True), start=first_line):
        complete = raw.endswith(b"\n")
        stripped = raw.strip()
        decoded = _decode(stripped) if complete and stripped else None
        if decoded is None and stripped.strip(b"\x00"):
            if pending_bad is None:
                pending_bad = (number, offset)
        elif decoded is not None:
            if pending_bad is not None:
                raise StoreCorruptError(
                    path,
                    pending_bad[0],
                    "damaged record in the middle of the journal; cigkit left the file "
                    "untouched: restore it from a copy or move it out of the folder",
                )
            problem = record_problem(*decoded)
            if problem is not None and decoded[0] not in TABLES:
                result.warnings.append(
                    f"{path}:{number}: skipped a record of type {decoded[0]!r}, "
                    "written by a newer cigkit"
                )
            elif problem is not None:
                raise StoreCorruptError(
                    path, number, f"record {decoded[1]['id']} cannot be read: {problem}; "
                    "cigkit left the file untouched"
                )
            else:
                result.entries.append(decoded)
            result.valid_end = offset + len(raw)
        elif pending_bad is None and complete and not stripped:
            result.valid_end = offset + len(raw)
        offset += len(raw)
    if result.valid_end < start + len(blob):
        result.torn = blob[result.valid_end - start :]
        where = pending_bad[0] if pending_bad else "end"
        result.warnings.append(
            f"{path}:{where}: ignored an unfinished last write "
            f"({len(result.torn)} bytes), left by a crash before it was saved"
        )
    return result


class JournalWriter:
    """Appends entries to one device's journal; every append is fsynced before it returns.

    A failed append is rolled back to the last whole line, so a full disk or an IO error
    never leaves half a record for later saves to land behind.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        existed = path.exists()
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
        self.broken = ""
        if not existed:
            fsync_dir(path.parent)

    def append(self, payload: bytes) -> None:
        if self.broken:
            raise StoreError(self.broken)
        size = os.fstat(self._fd).st_size
        try:
            view = memoryview(payload)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            fsync_fd(self._fd)
        except OSError as exc:
            try:
                os.ftruncate(self._fd, size)
                fsync_fd(self._fd)
            except OSError:
                self.broken = (
                    f"{self.path} could not be repaired after a failed save "
                    f"({exc.strerror}); close cigkit and open it again."
                )
            raise StoreError(
                f"Could not save to {self.path}: {exc.strerror or exc}; nothing was saved."
            ) from None

    def size(self) -> int:
        return os.fstat(self._fd).st_size

    def truncate_to(self, size: int) -> None:
        os.ftruncate(self._fd, size)
        fsync_fd(self._fd)

    def replace_with_empty(self) -> None:
        """Start a new, empty journal file (a new inode), so readers notice it changed."""
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, FILE_MODE)
        try:
            fsync_fd(fd)
            os.replace(tmp, self.path)
        except BaseException:
            os.close(fd)
            tmp.unlink(missing_ok=True)
            raise
        fsync_dir(self.path.parent)
        os.close(self._fd)
        self._fd = fd

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
