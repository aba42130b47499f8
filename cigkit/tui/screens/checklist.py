"""Placeholder for the checklist screen, replaced while this session's work is in progress."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class ChecklistScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("checklist: not built yet")
        yield Footer()
