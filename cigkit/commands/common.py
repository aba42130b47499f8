"""Helpers shared by the command modules: opening the store and printing records."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

from .. import locations
from ..errors import UserError
from ..fastjson import record_line
from ..store import Store


def holds_programme(folder: Path) -> bool:
    """Does this folder already hold cigkit data (journals or snapshots)?"""
    return (locations.journals_dir(folder).is_dir()
            or locations.snapshots_dir(folder).is_dir())


def output_file(text: str, what: str) -> Path:
    """The file a command is to write, checked before anything is read or written: never a
    folder, and in a folder that exists (a USB stick that is not mounted must not become a
    new folder on the laptop's own disk)."""
    if not text.strip():
        raise UserError(f"The {what} file name is empty.")
    path = Path(text).expanduser()
    if path.is_dir():
        raise UserError(f"{path} is a folder; give the {what} a file name inside it.")
    if not path.parent.is_dir():
        raise UserError(f"The folder {path.parent} does not exist (is the drive plugged in?); "
                        f"make it first, or choose another place for the {what}.")
    return path


@contextmanager
def open_store(args: argparse.Namespace, writable: bool, *, create: bool = True
               ) -> Iterator[Store]:
    """The store of --data / CIGKIT_DATA, closed (and unlocked) whatever happens.

    A command that only adds to a programme passes `create=False`: pointed at a folder with
    no programme it stops before the store is opened, so no empty data folder is left behind.
    """
    folder = locations.data_dir(args.data)
    if writable and not create and not holds_programme(folder):
        raise UserError(f"There is no cigkit data in {folder}; create it with 'cigkit demo' "
                        "or 'cigkit roster import'.")
    store = Store.open(folder, writable=writable)
    try:
        for warning in store.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        # A command runs once over what was just loaded: keep the collector from scanning
        # those records again and again while the command builds its output (sorting and
        # writing 100,000 records for a dump spent most of its time in collections).
        gc.freeze()
        yield store
    finally:
        store.close()


def print_json(data: Any) -> None:
    """Print `data` as indented JSON with sorted keys, always as UTF-8 (RFC 8259), in one write.

    One write: printing a large dump piece by piece costs a system call per piece when
    output is unbuffered (PYTHONUNBUFFERED), millions for 100,000 records.
    """
    _write_utf8(pretty_json(data) + "\n")


def keep_freed_memory() -> None:
    """Ask the C allocator (glibc, on Linux) to keep 64 MB it frees instead of handing it
    back to the system at once. A dump makes and frees a record's bytes 100,000 times, and
    each time glibc returned the top of its heap and then took it again, page by page: that
    was a fifth of the dump's time. Elsewhere (macOS, Windows, musl) nothing changes."""
    if sys.platform != "linux":
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return
    mallopt(-2, 64 << 20)  # M_TOP_PAD: room kept at the top of the heap when it shrinks


_CHUNK = 500
"""Records encoded and written at a time: a few megabytes per write, so a dump of 100,000
records neither makes a system call per record (unbuffered output) nor holds the whole
text in memory at once (that cost a fifth of its time in page faults)."""


def print_tables(tables: dict[str, list[dict[str, Any]]]) -> None:
    """Print tables of records as JSON, one record a line (compact, keys sorted), as UTF-8.

    A record a line reads and diffs well; each is written by orjson (`cigkit.fastjson`), in
    a few large writes: 100,000 records in a fifth of a second.
    """
    parts = [b"{"]
    last = len(tables) - 1
    for index, (name, rows) in enumerate(tables.items()):
        comma = b"," if index < last else b""
        if not rows:
            parts.append(b"\n  " + record_line(name) + b": []" + comma)
            continue
        parts.append(b"\n  " + record_line(name) + b": [\n    ")
        for start in range(0, len(rows), _CHUNK):
            if start:
                parts.append(b",\n    ")
            parts.append(b",\n    ".join(map(record_line, rows[start:start + _CHUNK])))
            _write_bytes(b"".join(parts))
            parts.clear()
        parts.append(b"\n  ]" + comma)
    parts.append(b"\n}\n")
    _write_bytes(b"".join(parts))


def _write_bytes(data: bytes) -> None:
    """UTF-8 bytes to standard output, whatever its own encoding (cp1252 on Windows)."""
    out = sys.stdout
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(data.decode("utf-8"))
        return
    try:
        out.flush()
        buffer.write(data)
        buffer.flush()
    except BrokenPipeError:
        raise  # the reader has gone (`| head`): nothing to say
    except OSError as exc:  # a full disk under `> backup.json`: say where it went wrong
        raise OSError(exc.errno, exc.strerror, exc.filename or "standard output") from None


def _write_utf8(text: str) -> None:
    # A lone surrogate (a "\udcff" escape in a hand-edited file) comes out as that same
    # JSON escape, so what is printed is still JSON that reads back to the same value.
    _write_bytes(text.encode("utf-8", "backslashreplace"))


_SCALARS = frozenset({str, int, float, bool, type(None)})
_CONTAINERS = frozenset({dict, list, tuple})
_PLAIN = _SCALARS | _CONTAINERS
_encode_scalar = json.JSONEncoder(ensure_ascii=False).encode


def pretty_json(data: Any) -> str:
    """Exactly `json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)`, faster.

    With `indent`, the standard library encodes in pure Python, about 15 times slower than
    its C encoder. Here a container whose items hold no non-empty container (a record, a
    list of tags) is written by one call of the C encoder with a newline and the indent as
    its item separator, which is what `indent` would have written; only the outer levels
    are walked in Python. A JSON string never holds a raw newline, so this cannot misplace
    one.
    """
    out: list[str] = []
    _pretty(data, 0, out)
    return "".join(out)


@cache
def _items_encoder(level: int) -> Callable[[Any], str]:
    """The C encoder writing a flat container's items one per line at `level`."""
    separator = ",\n" + "  " * level
    if c_make_encoder is None:  # a Python without the C accelerator: same text, slower
        return json.JSONEncoder(ensure_ascii=False, sort_keys=True,
                                separators=(separator, ": ")).encode
    # What JSONEncoder.encode builds on every call, built once: (markers, default, encoder,
    # indent, key separator, item separator, sort_keys, skipkeys, allow_nan).
    encoder = c_make_encoder(None, json.JSONEncoder().default, encode_basestring, None,
                             ": ", separator, True, False, True)
    return lambda value: "".join(encoder(value, 0))


def _is_flat(values: Any) -> bool:
    """True when no value is a non-empty container (or something the C encoder decides)."""
    types = set(map(type, values))
    if types <= _SCALARS:
        return True
    if not types <= _PLAIN:
        return False
    return not any(v for v in values if type(v) in _CONTAINERS)


@cache
def _newline(level: int) -> str:
    return "\n" + "  " * level


def _pretty(value: Any, level: int, out: list[str]) -> None:
    if isinstance(value, dict):
        _pretty_dict(value, level, out)
    elif isinstance(value, list | tuple):
        _pretty_list(value, level, out)
    else:
        out.append(_encode_scalar(value))


def _pretty_dict(value: dict[Any, Any], level: int, out: list[str]) -> None:
    if not value:
        out.append("{}")
        return
    close = _newline(level)
    if set(map(type, value)) != {str}:
        # Keys that are numbers, booleans or None: as rare as they are subtle to get right,
        # so the standard library writes them (its text holds no raw newline to misplace).
        text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
        out.append(text.replace("\n", close))
        return
    inner = _newline(level + 1)
    if _is_flat(value.values()):
        out.append("{" + inner + _items_encoder(level + 1)(value)[1:-1] + close + "}")
        return
    separator = "{" + inner
    for key in sorted(value):
        item = value[key]
        kind = type(item)
        if kind is str:
            out.append(separator + encode_basestring(key) + ": " + encode_basestring(item))
        elif kind in _SCALARS:
            out.append(separator + encode_basestring(key) + ": " + _encode_scalar(item))
        else:
            out.append(separator + encode_basestring(key) + ": ")
            _pretty(item, level + 1, out)
        separator = "," + inner
    out.append(close + "}")


def _pretty_list(value: list[Any] | tuple[Any, ...], level: int, out: list[str]) -> None:
    if not value:
        out.append("[]")
        return
    close = _newline(level)
    inner = _newline(level + 1)
    if _is_flat(value):
        out.append("[" + inner + _items_encoder(level + 1)(value)[1:-1] + close + "]")
        return
    separator = "[" + inner
    run: list[dict[str, Any]] = []
    for item in value:
        if isinstance(item, dict) and item and _is_flat(item.values()):
            run.append(item)
            continue
        if run:
            out.append(separator + _flat_records(run, level + 1))
            run = []
            separator = "," + inner
        out.append(separator)
        _pretty(item, level + 1, out)
        separator = "," + inner
    if run:
        out.append(separator + _flat_records(run, level + 1))
    out.append(close + "]")


def _flat_records(records: list[dict[str, Any]], level: int) -> str:
    """Flat, non-empty dicts that are items of one list, written at `level` by one C call.

    Encoded together with the separator of their items, the dicts meet as `},<nl>{`, which
    nothing else can produce (a JSON string holds no raw newline, and inside a flat dict a
    separator is always followed by a key, never by `{`), so those meetings are rewritten
    to what `indent` writes between items of the list.
    """
    item = _newline(level + 1)
    between = "}," + item + "{"
    outer = _newline(level)
    text = _items_encoder(level + 1)(records)
    body = text[2:-2].replace(between, outer + "}," + outer + "{" + item)
    return "{" + item + body + outer + "}"
