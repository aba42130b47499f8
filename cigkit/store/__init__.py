"""Persistence behind TinyDB: durable per-device journals, snapshots, merge and a writer lock."""

from .errors import StoreCorruptError, StoreError, StoreLockedError, StoreReadOnlyError
from .store import Store

__all__ = ["Store", "StoreError", "StoreCorruptError", "StoreLockedError", "StoreReadOnlyError"]
