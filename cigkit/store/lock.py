"""One writer per device and data folder, enforced with an advisory lock the OS releases when
the process dies: `flock` on POSIX, `msvcrt.locking` on one byte far past the end on Windows.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import StoreLockedError
from .files import FILE_MODE

# Windows locks byte ranges; locking one byte far beyond any real data leaves the file
# readable by everyone else while still excluding a second writer.
_WINDOWS_LOCK_OFFSET = 2**62


def try_lock_fd(fd: int) -> bool:
    """Take an exclusive, non-blocking lock on an open file; False if another process has it."""
    if sys.platform == "win32":
        import msvcrt

        here = os.lseek(fd, 0, os.SEEK_CUR)
        try:
            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
        finally:
            os.lseek(fd, here, os.SEEK_SET)
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def unlock_fd(fd: int) -> None:
    """Release a lock taken by `try_lock_fd` (closing the file releases it too)."""
    if sys.platform == "win32":
        import msvcrt

        here = os.lseek(fd, 0, os.SEEK_CUR)
        try:
            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
        finally:
            os.lseek(fd, here, os.SEEK_SET)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


class WriterLock:
    """Held for as long as a process may write; released by the OS if the process dies."""

    def __init__(self, path: Path, data_dir: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        if not try_lock_fd(self._fd):
            holder = os.pread(self._fd, 32, 0).decode(errors="replace").strip() if hasattr(
                os, "pread") else ""
            os.close(self._fd)
            raise StoreLockedError(
                f"Another cigkit process (pid {holder or 'unknown'}) is already writing to "
                f"{data_dir} on this laptop; close it first (read-only views such as "
                "'cigkit projector' still work)."
            )
        os.ftruncate(self._fd, 0)
        os.lseek(self._fd, 0, os.SEEK_SET)
        os.write(self._fd, f"{os.getpid()}\n".encode())

    def release(self) -> None:
        if self._fd >= 0:
            unlock_fd(self._fd)
            os.close(self._fd)
            self._fd = -1
