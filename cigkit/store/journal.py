"""Append-only JSON Lines journals: one line per save (one or more changes), fsynced first.

A line is written whole or not at all as far as readers are concerned: a line without its
newline is an unfinished write (a crash, or a file-sync tool still copying it) and is not read
until it is complete. A damaged line anywhere is reported by file and line and skipped; the
lines after it, and every other file, still load.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import fastjson
from .errors import StoreError, StoreGoneError, StoreLockedError
from .events import MAX_NESTING, Event, decode_line
from .files import FILE_MODE, fsync_dir, fsync_fd
from .lock import try_lock_fd, unlock_fd

TAIL_BYTES = 64
"""How much of a journal's last whole lines is kept to tell whether a file is still the one
read before (Syncthing writes each update as a new file; a journal only ever grows)."""
WARNED_LINES = 20
"""Damaged lines of one file named one by one; the rest are counted in one sentence."""


@dataclass
class JournalRead:
    """What one read of a journal found: changes, where whole lines end, and any torn tail."""

    events: list[Event] = field(default_factory=list)
    valid_end: int = 0
    lines: int = 0
    torn: bytes = b""
    warnings: list[str] = field(default_factory=list)
    damaged_lines: list[int] = field(default_factory=list)
    tail: bytes = b""
    """The last bytes before `valid_end` read this time (to know the file again)."""
    deferred: list[Unparsed] = field(default_factory=list)
    """Lines as cigkit writes them, left unparsed (`read_journal(defer=True)`)."""
    newest: str = ""
    """The latest stamp among the deferred lines (the hybrid clock must see it at once)."""


@dataclass
class Unparsed:
    """Lines of one journal not parsed yet, all holding changes for the same tables: parsed
    together, once, when the first of those tables is asked for."""

    where: str
    tables: tuple[str, ...]
    lines: list[tuple[int, bytes]] = field(default_factory=list)
    done: bool = False


# A line as cigkit writes it starts with its first change's table, and every change starts
# with its table: `{"t":"notes",...`. A JSON string never holds an unescaped quote, so these
# bytes are found only where a change (or a nested value with a "t" key) begins.
_LINE_START = b'{"v":2,"e":[{"t":"'
_CHANGE_START = re.compile(rb'\{"t":"([a-z_]{1,40})"')
_STAMP = re.compile(rb'"h":"(\d{13}\.\d{4}\.[^"]{1,64})"')


_NAMES: dict[bytes, str] = {}


def _tables_of(raw: bytes) -> tuple[str, ...] | None:
    """The tables a line as cigkit writes it holds changes for, without parsing it."""
    if not raw.startswith(_LINE_START):
        return None
    if raw.count(b'{"t":"') == 1:  # one change: most lines, as each save is one
        end = raw.find(b'"', len(_LINE_START))
        name = raw[len(_LINE_START):end]
        table = _NAMES.get(name)
        if table is None:
            if _CHANGE_START.match(raw, len(_LINE_START) - 6) is None:
                return None
            table = _NAMES[name] = name.decode("ascii")
        return (table,)
    found = tuple(dict.fromkeys(m.decode("ascii") for m in _CHANGE_START.findall(raw)))
    return found or None


def _newest_stamp(raw: bytes, single: bool) -> bytes:
    if single:
        at = raw.find(b'"h":"')
        return raw[at + 5:raw.find(b'"', at + 5)] if at > 0 else b""
    stamps = _STAMP.findall(raw)
    return max(stamps) if stamps else b""


def read_journal(path: Path, start: int = 0, first_line: int = 1,
                 defer: bool = False) -> JournalRead:
    """Read whole lines from byte offset `start`; damaged lines are skipped with a warning.

    With `defer`, a line holding one change is only sorted by its table and parsed when that
    table is first needed (`parse_lines`): opening a big folder for one screen parses only
    the tables that screen shows.
    """
    with open(path, "rb") as handle:
        if start:
            handle.seek(start)
        blob = handle.read()
    result = JournalRead(valid_end=start, lines=first_line - 1)
    end = blob.rfind(b"\n") + 1
    if end < len(blob):
        result.torn = blob[end:]
    if not end:
        return result
    result.tail = blob[max(0, end - TAIL_BYTES):end]
    where = str(path)
    events = result.events
    number = first_line - 1
    groups: dict[tuple[str, ...], Unparsed] = {}
    newest = b""
    # Lines of one change whose table was seen before take the short way (most lines: the
    # same steps as `_tables_of` and `_newest_stamp`, without the calls; opening a full
    # programme sorts 15,000 of them before the app's first frame).
    single: dict[bytes, list[tuple[int, bytes]]] = {}  # table name -> its group's lines
    skip, change = len(_LINE_START), b'{"t":"'
    pieces = blob.split(b"\n")  # no copy of the whole blob first: a big folder is 60 MB
    del blob
    pieces.pop()  # what follows the last newline: the torn tail, kept above, or nothing
    for raw in pieces:
        number += 1
        if defer and raw.startswith(_LINE_START) and raw.count(change) == 1:
            name = raw[skip:raw.find(b'"', skip)]
            same = single.get(name)
            if same is not None:
                same.append((number, raw))
                at = raw.find(b'"h":"')
                if at > 0:
                    stamp = raw[at + 5:raw.find(b'"', at + 5)]
                    if stamp > newest:
                        newest = stamp
                continue
        if not raw.strip(b" \t\r\x00"):
            continue
        if defer:
            tables = _tables_of(raw)
            if tables is not None:
                group = groups.get(tables)
                if group is None:
                    group = groups[tables] = Unparsed(where, tables)
                group.lines.append((number, raw))
                if len(tables) == 1 and raw.count(change) == 1:
                    single[raw[skip:raw.find(b'"', skip)]] = group.lines
                stamp = _newest_stamp(raw, len(tables) == 1)
                if stamp > newest:
                    newest = stamp
                continue
        decoded = _decode_raw(raw)
        if isinstance(decoded, str):
            result.damaged_lines.append(number)
            if len(result.warnings) < WARNED_LINES:
                result.warnings.append(
                    f"{path}:{number}: skipped a damaged line ({decoded}); the rest of the "
                    "file was read and the file was left untouched"
                )
            continue
        for event in decoded:
            event["_o"] = (where, number)
        events.extend(decoded)
    result.valid_end = start + end
    result.lines = number
    result.newest = newest.decode("ascii", "replace")
    result.deferred = list(groups.values())
    more = result.damaged_lines[WARNED_LINES:]
    if more:
        result.warnings.append(
            f"{path}: {len(more)} more damaged lines were skipped, from line {more[0]} to "
            f"line {more[-1]} (perhaps written by a newer cigkit); the rest of the file was "
            "read and the file was left untouched")
    return result


def _decode_raw(raw: bytes) -> list[Event] | str:
    """The changes of one line, or why it is damaged."""
    try:
        data, unchecked = fastjson.loads_text(raw)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return "not valid JSON text"
    # json.loads also reads a surrogate written as raw bytes (ED A0-BF ..), not only as an
    # escape; orjson refuses both, so only a line json.loads read is searched
    suspect = b"\\ud" in raw or b"\\uD" in raw or b"\xed" in raw
    if unchecked and suspect and not _whole_unicode(data):
        return "text with half of a Unicode character pair"
    return decode_line(data, raw.count(b"[") + raw.count(b"{") > MAX_NESTING)


def _whole_unicode(value: object, depth: int = 0) -> bool:
    """No lone surrogate anywhere (JSON can spell one, `\\udcff`; it cannot be written back
    as UTF-8, so a record holding one could never be saved again)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if depth > 64:
        return True  # nesting this deep is refused on its own
    if isinstance(value, dict):
        return all(_whole_unicode(k, depth) and _whole_unicode(v, depth + 1)
                   for k, v in value.items())
    if isinstance(value, list):
        return all(_whole_unicode(v, depth + 1) for v in value)
    return True


