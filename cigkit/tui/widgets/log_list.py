"""The note-taker's running list of entries: newest at the bottom, each with its saved mark."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static


class EntryRow(Static):
    """One line in the log; never takes focus away from the input."""

    can_focus = False


class LogList(VerticalScroll):
    """Rows keyed by a local id, so a row can change from 'saving' to 'saved' in place."""

    can_focus = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: dict[str, EntryRow] = {}

    def clear_rows(self, empty_text: str = "") -> None:
        self.remove_children()
        self._rows = {}
        if empty_text:
            self.mount(EntryRow(Text(empty_text, style="dim"), classes="log-empty"))

    def put(self, key: str, line: Text) -> None:
        """Add a row, or replace the text of the row already under this key."""
        row = self._rows.get(key)
        if row is not None:
            row.update(line)
            return
        for empty in self.query(".log-empty"):
            empty.remove()
        row = EntryRow(line)
        self._rows[key] = row
        self.mount(row)
        self.scroll_end(animate=False)

    def has(self, key: str) -> bool:
        return key in self._rows
