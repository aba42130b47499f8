"""Placeholder for the export screen, replaced while this session's work is in progress."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class ExportScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("export: not built yet")
        yield Footer()
