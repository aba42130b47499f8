"""Type-ahead across a change of screen: keys typed for the next screen reach it, in order.

A terminal hands the app a burst of keys at once, and Textual gives each one to the widget
focused when it arrived. A key that changes the screen (Ctrl+L to the timeline, Esc back to
the notes, `e` for the edit dialog) is handled only when its turn comes, so the keys typed
after it were already given to the screen being left: the notes box took the timeline's `x`
as text, and a note typed straight after Esc was dropped by the timeline. Here the app notes
which screen was on show when each key arrived; a key that comes back up to the app unused
from a screen no longer on show is typed again, after every key before it, into the screen
on show now (once that screen has put its focus where it wants it). The same holds when the
focus moves within a screen (`e` opens the checklist's evidence box: the words typed after
it were read as the list's keys, `d` marking the item done); screens move the focus with
`set_focus`, at once, for that. The app's text boxes leave such a key alone
(`left_behind`) so it comes back up.
"""

from __future__ import annotations

from collections import deque
from typing import Any
from weakref import WeakKeyDictionary

from textual import events
from textual.app import App
from textual.screen import Screen
from textual.widget import Widget

FOCUS_WAITS = 5
"""Refreshes to wait for a screen just shown to focus its widget before keys go to it."""


def left_behind(widget: Widget) -> bool:
    """Has the focus left this widget (another screen, or another widget of its screen)
    since a key was given to it? Then the key was typed ahead for where the focus is now."""
    return widget.is_attached and (widget.screen is not widget.app.screen
                                   or widget.app.focused is not widget)


class KeysAhead:
    """Remembers where each key arrived and types again those the screen left behind."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._arrived_on: WeakKeyDictionary[
            events.Key, tuple[Screen[Any], Widget | None]] = WeakKeyDictionary()
        self._waiting: deque[events.Key] = deque()
        self._waits = 0

    def arrived(self, event: events.Event) -> None:
        """A key came from the terminal (called before Textual hands it on)."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._arrived_on[event] = (self.app.screen, self.app.focused)

    def came_back(self, event: events.Key) -> bool:
        """A key came back up to the app unused: if its screen has gone, type it again on
        the one on show and say True (the app then does nothing else with it)."""
        arrived_on = self._arrived_on.pop(event, None)
        if arrived_on is None or arrived_on == (self.app.screen, self.app.focused):
            return False
        self.hold(event)
        return True

    def hold(self, event: events.Key) -> None:
        """A key typed straight after Enter in a box whose answer may move the focus (close
        the dialog, hide the box), or one `came_back`: typed again once what came before it
        has been handled."""
        event.stop()
        event.prevent_default()
        self._waiting.append(events.Key(event.key, event.character))
        if len(self._waiting) == 1:
            self._waits = 0
            self.app.call_after_refresh(self._type_again)

    def _type_again(self) -> None:
        screen = self.app.screen
        if screen.focused is None and screen.focus_chain and self._waits < FOCUS_WAITS:
            self._waits += 1  # just shown: its focus is on its way
            self.app.call_after_refresh(self._type_again)
            return
        while self._waiting:
            self.app.post_message(self._waiting.popleft())


__all__ = ["KeysAhead", "left_behind"]
