"""Hybrid logical clock stamps: wall time plus a counter plus the device id, as one string.

A stamp is `MMMMMMMMMMMMM.CCCC.device` (milliseconds since 1970, a counter, the device id), so
comparing two stamps as strings orders them by time, then counter, then device. Every stamp a
laptop makes is later than every stamp it has seen, so a change made after reading another
laptop's change always sorts after it, whatever either laptop's wall clock says, unless that
stamp is more than `MAX_AHEAD_MS` ahead of this laptop's clock: such a clock is wrong, not
early, and following it would move every later stamp of every laptop (and, at the largest
stamp there is, push the next one past what a stamp can hold).
"""

from __future__ import annotations

import re
import threading
import time
from datetime import UTC, datetime

_COUNTER_LIMIT = 10_000
MAX_MS = 9_999_999_999_999
"""The largest wall time a stamp can hold (13 digits of milliseconds: the year 2286)."""
MAX_AHEAD_MS = 366 * 24 * 3600 * 1000
"""How far ahead of this laptop's clock a stamp may be and still be followed."""
_SECONDS: dict[str, str] = {}


_STAMP = re.compile(r"[0-9]{13}\.[0-9]{4}\.(?=[A-Za-z0-9_-]*[A-Za-z0-9])[A-Za-z0-9_-]{1,64}")
"""A stamp as `make` writes it: 13 digits of milliseconds, 4 of counter, and a device id of
letters, digits, '-' and '_' with at least one letter or digit (a device id is printed, so
no control codes)."""
_full_stamp = _STAMP.fullmatch


def is_stamp(text: str) -> bool:
    """Is this a stamp as `make` writes them? (On the loading hot path: one compiled match.)"""
    return _full_stamp(text) is not None


def make(ms: int, counter: int, device: str) -> str:
    return f"{ms:013d}.{counter:04d}.{device}"


def millis(stamp: str) -> int:
    return int(stamp[:13])


def device_of(stamp: str) -> str:
    return stamp[19:]


def iso(stamp: str) -> str:
    """The wall time part of a stamp as cigkit's ISO 8601 instant (UTC, milliseconds, Z).

    Its first 10 digits are the second and the next 3 the millisecond: the text of each
    second is made once (this runs for every record of a folder as it loads)."""
    second = stamp[:10]
    prefix = _SECONDS.get(second)
    if prefix is None:
        if len(_SECONDS) > 50_000:
            _SECONDS.clear()
        moment = datetime.fromtimestamp(int(second), UTC)
        prefix = _SECONDS[second] = moment.strftime("%Y-%m-%dT%H:%M:%S.")
    return f"{prefix}{stamp[10:13]}Z"


def from_iso(text: str) -> int:
    """Milliseconds since 1970 of an ISO 8601 instant (0 if it cannot be read), within what
    a stamp can hold."""
    try:
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        moment = datetime.fromisoformat(text)
    except (ValueError, TypeError):
        return 0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return min(MAX_MS, max(0, int(moment.timestamp() * 1000)))
    except (OverflowError, OSError):
        return 0


class HybridClock:
    """Makes this device's stamps; `observe` every stamp read so new ones sort after it."""

    def __init__(self, device: str, wall_ms: object = None) -> None:
        self.device = device
        self._wall = wall_ms if callable(wall_ms) else (lambda: time.time_ns() // 1_000_000)
        self._ms = 0
        self._counter = 0
        self._newest_ms = 0
        self._lock = threading.Lock()

    def observe(self, stamp: str) -> None:
        """Make later stamps sort after `stamp`, unless it is malformed or its clock is
        more than `MAX_AHEAD_MS` ahead (then it is only remembered for `ahead_of_wall_ms`)."""
        try:
            ms, counter = int(stamp[:13]), int(stamp[14:18])
        except ValueError:
            return
        with self._lock:
            self._newest_ms = max(self._newest_ms, ms)
            if ms - int(self._wall()) > MAX_AHEAD_MS:
                return
            if (ms, counter) > (self._ms, self._counter):
                self._ms, self._counter = ms, counter

    def now(self) -> str:
        """A new stamp, later than any made or observed here."""
        with self._lock:
            wall = int(self._wall())
            if wall > self._ms:
                self._ms, self._counter = wall, 0
            else:
                self._counter += 1
                if self._counter >= _COUNTER_LIMIT:
                    self._ms, self._counter = self._ms + 1, 0
            return make(self._ms, self._counter, self.device)

    def ahead_of_wall_ms(self) -> int:
        """How far the newest stamp seen is ahead of this laptop's wall clock (0 if not)."""
        with self._lock:
            return max(0, max(self._ms, self._newest_ms) - int(self._wall()))
