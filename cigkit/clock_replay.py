"""Replaying the clock's events: their order on every laptop, and when each takes effect.

Kept apart from the clock's reading (`cigkit.clock`) so the rules for laptops whose clocks
disagree can be read, and changed, in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cigkit.model import ClockEvent, parse_instant
from cigkit.store import hlc

SKEW_TOLERANCE_S = 120
"""A clock event more than this far from the others is a laptop's clock, not the day."""

EVENT_KINDS = (
    "start", "pause", "resume", "extend", "next", "back", "skip", "adjust", "goto", "shorten",
)  # fmt: skip


@dataclass
class Replay:
    """Mutable working state while the events are replayed; read by `clock.compute`, never
    kept."""

    count: int
    index: int = 0
    running: bool = False
    run_since: datetime | None = None
    finished_at: datetime | None = None
    elapsed: dict[int, float] = field(default_factory=dict)
    extra: dict[int, int] = field(default_factory=dict)
    skipped: set[int] = field(default_factory=set)
    began: dict[int, datetime] = field(default_factory=dict)
    reached: dict[int, datetime] = field(default_factory=dict)

    def bank(self, at: datetime) -> None:
        """Add the running stretch to the current block's elapsed time."""
        if self.running and self.run_since is not None and self.index < self.count:
            stretch = max(0.0, (at - self.run_since).total_seconds())
            self.elapsed[self.index] = self.elapsed.get(self.index, 0.0) + stretch
        self.run_since = at if self.running else None

    def run(self, at: datetime) -> None:
        if self.index >= self.count or self.running:
            return
        self.running = True
        self.run_since = at
        self.began.setdefault(self.index, at)

    def move(self, target: int, at: datetime) -> None:
        """Leave the current block for `target`, keeping the clock running if it was."""
        self.bank(at)
        target = max(0, min(target, self.count))
        for passed in range(self.index + 1, target + 1):
            self.reached.setdefault(passed, at)
        self.index = target
        if target >= self.count:
            self.running = False
            self.run_since = None
            self.finished_at = at
            return
        self.finished_at = None
        self.skipped.discard(target)
        if self.running:
            self.run_since = at
            self.began.setdefault(target, at)

    def apply(self, event: ClockEvent, at: datetime) -> None:
        kind = event.kind
        if kind in ("start", "resume"):
            self.run(at)
        elif kind == "pause":
            self.bank(at)
            self.running = False
            self.run_since = None
        elif kind == "extend" and self.index < self.count:
            self.extra[self.index] = self.extra.get(self.index, 0) + (event.seconds or 0)
        elif kind == "shorten" and event.block is not None:
            self.extra[event.block] = self.extra.get(event.block, 0) + (event.seconds or 0)
        elif kind == "next":
            self.move(self.index + 1, at)
        elif kind == "skip":
            if self.index < self.count:
                self.skipped.add(self.index)
            self.move(self.index + 1, at)
        elif kind == "back":
            self.move(self.index - 1, at)
        elif kind == "goto" and event.block is not None:
            self.move(event.block, at)
        elif kind == "adjust" and self.index < self.count:
            seconds = max(0, event.seconds or 0)
            self.elapsed[self.index] = float(seconds)
            self.began[self.index] = at - timedelta(seconds=seconds)
            if self.running:
                self.run_since = at


def aware(moment: datetime) -> datetime:
    """A naive datetime taken as local time, so every comparison here is between instants."""
    return moment if moment.tzinfo is not None else moment.astimezone()


def _order(event: ClockEvent) -> tuple[str, str]:
    """Events in the order they were made: by the hybrid clock stamp the store gave them (a
    laptop that saw an event stamps its own later), else by their own time."""
    if event.origin:
        return (event.origin, event.id)
    return (hlc.make(hlc.from_iso(event.at), 0, ""), event.id)


def sort_events(events: Sequence[ClockEvent]) -> list[ClockEvent]:
    """Events in the order they were made, the same on every laptop."""
    return sorted((e for e in events if not e.deleted), key=_order)


def _gap_words(seconds: float) -> str:
    seconds = abs(seconds)
    if seconds >= 20 * 3600:
        days = round(seconds / 86400)
        return "a day" if days == 1 else f"{days} days"
    if seconds >= 5400:
        return f"{round(seconds / 3600)} hours"
    if seconds >= 3600:
        return "an hour"
    return f"{max(1, round(seconds / 60))} minutes"


def replay_times(events: Sequence[ClockEvent], now: datetime) -> tuple[
        list[tuple[ClockEvent, datetime]], list[str]]:
    """Each event with the time it takes effect, and notes on laptops whose clock is off.

    An event never takes effect before the one made before it (a clock that went back cannot
    move a pause before its start), and one stamped more than a couple of minutes after this
    laptop's "now" waits until then (a clock a day ahead cannot skip everyone's day).
    """
    timed: list[tuple[ClockEvent, datetime]] = []
    notes: list[str] = []
    floor: datetime | None = None
    tolerance = timedelta(seconds=SKEW_TOLERANCE_S)
    for event in sort_events(events):
        at = parse_instant(event.at)
        who = hlc.device_of(event.origin) if event.origin else "another laptop"
        if at > now + tolerance:
            note = (f"A clock change from {who} is stamped {_gap_words((at - now).total_seconds())}"
                    " ahead of this laptop's clock; it is not applied until then. Check the "
                    "clocks of both laptops.")
            if note not in notes:
                notes.append(note)
            continue
        if floor is not None and at < floor:
            if floor - at > tolerance:
                note = (f"{who}'s clock looks {_gap_words((floor - at).total_seconds())} behind "
                        "the others; its clock changes are counted from the change before them.")
                if note not in notes:
                    notes.append(note)
            at = floor
        floor = at
        timed.append((event, at))
    return timed, notes
