"""Telling the facilitator, once, when another laptop's files bring a conflict.

The app looks after each poll that changed something (in the poll's worker thread: listing
conflicts walks every record changed more than once); a conflict already told about, or
there when the app opened, is not told again.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store import Store

CONFLICT_NOTICE = "Two laptops changed the same field: see Conflicts (F10)."


class ConflictWatch:
    """The conflicts this app has seen, so each new one is told about once."""

    def __init__(self) -> None:
        self._seen: set[str] | None = None
        self._lock = threading.Lock()

    def new_since_last_look(self, store: Store, changed: bool) -> bool:
        """True when records changed and brought a conflict not seen before (the first look
        only learns what is there)."""
        from ..services.conflicts import conflict_key  # with its sync and device names

        with self._lock:
            if self._seen is not None and not changed:
                return False
            found = {conflict_key(c) for c in store.conflicts()}
            first = self._seen is None
            new = found - (self._seen or set())
            self._seen = found | (self._seen or set())
            return bool(new) and not first


__all__ = ["CONFLICT_NOTICE", "ConflictWatch"]
