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
from ..type_ahead import left_behind

File = Callable[[list[str], Where, bool], None]
"""Files lines, each as typed, under where they were typed; True when they were pasted."""


class EntryInput(Input):
    """One line per Enter; a paste of several lines is one line each.

    A line whose save failed may be given back into the empty box (`give_back`): Enter saves
    it again and an editing key edits it, but a character typed straight on, with nothing
    edited, is the start of the next note: the given-back line steps aside to `set_aside`
    (its row, for Ctrl+R) first, so two notes never run into one.
    """

    def __init__(self, where: Callable[[], Where], file: File, *, placeholder: str = "",
                 id: str | None = None, set_aside: Callable[[], None] | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, select_on_focus=False)
        self.where = where
        self.file = file
        self.set_aside = set_aside
        self._given_back: str | None = None

    def give_back(self, line: str) -> None:
        """Put a line whose save failed back into the (empty) box, the cursor at its end."""
        self.value = line
        self.cursor_position = len(line)
        self._given_back = line

    def _typed_on_past_given_back(self, event: events.Key) -> bool:
        """Is this the first key of the next note, typed straight after a given-back line?"""
        line, self._given_back = self._given_back, None
        return (line is not None and event.is_printable and self.value == line
                and self.cursor_position == len(line))

    async def on_key(self, event: events.Key) -> None:
        if left_behind(self):  # typed ahead of a change of screen: the app hands it on
            event.prevent_default()
            return
        if self._typed_on_past_given_back(event):
            self.value = ""
            if self.set_aside is not None:
                self.set_aside()
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
        self._given_back = None
        if kept:
            self.file(kept, self.where(), pasted)


__all__ = ["EntryInput", "File"]
