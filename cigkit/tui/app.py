"""The cigkit app: one store, one place (workshop, table, team), and a mode per job of the day.

Screens never touch TinyDB: they call `cigkit.services` with `app.store`. Every change is a
job for `CigkitApp.save` (a worker answered by a message, see `saving.py`), remembered for
undo; other laptops' changes are picked up by polling the folder off the UI thread.
"""

from __future__ import annotations

import gc
import itertools
import traceback
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.message_pump import MessagePump
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker

from ..errors import UserError
from ..services import drafts, undo
from ..services.crash import write_crash_report
from ..services.undo import Change
from ..store import Store
from .conflict_watch import CONFLICT_NOTICE, ConflictWatch
from .place import Place, Roster
from .saving import Job, Saved, SaveFailed, SaveQueue

Clock = Callable[[], datetime]


def system_now() -> datetime:
    return datetime.now().astimezone()


class QuietCrashApp(App[None]):
    """An app that never shows a traceback: cigkit's apps hold notes about real people."""

    store: Store

    def _fatal_error(self) -> None:
        """An unexpected error: details to a private log file, one sentence on the screen.

        (Overrides Textual's default, which prints a full traceback with local values:
        those may hold notes about real people.)
        """
        error = self._exception
        details = "".join(traceback.format_exception(error)) if error else "no details"
        path = write_crash_report(self.store.data_dir, details)
        where = f" Details for a bug report: {path}." if path else ""
        self._exit_renderables.append(
            f"cigkit stopped after an unexpected error ({type(error).__name__}); everything "
            f"reported as saved is on disk.{where}"
        )
        self._close_messages_no_wait()


def _screen(name: str) -> Callable[[], Screen[Any]]:
    """A screen made the first time it is shown and kept (a mode's base, or one pushed on a
    mode: opening it again costs no compose and no styling)."""

    def make() -> Screen[Any]:
        from .screens.actions import ActionsScreen
        from .screens.attendance import AttendanceScreen
        from .screens.attendance_year import AttendanceYearScreen
        from .screens.checklist import ChecklistScreen
        from .screens.conflicts import ConflictsScreen
        from .screens.log import LogScreen
        from .screens.programme import ProgrammeScreen
        from .screens.report_back import ReportBackScreen
        from .screens.run import RunScreen
        from .screens.timeline import TimelineScreen

        screens: dict[str, Callable[[], Screen[Any]]] = {
            "run": RunScreen, "log": LogScreen, "checklist": ChecklistScreen,
            "actions": ActionsScreen, "timeline": TimelineScreen,
            "attendance": AttendanceScreen, "programme": ProgrammeScreen,
            "report_back": ReportBackScreen, "conflicts": ConflictsScreen,
            "attendance_year": AttendanceYearScreen}
        return screens[name]()

    return make


class RecordsChanged(Message, bubble=False):
    """Records changed under the screens (another laptop's files arrived, or an undo)."""


