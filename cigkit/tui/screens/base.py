"""What every full screen of the app shares: the store and workshop, the navigation line on
top, saves off the UI thread, and its own commands in the command palette.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from ...store import Store
from ..app import CigkitApp
from ..widgets.nav_bar import NavBar


class ScreenCommands(Provider):
    """Offers the current screen's own commands (its key bindings) in the command palette."""

    def _commands(self) -> list[SystemCommand]:
        own = getattr(self.screen, "get_system_commands", None)
        return list(own()) if callable(own) else []

    async def discover(self) -> Hits:
        for name, help_text, callback, _ in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback, _ in self._commands():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class CigkitScreen(Screen[None]):
    """A full screen of the cigkit app. `NAV` names the place marked in the navigation line.

    Every screen re-reads what it shows in `on_screen_resume`, which is also how a newly
    picked workshop reaches it: the app has one current workshop and screens ask for it.
    """

    NAV = ""
    COMMANDS = {ScreenCommands}

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

    def on_screen_resume(self) -> None:
        for bar in self.query(NavBar):
            bar.refresh()

    def save(self, job: Callable[[], Any], then: Callable[[], Any] | None = None) -> None:
        """Run a blocking save in the app's worker; `then` runs on the UI thread after it.

        A failure is shown by the app as one sentence and `then` does not run.
        """

        def run() -> None:
            job()
            if then is not None:
                self.app.call_from_thread(then)

        self.cigkit.save_in_background(run)
