"""Other laptops' changes, picked up while the app is open: the folder is re-read off the UI
thread every few seconds, and the screens on show are told when records changed under them.
"""

from __future__ import annotations

import gc

from textual import on, work
from textual.message import Message
from textual.worker import Worker

from ..errors import UserError
from .conflict_watch import CONFLICT_NOTICE, ConflictWatch
from .where_we_are import WhereWeAre


class RecordsChanged(Message, bubble=False):
    """Records changed under the screens (another laptop's files arrived, or an undo)."""


class OtherLaptops(WhereWeAre):
    """Polling the folder and telling the screens, for `CigkitApp`.

    An App (not a plain mixin) so that Textual registers the `@on` handler declared here;
    on top of `WhereWeAre`, whose place it settles again after a change.
    """

    REFRESH_S = 1.5

    def __init__(self, *, theme: str | None = None) -> None:
        super().__init__(theme=theme)
        self._refreshing: Worker[None] | None = None
        self.conflict_watch = ConflictWatch()
        self._every_table_read = False

    @work(thread=True, exit_on_error=False, group="read-every-table")
    def _read_every_table(self) -> None:
        """Read every table now, in a worker: the store reads a table the first time it is
        asked for, which paused the screen 100-300 ms on a full programme (the first look at
        the notes, the first damage check). Then keep the collector off what was read (the
        freeze in `settle_collector` may have come before it) and tell any damage found."""
        from ..model import RECORD_TYPES

        for kind in RECORD_TYPES:
            self.store.get(kind, "")  # one table at a time: the screen waits for one at most
        gc.freeze()
        self._every_table_read = True
        self.call_from_thread(self.tell_damage)

    def poll_store(self) -> None:
        """Look for other laptops' changes in a worker; never blocks typing. (Damage the last
        look, or a table read since, set aside is told here, once.)"""
        if self._every_table_read:
            self.tell_damage()
        if self._refreshing is not None and not self._refreshing.is_finished:
            return
        self._refreshing = self._refresh_store()

    @work(thread=True, exit_on_error=False, group="refresh")
    def _refresh_store(self) -> None:
        try:
            changed = self.store.refresh()
        except UserError as error:  # a damaged file arrived: say so, keep working
            self.call_from_thread(self.notify, str(error), severity="warning", timeout=10)
            return
        if changed:
            self.post_message(RecordsChanged())
        if self.conflict_watch.new_since_last_look(self.store, changed):
            self.call_from_thread(self.notify, CONFLICT_NOTICE, severity="warning", timeout=10)

    @on(RecordsChanged)
    def _records_changed(self) -> None:
        self.records_changed()

    def records_changed(self) -> None:
        """Tell the screens on show that records changed under them; the others look when
        they are next shown."""
        self.move_to(self.place)  # a team deleted elsewhere is replaced by one that exists
        for screen in self.screen_stack:
            screen.post_message(RecordsChanged())
