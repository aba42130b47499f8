"""The note-taker's input: every Enter makes one line, exactly as typed, however fast keys come.

Textual's `Input` handles Enter and its editing keys (backspace, arrows) as bindings, which
run only once the key has bubbled up to the app; by then the input has already inserted the
characters typed after it, so type-ahead merged lines ("alphabeta" twice). Here every key is
handled in the input's own queue, in the order it was typed: Enter takes the value, clears
the box and hands the line, with where the note-taker was at that key, to `file` at once
(not by a message, which would be handled after keys already queued, Ctrl+Q included); a
bound key (the screen's Ctrl+T/N/O, the input's own editing keys, the app's Ctrl+Z and
Ctrl+Q) runs its action right there, in order.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.widgets import Input

from ..place import Where

File = Callable[[list[str], Where, bool], None]
"""Files lines, each as typed, under where they were typed; True when they were pasted."""


class EntryInput(Input):
    """One line per Enter; a paste of several lines is one line each."""

    def __init__(self, where: Callable[[], Where], file: File, *, placeholder: str = "",
                 id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, select_on_focus=False)
        self.where = where
        self.file = file

    async def on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self._take([self.value], pasted=False)
            return
        if event.is_printable:
            return  # Input inserts it, in this same queue
        active = self.screen.active_bindings.get(event.key)
        if active is None or not active.enabled or active.binding.priority:
            return  # priority keys already ran in the app; anything else goes on as usual
        event.stop()
        event.prevent_default()
        await self.app.run_action(active.binding.action, active.node)

    def on_paste(self, event: events.Paste) -> None:
        if "\n" not in event.text and "\r" not in event.text:
            return  # one line: Input inserts it at the cursor
        event.stop()
        event.prevent_default()
        at = self.cursor_position
        text = self.value[:at] + event.text + self.value[at:]
        self._take(text.splitlines(), pasted=True)

    def _take(self, lines: list[str], *, pasted: bool) -> None:
        """Clear the box and hand the lines on, now, before any key typed after them."""
        kept = [line for line in lines if line.strip()]
        self.value = ""
        if kept:
            self.file(kept, self.where(), pasted)


__all__ = ["EntryInput", "File"]
