"""Escaping of user text for the Markdown minutes.

Anything a person typed (notes, team and member names, evidence) goes through one of these
before it reaches a template, so that it reads as plain text and can never add a heading,
a link, a table row or a raw HTML tag to an export. Each function first flattens the text
with `one_line`; that is the exact text a reader sees after rendering.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

LINE_JOINER = " / "
"""Put where the user pressed Enter: a note's lines stay distinguishable on one line."""

# Bidi embedding, override and isolate controls: an unclosed one reverses the rest of the line.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# Inline syntax: backslash escapes, code spans, emphasis, links and images ([ ]), autolinks
# and raw HTML (<), table pipes and strikethrough; escaped wherever they appear. Only an
# entity-like `&` is escaped, so "R&D" stays readable while a typed `&amp;` stays literal.
_INLINE = re.compile(r"[\\`*_\[\]<|~]|&(?=#?[A-Za-z0-9]+;)")
_INLINE_AND_HASH = re.compile(r"[\\`*_\[\]<|~#]|&(?=#?[A-Za-z0-9]+;)")
# Block syntax only matters at the start of a line: headings, quotes, bullets, setext
# underlines and ordered-list markers such as `12.` or `3)`.
_LEADING_MARK = re.compile(r"[#>+=-]")
_LEADING_NUMBER = re.compile(r"([0-9]+)([.)])")


def one_line(text: object) -> str:
    """The text a reader sees: lines joined with " / ", whitespace runs as one space.

    Control characters and bidi overrides are dropped; None counts as empty.
    """
    if text is None:
        return ""
    lines = []
    for line in str(text).splitlines():
        words = _INVISIBLE.sub("", line).split()
        if words:
            lines.append(" ".join(words))
    return LINE_JOINER.join(lines)


def _is_invisible_control(ch: str) -> bool:
    if ch in _BIDI_CONTROLS:
        return True
    return unicodedata.category(ch) == "Cc" and not ch.isspace()


# Every control character lies below U+00A0, so the set is small enough to list exactly.
_INVISIBLE = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in range(0xA0) if _is_invisible_control(chr(c)))
    + "".join(sorted(_BIDI_CONTROLS)) + "]"
)


def _escape(flat: str, *, hashes: bool = False, backslash: str = "\\\\") -> str:
    def one(match: re.Match[str]) -> str:
        char = match.group()
        return backslash if char == "\\" else "\\" + char

    escaped = (_INLINE_AND_HASH if hashes else _INLINE).sub(one, flat)
    if _LEADING_MARK.match(escaped):
        return "\\" + escaped
    number = _LEADING_NUMBER.match(escaped)
    if number:
        return f"{number.group(1)}\\{number.group(2)}{escaped[number.end() :]}"
    return escaped


def md_inline(text: object) -> str:
    """User text for a paragraph or after "- ": renders exactly as `one_line(text)`."""
    return _escape(one_line(text))


def md_cell(text: object) -> str:
    """User text for a GFM table cell: never splits or ends the row.

    A backslash becomes `&#92;`, so a cell ending in one cannot escape the closing pipe
    even when the template writes `|{{ x|cell }}|` without spaces. Empty stays empty, so
    rows must start and end with a pipe: without a leading one, an empty first cell vanishes.
    """
    return _escape(one_line(text), backslash="&#92;")


def md_heading(text: object) -> str:
    """User text after "## ": every `#` is escaped so none can close the heading early."""
    return _escape(one_line(text), hashes=True)


FILTERS: dict[str, Callable[[object], str]] = {
    "md": md_inline,
    "cell": md_cell,
    "heading": md_heading,
}
"""The Jinja2 filters templates use for user text, by name."""
