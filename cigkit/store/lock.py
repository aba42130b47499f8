"""One writer per device and data folder, enforced with an advisory file lock."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from .errors import StoreLockedError
from .files import FILE_MODE


class WriterLock:
    """Held for as long as a process may write; released by the OS if the process dies."""

    def __init__(self, path: Path, data_dir: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(self._fd, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(self._fd)
            raise StoreLockedError(
                f"Another cigkit process (pid {holder}) is already writing to {data_dir} "
                "on this laptop; close it first (read-only views such as "
                "'cigkit projector' still work)."
            ) from None
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, f"{os.getpid()}\n".encode(), 0)

    def release(self) -> None:
        if self._fd >= 0:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = -1
