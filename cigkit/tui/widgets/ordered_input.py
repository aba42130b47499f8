"""A text box that handles every key in the order it was typed, however fast keys come.

Textual's `Input` runs Enter and its editing keys (backspace, Ctrl+U, arrows) as bindings,
which fire only once the key has bubbled up to the app; by then the box has already inserted
the characters typed after them, so "Ctrl+U then a name then Enter" typed in one burst
cleared the name instead of the old text. Here a bound key runs in the box's own queue, at
its place among the characters. Every text box in cigkit's dialogs and screens is one.

A key that moves the focus (Tab to the next field) runs in that queue too, so the keys typed
after it may already be queued here: they are handed on to where the focus went, so "answer,
Tab, name" typed in one burst fills two fields, not one.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class OrderedInput(Input):
    """An `Input` whose bound keys (Enter included) run in typing order."""

    async def on_key(self, event: events.Key) -> None:
        focused = self.app.focused
        if focused is not None and focused is not self:
            await self._hand_on(event)
            return
        if event.is_printable:
            return  # Input inserts it, in this same queue
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            await self.action_submit()
            return
        active = self.screen.active_bindings.get(event.key)
        if active is None or not active.enabled or active.binding.priority:
            return  # priority keys already ran in the app; anything else goes on as usual
        event.stop()
        event.prevent_default()
        await self.app.run_action(active.binding.action, active.node)

    async def _hand_on(self, event: events.Key) -> None:
        """A key typed after one that moved the focus away: the app sends it on again, to
        the widget that has the focus now (a priority key already ran: it is not sent)."""
        event.stop()
        event.prevent_default()
        active = self.screen.active_bindings.get(event.key)
        if active is not None and active.binding.priority:
            return
        self.app.post_message(events.Key(event.key, event.character))


__all__ = ["OrderedInput"]