def parse_lines(lines: list[Unparsed]) -> tuple[list[Event], list[str]]:
    """Lines `read_journal(defer=True)` left unparsed (each parsed once, whichever table asks
    first): their changes, and a warning for each damaged one (the first few by line)."""
    events: list[Event] = []
    damaged: list[tuple[str, int, str]] = []
    for group in lines:
        if group.done:
            continue
        group.done = True
        where, parsed_lines = group.where, group.lines
        group.lines = []  # parsed once: the raw bytes are not needed again
        for number, raw in parsed_lines:
            decoded = _decode_raw(raw)
            if isinstance(decoded, str):
                damaged.append((where, number, decoded))
                continue
            for event in decoded:
                event["_o"] = (where, number)
            events.extend(decoded)
    warnings = [f"{where}:{number}: skipped a damaged line ({reason}); the rest of the file "
                "was read and the file was left untouched"
                for where, number, reason in damaged[:WARNED_LINES]]
    if len(damaged) > WARNED_LINES:
        where = damaged[0][0]
        rest = [number for _, number, _ in damaged[WARNED_LINES:]]
        warnings.append(f"{where}: {len(rest)} more damaged lines were skipped, from line "
                        f"{rest[0]} to line {rest[-1]}; the rest of the file was read")
    return events, warnings


