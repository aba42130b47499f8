"""Parsed files kept while they are unchanged: plans and checklists are read once, not per call.

A file is known by its path, size, modification time and inode; one that changed in the last
two seconds is never kept, since some file systems (FAT on a USB stick) keep times only to the
second or two, and an edit within that window could otherwise go unseen.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from .errors import UserError

T = TypeVar("T")
RACY_NS = 2_000_000_000
LIMIT = 256

_cache: dict[tuple[Hashable, ...], tuple[tuple[int, ...], Any, UserError | None]] = {}
_lock = threading.Lock()


def parsed(path: Path, parse: Callable[[], T], *key: Hashable) -> T:
    """`parse()`'s result for `path` as it is now, parsed again only when the file changed.

    `key` holds whatever else the result depends on (such as the checklist ids a plan is
    checked against). A UserError (a file to fix) is remembered like a result, so a broken
    file is not parsed again on every call either; it is raised afresh each time.
    """
    try:
        stat = os.stat(path)
    except OSError:
        return parse()  # missing or unreadable: let the parser say so, every time
    signature = (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_dev)
    entry_key = (os.fspath(path), *key)
    with _lock:
        entry = _cache.get(entry_key)
    if entry is not None and entry[0] == signature:
        if entry[2] is not None:
            raise entry[2].with_traceback(None)
        return entry[1]
    error: UserError | None = None
    try:
        result: Any = parse()
    except UserError as exc:
        result, error = None, exc
    if time.time_ns() - stat.st_mtime_ns >= RACY_NS:
        with _lock:
            if len(_cache) >= LIMIT:
                _cache.pop(next(iter(_cache)))
            _cache[entry_key] = (signature, result, error)
    if error is not None:
        raise error
    return result
