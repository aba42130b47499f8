"""The TOML files a facilitator edits by hand (plans, the checklist), read so that every way
one can be wrong becomes a line number and one plain message.

tomllib points at syntax errors itself; this adds what it does not: the byte-order mark
Notepad writes, text that is not UTF-8, numbers too long to read and values nested so deep
that parsing them would exhaust the stack (refused at a fixed depth, so the same file gets
the same answer however it is opened).
"""

from __future__ import annotations

import codecs
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

MAX_DEPTH = 32
"""Lists and tables inside each other: a plan needs three; past this it is not a plan."""
MAX_BYTES = 1_000_000
"""The shipped plans are 3 KB and the checklist 10 KB; a file past this is not one of them."""

FileError = Callable[[Path, int | None, str], Exception]
"""PlanError or ChecklistError: (path, line or None, message)."""

_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)$")
_END = " (at end of document)"
_MAX_DIGITS = sys.get_int_max_str_digits() or 4300
_TOKEN = re.compile(
    r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\''
    r"|(?P<open>[\[{])|(?P<close>[\]}])|(?P<number>[0-9_]{" + str(_MAX_DIGITS + 1) + r",})|\n",
    re.DOTALL,
)


def read_text(path: Path, what: str, error: FileError) -> str:
    """The file as text with LF line ends; a UTF-8 BOM is dropped, anything else not UTF-8
    is refused naming the line of the first bad byte."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)  # /dev/zero or a disk image ends here
    except OSError as exc:
        raise error(path, None, f"cannot read the {what}: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise error(path, None, f"is larger than {MAX_BYTES // 1_000_000} MB, far more than "
                    f"any {what}; is this the right file?")
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        raise error(path, before.count(b"\n") + 1,
                    f"the {what} is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it "
                    "as UTF-8 (in Notepad: File, Save as, Encoding UTF-8)") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def loads(text: str, path: Path, error: FileError) -> dict[str, Any]:
    """Parse TOML text; every failure is `error(path, line, message)`."""
    import tomllib  # here: the app's first frame uses plans remembered, not read

    try:
        data: dict[str, Any] | None = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line: int | None = None
        if position := _POSITION.search(message):
            line, message = int(position.group(1)), message[: position.start()]
        elif message.endswith(_END):
            line, message = max(1, text.count("\n") + 1), message.removesuffix(_END)
        raise error(path, line, f"not valid TOML: {message}") from None
    except ValueError:  # int() refuses a number of more than 4300 digits
        raise error(path, _first(text, "number"),
                    f"a number is longer than {_MAX_DIGITS} digits") from None
    except RecursionError:
        data = None
    if data is None or _too_deep(data):
        raise error(path, _first(text, "open"),
                    f"lists or tables are nested more than {MAX_DEPTH} deep")
    return data


def _too_deep(data: dict[str, Any]) -> bool:
    """Whether any value sits more than MAX_DEPTH lists and tables down (without recursing)."""
    pending: list[tuple[object, int]] = [(data, 0)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(value, dict):
            pending.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            pending.extend((v, depth + 1) for v in value)
    return False


def _first(text: str, what: str) -> int | None:
    """The line where brackets outside strings and comments first nest past MAX_DEPTH (or
    nest deepest) for "open", or of the first over-long number for "number"; None if none.

    Only called once tomllib has read up to the problem, so the strings before it are
    closed; scanning stops at the problem, so what follows it never costs anything.
    """
    line, depth = 1, 0
    deepest: tuple[int, int | None] = (0, None)  # tables from [a.b.c] headers have no brackets
    for token in _TOKEN.finditer(text):
        kind = token.lastgroup
        if kind == "open":
            depth += 1
            if what == "open" and depth > MAX_DEPTH:
                return line
            deepest = max(deepest, (depth, line), key=lambda d: d[0])
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "number" and what == "number":
            return line
        line += token.group().count("\n")
    return deepest[1] if what == "open" else None
