"""Parse a hand-edited file once per change: results kept by path, size and modification time.

Plans and the checklist are read by every screen refresh and every export; re-parsing nine
TOML files each time cost the app a tenth of a second per change. A file edited on disk has
a new size or mtime, so it is read again the next time it is asked for.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

_LOCK = threading.Lock()
_RESULTS: dict[tuple[Hashable, ...], tuple[tuple[int, int, int], Any, BaseException | None]] = {}


def parsed(path: Path, extra: Hashable, parse: Callable[[], T]) -> T:
    """`parse()` for this file as it is now on disk, from the cache when the file is unchanged.

    `extra` is whatever else the result depends on (e.g. the checklist ids a plan is checked
    against). A file that cannot be read is never cached, so its error is found afresh; a
    parse error is cached like a result and raised again until the file changes.
    """
    try:
        stat = os.stat(path)
    except OSError:
        return parse()
    stamp = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    key = (str(path), extra)
    with _LOCK:
        held = _RESULTS.get(key)
    if held is not None and held[0] == stamp:
        if held[2] is not None:
            raise held[2].with_traceback(None)
        return held[1]
    try:
        result = parse()
    except Exception as error:
        with _LOCK:
            _RESULTS[key] = (stamp, None, error)
        raise
    with _LOCK:
        _RESULTS[key] = (stamp, result, None)
    return result
