"""Screens opened from anywhere (the report-back, conflicts, attendance over the year): made
afresh each time by `CigkitApp.action_open`, shown over the screen they were opened on, whose
place they mark in the navigation line; Esc goes back to it."""

from __future__ import annotations

from textual.binding import Binding

from ..widgets.nav_bar import NavBar
from .base import CigkitScreen


class OpenedScreen(CigkitScreen):
    """A screen over another one; `OPENED_AS` is its name in `CigkitApp.OPENED`."""
    OPENED_AS = ""
    BINDINGS = [Binding("escape", "back", "Back", tooltip="Back to the screen before")]

    def nav_bar(self) -> NavBar:
        below = [screen for screen in self.app.screen_stack if screen is not self]
        return NavBar(getattr(below[-1], "NAV", "") if below else self.NAV)

    def action_back(self) -> None:
        self.dismiss()


__all__ = ["OpenedScreen"]
