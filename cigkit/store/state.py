"""What an open store holds, declared once so that folding, queries and writing (each in its
own module) work on the same fields; `store.py` puts them together as `Store`."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .. import locations
from ..model import Record
from . import hlc
from .events import Event
from .journal import JournalWriter, Unparsed
from .lock import WriterLock
from .tinydb_layer import CigkitDB

R = TypeVar("R", bound=Record)
_SEEN = "_cigkit_seen"
"""Attribute on a record read from the store: the state and events it was read at."""


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
class StoreState:
    """The fields of a `Store`: its folder, what it has read and folded, and its writer."""

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
    """Changes read from the files but not yet folded, per table: a table is folded the first
    time anything asks for it (or new changes to it arrive), so opening a big folder costs
    little more than reading it."""
    _unparsed: dict[str, list[Unparsed]] = field(default_factory=dict)
    """Per pending table, journal lines holding changes for it that are not parsed yet."""
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

    def _journal_path(self) -> Path:
        if self._own is None:
            self._own = locations.journals_dir(self.data_dir) / f"{self.device}.jsonl"
        return self._own

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
