"""Who made a change, as the screens say it: a laptop's name, a person's name, or "this
laptop" for this laptop before it has a name (never a bare 16-character device id of ours)."""

from __future__ import annotations

from collections.abc import Callable

from ..services import devices
from ..store import Store

Who = Callable[[str], str]


def who_words(store: Store) -> Who:
    """A function naming each `by` of a history step (device names read once)."""
    names = devices.device_names(store)

    def who(by: str) -> str:
        shown = devices.display_name(store, by, names)
        if by == store.device and by not in names:
            return "this laptop"
        return shown

    return who


__all__ = ["Who", "who_words"]
