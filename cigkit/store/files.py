"""Owner-only files and durable replacement: the small IO primitives the store is built on.

`fsync_fd` is the one way cigkit asks for data to reach the disk (F_FULLFSYNC on macOS, where
plain fsync stops at the drive's cache); `fsync_dir` makes a new name durable where the OS
lets a folder be opened (not on Windows, where a rename is durable once the file is).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

FILE_MODE = 0o600


def fsync_fd(fd: int) -> None:
    """Push a file's data to the disk itself, not only to the drive's cache."""
    if sys.platform == "darwin":
        import fcntl

        try:
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
        except OSError:
            pass  # some file systems (network, FAT) refuse F_FULLFSYNC; fsync is the best left
    os.fsync(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in `path` durable (a no-op where folders cannot be opened)."""
    if sys.platform == "win32":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        fsync_fd(fd)
    finally:
        os.close(fd)


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON to a temp file, fsync it, rename it over `path`, fsync the folder."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
            handle.write("\n")
            handle.flush()
            fsync_fd(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def canonical(data: Any) -> str:
    """One spelling of a JSON value, used to break exact ties deterministically."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
