"""What the cigkit app and the projector share: no tracebacks, states in words, one theme.

Both show people's notes to a room, so an unexpected error is one sentence (details go to a
private log file); a notification is plain text (a name typed on another laptop is never
read as markup) and its severity is in words, not only in the colour of its border; store
damage is told once, and both keep running; the theme is the one the person chose last.
"""

from __future__ import annotations

import os
import sys
import threading
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from ..errors import UserError
from ..services import settings
from .opening import FolderNotOpened
from .themes import DEFAULT_THEME, HIGH_CONTRAST_NAME, THEMES

if TYPE_CHECKING:
    from ..store import Store

TERMINAL_CHECK_S = 2.0
"""How often an app started in a terminal looks whether that terminal is still there."""
EXIT_GRACE_S = 3.0
"""How long an app whose terminal closed is given to quit by itself."""

SEVERITY_WORDS = {"warning": "⚠ Warning", "error": "✗ Problem"}
"""A notification's title when it has none: its severity in words (the border is colour)."""


class QuietCrashApp(App[None]):
    """An app that never shows a traceback: cigkit's apps hold notes about real people."""

    store: Store

    def __init__(self, *, theme: str | None = None) -> None:
        super().__init__()
        for extra in THEMES:
            self.register_theme(extra)
        self._damage_told = 0
        wanted = theme or settings.remembered_theme() or DEFAULT_THEME
        self.theme = wanted if wanted in self.available_themes else DEFAULT_THEME
        self._on_terminal = on_a_terminal()

    def on_mount(self) -> None:
        if self._on_terminal:
            self.set_interval(TERMINAL_CHECK_S, self.check_terminal)

    def crash_folder(self) -> Path:
        """Where a crash report goes: the data folder's logs."""
        return self.store.data_dir

    def check_terminal(self) -> None:
        """Quit when the terminal has gone (its window closed, an SSH link dropped, `make
        run` killed under it): with no terminal the app cannot be used, and left running it
        would read an empty input in a loop and keep this laptop's journal locked, so that
        cigkit opened again could not save. Everything saved is on disk already; what was
        being typed is in the draft file.

        Textual's own way out waits on its terminal threads, which a closed terminal can
        leave waiting for ever (seen), so a timer ends the process a few seconds later if
        it is still here: like a kill, which never loses a saved record."""
        if not on_a_terminal():
            last_resort = threading.Timer(EXIT_GRACE_S, os._exit, args=(1,))
            last_resort.daemon = True
            last_resort.start()
            self.exit(return_code=1)

    def _fatal_error(self) -> None:
        """An unexpected error: details to a private log file, one sentence on the screen.

        (Overrides Textual's default, which prints a full traceback with local values:
        those may hold notes about real people.)
        """
        error = self._exception
        if isinstance(error, FolderNotOpened):  # a refusal, not a crash: the caller says why
            self._exception, self._return_code = None, 2
            self._close_messages_no_wait()
            return
        from ..services.crash import write_crash_report

        details = "".join(traceback.format_exception(error)) if error else "no details"
        path = write_crash_report(self.crash_folder(), details)
        where = f" Details for a bug report: {path}." if path else ""
        self._exit_renderables.append(
            f"cigkit stopped after an unexpected error ({type(error).__name__}); everything "
            f"reported as saved is on disk.{where}"
        )
        self._close_messages_no_wait()

    # -- words, not colour -----------------------------------------------------------------

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """A notification as plain text (never markup: it may quote a name or a file typed
        elsewhere), its severity said in its title."""
        super().notify(message, title=title or SEVERITY_WORDS.get(severity, ""),
                       severity=severity, timeout=timeout, markup=False)

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit (it copies); say which key does, in plain words."""
        self.notify("Ctrl+Q quits (once every change is saved).", title="Quit?")

    # -- the theme --------------------------------------------------------------------------

    def theme_picked(self, theme: Theme) -> None:
        """A theme picked while the app runs (the palette's "Theme" or "High-contrast
        theme") is the one it opens with next time."""
        if theme.name != settings.remembered_theme():
            self.remember_theme(theme)

    def remember_theme(self, theme: Theme) -> None:
        """Keep the theme the person picked for next time (said, never raised, if it fails)."""
        try:
            settings.remember(settings.THEME, theme.name)
        except UserError as error:
            self.notify(str(error), severity="warning", timeout=8)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("High-contrast theme",
                            "Black and white for a projector; again for the usual theme "
                            "(remembered for next time)", self.action_toggle_high_contrast)

    def action_toggle_high_contrast(self) -> None:
        """Black and white for a projector in a bright room, or back to the usual theme."""
        self.theme = DEFAULT_THEME if self.theme == HIGH_CONTRAST_NAME else HIGH_CONTRAST_NAME

    # -- damage -----------------------------------------------------------------------------

    def tell_damage(self) -> None:
        """Say once each damaged line or file the store set aside since the last look (at
        opening, or brought by a refresh); the app keeps running on the rest."""
        damage = self.store.damage
        new, self._damage_told = damage[self._damage_told:], len(damage)
        if new:
            shown = new[:3]
            more = f" (and {len(new) - 3} more: 'cigkit check' lists them)" if len(new) > 3 \
                else ""
            self.notify(" ".join(shown) + more + " Everything else is shown as usual.",
                        title="⚠ Damaged data set aside", severity="warning", timeout=15)


def on_a_terminal() -> bool:
    """Is this process's input a terminal that is still open? (A closed one reads as not a
    terminal any more.)"""
    stdin = sys.__stdin__
    try:
        return stdin is not None and os.isatty(stdin.fileno())
    except (OSError, ValueError):
        return False


__all__ = ["SEVERITY_WORDS", "QuietCrashApp", "on_a_terminal"]
