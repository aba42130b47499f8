"""JSON read and written fast where it is most of the time taken: journal lines and dumps.

orjson parses a journal line in half the time of the standard library and writes a record in a
quarter of it, which is most of what opening and dumping a folder of 100,000 records costs. It
is used only where its answer is the standard library's:
- a line orjson refuses (a lone surrogate, another encoding, damage) is read by `json.loads`
  again, which reads it or names what is wrong as before; NaN, Infinity and a number too large
  to be finite are refused by both (JSON has none of them, and a dump could not write them
  back), so such a line is a damaged line;
- a line holding a run of 19 or more digits is read by `json.loads` alone, as orjson reads an
  integer beyond 64 bits as a float and a value must pass through untouched;
- a record orjson cannot write (a lone surrogate, an integer beyond 64 bits) is written by the
  standard library's encoder, with the same separators.
Without orjson installed (a platform it has no wheel for) everything is the standard library.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency; this keeps cigkit working
    orjson = None  # type: ignore[assignment]

_ONLY_DIGITS = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x20 for byte in range(256))
"""A table for `bytes.translate`: every digit becomes "0", every other byte a space."""
_NINETEEN = b"0" * 19
_line_text = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    number = float(text)
    if math.isinf(number):
        raise ValueError(f"{text} is too large for a JSON number here")
    return number


def _json_loads(raw: bytes) -> Any:
    """`json.loads`, refusing NaN and Infinity (JSON has neither, orjson refuses both, and
    a dump could not write them back) and a number too large to be finite."""
    return json.loads(raw, parse_constant=_no_constant, parse_float=_finite)


def _stdlib_loads(raw: bytes) -> Any:
    return _json_loads(raw)


def _orjson_loads(raw: bytes) -> Any:
    return _orjson_loads_text(raw)[0]


def _orjson_loads_text(raw: bytes) -> tuple[Any, bool]:
    if _NINETEEN in raw.translate(_ONLY_DIGITS):  # (a regex takes ten times as long)
        return _json_loads(raw), True
    try:
        return orjson.loads(raw), False  # orjson refuses half of a surrogate pair
    except ValueError:  # orjson's JSONDecodeError is one: let the standard library decide
        return _json_loads(raw), True


def _stdlib_loads_text(raw: bytes) -> tuple[Any, bool]:
    return _json_loads(raw), True


def _stdlib_line(value: Any) -> bytes:
    # A lone surrogate (a "\udcff" escape in a hand-edited file) comes out as that same JSON
    # escape, so what is written is still JSON that reads back to the same value.
    return _line_text(value).encode("utf-8", "backslashreplace")


def _orjson_line(value: Any) -> bytes:
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # orjson's JSONEncodeError is one (lone surrogate, integer too big)
        return _stdlib_line(value)


loads: Callable[[bytes], Any] = _stdlib_loads if orjson is None else _orjson_loads
"""`json.loads(raw)`: the same value, or the same exception."""

loads_text: Callable[[bytes], tuple[Any, bool]] = (
    _stdlib_loads_text if orjson is None else _orjson_loads_text)
"""`loads`, and whether the value may hold half of a surrogate pair (a "\\udcff" escape),
which `json.loads` reads and orjson refuses: False when orjson read it."""

record_line: Callable[[Any], bytes] = _stdlib_line if orjson is None else _orjson_line
"""A record as one line of compact UTF-8 JSON with its keys sorted."""
