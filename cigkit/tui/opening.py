"""The data folder opened just after the app's first frame, when the workshop picker can be
drawn from the lines the last launch remembered (services/workshop_lines.py).

The folder is opened, its lock taken and every file checked exactly as `Store.open` always
does, before anything reads or saves a record: the first thing to ask for the store (the
app, just after the first frame, or a key typed before that) opens it and the others wait.
If it cannot be opened (another cigkit holds this laptop's journal, say), the app quits and
`run_app` gives the store's one sentence, as if it had never started.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UserError

if TYPE_CHECKING:
    from ..store import Store


class FolderNotOpened(Exception):
    """The folder could not be opened after the first frame: the app is quitting (and
    `CigkitApp.open_error` says why)."""


class LateStore:
    """The store of `data_dir`, opened by the first to ask for it, once."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._store: Store | None = None
        self.error: UserError | None = None
        self._lock = threading.Lock()

    @property
    def opened(self) -> Store | None:
        return self._store

    def get(self, refused: Callable[[UserError], None]) -> Store:
        """The store, opened now if it is not yet; `refused` is told once if it cannot be."""
        store = self._store
        if store is not None:
            return store
        with self._lock:
            if self._store is None and self.error is None:
                from ..store import Store  # imported here too: after the first frame

                try:
                    self._store = Store.open(self.data_dir, writable=True)
                except UserError as exc:
                    self.error = exc
                    refused(exc)
            if self._store is None:
                raise FolderNotOpened(str(self.error))
            return self._store


__all__ = ["FolderNotOpened", "LateStore"]
