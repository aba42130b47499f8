"""The workshops as an iCalendar file (RFC 5545) that people can put in their own calendars.

Each workshop is one event whose UID comes from the programme, cohort and workshop number, so
importing a newer file updates the events instead of adding copies. A workshop whose plan can
be read is timed from the plan's start to the end of its last block (in local time, as the
plan is written); otherwise, or when asked, it is an all-day event.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ..errors import UserError
from ..minutes import write_atomic
from ..model import Cohort, Workshop, now_iso, parse_instant, stable_id
from ..plans import Plan, plan_name_for_workshop
from ..store import Store
from . import day

PRODID = "-//cigkit//Workshop calendar//EN"
FILE_MODE = 0o600
LINE_OCTETS = 75
"""RFC 5545 3.1: lines longer than this many octets are folded."""


class CalendarError(UserError):
    """A calendar file that cannot be written as asked."""


@dataclass(frozen=True)
class CalendarEvent:
    """One workshop as a calendar event; `start` and `end` are None for an all-day event."""

    uid: str
    number: int
    summary: str
    day: date
    start: datetime | None
    end: datetime | None
    location: str
    description: str
    stamp: datetime
    """When the workshop record last changed: DTSTAMP and LAST-MODIFIED."""
    sequence: int


# --- text as RFC 5545 wants it ---------------------------------------------------------------

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(value: str) -> str:
    """A TEXT value (3.3.11): backslash, ';' and ',' escaped, line breaks as '\\n', no
    control characters, so typed text can never end a property or add one."""
    flat = value.replace("\r\n", "\n").replace("\r", "\n")
    flat = _CONTROLS.sub("", flat)
    flat = flat.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return flat.replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded at 75 octets (3.1), never inside a UTF-8 character."""
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1  # the leading space counts
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(moment: datetime) -> str:
    """A floating local time (3.3.5, form 1): 09:30 wherever the calendar is."""
    return moment.strftime("%Y%m%dT%H%M%S")


# --- the events -----------------------------------------------------------------------------


def _uid(programme: str, cohort: str, number: int) -> str:
    return f"{stable_id(f'calendar/{programme}/{cohort}/{number}')}@cigkit"


def _agenda(plan: Plan, start: datetime) -> list[str]:
    lines, at = [], start
    for block in plan.blocks:
        lines.append(f"{at:%H:%M} {block.title}")
        at += timedelta(minutes=block.minutes)
    return lines


def workshop_events(store: Store, *, all_day: bool = False) -> tuple[list[CalendarEvent],
                                                                       list[int]]:
    """The events for every workshop with a date, and the numbers of those without one."""
    cohorts = sorted(store.all(Cohort), key=lambda c: (c.created_at, c.id))
    cohort_names = {c.id: c.name for c in cohorts}
    programme = next((c.programme for c in cohorts if c.programme), "")
    plans, _errors = day.plans(store)
    workshops: dict[int, Workshop] = {}
    for workshop in sorted(store.all(Workshop), key=lambda w: (w.number, w.created_at, w.id)):
        workshops.setdefault(workshop.number, workshop)
    events, undated = [], []
    for number, workshop in workshops.items():
        if not workshop.date:
            undated.append(number)
            continue
        plan = plans.get(workshop.plan or plan_name_for_workshop(number))
        when = date.fromisoformat(workshop.date)
        title = day.workshop_name(number, workshop.title or (plan.title if plan else ""))
        cohort = cohort_names.get(workshop.cohort_id, "")
        details = [part for part in (programme, cohort) if part]
        start = end = None
        if plan is not None and not all_day:
            start = datetime.combine(when, plan.start)
            end = start + timedelta(minutes=sum(b.minutes for b in plan.blocks))
        if plan is not None:
            details.append("Agenda:\n" + "\n".join(
                _agenda(plan, datetime.combine(when, plan.start))))
        changed = workshop.updated_at or workshop.created_at or now_iso()
        events.append(CalendarEvent(
            uid=_uid(programme, workshop.cohort_id or cohort, number),
            number=number,
            summary=f"{title} ({programme})" if programme else title,
            day=when, start=start, end=end,
            location=str(getattr(workshop, "venue", "") or ""),
            description="\n".join(details),
            stamp=parse_instant(changed),
            sequence=max(workshop.rev, 0),
        ))
    return events, undated


def to_ics(events: list[CalendarEvent], name: str = "") -> str:
    """The iCalendar text: CRLF line ends, folded lines, escaped text (RFC 5545)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{_utc(event.stamp)}",
                  f"LAST-MODIFIED:{_utc(event.stamp)}", f"SEQUENCE:{event.sequence}"]
        if event.start is not None and event.end is not None:
            lines += [f"DTSTART:{_local(event.start)}", f"DTEND:{_local(event.end)}"]
        else:
            lines += [f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
                      f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}"]
        lines.append(f"SUMMARY:{escape_text(event.summary)}")
        if event.location.strip():
            lines.append(f"LOCATION:{escape_text(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        lines += ["TRANSP:OPAQUE", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


@dataclass(frozen=True)
class CalendarReport:
    path: Path
    events: int
    undated: list[int]


def write_calendar(store: Store, path: Path, *, all_day: bool = False) -> CalendarReport:
    """Write the workshops to `path` (replaced atomically, readable by its owner only)."""
    target = path.expanduser()
    if target.is_dir():
        raise CalendarError(f"{target} is a folder; give the calendar a file name such as "
                            "workshops.ics.")
    events, undated = workshop_events(store, all_day=all_day)
    if not events:
        raise CalendarError("No workshop has a date yet, so there is nothing to put in a "
                            "calendar.")
    name = next((c.programme for c in store.all(Cohort) if c.programme), "")
    write_atomic(target, to_ics(events, name))
    os.chmod(target, FILE_MODE)
    return CalendarReport(target, len(events), undated)