class CigkitApp(QuietCrashApp):
    """Runs a workshop day: the facilitator's clock, the note-taker's log, the checklist.

    "Where we are" is one reactive, `place` (workshop, table, team), changed only through
    `move_to`; screens watch it. Every change goes through `save` (a worker, answered by a
    message) and is remembered for `action_undo`. The folder is re-read off the UI thread
    every `REFRESH_S` seconds, so other laptops' changes appear while the app is open.
    """

    CSS_PATH = ["app.tcss", "run.tcss", "log.tcss", "checklist.tcss", "screens.tcss"]
    TITLE = "cigkit"
    MODES = {name: _screen(name)
             for name in ("run", "log", "checklist", "actions", "programme")}
    SCREENS = {name: _screen(name) for name in ("timeline", "attendance")}
    # Made afresh each time they are opened (`action_open`), so that any mode can show them.
    OPENED = ("report_back", "conflicts", "attendance_year")
    # Shown on every screen by the navigation line (widgets/nav_bar.py), so not in the
    # Footer, which keeps its room for the screen's own keys; all are in the command palette.
    BINDINGS = [
        Binding("f2", "show('run')", "Clock", show=False, priority=True),
        Binding("f3", "show('log')", "Notes", show=False, priority=True),
        Binding("f4", "show('checklist')", "Checklist", show=False, priority=True),
        Binding("f5", "show('actions')", "Actions", show=False, priority=True),
        Binding("f6", "pick_workshop", "Workshop", show=False, priority=True),
        Binding("f7", "show_overview", "Overview", show=False, priority=True),
        Binding("f8", "show('programme')", "Programme", show=False, priority=True),
        Binding("f9", "open('report_back')", "Report-back", show=False, priority=True),
        Binding("f10", "open('conflicts')", "Conflicts", show=False, priority=True),
        Binding("ctrl+e", "export", "Export", show=False, priority=True),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        # In every screen's Footer, after the screen's own keys (and in the palette).
        Binding("ctrl+z", "undo", "Undo"),
    ]
    REFRESH_S = 1.5
    UNDO_DEPTH = 100

    place: reactive[Place] = reactive(Place())

    def __init__(
        self,
        store: Store,
        *,
        now: Clock = system_now,
        workshop: int | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.now = now
        self.set_reactive(CigkitApp.place, Place(workshop))
        self.undo_history: deque[Change] = deque(maxlen=self.UNDO_DEPTH)
        self._saves = SaveQueue()
        self._keys = itertools.count(1)
        self._roster: tuple[int, Roster] | None = None
        self._refreshing: Worker[None] | None = None
        self._undoing: dict[str, Change] = {}
        self.conflict_watch = ConflictWatch()

    # -- where we are ----------------------------------------------------------------------

    @property
    def workshop_number(self) -> int | None:
        return self.place.workshop

    @property
    def cig_id(self) -> str | None:
        return self.place.cig_id

    @property
    def team_id(self) -> str | None:
        return self.place.team_id

    def roster(self) -> Roster:
        """The tables and teams in the one order every screen uses (re-read after changes)."""
        generation = self.store.generation
        if self._roster is None or self._roster[0] != generation:
            self._roster = (generation, Roster.of(self.store))
        return self._roster[1]

    def move_to(self, place: Place) -> Place:
        """The one way "where we are" changes: to a team that exists, at its own table."""
        settled = self.roster().settle(place)
        self.place = settled
        return settled

    def move_to_team(self, team_id: str | None) -> Place:
        return self.move_to(replace(self.place, team_id=team_id, cig_id=None))

    def move_team(self, step: int = 1) -> Place:
        return self.move_to(self.roster().next_team(self.place, step))

    def move_table(self, step: int = 1) -> Place:
        return self.move_to(self.roster().next_table(self.place, step))

    def move_in_programme(self, step: int = 1) -> Place:
        return self.move_to(self.roster().next_in_programme(self.place, step))

    # -- screens ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.move_to(self.place)
        self.set_interval(self.REFRESH_S, self.poll_store)
        if self.workshop_number is None:
            self.action_pick_workshop()
        else:
            self.action_show(self.first_screen())

    def first_screen(self) -> str:
        """The clock, unless text typed on this laptop was never saved: then the notes, where
        the note-taker sees it back in the box at once."""
        draft = drafts.load_draft(self.store.data_dir, self.store.device)
        return "log" if draft is not None else "run"

    def action_show(self, name: str) -> None:
        """Show a top-level screen (a mode), closed back to itself."""
        if self.workshop_number is None:
            self.action_pick_workshop()
            return
        if name not in self.MODES:
            return
        self.switch_mode(name)
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_pick_workshop(self) -> None:
        from .screens.picker import WorkshopPicker, workshop_number

        if isinstance(self.screen, WorkshopPicker):
            return
        first = self.workshop_number is None

        def chosen(key: str | None) -> None:
            if key is None:
                if self.workshop_number is None:
                    self.exit()
                return
            self.move_to(replace(self.place, workshop=workshop_number(key)))
            self.action_show(self.first_screen() if first else "run")

        self.push_screen(WorkshopPicker(self.store, self.workshop_number), chosen)

    def action_show_overview(self) -> None:
        from .screens.overview import OverviewScreen

        if self.workshop_number is None:
            self.action_pick_workshop()
            return
        if isinstance(self.screen, OverviewScreen):
            return
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(OverviewScreen())

    def action_open(self, name: str) -> None:
        """Open the report-back, the conflicts or attendance over the year on top of the
        screen on show, from anywhere (Esc goes back to it)."""
        if self.workshop_number is None:
            self.action_pick_workshop()
            return
        if name in self.OPENED and getattr(self.screen, "OPENED_AS", "") != name:
            self.push_screen(_screen(name)())  # over a form left open: Esc goes back to it

    def action_export(self) -> None:
        from .screens.export import ExportScreen

        self.push_screen(ExportScreen())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Clock", "The workshop clock and agenda (F2)",
                            lambda: self.action_show("run"))
        yield SystemCommand("Notes", "Log notes, decisions, questions, actions (F3)",
                            lambda: self.action_show("log"))
        yield SystemCommand("Checklist", "The team's equity checklist (F4)",
                            lambda: self.action_show("checklist"))
        yield SystemCommand("Actions", "Open actions across the programme (F5)",
                            lambda: self.action_show("actions"))
        yield SystemCommand("Workshop", "Pick the workshop (F6)", self.action_pick_workshop)
        yield SystemCommand("Overview", "Checklist matrix of teams and flags (F7)",
                            self.action_show_overview)
        yield SystemCommand("Export minutes", "Write Markdown and HTML minutes (Ctrl+E)",
                            self.action_export)
        yield SystemCommand("Undo", "Undo the last change made in the app, on any screen "
                            "(Ctrl+Z)", self.action_undo)

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

    # -- other laptops -----------------------------------------------------------------------

    def poll_store(self) -> None:
        """Look for other laptops' changes in a worker; never blocks typing."""
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


FULL_COLLECTION_EVERY = 1000  # middle-generation collections between two full ones


def make_app(
    data_dir: Path,
    *,
    device: str | None = None,
    now: Clock = system_now,
    workshop: int | None = None,
) -> CigkitApp:
    """The one app factory, used by the CLI and by every test.

    A second writer on this laptop is refused with the store's one-sentence message.
    """
    store = Store.open(data_dir, device=device, writable=True)
    # The loaded programme lives as long as the app: keep the garbage collector from
    # walking it again and again while someone types (a full collection paused keys 200 ms),
    # and make full collections of what is made afterwards rare (young ones still run).
    gc.collect()
    gc.freeze()
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, max(full, FULL_COLLECTION_EVERY))
    return CigkitApp(store, now=now, workshop=workshop)


def run_app(data_dir: Path) -> int:
    if not (data_dir / "journals").is_dir():
        raise UserError(
            f"There is no programme in {data_dir} yet; run 'cigkit demo' to try the demo or "
            "'cigkit roster import FILE.csv' to start your own."
        )
    app = make_app(data_dir)
    try:
        app.run()
    finally:
        app.store.close()
    return app.return_code or 0


__all__ = ["CigkitApp", "RecordsChanged", "make_app", "run_app"]
