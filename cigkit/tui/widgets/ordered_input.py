"""A text box that handles every key in the order it was typed, however fast keys come.

Textual's `Input` runs Enter and its editing keys (backspace, Ctrl+U, arrows) as bindings,
which fire only once the key has bubbled up to the app; by then the box has already inserted
the characters typed after them, so "Ctrl+U then a name then Enter" typed in one burst
cleared the name instead of the old text. Here a bound key runs in the box's own queue, at
its place among the characters. Every text box in cigkit's dialogs and screens is one. The
keys typed straight after Enter wait until the answer to it has been handled (a dialog
closed, a box hidden), then go where the focus is: "e, a new text, Enter, k" in the
timeline edits the entry and then changes its kind. A key that moves the focus (Tab to the
next field) runs in that queue too; the keys typed after it are left for the app to hand on
to where the focus went (`type_ahead`), so "answer, Tab, name" fills two fields, not one.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from ..type_ahead import KeysAhead, left_behind


class OrderedInput(Input):
    """An `Input` whose bound keys (Enter included) run in typing order, and which keeps a
    paste of several lines whole, on one line (Textual's keeps the first line only)."""

    _after_enter = False

    def _answered(self) -> None:
        self._after_enter = False

    def on_paste(self, event: events.Paste) -> None:
        lines = [line for line in event.text.splitlines() if line.strip()]
        if len(lines) < 2:
            return  # one line: Input inserts it at the cursor
        event.stop()
        event.prevent_default()
        joined = " ".join([lines[0].rstrip(), *(line.strip() for line in lines[1:])])
        if self.selection.is_empty:
            self.insert_text_at_cursor(joined)
        else:
            self.replace(joined, *self.selection)

    async def on_key(self, event: events.Key) -> None:
        if left_behind(self):  # typed ahead of a change of screen: the app hands it on
            event.prevent_default()
            return
        keys_ahead = getattr(self.app, "keys_ahead", None)
        if self._after_enter and isinstance(keys_ahead, KeysAhead):
            keys_ahead.hold(event)  # for wherever the answer to Enter puts the focus
            return
        if event.is_printable:
            return  # Input inserts it, in this same queue
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            await self.action_submit()
            self._after_enter = True
            self.call_after_refresh(self._answered)
            return
        active = self.screen.active_bindings.get(event.key)
        if active is None or not active.enabled or active.binding.priority:
            return  # priority keys already ran in the app; anything else goes on as usual
        event.stop()
        event.prevent_default()
        await self.app.run_action(active.binding.action, active.node)


__all__ = ["OrderedInput"]
