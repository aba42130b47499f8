"""The day in one line, told the same way by the run screen, the projector and `cigkit status`.

The line says how far behind or ahead the day is and when the next break and the end really
come, or, when the clock is not today's, why not ("Held on Tue 24 Nov; its clock was left
running at block 3/12 ..."), never a drift of days beside a time of day. Every time of day it
names is on the day the workshop is held; one on another day says which day.
"""

from __future__ import annotations

from datetime import date, datetime

from ..clock import ClockState
from ..store import Store
from . import day as day_service
from . import devices


def hhmm(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M")


def _at(moment: datetime, on: date) -> str:
    """ "16:12", or "Wed 25 Nov 09:10" when the moment is not on the day `on`."""
    local = moment.astimezone()
    if local.date() == on:
        return hhmm(local)
    return f"{day_service.day_words(local.date(), on)} {hhmm(local)}"


def drift_words(state: ClockState, on: date | None = None) -> str:
    """ "12 min behind; lunch at 12:47; day ends 16:12 (planned 16:00)": the day's drift,
    for a day held on `on` (default: the day its blocks were planned for)."""
    day = on or state.day_end_planned.astimezone().date()
    drift = state.drift_s
    if state.finished:
        how = "on time" if abs(drift) < 60 else (
            f"{day_service.duration_words(drift)} {'late' if drift > 0 else 'early'}")
        planned = f" (planned {hhmm(state.day_end_planned)})" if abs(drift) >= 60 else ""
        return f"Day finished at {_at(state.day_end_projected, day)}, {how}{planned}"
    if abs(drift) < 60:
        parts = ["On time"]
    else:
        parts = [f"{day_service.duration_words(drift)} {'behind' if drift > 0 else 'ahead'}"]
    if state.next_break is not None:
        parts.append(f"{state.next_break.title.lower()} at "
                     f"{_at(state.next_break.projected_start, day)}")
    parts.append(f"day ends {_at(state.day_end_projected, day)}")
    if abs(drift) >= 60:
        parts[-1] += f" (planned {hhmm(state.day_end_planned)})"
    return "; ".join(parts)


def left_running(state: ClockState) -> str:
    """Where the clock of a day held earlier stopped: "its clock was left running at block
    3/12 Tables: finding the data"."""
    how = "running" if state.running else "paused"
    current = state.current
    if current is None:
        return f"its clock was left {how}"
    return f"its clock was left {how} at block {current.index + 1}/{len(state.blocks)} " \
           f"{current.title}"


def day_story(the_day: day_service.Day, state: ClockState, today: date) -> str:
    """The top line of the day (see the module docstring)."""
    started = bool(state.started or state.finished or state.index)
    ran = the_day.start.date()
    if started and ran != today:
        held = f"Held on {day_service.day_words(ran, today)}"
        if state.finished:
            words = drift_words(state, ran)
            return f"{held}: {words[0].lower()}{words[1:]}"
        return f"{held}; {left_running(state)}."
    return day_service.headline(the_day, state, today, drift_words(state, ran))


def clock_notes(store: Store, state: ClockState) -> list[str]:
    """The clock's notes on laptops whose clock looks off, each laptop by its name ("Table
    2") where it has one, not its id."""
    names = devices.device_names(store)
    said = []
    for note in state.clock_notes:
        for device in names:
            if device in note:
                note = note.replace(device, devices.display_name(store, device, names))
        said.append(note)
    return said


__all__ = ["clock_notes", "day_story", "drift_words", "hhmm", "left_running"]
