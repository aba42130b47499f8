"""The Footer of cigkit's screens: Textual's, redrawn only when the keys it shows change.

Textual's Footer builds all its keys anew (a widget per key, styled and mounted) every time
the screen's bindings are looked at again: on every change of screen and of focus. On the
way to the timeline and back that was some 35 widgets, a good part of the 50 ms the trip
took on a full programme. The keys a screen shows rarely change; when they do (a key
enabled or disabled), this Footer redraws as Textual's does.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, str, bool, str], ...]


def keys_shown(screen: Screen[Any]) -> Shown:
    """What a Footer on `screen` shows: each key, its action and words, whether it works."""
    return tuple((binding.key, binding.action, binding.description, enabled, tooltip)
                 for (_, binding, enabled, tooltip) in screen.active_bindings.values()
                 if binding.show)


class KeysFooter(Footer):
    """A Footer that rebuilds its keys only when they are not the ones it shows already."""

    def __init__(self, *, compact: bool = True) -> None:
        super().__init__(compact=compact)
        self._keys_shown: Shown | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        will_redraw = screen.app.app_focus and self.is_attached and screen is self.screen
        if not will_redraw:
            super().bindings_changed(screen)
            return
        shown = keys_shown(screen)
        if shown == self._keys_shown:
            return  # the keys on show are these already
        self._keys_shown = shown
        super().bindings_changed(screen)


__all__ = ["KeysFooter", "keys_shown"]
