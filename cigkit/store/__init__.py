"""Persistence behind TinyDB: durable per-device journals of changes, merged field by field."""

from .errors import (
    StoreCorruptError,
    StoreError,
    StoreGoneError,
    StoreLockedError,
    StoreReadOnlyError,
)
from .events import Conflict
from .store import Store

__all__ = ["Conflict", "Store", "StoreError", "StoreCorruptError", "StoreGoneError",
           "StoreLockedError", "StoreReadOnlyError"]
