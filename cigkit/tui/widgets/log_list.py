"""The note-taker's running list of entries: newest at the bottom, each with its saved mark.

Drawn line by line (Textual's line API, as its `Log` widget is): only the lines on screen
are drawn, and a row is wrapped into strips only when it comes into view (its height is
estimated until then) and again only when it changes, so a row turning from "saving" to
"saved" or a team of a hundred entries costs a few rows, not a relayout of the whole list
(as one big Static did, on every key typed below it).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from math import ceil

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class LogList(ScrollView, can_focus=False):
    """Rows keyed by an entry id (or a local key while saving); never takes the focus."""

    DEFAULT_CSS = """
    LogList { height: 1fr; overflow-x: hidden; }
    """

    WRAP_AHEAD = 30  # rows from the bottom wrapped at once; the others when scrolled to

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: dict[str, Text] = {}
        self._empty = Text("")
        self._strips: dict[str, tuple[Text, list[Strip]]] = {}  # kept across reloads
        self._keys: list[str] = []
        self._starts: list[int] = []
        self._heights: list[int] = []
        self._width = 0

    # -- what is shown -------------------------------------------------------------------------

    def show(self, rows: Iterable[tuple[str, Text]], empty_text: str = "") -> None:
        """Replace every row at once; `empty_text` is shown when there are none."""
        self._rows = dict(rows)
        self._empty = Text(empty_text, style="dim")
        self._arrange(scroll=True)

    def put(self, key: str, line: Text) -> None:
        """Add a row at the bottom, or change the row already under this key in place."""
        new = key not in self._rows
        self._rows[key] = line
        self._arrange(scroll=new)

    def rename(self, key: str, new_key: str, line: Text) -> None:
        """A saving row becomes the saved entry's row, in the same place."""
        if key not in self._rows:
            self.put(new_key, line)
            return
        self._rows = {(new_key if k == key else k): (line if k == key else v)
                      for k, v in self._rows.items() if k != new_key or k == key}
        self._arrange(scroll=False)

    def drop(self, key: str) -> None:
        if self._rows.pop(key, None) is not None:
            self._arrange(scroll=False)

    def has(self, key: str) -> bool:
        return key in self._rows

    def lines(self) -> list[str]:
        """The rows as plain text, as the note-taker reads them."""
        return [row.plain for row in self._rows.values()]

    # -- drawing -------------------------------------------------------------------------------

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._width:
            self._strips = {}
            self._arrange(scroll=False)

    def _arrange(self, *, scroll: bool) -> None:
        """Lay the rows out: the last ones wrapped, earlier ones at an estimated height."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        self._width = width
        rows = self._rows or {"": self._empty}
        eager_from = len(rows) - self.WRAP_AHEAD
        keys, starts, heights, total = [], [], [], 0
        for index, (key, text) in enumerate(rows.items()):
            strips = self._wrapped(key, text) if index >= eager_from else self._held(key, text)
            height = len(strips) if strips is not None else self._estimate(text, width)
            keys.append(key)
            starts.append(total)
            heights.append(height)
            total += height
        self._keys, self._starts, self._heights = keys, starts, heights
        self.virtual_size = Size(width, total)
        self.refresh()
        if scroll:
            self.call_after_refresh(self.scroll_end, animate=False)

    def _text(self, key: str) -> Text:
        return self._rows.get(key, self._empty)

    def _held(self, key: str, text: Text) -> list[Strip] | None:
        held = self._strips.get(key)
        return held[1] if held is not None and held[0] == text else None

    def _wrapped(self, key: str, text: Text) -> list[Strip]:
        strips = self._held(key, text)
        if strips is None:
            console = self.app.console
            options = console.options.update_width(self._width)
            lines = console.render_lines(text, options, pad=False)
            strips = [Strip(line, Segment.get_line_length(line)) for line in lines] or [
                Strip([])]
            self._strips[key] = (text, strips)
        return strips

    @staticmethod
    def _estimate(text: Text, width: int) -> int:
        return sum(max(1, ceil(len(line) / width)) for line in text.plain.split("\n"))

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        at = scroll_y + y
        style = self.rich_style
        width = self.scrollable_content_region.width
        if not self._keys or at < 0:
            return Strip.blank(width, style)
        index = bisect_right(self._starts, at) - 1
        key = self._keys[index]
        strips = self._wrapped(key, self._text(key))
        if len(strips) != self._heights[index]:  # scrolled to a row whose height was a guess
            self.call_after_refresh(self._arrange, scroll=False)
        line = at - self._starts[index]
        if line >= len(strips):
            return Strip.blank(width, style)
        return strips[line].crop_extend(scroll_x, scroll_x + width, style)
