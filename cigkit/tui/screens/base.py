"""What every full screen of the app shares: the store and the place, the navigation line on
top, saves off the UI thread with undo, and following the place and the records. Its keys
are in the command palette and the help (F1) straight from its `BINDINGS` (tui/commands.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from textual import on
from textual.screen import Screen

from ...model import Record
from ...services import programme, undo
from ...store import Store
from ..app import CigkitApp, RecordsChanged
from ..place import Here, Place
from ..saving import Done, Job, Saved, SaveFailed
from ..widgets.nav_bar import NavBar

R = TypeVar("R", bound=Record)
Then = Callable[[Any], object]
Failed = Callable[[str], object]
STYLES = Path(__file__).resolve().parent.parent


class CigkitScreen(Screen[None]):
    """A full screen of the cigkit app. `NAV` names the place marked in the navigation line;
    the class docstring's first paragraph (or `HELP`) says on the help screen what it is for.

    A screen shows the app's place and follows it: when the place or the records change it
    calls `reload` (at once if it is on show, else when it is next shown). It never writes
    another screen's state; it changes the place only through the app's `move_to`.
    """

    NAV = ""
    # Every full screen's styles (and their dialogs'), in this order after the app's own: read
    # once, when the first full screen is shown; parsing them before the workshop picker
    # delayed the app's first frame.
    CSS_PATH = [STYLES / name for name in ("run.tcss", "log.tcss", "checklist.tcss",
                                           "screens.tcss")]

    def __init__(self) -> None:
        super().__init__()
        self._answers: dict[str, tuple[Then | None, Failed | None]] = {}
        self._shown: tuple[Place, int] | None = None

    def nav_bar(self) -> NavBar:
        return NavBar(self.NAV)

    @property
    def cigkit(self) -> CigkitApp:
        assert isinstance(self.app, CigkitApp)
        return self.app

    @property
    def store(self) -> Store:
        return self.cigkit.store

    @property
    def workshop(self) -> int:
        return self.cigkit.workshop_number or 1

    def here(self) -> Here:
        """The app's place as records, for showing it."""
        return self.cigkit.roster().here(self.cigkit.place)

    # -- following the place and the records -------------------------------------------------

    def on_mount(self) -> None:
        self.watch(self.app, "place", self._moved, init=False)

    def on_screen_resume(self) -> None:
        for bar in self.query(NavBar):
            bar.refresh()
        if self._shown != (self.cigkit.place, self.store.generation):
            self.show_records()

    def _moved(self) -> None:
        if self.is_current:
            self.show_records()

    @on(RecordsChanged)
    def _records_changed(self) -> None:
        self.show_records()

    def _shown_place(self) -> Place | None:
        return self._shown[0] if self._shown else None

    def show_records(self) -> None:
        """Redraw what the screen shows for the current place and records."""
        self._shown = (self.cigkit.place, self.store.generation)
        self.reload()

    def reload(self) -> None:
        """Re-read and redraw, keeping the cursor on the same record; screens override it."""

    # -- changes -----------------------------------------------------------------------------

    def save(self, job: Job, then: Then | None = None, failed: Failed | None = None,
             key: str = "") -> str:
        """Run a blocking save in the app's worker; `then(value)` runs on the UI thread after
        it, `failed(sentence)` if it fails (by default the sentence is shown as an error)."""
        key = self.cigkit.save(job, requester=self, key=key)
        self._answers[key] = (then, failed)
        return key

    def change(self, what: str, kind: type[R], record_id: str, do: Callable[[R], Any],
               then: Then | None = None, failed: Failed | None = None) -> str:
        """Change one record as the store has it now (not as this screen last saw it), and
        remember the change for undo as `what` ("marked 'Book a room' done")."""
        store = self.store

        def job() -> Done:
            current = store.get(kind, record_id)
            if current is None:
                raise programme.NotFoundError(
                    "That is no longer there (deleted, perhaps on another laptop).")
            value, change = undo.record(what, [current], lambda: do(current))
            return Done(value, change)

        return self.save(job, then, failed)

    def change_many(self, what: str, before: Callable[[], Iterable[Record | None]],
                    do: Callable[[], Any], then: Then | None = None,
                    failed: Failed | None = None) -> str:
        """Like `change`, for a change that may make records or change several: `before`
        reads, in the worker, the records it may change."""

        def job() -> Done:
            value, change = undo.record(what, before(), do)
            return Done(value, change)

        return self.save(job, then, failed)

    def redraw(self, _value: object = None) -> None:
        """Redraw after a change of this screen's was saved (a `then` for `save`)."""
        self.show_records()

    @on(Saved)
    def _answer_saved(self, message: Saved) -> None:
        then, _ = self._answers.pop(message.key, (None, None))
        if then is not None:
            then(message.value)

    @on(SaveFailed)
    def _answer_failed(self, message: SaveFailed) -> None:
        _, failed = self._answers.pop(message.key, (None, None))
        if failed is not None:
            failed(message.error)
        else:
            self.notify(message.error, severity="error", timeout=10)
