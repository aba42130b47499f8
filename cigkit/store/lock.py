"""One writer per device and data folder, enforced with an advisory lock the OS releases when
the process dies: `flock` on Linux and macOS, `msvcrt.locking` on Windows.

Both lock an open file, not a name, so the lock file must still be the file the path names:
`WriterLock.held()` says whether it is, for the store to ask before it reports a save.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from .errors import StoreError, StoreLockedError
from .files import FILE_MODE

WINDOWS_LOCK_OFFSET = 2**30
"""Windows locks byte ranges, and nobody else can read a locked range: the lock sits on one
byte at 1 GiB, far past the holder's pid at the start of the file, as SQLite puts its lock
bytes at 1 GiB (allowed past the end of a file on NTFS, FAT and network shares alike)."""

# What each OS says when another process holds the lock (anything else is a real error):
# flock gives EWOULDBLOCK (EAGAIN); msvcrt.locking gives EACCES, or EDEADLOCK after retries.
_HELD_ELSEWHERE = frozenset({errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES, errno.EDEADLK})
_ATTEMPTS = 3


def try_lock_fd(fd: int) -> bool:
    """Take an exclusive, non-blocking lock on an open file; False if another process has it.

    Any other failure (a network share without locks, a bad descriptor) is raised, never
    mistaken for "someone else is writing".
    """
    if sys.platform == "win32":
        import msvcrt

        here = os.lseek(fd, 0, os.SEEK_CUR)
        os.lseek(fd, WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in _HELD_ELSEWHERE:
                return False
            raise
        finally:
            os.lseek(fd, here, os.SEEK_SET)
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in _HELD_ELSEWHERE:
            return False
        raise
    return True


def unlock_fd(fd: int) -> None:
    """Release a lock taken by `try_lock_fd` (closing the file releases it too)."""
    if sys.platform == "win32":
        import msvcrt

        here = os.lseek(fd, 0, os.SEEK_CUR)
        os.lseek(fd, WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass  # not locked (any more): closing the file is what matters
        finally:
            os.lseek(fd, here, os.SEEK_SET)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _holder(fd: int) -> str:
    """The pid the holder wrote at the start of the lock file ('' if none can be read).

    Read with lseek and read, not os.pread, which Windows does not have.
    """
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return text if text.isdigit() else ""


def _same_file(fd: int, path: Path) -> bool:
    """Does `path` still name the file open as `fd` (not removed, not replaced)?"""
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (on_disk.st_ino, on_disk.st_dev) == (mine.st_ino, mine.st_dev)


class WriterLock:
    """Held for as long as a process may write; released by the OS if the process dies."""

    def __init__(self, path: Path, data_dir: Path) -> None:
        self.path = path
        self.data_dir = data_dir
        self._fd = -1
        for _ in range(_ATTEMPTS):
            fd = self._open()
            if not self._lock(fd):
                holder = _holder(fd)
                os.close(fd)
                raise StoreLockedError(
                    f"Another cigkit process (pid {holder or 'unknown'}) is already writing to "
                    f"{data_dir} on this laptop; close it first (read-only views such as "
                    "'cigkit projector' still work)."
                )
            if _same_file(fd, path):
                self._fd = fd
                break
            # Removed (or replaced) between our open and our lock: a lock on that file
            # would exclude nobody who opens the path now, so take the one it names.
            os.close(fd)
        else:
            raise StoreError(f"Cannot take the writer's lock {path}: the file keeps being "
                             "removed or replaced; is a clean-up tool at work in the folder?")
        self._write_pid()

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        except OSError as exc:
            raise StoreError(f"Cannot take the writer's lock {self.path}: "
                             f"{exc.strerror or exc}.") from None

    def _lock(self, fd: int) -> bool:
        try:
            return try_lock_fd(fd)
        except OSError as exc:
            os.close(fd)
            raise StoreError(f"Cannot lock {self.path} ({exc.strerror or exc}); cigkit needs "
                             "a folder on a disk that supports file locks.") from None

    def _write_pid(self) -> None:
        try:
            os.ftruncate(self._fd, 0)
            os.lseek(self._fd, 0, os.SEEK_SET)
            os.write(self._fd, f"{os.getpid()}\n".encode())
        except OSError:
            pass  # only for the message a second writer sees; the lock itself is held

    def held(self) -> bool:
        """Is this still the lock on the path? Ask before reporting a save as done.

        If the lock file was removed while we hold it, a second writer could create a new
        one and lock that. Removed: we make and lock a new one at once (if nobody else got
        there first) and stay the writer. Replaced by a file another process locked: False,
        and this process must stop acknowledging writes.
        """
        if self._fd < 0:
            return False
        if _same_file(self._fd, self.path):
            return True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except OSError:
            return False  # someone else's file now, or the folder is gone
        try:
            locked = try_lock_fd(fd)
        except OSError:
            locked = False
        if not locked or not _same_file(fd, self.path):
            os.close(fd)
            return False
        os.close(self._fd)
        self._fd = fd
        self._write_pid()
        return True

    def release(self) -> None:
        if self._fd >= 0:
            try:
                unlock_fd(self._fd)
            finally:
                os.close(self._fd)
                self._fd = -1