def continues(path: Path, size: int, tail: bytes) -> bool:
    """Does the file at `path` hold `tail` just before byte `size`, as the one read before
    did? Then only what follows is new, even if the file itself is a new one."""
    if not size:
        return True
    if not tail:
        return False
    with open(path, "rb") as handle:
        handle.seek(size - len(tail))
        return handle.read(len(tail)) == tail


def torn_warning(path: Path, torn: bytes) -> str:
    return (f"{path}: ignored an unfinished last line ({len(torn)} bytes), left by a crash or a "
            "copy still in progress; it is read once it is complete")


class JournalWriter:
    """Appends lines to this device's journal; each append is fsynced before it returns.

    The journal file itself is locked as well as the lock file, so a second writer of the
    same device is refused even if someone deletes `locks/`. After every append the writer
    checks that the path still names the file it wrote to: a folder deleted or a drive
    unplugged mid-session makes the save fail loudly instead of being acknowledged.
    """

    def __init__(self, path: Path, data_dir: Path) -> None:
        self.path = path
        self._where = str(path)
        self.data_dir = data_dir
        existed = path.exists()
        try:
            # Windows opens files in text mode (LF written as CRLF) unless asked for binary
            binary = getattr(os, "O_BINARY", 0)
            self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | binary, FILE_MODE)
        except OSError as exc:
            raise StoreError(f"Cannot write to {path}: {exc.strerror}.") from None
        if not try_lock_fd(self._fd):
            os.close(self._fd)
            self._fd = -1
            raise StoreLockedError(
                f"Another cigkit process is already writing to {data_dir} on this laptop "
                f"(it holds {path}); close it first (read-only views such as 'cigkit "
                "projector' still work)."
            )
        info = os.fstat(self._fd)
        self._identity = (info.st_dev, info.st_ino)
        self.broken = ""
        if not existed:
            fsync_dir(path.parent)

    def _check_still_there(self) -> None:
        """After the fsync: a line written to a file nobody can reach is not saved."""
        try:
            info = os.stat(self._where)
        except OSError:
            info = None
        if info is None or (info.st_dev, info.st_ino) != self._identity:
            self.broken = (
                f"The data folder {self.data_dir} is gone or was replaced (its journal "
                f"{self.path} is no longer the file cigkit opened: deleted, moved or the drive "
                "unplugged); nothing more can be saved there until cigkit is opened again."
            )
            raise StoreGoneError(self.broken + " This change was NOT saved.")

    def append(self, payload: bytes) -> None:
        """Write one whole line durably, or raise StoreError having written nothing."""
        if self.broken:
            raise StoreGoneError(self.broken + " This change was NOT saved.")
        try:
            size = os.fstat(self._fd).st_size
        except OSError as exc:
            raise StoreError(f"Could not save to {self.path}: {exc.strerror or exc}; this "
                             "change was NOT saved.") from None
        try:
            view = memoryview(payload)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            fsync_fd(self._fd)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            try:
                os.ftruncate(self._fd, size)
                fsync_fd(self._fd)
            except OSError:
                self.broken = (
                    f"{self.path} could not be repaired after a failed save ({reason}); "
                    "close cigkit and open it again"
                )
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                reason = "the disk is full"
            raise StoreError(
                f"Could not save to {self.path}: {reason}; this change was NOT saved."
            ) from None
        self._check_still_there()

    def truncate_to(self, size: int) -> None:
        os.ftruncate(self._fd, size)
        fsync_fd(self._fd)

    def close(self) -> None:
        if self._fd >= 0:
            try:
                unlock_fd(self._fd)
            except OSError:
                pass
            os.close(self._fd)
            self._fd = -1
