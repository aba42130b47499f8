"""Digits as big as the room needs: each cell of a 3x5 font drawn as a block of characters.

Textual's `Digits` are three rows tall whatever the terminal, too small across a room. Here
every glyph is a 3-wide, 5-tall bitmap and each of its cells becomes `sx` columns by `sy`
rows of full blocks, the largest that fit the widget (cells about twice as wide as tall, so
the digits keep their shape). At 120x40 the time is 15 or more rows tall; at 80x24 about 10.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", ".##", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "-": ("...", "...", "###", "...", "..."),
    " ": ("...", "...", "...", "...", "..."),
}
ROWS = 5
BLOCK = "█"


def glyph_width(text: str) -> int:
    """Width of `text` in font cells, one empty cell between glyphs."""
    glyphs = [FONT.get(c, FONT[" "]) for c in text]
    return sum(len(g[0]) for g in glyphs) + max(0, len(glyphs) - 1)


def scale_for(text: str, width: int, height: int) -> tuple[int, int]:
    """The largest (columns, rows) per font cell that fit `width` x `height`, keeping a cell
    no more than twice as wide as tall and no taller than wide (at least 1 x 1)."""
    cells = max(1, glyph_width(text))
    rows = max(1, height // ROWS)
    columns = max(1, width // cells)
    rows = min(rows, columns)
    columns = min(columns, 2 * rows)
    return columns, rows


def big_lines(text: str, sx: int, sy: int) -> list[str]:
    """`text` in the font, each cell `sx` wide and `sy` tall."""
    glyphs = [FONT.get(c, FONT[" "]) for c in text]
    lines = []
    for row in range(ROWS):
        cells = ".".join(g[row] for g in glyphs)
        line = "".join((BLOCK if cell == "#" else " ") * sx for cell in cells)
        lines.extend([line] * sy)
    return lines


class BigDigits(Widget):
    """The clock's time, as large as the widget allows, centred; `update` it like Digits."""

    DEFAULT_CSS = """
    BigDigits { width: 100%; height: 1fr; min-height: 5; }
    """

    text: reactive[str] = reactive("0:00", layout=False)

    def __init__(self, text: str = "0:00", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(BigDigits.text, text)

    def update(self, text: str) -> None:
        self.text = text

    def scale(self) -> tuple[int, int]:
        return scale_for(self.text, self.size.width, self.size.height)

    def render(self) -> Text:
        width, height = self.size
        sx, sy = self.scale()
        lines = big_lines(self.text, sx, sy)
        top = max(0, (height - len(lines)) // 2)
        left = max(0, (width - len(lines[0]) if lines else 0) // 2)
        shown = [""] * top + [" " * left + line for line in lines]
        return Text("\n".join(shown), no_wrap=True, overflow="crop")


__all__ = ["BigDigits", "big_lines", "glyph_width", "scale_for"]
