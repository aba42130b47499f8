"""The cigkit app: one store, one current workshop, and a screen per job of the day.

Screens never touch TinyDB: they call `cigkit.services` with `app.store`, and blocking
saves run in workers whose failures come back as a visible error notification.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from ..errors import UserError
from ..services import drafts
from ..services.crash import write_crash_report
from ..store import Store

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


class CigkitApp(QuietCrashApp):
    """Runs a workshop day: the facilitator's clock, the note-taker's log, the checklist.

    There is one current workshop, `workshop_number`; every screen re-reads it when it is
    shown (`on_screen_resume`), so picking another workshop needs no message.
    """

    CSS_PATH = ["app.tcss", "run.tcss", "log.tcss", "checklist.tcss"]
    TITLE = "cigkit"
    # Shown on every screen by the navigation line (widgets/nav_bar.py), so not in the
    # Footer, which keeps its room for the screen's own keys; all are in the command palette.
    BINDINGS = [
        Binding("f2", "show('run')", "Clock", show=False, priority=True),
        Binding("f3", "show('log')", "Notes", show=False, priority=True),
        Binding("f4", "show('checklist')", "Checklist", show=False, priority=True),
        Binding("f5", "show('actions')", "Actions", show=False, priority=True),
        Binding("f6", "pick_workshop", "Workshop", show=False, priority=True),
        Binding("f7", "show_overview", "Overview", show=False, priority=True),
        Binding("ctrl+e", "export", "Export", show=False, priority=True),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

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
        self.workshop_number = workshop
        self.cig_id: str | None = None
        self.team_id: str | None = None

    # -- screens ---------------------------------------------------------------------------

    def screen_factories(self) -> dict[str, Callable[[], Screen[Any]]]:
        from .screens.actions import ActionsScreen
        from .screens.checklist import ChecklistScreen
        from .screens.log import LogScreen
        from .screens.run import RunScreen

        return {
            "run": RunScreen,
            "log": LogScreen,
            "checklist": ChecklistScreen,
            "actions": ActionsScreen,
        }

    def on_mount(self) -> None:
        for name, factory in self.screen_factories().items():
            self.install_screen(factory(), name=name)
        if self.workshop_number is None:
            self.action_pick_workshop()
        else:
            self.push_screen(self.first_screen())

    def first_screen(self) -> str:
        """The clock, unless text typed on this laptop was never saved: then the notes, where
        the note-taker sees it back in the box at once."""
        draft = drafts.load_draft(self.store.data_dir, self.store.device)
        return "log" if draft is not None else "run"

    def action_show(self, name: str) -> None:
        if self.workshop_number is None:
            self.action_pick_workshop()
            return
        if name in self.screen_factories():
            self.switch_or_push(name)

    def close_pushed_screens(self) -> None:
        """Close what was opened on top (timeline, attendance, overview, a dialog), so the
        stack is back to one of the installed screens."""
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def switch_or_push(self, name: str) -> None:
        self.close_pushed_screens()
        if len(self.screen_stack) <= 1:
            self.push_screen(name)
        else:
            self.switch_screen(name)

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
            self.workshop_number = workshop_number(key)
            self.switch_or_push(self.first_screen() if first else "run")

        self.push_screen(WorkshopPicker(self.store, self.workshop_number), chosen)

    def action_show_overview(self) -> None:
        from .screens.overview import OverviewScreen

        if self.workshop_number is None:
            self.action_pick_workshop()
            return
        if isinstance(self.screen, OverviewScreen):
            return
        self.close_pushed_screens()
        self.push_screen(OverviewScreen())

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

    # -- saving in the background ----------------------------------------------------------

    @work(thread=True, exclusive=False, exit_on_error=False, group="store")
    def save_in_background(self, job: Callable[[], Any]) -> Any:
        """Run a blocking store call off the UI thread; errors are shown by the handler below."""
        return job()

    @on(Worker.StateChanged)
    def _show_worker_failure(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            message = str(error) if isinstance(error, UserError) else (
                f"Could not save: {type(error).__name__}: {error}")
            self.notify(message, severity="error", timeout=10)


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


__all__ = ["CigkitApp", "make_app", "run_app"]
