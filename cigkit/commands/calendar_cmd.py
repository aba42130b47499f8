"""`cigkit calendar FILE.ics`: the workshops as an iCalendar file for people's own calendars."""

from __future__ import annotations

import argparse

from ..services.workshop_calendar import write_calendar
from .common import open_store, output_file


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("calendar", help="write the workshops as an iCalendar (.ics) file")
    p.add_argument("file", help="the .ics file to write (replaced if it exists)")
    p.add_argument("--all-day", action="store_true",
                   help="all-day events, instead of the times of each workshop's plan")
    p.set_defaults(func=cmd_calendar)


def cmd_calendar(args: argparse.Namespace) -> int:
    target = output_file(args.file, "calendar")
    with open_store(args, writable=False) as store:
        report = write_calendar(store, target, all_day=args.all_day)
    plural = "s" if report.events != 1 else ""
    left = ""
    if report.undated:
        left = (f"; left out, as they have no date yet: workshop"
                f"{'s' if len(report.undated) != 1 else ''} "
                f"{', '.join(str(n) for n in report.undated)}")
    print(f"{report.events} workshop{plural} written to {report.path}{left}.")
    return 0
