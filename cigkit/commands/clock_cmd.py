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
from .common import open_store, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("status", help="the live workshop clock: block, time left, drift")
    p.add_argument("--workshop", type=int, metavar="N",
                   help="which workshop (default: the first not yet held)")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(func=cmd_status)
    p = sub.add_parser("projector", help="a read-only full-screen clock for the room")
    p.add_argument("--workshop", type=int, metavar="N",
                   help="which workshop (default: the first not yet held)")
    p.set_defaults(func=cmd_projector)


def _whole(seconds: float) -> int:
    """Seconds as the clock shows them (a running block rounds up, like the digits)."""
    return math.ceil(round(seconds, 3))


def status_data(number: int, title: str, state: ClockState) -> dict[str, Any]:
    """The live state as plain data: what a status bar or a script needs."""
    current = state.current
    next_break = state.next_break
    return {
        "workshop": number,
        "title": title,
        "status": state.status_words,
        "running": state.running,
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
        "day_end_planned": state.day_end_planned.astimezone().strftime("%H:%M"),
        "day_end_projected": state.day_end_projected.astimezone().strftime("%H:%M"),
    }


def status_line(data: dict[str, Any]) -> str:
    """One line for a terminal status bar."""
    drift_min = round(data["drift_s"] / 60)
    if data["finished"]:
        late = "on time" if drift_min == 0 else (
            f"{abs(drift_min)} min {'late' if drift_min > 0 else 'early'}")
        return (f"Workshop {data['workshop']}: day finished at {data['day_end_projected']}, "
                f"{late} (planned {data['day_end_planned']})")
    block = data["block"]
    if data["overrun_s"]:
        left = f"over by {format_clock(data['overrun_s'])}"
    else:
        left = f"{format_clock(data['remaining_s'])} left"
    drift = "on time" if drift_min == 0 else (
        f"{abs(drift_min)} min {'behind' if drift_min > 0 else 'ahead'}")
    return (f"Workshop {data['workshop']} block {block['number']}/{block['of']} "
            f"{block['title']}: {left} ({data['status']}); {drift}, "
            f"day ends {data['day_end_projected']}")


def cmd_status(args: argparse.Namespace) -> int:
    with open_store(args, writable=False) as store:
        number = args.workshop if args.workshop is not None else (
            day_service.current_workshop(store))
        if number is None:
            raise UserError("There are no workshops in this programme yet.")
        today = day_service.day(store, number)
        state = day_service.state(store, number, datetime.now().astimezone())
        data = status_data(number, today.plan.title, state)
    if args.json:
        print_json(data)
    else:
        print(status_line(data))
    return 0


def cmd_projector(args: argparse.Namespace) -> int:
    from ..tui.projector import run_projector

    return run_projector(locations.data_dir(args.data), args.workshop)
