"""The workshop clock as a pure function of recorded clock events and "now".

Nothing is accumulated between calls: every reading replays the events from the start, so a
restarted app or a second laptop shows the same time, and a long block cannot drift.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cigkit.model import ClockEvent, format_instant, parse_instant
from cigkit.plans import Block
from cigkit.store import hlc

SKEW_TOLERANCE_S = 120
"""A clock event more than this far from the others is a laptop's clock, not the day."""

EVENT_KINDS = (
    "start", "pause", "resume", "extend", "next", "back", "skip", "adjust", "goto", "shorten",
)  # fmt: skip


@dataclass(frozen=True)
class BlockTiming:
    """One block's plan against reality: how long it was meant to take and when it starts."""

    index: int
    title: str
    kind: str
    planned_s: int
    """The block's length now: the plan plus any extensions or replanning."""
    actual_s: float | None
    skipped: bool
    planned_start: datetime
    projected_start: datetime
    plan_s: int = 0
    """The block's length as the plan was written, to compare the real day against."""
    done: bool = False
    """The day has moved past this block, so `actual_s` is final."""

    @property
    def projected_end(self) -> datetime:
        return self.projected_start + timedelta(seconds=0 if self.skipped else self.planned_s)


@dataclass(frozen=True)
class ClockState:
    """What the room needs to see at one moment: the current block, time left, and drift."""

    index: int
    running: bool
    started: bool
    elapsed_s: float
    planned_s: int
    remaining_s: float
    overrun: bool
    warning: bool
    warn_s: int
    status_words: str
    blocks: tuple[BlockTiming, ...]
    drift_s: float
    next_break: BlockTiming | None
    day_end_planned: datetime
    day_end_projected: datetime
    finished: bool
    clock_notes: tuple[str, ...] = ()
    """What the replay had to correct because a laptop's clock disagreed, in words."""

    @property
    def current(self) -> BlockTiming | None:
        return self.blocks[self.index] if self.index < len(self.blocks) else None


@dataclass
class _Replay:
    """Mutable working state while the events are replayed; never leaves this module."""

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


def _aware(moment: datetime) -> datetime:
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


