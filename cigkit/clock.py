"""The workshop clock as a pure function of recorded clock events and "now".

Nothing is accumulated between calls: every reading replays the events from the start, so a
restarted app or a second laptop shows the same time, and a long block cannot drift. The
replay itself (event order, laptops whose clocks disagree) is `cigkit.clock_replay`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from cigkit.clock_replay import EVENT_KINDS as EVENT_KINDS
from cigkit.clock_replay import SKEW_TOLERANCE_S as SKEW_TOLERANCE_S
from cigkit.clock_replay import Replay, aware, replay_times
from cigkit.clock_replay import sort_events as sort_events
from cigkit.model import ClockEvent, format_instant
from cigkit.plans import Block


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


def compute(
    blocks: Sequence[Block],
    events: Sequence[ClockEvent],
    now: datetime,
    day_start: datetime,
) -> ClockState:
    """The clock at `now`, replayed from the events; naive datetimes are taken as local time."""
    now, day_start = aware(now), aware(day_start)
    replay = Replay(count=len(blocks))
    timed, notes = replay_times(events, now)
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


def _actual(i: int, index: int, replay: Replay) -> float | None:
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
                    at=format_instant(aware(at)),
                    seconds=delta,
                    block=index,
                )
            )
    return events
