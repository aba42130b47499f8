"""Placeholder for the actions screen, replaced while this session's work is in progress."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class ActionsScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("actions: not built yet")
        yield Footer()