def _replay_times(events: Sequence[ClockEvent], now: datetime) -> tuple[
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


def compute(
    blocks: Sequence[Block],
    events: Sequence[ClockEvent],
    now: datetime,
    day_start: datetime,
) -> ClockState:
    """The clock at `now`, replayed from the events; naive datetimes are taken as local time."""
    now, day_start = _aware(now), _aware(day_start)
    replay = _Replay(count=len(blocks))
    timed, notes = _replay_times(events, now)
    for event, at in timed:
        replay.apply(event, at)
    replay.bank(now)
    count, index = len(blocks), replay.index
    planned = [max(0, b.minutes * 60 + replay.extra.get(i, 0)) for i, b in enumerate(blocks)]

    planned_starts: list[datetime] = []
    cursor = day_start
    for block in blocks:
        planned_starts.append(cursor)
        cursor += timedelta(minutes=block.minutes)
    day_end_planned = cursor

    finished = index >= count
    started = index < count and (index in replay.began or replay.elapsed.get(index, 0) > 0)
    elapsed = replay.elapsed.get(index, 0.0) if not finished else 0.0
    planned_now = planned[index] if not finished else 0
    remaining = planned_now - elapsed

    projected: list[datetime] = []
    for i in range(min(index, count)):
        projected.append(replay.began.get(i) or replay.reached.get(i) or planned_starts[i])
    if finished:
        cursor = replay.finished_at or now
    else:
        any_event = bool(replay.began) or bool(replay.reached)
        if started:
            current_start = replay.began.get(index, now)
        else:
            current_start = now if any_event else max(now, day_start)
        projected.append(current_start)
        cursor = (now if started else current_start) + timedelta(seconds=max(0.0, remaining))
        for i in range(index + 1, count):
            projected.append(cursor)
            if i not in replay.skipped:
                cursor += timedelta(seconds=planned[i])
    day_end_projected = cursor

    timings = tuple(
        BlockTiming(
            index=i,
            title=b.title,
            kind=b.kind,
            planned_s=planned[i],
            actual_s=_actual(i, index, replay),
            skipped=i in replay.skipped,
            planned_start=planned_starts[i],
            projected_start=projected[i],
            plan_s=b.minutes * 60,
            done=i < index,
        )
        for i, b in enumerate(blocks)
    )
    warn_s = blocks[index].warn_minutes * 60 if not finished else 0
    overrun = not finished and remaining < 0
    warning = not finished and 0 < remaining <= warn_s
    next_break = next(
        (
            t
            for t in timings
            if t.kind == "break"
            and not t.skipped
            and (t.index > index or (t.index == index and not started))
        ),
        None,
    )
    return ClockState(
        index=index,
        running=replay.running and not finished,
        started=started,
        elapsed_s=elapsed,
        planned_s=planned_now,
        remaining_s=remaining,
        overrun=overrun,
        warning=warning,
        warn_s=warn_s,
        status_words=_status_words(finished, replay.running, started, remaining, warning),
        blocks=timings,
        drift_s=(day_end_projected - day_end_planned).total_seconds(),
        next_break=next_break,
        day_end_planned=day_end_planned,
        day_end_projected=day_end_projected,
        finished=finished,
        clock_notes=tuple(notes),
    )


def _actual(i: int, index: int, replay: _Replay) -> float | None:
    if i in replay.elapsed:
        return replay.elapsed[i]
    if i < index or i in replay.began:
        return 0.0
    return None


def _status_words(
    finished: bool, running: bool, started: bool, remaining: float, warning: bool
) -> str:
    if finished:
        return "day finished"
    if not running and not started:
        return "not started"
    words = "running" if running else "paused"
    if remaining < 0:
        over = f"over by {format_clock(-remaining)}"
        return over if running else f"paused - {over}"
    if warning:
        minutes = math.ceil(round(remaining, 3) / 60)
        left = f"{minutes} minute{'s' if minutes != 1 else ''} left - warning"
        return left if running else f"paused - {left}"
    return words


def format_clock(seconds: float) -> str:
    """Seconds as the room reads them: "12:05", "1:02:03", and "+3:12" once over zero."""
    whole = math.ceil(round(seconds, 3))
    sign = "+" if whole < 0 else ""
    whole = abs(whole)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


def bell_due(prev: ClockState, cur: ClockState) -> str | None:
    """Say "warning" or "zero" when the current block just crossed a threshold (ring once)."""
    if prev.index != cur.index or cur.finished:
        return None
    if prev.remaining_s > 0 >= cur.remaining_s:
        return "zero"
    if prev.remaining_s > cur.warn_s >= cur.remaining_s > 0:
        return "warning"
    return None


def _share(need: int, slack: dict[int, int]) -> dict[int, int]:
    """Split `need` whole minutes across blocks in proportion to their slack."""
    total = sum(slack.values())
    if need <= 0 or total <= 0:
        return {}
    need = min(need, total)
    exact = {i: need * s / total for i, s in slack.items()}
    cut = {i: math.floor(x) for i, x in exact.items()}
    left = need - sum(cut.values())
    for i in sorted(exact, key=lambda i: (cut[i] - exact[i], i))[:left]:
        cut[i] += 1
    return {i: c for i, c in cut.items() if c}


def suggest_replan(
    state: ClockState,
    floor_break_min: int = 10,
    floor_table_min: int = 10,
) -> list[tuple[int, int]]:
    """New minutes for later blocks that win back the drift: tables first, then breaks.

    Plenaries and report-backs are left alone. Returns [] when the day is on time (under a
    minute behind) or ahead.
    """
    need = math.ceil(round(state.drift_s, 3) / 60)
    if state.drift_s < 60 or need <= 0:
        return []
    later = [
        t
        for t in state.blocks
        if not t.skipped
        and (t.index > state.index or (t.index == state.index and not state.started))
    ]
    minutes = {t.index: t.planned_s // 60 for t in later}
    cuts: dict[int, int] = {}
    for kind, floor in (("table discussion", floor_table_min), ("break", floor_break_min)):
        slack = {t.index: minutes[t.index] - floor for t in later if t.kind == kind}
        slack = {i: s for i, s in slack.items() if s > 0}
        share = _share(need - sum(cuts.values()), slack)
        cuts.update(share)
    return [(i, minutes[i] - c) for i, c in sorted(cuts.items())]


def replan_events(
    workshop: int, state: ClockState, changes: Sequence[tuple[int, int]], at: datetime
) -> list[ClockEvent]:
    """The "shorten" events that set each block in `changes` to its new minutes."""
    events = []
    for index, new_minutes in changes:
        delta = new_minutes * 60 - state.blocks[index].planned_s
        if delta:
            events.append(
                ClockEvent(
                    workshop=workshop,
                    kind="shorten",
                    at=format_instant(_aware(at)),
                    seconds=delta,
                    block=index,
                )
            )
    return events
