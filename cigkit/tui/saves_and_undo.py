"""The app's one save path and its undo, apart from the screens: every change is a job run in
a worker after the ones before it, answered by a message, and remembered so Ctrl+Z can undo it.
"""

from __future__ import annotations

import itertools
from collections import deque
from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message
from textual.message_pump import MessagePump

from .other_laptops import OtherLaptops
from .saving import Job, Saved, SaveFailed, SaveQueue

if TYPE_CHECKING:  # imported when something is first undone, not before the first frame
    from ..services.undo import Change


class SavesAndUndo(OtherLaptops):
    """Saving in the background, quitting once saved, and undo, for `CigkitApp`.

    An App (not a plain mixin) so that Textual registers the `@on` handlers declared here;
    on top of `OtherLaptops`, which tells the screens what an undo changed.
    """

    UNDO_DEPTH = 100

    def __init__(self, *, theme: str | None = None) -> None:
        super().__init__(theme=theme)
        self.undo_history: deque[Change] = deque(maxlen=self.UNDO_DEPTH)
        self._saves = SaveQueue()
        self._keys = itertools.count(1)
        self._undoing: dict[str, Change] = {}

    # -- saving in the background ----------------------------------------------------------

    def save(self, job: Job, *, requester: MessagePump | None = None, key: str = "") -> str:
        """Run a blocking store call in a worker, after every job asked for before it.

        The answer, `Saved` or `SaveFailed`, goes to `requester` (else the app shows a failure
        itself); a `Done` result's change is remembered for undo. Returns the job's key.
        """
        key = key or f"job-{next(self._keys)}"
        self._saves.add(job, key, requester)
        self._run_saves()
        return key

    @work(thread=True, exit_on_error=False, group="store")
    def _run_saves(self) -> None:
        self._saves.run_next(self.post_message)

    def saved_already(self, key: str) -> bool:
        """Has the job under `key` been saved, though its answer is not handled yet?"""
        return key in self._saves.saved

    class QuitAfterKeys(Message):
        """Sent through the focused widget, behind the keys typed before Ctrl+Q."""

    async def action_quit(self) -> None:
        """Quit once the keys typed before Ctrl+Q are handled and every change is saved (so
        a line entered just before it is kept)."""
        if self.focused is not None:
            self.focused.post_message(self.QuitAfterKeys())  # bubbles back up to the app
        else:
            await self._quit_when_saved()

    @on(QuitAfterKeys)
    async def _quit_after_keys(self) -> None:
        await self._quit_when_saved()

    async def _quit_when_saved(self) -> None:
        await self.workers.wait_for_complete()
        self.exit()

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        if message.change is not None and not message.change.empty:
            self.undo_history.append(message.change)
        if message.requester is self:
            self._undone(message)
        elif message.requester is not None and message.requester.is_attached:
            message.requester.post_message(
                Saved(message.key, message.value, message.change, message.requester))

    @on(SaveFailed)
    def _save_failed(self, message: SaveFailed) -> None:
        requester = message.requester
        if requester is self:
            self._undo_failed(message)
            return
        delivered = requester is not None and requester.is_attached and requester.post_message(
            SaveFailed(message.key, message.error, requester))
        if not delivered:
            self.notify(message.error, severity="error", timeout=10)

    # -- undo --------------------------------------------------------------------------------

    def action_undo(self) -> None:
        """Undo the last change made in the app, whatever screen it was made on."""
        if not self.undo_history:
            self.notify("Nothing to undo: no change has been made in the app yet.",
                        severity="warning")
            return
        from ..services import undo

        change = self.undo_history.pop()
        self._undoing[(key := f"undo-{next(self._keys)}")] = change
        store, workshop = self.store, self.workshop_number
        self.save(lambda: undo.undo(store, change, workshop=workshop), requester=self, key=key)

    def _undone(self, message: Saved) -> None:
        self._undoing.pop(message.key, None)
        self.notify(str(message.value), timeout=5)
        self.records_changed()

    def _undo_failed(self, message: SaveFailed) -> None:
        change = self._undoing.pop(message.key, None)
        if change is not None:
            self.undo_history.append(change)
        self.notify(f"Not undone: {message.error}", severity="error", timeout=10)
