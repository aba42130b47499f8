"""The clock of the demo's held workshops: a late start, overruns and an extension or two.

With these events the demo shows planned against actual duration for every block, as a real
day would leave behind. Times are taken from the plan's local start, so the agenda reads the
same on every laptop.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from ..model import ClockEvent, format_instant
from ..store import Store
from . import day as day_service

SaveSeeded = Callable[[ClockEvent, str], ClockEvent]

LATE_START_MIN = {1: 6, 2: 3}
# Minutes over (or under, when negative) each block ran, by position in the day.
OVERRUN_MIN = {
    1: (4, 2, 7, 1, 0, 5, -4, 3, 0, 4, 2, 0, 0, 0),
    2: (3, 0, 6, 2, 1, 5, -5, 4, 0, 3, 0, 0, 0, 0),
}
EXTEND_OVER_MIN = 5  # a block running this far over was given an extra 5 minutes on the clock


def demo_clock_events(number: int, blocks: list[tuple[int, str]],
                      start: datetime) -> list[ClockEvent]:
    """The events of one held workshop: start, then next at each block's real end.

    `blocks` is (planned minutes, kind) per block; a coffee break that ran long is paused
    for a minute while the room settles, so every kind of event appears somewhere.
    """
    overruns = OVERRUN_MIN.get(number, ())
    moment = start + timedelta(minutes=LATE_START_MIN.get(number, 0))
    events = [ClockEvent(workshop=number, kind="start", at=format_instant(moment))]
    for index, (minutes, kind) in enumerate(blocks):
        over = overruns[index] if index < len(overruns) else 0
        actual = max(1, minutes + over)
        if over >= EXTEND_OVER_MIN:
            when = moment + timedelta(minutes=minutes - 1)
            events.append(ClockEvent(workshop=number, kind="extend", seconds=300,
                                     at=format_instant(when)))
        if kind == "break" and over > 0:
            paused = moment + timedelta(minutes=minutes)
            events.append(ClockEvent(workshop=number, kind="pause", at=format_instant(paused)))
            events.append(ClockEvent(workshop=number, kind="resume",
                                     at=format_instant(paused + timedelta(minutes=1))))
            actual += 1
        moment += timedelta(minutes=actual)
        events.append(ClockEvent(workshop=number, kind="next", at=format_instant(moment)))
    return events


def create_demo_clock(store: Store, save: SaveSeeded, held: tuple[int, ...]) -> int:
    """Save the clock events of the held workshops with the demo's seeded ids; returns count."""
    count = 0
    for number in held:
        today = day_service.day(store, number)
        blocks = [(b.minutes, b.kind) for b in today.plan.blocks]
        for event in demo_clock_events(number, blocks, today.start):
            save(event, event.at)
            count += 1
    return count
