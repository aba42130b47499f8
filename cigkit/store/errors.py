"""Errors the data folder can cause, each a sentence a facilitator can act on."""

from __future__ import annotations

from pathlib import Path

from ..errors import UserError


class StoreError(UserError):
    """Something about the data folder that the user must hear about."""


class StoreCorruptError(StoreError):
    """A damaged file: named with its line, never overwritten."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


class StoreGoneError(StoreError):
    """The data folder or this device's journal vanished under a running writer."""


class StoreLockedError(StoreError):
    """Another cigkit process on this device already writes to this folder."""


class StoreReadOnlyError(StoreError):
    """A write was attempted through a store opened for reading only."""
