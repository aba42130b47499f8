"""The one base class for errors a user can cause; the CLI and the app show them as a sentence.

Whatever a message quotes back from a file goes through `quoted` or `shown`, so a hostile
value (a line break, a megabyte of text, a list nested a thousand deep) cannot break the
sentence onto several lines or flood the terminal.
"""

from __future__ import annotations

import re
from datetime import date, time
from os import PathLike

_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
QUOTE_LIMIT = 60


class UserError(Exception):
    """Something the user can fix: bad input, a bad file, a missing record."""


class FileLineError(UserError):
    """A file the user edited wrongly, pointing at the file and, when known, the line."""

    def __init__(self, path: str | PathLike[str], line: int | None, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"{path}: {message}" if line is None else f"{path}:{line}: {message}")


def one_line(text: str) -> bool:
    """True when text has no control characters or line separators (a name, a title, a cell)."""
    return _LINE_BREAKING.search(text) is None


def quoted(text: str, quote: str = '"') -> str:
    """User text as a message quotes it: in quotes, on one line, escaped, at most ~60 chars
    (escapes count, so a line of unprintable characters is no longer)."""
    pieces = [_escaped(ch, quote) for ch in text[: QUOTE_LIMIT + 1]]
    if len(text) <= QUOTE_LIMIT and sum(map(len, pieces)) <= QUOTE_LIMIT:
        return quote + "".join(pieces) + quote
    kept, size = [], 0
    for piece in pieces:
        if size + len(piece) > QUOTE_LIMIT - 1:
            break
        kept.append(piece)
        size += len(piece)
    return quote + "".join(kept) + "…" + quote


def _escaped(ch: str, quote: str) -> str:
    if ch in (quote, "\\"):
        return "\\" + ch
    return ch if ch.isprintable() else repr(ch)[1:-1]


def shown(value: object, quote: str = '"') -> str:
    """A value read from a file as a message shows it, whatever its type, size or depth."""
    if isinstance(value, str):
        return quoted(value, quote)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if abs(value) < 10**20:
            return str(value)
        # str() refuses ints of more than 4300 digits: say how long it is instead.
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"
