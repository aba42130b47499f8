"""The cigkit app: one store, one place (workshop, table, team), and a mode per job of the day.

Screens never touch TinyDB: they call `cigkit.services` with `app.store`. Every change is a
job for `CigkitApp.save` (a worker answered by a message), remembered for undo
(`saves_and_undo.py`); other laptops' changes are picked up by polling the folder off the UI
thread (`other_laptops.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme
from textual.widget import AwaitMount

from ..errors import UserError
from ..services import settings
from .collector import settle_collector
from .opening import FolderNotOpened, LateStore
from .other_laptops import RecordsChanged
from .place import Place
from .saves_and_undo import SavesAndUndo
from .type_ahead import KeysAhead

if TYPE_CHECKING:  # imported with the folder: after the first frame when it comes late
    from ..services.workshop_lines import Remembered
    from ..store import Store

Clock = Callable[[], datetime]


def system_now() -> datetime:
    return datetime.now().astimezone()


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


class CigkitApp(SavesAndUndo):
    """Runs a workshop day: the facilitator's clock, the note-taker's log, the checklist.

    "Where we are" is one reactive, `place` (workshop, table, team), changed only through
    `move_to`; screens watch it. Every change goes through `save` (a worker, answered by a
    message) and is remembered for `action_undo`. The folder is re-read off the UI thread
    every `REFRESH_S` seconds, so other laptops' changes appear while the app is open. Those
    three jobs are its bases, one each: `WhereWeAre`, `OtherLaptops`, `SavesAndUndo`.
    """

    # The screens' own styles are read with the first of them (`CigkitScreen.CSS_PATH`), not
    # before the workshop picker, which needs none of them.
    CSS_PATH = ["app.tcss"]
    TITLE = "cigkit"
    MODES = {name: _screen(name)
             for name in ("run", "log", "checklist", "actions", "programme")}
    SCREENS = {name: _screen(name) for name in ("timeline", "attendance")}
    # Made afresh each time they are opened (`action_open`), so that any mode can show them.
    OPENED = ("report_back", "conflicts", "attendance_year")
    # One declaration per key: the Footer, the command palette and help (F1) are made from
    # these (tui/commands.py). Those with an `id` and show=False are the navigation line on
    # top of every screen (widgets/nav_bar.py), not the Footer, which keeps its room for the
    # screen's own keys; the tooltip names the action in words.
    BINDINGS = [
        Binding("f1", "help", "Help", show=False, priority=True, id="help",
                tooltip="Help for this screen"),
        Binding("f2", "show('run')", "Clock", show=False, priority=True, id="run",
                tooltip="Clock and agenda"),
        Binding("f3", "show('log')", "Notes", show=False, priority=True, id="log",
                tooltip="Notes for a team"),
        Binding("f4", "show('checklist')", "Checklist", show=False, priority=True,
                id="checklist", tooltip="Equity checklist of a team"),
        Binding("f5", "show('actions')", "Actions", show=False, priority=True, id="actions",
                tooltip="Actions to review"),
        Binding("f6", "pick_workshop", "Workshop", show=False, priority=True, id="workshop",
                tooltip="Pick the workshop"),
        Binding("f7", "show_overview", "Overview", show=False, priority=True, id="overview",
                tooltip="Overview of the teams' checklists"),
        Binding("ctrl+e", "export", "Export", show=False, priority=True, id="export",
                tooltip="Export minutes"),
        # Last but Quit: at 80 columns the navigation line drops it first (except on it).
        Binding("f8", "show('programme')", "Programme", show=False, priority=True,
                id="programme", tooltip="Set up the programme: workshops, tables, people"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit",
                tooltip="Quit"),
        # Not on the navigation line (no id): opened from anywhere, named in help and palette.
        Binding("f9", "open('report_back')", "Report-back", show=False, priority=True,
                tooltip="Report-back: every table's questions and shared points"),
        Binding("f10", "open('conflicts')", "Conflicts", show=False, priority=True,
                tooltip="Conflicts: fields two laptops changed at once"),
        # In every screen's Footer, after the screen's own keys (and in the palette).
        Binding("ctrl+z", "undo", "Undo", tooltip="Undo the last change"),
        # ? is help too wherever it is not typed into a text box (F1 works everywhere).
        Binding("question_mark", "help", "Help", show=False, tooltip="Help for this screen"),
    ]
    SETTLE_S = 0.5
    """After the first frame, when the garbage collector is told what stays loaded."""

    def __init__(
        self,
        store: Store | LateStore,
        *,
        now: Clock = system_now,
        workshop: int | None = None,
        theme: str | None = None,
        remembered: Remembered | None = None,
    ) -> None:
        """`store` is open, or (a `LateStore`, with the picker's `remembered` lines) opened
        just after the first frame (see tui/opening.py)."""
        super().__init__(theme=theme)
        self._late = store if isinstance(store, LateStore) else None
        self._store = None if isinstance(store, LateStore) else store
        self._remembered = remembered
        self.first_sources: list[Any] | None = None
        """What the first picker's lines depend on, taken before the folder was read: the
        picker remembers its lines under them for the next launch."""
        self.open_error: UserError | None = None
        self.now = now
        self.set_reactive(CigkitApp.place, Place(workshop))
        self._on_screen: int | None = None
        self.keys_ahead = KeysAhead(self)

    @property
    def store(self) -> Store:
        """The data folder's store (opened here on first use if it came late)."""
        if self._store is None:
            assert self._late is not None
            self._store = self._late.get(self._refused)
        return self._store

    @store.setter
    def store(self, store: Store) -> None:
        self._store = store

    def _refused(self, error: UserError) -> None:
        self.open_error = error
        self.exit(return_code=2)

    def crash_folder(self) -> Path:
        late = self._late
        return late.data_dir if late is not None and late.opened is None else self.store.data_dir

    def close_store(self) -> None:
        store = self._store or (self._late.opened if self._late is not None else None)
        if store is not None:
            store.close()

    # -- screens ---------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        self.keys_ahead.arrived(event)  # which screen a key was typed for (type_ahead.py)
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        """A key no widget used: typed ahead for the screen on show now, or Ctrl+Z in a
        dialog (whose keys stop the app's)."""
        if self.keys_ahead.came_back(event):
            return
        if event.key == "ctrl+z" and self.screen.is_modal:
            event.stop()
            self.notify("Ctrl+Z undoes the last change once this dialog is closed "
                        "(Esc closes it without changing anything).", severity="warning")

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.watch(self, "place", self._place_changed)
        if self._remembered is None:
            self.move_to(self.place)
        else:  # the picker comes first, from memory; then the folder is opened
            self.call_after_refresh(self._open_after_first_frame)
        self.set_interval(self.REFRESH_S, self.poll_store)
        self.call_after_refresh(self._read_every_table)
        self.set_timer(self.SETTLE_S, settle_collector)
        if self._remembered is not None:
            self.action_pick_workshop()
        elif not self.has_programme():
            self.show_first_run()
        elif self.workshop_number is None:
            self.action_pick_workshop()
        else:
            self.action_show(self.first_screen())

    def _open_after_first_frame(self) -> None:
        """Open the folder; the picker drawn from memory then shows what changed since."""
        try:
            _ = self.store
        except FolderNotOpened:
            return  # quitting: run_app says why
        self.records_changed()

    def has_programme(self) -> bool:
        """Is there a workshop to run? (An empty or new folder has none.)"""
        from ..services import programme

        return bool(programme.workshops(self.store))

    def show_first_run(self) -> None:
        """The demo, a roster or set-up: the way into a folder with no programme yet."""
        from .screens.first_run import FirstRunScreen

        if not any(isinstance(s, FirstRunScreen) for s in self.screen_stack):
            self.push_screen(FirstRunScreen(self.store.data_dir))

    def programme_arrived(self, screen: str = "run") -> None:
        """The first-run screen made (or saw) a programme: open its current workshop (on the
        clock, or on `screen`: the programme screen, to date a roster's workshops)."""
        from .screens.first_run import FirstRunScreen

        if not self.has_programme():
            return
        while isinstance(self.screen, FirstRunScreen):
            self.pop_screen()
        from ..services import day

        today = self.now().date()
        self.move_to(replace(self.place, workshop=day.current_workshop(self.store, today)))
        self.action_show(screen)

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name != settings.remembered_theme():
            self.remember_theme(theme)

    def _place_changed(self, place: Place) -> None:
        """Tell the projector (another process) which workshop is on screen now."""
        if place.workshop is not None and place.workshop != self._on_screen:
            self._on_screen = place.workshop
            self._write_on_screen(place.workshop)

    @work(thread=True, exclusive=True, group="on-screen", exit_on_error=False)
    def _write_on_screen(self, workshop: int) -> None:
        from ..services import on_screen

        try:
            on_screen.show_workshop(self.store.data_dir, self.store.device, workshop)
        except OSError as exc:
            self.call_from_thread(
                self.notify, f"The projector cannot follow this app to workshop {workshop} "
                f"({exc.strerror or exc}); start it with 'cigkit projector --workshop "
                f"{workshop}'.", severity="warning", timeout=10)

    def first_screen(self) -> str:
        """The clock, unless text typed on this laptop was never saved: then the notes, where
        the note-taker sees it back in the box at once."""
        from ..services import drafts

        draft = drafts.load_draft(self.store.data_dir, self.store.device)
        return "log" if draft is not None else "run"

    def action_show(self, name: str) -> AwaitMount | None:
        """Show a top-level screen (a mode), closed back to itself. A key's action is
        awaited (Textual awaits what an action returns), so the keys typed after F3 go to
        the notes, not to the screen being left."""
        if not self.has_programme():
            self.show_first_run()
            return None
        if self.workshop_number is None:
            self.action_pick_workshop()
            return None
        if name not in self.MODES:
            return None
        switched = self.switch_mode(name)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        return switched

    def action_pick_workshop(self) -> None:
        from .screens.picker import WorkshopPicker, workshop_number

        if isinstance(self.screen, WorkshopPicker):
            return
        remembered, self._remembered = self._remembered, None
        if remembered is None and not self.has_programme():
            self.show_first_run()
            return
        first = self.workshop_number is None
        sources, self.first_sources = self.first_sources, None

        def chosen(key: str | None) -> None:
            if key is None:
                if self.workshop_number is None:
                    self.exit()
                return
            self.move_to(replace(self.place, workshop=workshop_number(key)))
            self.action_show(self.first_screen() if first else "run")

        self.push_screen(WorkshopPicker(
            None if remembered else self.store, self.workshop_number, remembered=remembered,
            sources=sources), chosen)

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
            self.push_screen(_screen(name)())

    def action_export(self) -> None:
        from .screens.export import ExportScreen

        self.push_screen(ExportScreen())

    def action_help(self) -> None:
        """Help for the screen on show (or close help when it is the one on show)."""
        from .commands import keyed_parts
        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        parts = [type(part) for part in keyed_parts(self.screen)]
        self.push_screen(HelpScreen(type(self.screen), parts))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every key of the screen and every app-wide key, from their bindings (see
        `tui/commands.py`), then Textual's own commands (theme, keys, screenshot)."""
        from .commands import system_commands

        ours = list(system_commands(self, screen))
        titles = {command.title for command in ours}
        yield from ours
        for command in super().get_system_commands(screen):
            if command.title not in titles:  # our Quit waits for the saves
                yield command


def make_app(
    data_dir: Path,
    *,
    device: str | None = None,
    now: Clock = system_now,
    workshop: int | None = None,
    theme: str | None = None,
) -> CigkitApp:
    """The one app factory, used by the CLI and by every test.

    A second writer on this laptop is refused with the store's one-sentence message.
    """
    from ..store import Store

    store = Store.open(data_dir, device=device, writable=True)
    return CigkitApp(store, now=now, workshop=workshop, theme=theme)


__all__ = ["CigkitApp", "RecordsChanged", "make_app"]
