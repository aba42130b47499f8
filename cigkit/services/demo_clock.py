"""The clock of the demo's workshops: held days with a late start, overruns and an extension
or two, and today's day with its clock running.

With these events the demo shows planned against actual duration for every block, as a real
day would leave behind. Times are taken from the plan's local start, so the agenda reads the
same on every laptop.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

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


LIVE_LATE_START_MIN = 4
LIVE_BLOCK_BEGAN_MIN = 6  # the block in progress began this many minutes before "now"


def live_clock_events(number: int, blocks: list[tuple[int, str]], start: datetime,
                      now: datetime) -> list[ClockEvent]:
    """The events of the workshop running today: a late start, the blocks so far with the
    held days' overruns, and the block that `now` falls in begun a few minutes ago.

    Before the planned start the first block begins a few minutes ago (the day is ahead);
    after the planned end, the last block does. Nothing is before today's midnight, so the
    day is always today.
    """
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    began = max(midnight, now - timedelta(minutes=LIVE_BLOCK_BEGAN_MIN))
    overruns = OVERRUN_MIN.get(2, ())
    moment = start + timedelta(minutes=LIVE_LATE_START_MIN)
    starts = []
    for index, (minutes, _kind) in enumerate(blocks):
        starts.append(moment)
        moment += timedelta(minutes=max(1, minutes + (overruns[index]
                                                      if index < len(overruns) else 0)))
    current = max([i for i, at in enumerate(starts) if at <= began], default=0)
    if current == 0:
        return [ClockEvent(workshop=number, kind="start", at=format_instant(began))]
    events = [ClockEvent(workshop=number, kind="start", at=format_instant(starts[0]))]
    events += [ClockEvent(workshop=number, kind="next", at=format_instant(at))
               for at in starts[1:current]]
    events.append(ClockEvent(workshop=number, kind="next", at=format_instant(began)))
    return events


def day_start(store: Store, number: int, on: date) -> tuple[list[tuple[int, str]], datetime]:
    """A workshop's blocks (minutes, kind) and its planned start on the day `on`."""
    plan = day_service.day(store, number).plan
    return ([(b.minutes, b.kind) for b in plan.blocks],
            datetime.combine(on, plan.start).astimezone())


def create_demo_clock(store: Store, save: SaveSeeded, held: dict[int, date],
                      live: tuple[int, datetime] | None = None) -> int:
    """Save the clock events of the held workshops (number: day held) and of the one running
    now, if any, with the demo's seeded ids; returns how many."""
    count = 0
    for number, on in held.items():
        blocks, start = day_start(store, number, on)
        for event in demo_clock_events(number, blocks, start):
            save(event, event.at)
            count += 1
    if live is not None:
        number, now = live
        blocks, start = day_start(store, number, now.date())
        for event in live_clock_events(number, blocks, start, now):
            save(event, event.at)
            count += 1
    return count
