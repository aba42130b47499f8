"""Owner-only files and durable replacement: the small IO primitives the store is built on.

`fsync_fd` is the one way cigkit asks for data to reach the disk (F_FULLFSYNC on macOS, where
plain fsync stops at the drive's cache); `fsync_dir` makes a new name durable where the OS
lets a folder be opened (not on Windows, where a rename is durable once the file is);
`write_bytes_atomic` is the one atomic write, used for snapshots and exported minutes alike.
"""

from __future__ import annotations

import errno
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

FILE_MODE = 0o600
"""Data files and exports: readable and writable by their owner alone."""
DIR_MODE = 0o700

# What a file system says when it cannot do what was asked at all (as opposed to an IO
# error, which must never be hidden): a folder that cannot be synced, a full sync it lacks.
_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOTTY})
_REPLACE_RETRIES = 20
_REPLACE_PAUSE_S = 0.05


def fsync_fd(fd: int) -> None:
    """Push a file's data to the disk itself, not only to the drive's cache."""
    if sys.platform == "darwin":
        import fcntl

        try:
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
        except OSError as exc:
            # Network and FAT volumes refuse F_FULLFSYNC; fsync is the best they offer. A
            # real IO error is not one to paper over with a weaker sync.
            if exc.errno not in _UNSUPPORTED:
                raise
    os.fsync(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in `path` durable (a no-op where folders cannot be opened).

    Some file systems (several network and FUSE ones) cannot sync a folder and say so with
    EINVAL; that is not an error of ours. An IO error still is.
    """
    if sys.platform == "win32":
        return
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fsync_fd(fd)
    except OSError as exc:
        if exc.errno not in _UNSUPPORTED:
            raise
    finally:
        os.close(fd)


def temp_name(path: Path) -> Path:
    """Where the next version of `path` is written first: hidden, and named by this process
    (`.<name>.<pid>.tmp`) so a leftover can be traced to a process that is gone."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def replace_file(source: Path, target: Path) -> None:
    """`os.replace`, patient with Windows, where a file another program has open (a viewer, a
    virus scanner, a sync client) refuses to be replaced for a moment."""
    for attempt in range(_REPLACE_RETRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if sys.platform != "win32" or attempt == _REPLACE_RETRIES - 1:
                raise
            time.sleep(_REPLACE_PAUSE_S)


def write_bytes_atomic(path: Path, data: bytes, mode: int = FILE_MODE) -> None:
    """Replace `path` with `data` so that a crash, a full disk or an IO error leaves either
    the old file or the new one, never half of one, and no temp file behind (a kill -9 can
    leave the hidden temp file, never a half-written `path`).

    The temp file is made `mode` whatever the umask, written in full, fsynced, renamed over
    `path`, and the folder fsynced so the new name itself survives a power cut.
    """
    tmp = temp_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), mode)
    try:
        try:
            if sys.platform != "win32":
                os.fchmod(fd, mode)  # an old temp file of a dead process keeps its mode
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            fsync_fd(fd)
        finally:
            os.close(fd)
        replace_file(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON to a temp file, fsync it, rename it over `path`, fsync the folder."""
    # json.dumps, not json.dump: dump writes piece by piece through the pure-Python encoder,
    # several times slower for a snapshot of 100,000 records; the bytes are the same.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    write_bytes_atomic(path, text.encode("utf-8"))


def canonical(data: Any) -> str:
    """One spelling of a JSON value, used to break exact ties deterministically."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
