"""The note-taker's running list of entries: newest at the bottom, each with its saved mark.

All rows are one `Static` redrawn in one go, so a team with fifty entries is shown in one
update (not fifty widgets mounted and fifty scrolls), and a row can change from "saving" to
"saved" in place.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class LogList(VerticalScroll):
    """Rows keyed by an entry id (or a local key while saving); never takes the focus."""

    can_focus = False
    DEFAULT_CSS = """
    LogList > #log-rows { width: 100%; height: auto; }
    LogList > #log-rows.-empty { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: dict[str, Text] = {}
        self._empty = ""

    def compose(self) -> ComposeResult:
        yield Static(id="log-rows")

    def show(self, rows: Iterable[tuple[str, Text]], empty_text: str = "") -> None:
        """Replace every row at once; `empty_text` is shown when there are none."""
        self._rows = dict(rows)
        self._empty = empty_text
        self._redraw(scroll=True)

    def put(self, key: str, line: Text) -> None:
        """Add a row at the bottom, or change the row already under this key in place."""
        new = key not in self._rows
        self._rows[key] = line
        self._redraw(scroll=new)

    def rename(self, key: str, new_key: str, line: Text) -> None:
        """A saving row becomes the saved entry's row, in the same place."""
        if key not in self._rows:
            self.put(new_key, line)
            return
        self._rows = {(new_key if k == key else k): (line if k == key else v)
                      for k, v in self._rows.items() if k != new_key or k == key}
        self._redraw(scroll=False)

    def drop(self, key: str) -> None:
        if self._rows.pop(key, None) is not None:
            self._redraw(scroll=False)

    def has(self, key: str) -> bool:
        return key in self._rows

    def lines(self) -> list[str]:
        """The rows as plain text, as the note-taker reads them."""
        return [row.plain for row in self._rows.values()]

    def _redraw(self, *, scroll: bool) -> None:
        rows = self.query_one("#log-rows", Static)
        if self._rows:
            rows.update(Text("\n").join(self._rows.values()))
        else:
            rows.update(Text(self._empty))
        rows.set_class(not self._rows, "-empty")
        if scroll:
            self.call_after_refresh(self.scroll_end, animate=False)
