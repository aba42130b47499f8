"""`cigkit status [--json]` for scripts and status bars, and `cigkit projector` for the room.

Both open the data folder read-only, so they run beside the facilitator's app.
"""

from __future__ import annotations

import argparse
import math
from datetime import datetime
from typing import Any

from .. import locations
from ..clock import ClockState, format_clock
from ..errors import UserError
from ..services import day as day_service
from ..services import programme
from ..store import Store
from .common import open_store, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("status", help="the live workshop clock: block, time left, drift")
    p.add_argument("--workshop", type=int, metavar="N",
                   help="which workshop (default: the one running, else the next to come)")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(func=cmd_status)
    p = sub.add_parser("projector", help="a read-only full-screen clock for the room")
    p.add_argument("--workshop", type=int, metavar="N",
                   help="which workshop (default: the one the app has on screen, followed "
                        "as it changes)")
    p.add_argument("--theme", metavar="NAME",
                   help="colours, e.g. high-contrast for a bright room (default: the theme "
                        "chosen last in the app)")
    p.set_defaults(func=cmd_projector)


def _whole(seconds: float) -> int:
    """Seconds as the clock shows them (a running block rounds up, like the digits)."""
    return math.ceil(round(seconds, 3))


def status_data(number: int, title: str, state: ClockState, *, date: str = "",
                when: str = "", today: bool = True) -> dict[str, Any]:
    """The live state as plain data: what a status bar or a script needs.

    `date` is the day the workshop is held (ISO), `when` where it stands in words ("running
    today", "planned for Tue 24 Nov, not run") and `today` whether that day is today.
    """
    current = state.current
    next_break = state.next_break
    return {
        "workshop": number,
        "title": title,
        "date": date,
        "when": when,
        "today": today,
        "status": state.status_words,
        "running": state.running,
        "started": state.started or state.finished or state.index > 0,
        "finished": state.finished,
        "block": None if current is None else {
            "number": current.index + 1,
            "of": len(state.blocks),
            "title": current.title,
            "kind": current.kind,
            "planned_s": current.planned_s,
        },
        "elapsed_s": _whole(state.elapsed_s),
        "remaining_s": max(0, _whole(state.remaining_s)),
        "overrun_s": max(0, -_whole(state.remaining_s)),
        "drift_s": round(state.drift_s),
        "next_break": None if next_break is None else {
            "title": next_break.title,
            "at": next_break.projected_start.astimezone().strftime("%H:%M"),
        },
        "day_start_planned": state.blocks[0].planned_start.astimezone().strftime("%H:%M")
        if state.blocks else "",
        "day_end_planned": state.day_end_planned.astimezone().strftime("%H:%M"),
        "day_end_projected": state.day_end_projected.astimezone().strftime("%H:%M"),
    }


def _drift(drift_s: float, late: str = "behind", early: str = "ahead") -> str:
    if abs(drift_s) < 60:
        return "on time"
    return f"{day_service.duration_words(drift_s)} {late if drift_s > 0 else early}"


def status_line(data: dict[str, Any]) -> str:
    """One line for a terminal status bar; a day that is not today's says so in words."""
    number = data["workshop"]
    if data["finished"]:
        on = "" if data.get("today", True) or not data.get("when") else f" ({data['when']})"
        late = _drift(data["drift_s"], "late", "early")
        return (f"Workshop {number}{on}: day finished at {data['day_end_projected']}, "
                f"{late} (planned {data['day_end_planned']})")
    block = data["block"]
    if not data.get("started", True):
        when = data.get("when", "")
        if when.endswith("not run"):
            return (f"Workshop {number}: {when}; "
                    f"{day_service.not_run_offer(number)}.")
        if not data.get("today", True) or when.startswith(("cancelled", "no date")):
            return f"Workshop {number}: {when}."
        late = "" if data["drift_s"] < 60 else f", {_drift(data['drift_s'])}"
        return (f"Workshop {number}: {when}; starts {data['day_start_planned']}{late}, "
                f"day ends {data['day_end_projected']}")
    if not data.get("today", True):
        how = "running" if data["running"] else "paused"  # as the run screen says it
        return (f"Workshop {number}: {data['when']}; its clock was left {how} at block "
                f"{block['number']}/{block['of']} {block['title']}")
    if data["overrun_s"]:
        left = f"over by {format_clock(data['overrun_s'])}"
    else:
        left = f"{format_clock(data['remaining_s'])} left"
    return (f"Workshop {number} block {block['number']}/{block['of']} "
            f"{block['title']}: {left} ({data['status']}); {_drift(data['drift_s'])}, "
            f"day ends {data['day_end_projected']}")


def status_for(store: Store, number: int | None, now: datetime) -> dict[str, Any]:
    """The status of workshop `number` (default: the current one) at `now`."""
    today = now.astimezone().date()
    if number is None:
        number = day_service.current_workshop(store, today)
    if number is None:
        raise UserError("There are no workshops in this programme yet.")
    the_day = day_service.day(store, number, today)
    state = day_service.state(store, number, now)
    when = day_service.when_words(store, the_day.workshop, today)
    title = day_service.workshop_name(number, the_day.workshop.title or the_day.plan.title)
    return status_data(number, title, state,
                       date=the_day.start.date().isoformat(), when=when,
                       today=the_day.start.date() == today)


def cmd_status(args: argparse.Namespace) -> int:
    with open_store(args, writable=False) as store:
        data = status_for(store, args.workshop, datetime.now().astimezone())
    if args.json:
        print_json(data)
    else:
        print(status_line(data))
    return 0


def cmd_projector(args: argparse.Namespace) -> int:
    from ..tui.projector import run_projector

    if args.workshop is not None:
        # a workshop that does not exist is one sentence here, not a full-screen message
        with open_store(args, writable=False) as store:
            programme.workshop(store, args.workshop)
    return run_projector(locations.data_dir(args.data), args.workshop, args.theme)
