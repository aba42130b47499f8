"""The records of a CIG programme as plain dataclasses: no IO, no Textual.

The bookkeeping they share (ids, timestamps, the `Record` base) lives in `cigkit.record` and is
re-exported here, so the rest of cigkit imports every record name from this one module.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from cigkit.record import R as R
from cigkit.record import Record as Record
from cigkit.record import format_instant as format_instant
from cigkit.record import new_id as new_id
from cigkit.record import now_iso as now_iso
from cigkit.record import parse_instant as parse_instant
from cigkit.record import stable_id as stable_id

ROLES = (
    "practitioner",
    "commissioner",
    "public advisor",
    "researcher",
    "intern",
    "facilitator",
    "manager",
)
ROLE_ALIASES = {
    "frontline practitioner": "practitioner",
    "service provider": "practitioner",
    "decision-maker": "commissioner",
    "decision maker": "commissioner",
    "public": "public advisor",
    "public_advisor": "public advisor",
    "public-advisor": "public advisor",
    "patient": "public advisor",
    "carer": "public advisor",
    "expert by experience": "public advisor",
    "academic": "researcher",
    "line manager": "manager",
    "r&d manager": "manager",
}
NOTE_KINDS = ("discussion", "decision", "question")
QUESTION_STATUSES = ("open", "answered", "carried")
SHARING_LEVELS = ("team", "programme", "internal")
ACTION_STATUSES = ("open", "done", "dropped")
WORKSHOP_NUMBERS = range(1, 9)
ENTRY_KINDS_CLI = ("note", "decision", "question", "action")
WORKSHOP_STATUSES = ("", "cancelled", "postponed")
"""A workshop is planned (""), cancelled, or postponed to its (new) date."""
ATTENDANCE_STATES = ("present", "apologies", "absent")


def slugify(text: str) -> str:
    """A lowercase ASCII slug, safe as a file name; never empty, never '.' or '..'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].strip("-") or "unnamed"


def normalise_role(text: str) -> str | None:
    """A role as cigkit spells it, or None when the text names no known role."""
    key = " ".join(text.strip().lower().replace("_", " ").split())
    if key in ROLES:
        return key
    return ROLE_ALIASES.get(key)


@dataclass(kw_only=True)
class Cohort(Record):
    TABLE: ClassVar[str] = "cohorts"
    name: str
    programme: str = ""
    year: str = ""


@dataclass(kw_only=True)
class Cig(Record):
    """A thematic Collaborative Implementation Group: one table in the room."""

    TABLE: ClassVar[str] = "cigs"
    name: str
    slug: str = ""
    theme: str = ""
    facilitator: str = ""
    cohort_id: str = ""


@dataclass(kw_only=True)
class Team(Record):
    TABLE: ClassVar[str] = "teams"
    name: str
    slug: str = ""
    cig_id: str = ""
    project: str = ""
    organisation: str = ""


@dataclass(kw_only=True)
class Member(Record):
    TABLE: ClassVar[str] = "members"
    name: str
    team_id: str
    role: str = "practitioner"
    email: str = ""
    joined_workshop: int = 1
    left_workshop: int | None = None
    """The first workshop the person is no longer expected at (None: still on the team)."""


@dataclass(kw_only=True)
class Workshop(Record):
    TABLE: ClassVar[str] = "workshops"
    number: int
    date: str = ""
    plan: str = ""
    title: str = ""
    cohort_id: str = ""
    held: bool = False
    status: str = ""
    """One of WORKSHOP_STATUSES: planned (""), "cancelled" or "postponed"."""
    venue: str = ""
    postponed_from: str = ""
    """The date it was planned for before it was postponed."""


@dataclass(kw_only=True)
class Attendance(Record):
    """One person at one team's table at one workshop (a walk-in has no member_id)."""

    TABLE: ClassVar[str] = "attendance"
    workshop: int
    team_id: str
    member_id: str = ""
    name: str = ""
    role: str = ""
    present: bool = True
    state: str = ""
    """present, apologies or absent; records from before it existed have only `present`."""

    @property
    def status(self) -> str:
        """present, apologies or absent. `present` wins, so a tick from an older cigkit counts;
        an untick without a state (older data) means absent: nobody recorded apologies."""
        if self.present:
            return "present"
        return self.state if self.state in ("apologies", "absent") else "absent"


@dataclass(kw_only=True)
class Note(Record):
    TABLE: ClassVar[str] = "notes"
    workshop: int
    team_id: str
    text: str
    kind: str = "discussion"
    tags: list[str] = field(default_factory=list)
    sharing: str = "team"
    block: int | None = None
    speaker_role: str = ""
    # A question's life (kind "question" only): open until answered, or carried on to a later
    # workshop; `answered_workshop` and `carried_to` say where (services/questions.py).
    question_status: str = "open"
    answer: str = field(default="", repr=False)
    answered_by: str = field(default="", repr=False)
    answered_workshop: int | None = None
    carried_to: int | None = None
    other_kind: dict[str, Any] = field(default_factory=dict)
    """What the entry held while it was an action (owner, due, status, history), so changing
    it back to an action brings them back (`logbook.change_kind`)."""


@dataclass(kw_only=True)
class ActionChange:
    """One step in an action's life: what changed, at which workshop, by whom."""

    at: str
    workshop: int | None
    status: str
    by: str = ""
    reason: str = ""


@dataclass(kw_only=True)
class Action(Record):
    TABLE: ClassVar[str] = "actions"
    GROW_ONLY: ClassVar[tuple[str, ...]] = ("history",)
    workshop: int
    team_id: str
    text: str
    owner: str = ""
    due: str = ""
    due_workshop: int | None = None
    status: str = "open"
    sharing: str = "team"
    block: int | None = None
    history: list[dict[str, Any]] = field(default_factory=list)
    other_kind: dict[str, Any] = field(default_factory=dict)
    """What the entry held while it was a note (kind, tags, speaker's role), so changing it
    back to a note brings them back (`logbook.change_kind`)."""


@dataclass(kw_only=True)
class ChecklistEntry(Record):
    """A team's current status on one equity checklist item, with its history."""

    TABLE: ClassVar[str] = "checklist"
    GROW_ONLY: ClassVar[tuple[str, ...]] = ("history",)
    team_id: str
    item_id: str
    status: str = "not started"
    evidence: str = ""
    reason: str = ""
    workshop: int | None = None
    by: str = ""
    history: list[dict[str, Any]] = field(default_factory=list)


@dataclass(kw_only=True)
class PassportRating(Record):
    """A team's 1-5 rating of one coproduction value domain at one workshop."""

    TABLE: ClassVar[str] = "passport"
    team_id: str
    workshop: int
    domain: str
    score: int
    note: str = ""


@dataclass(kw_only=True)
class Tally(Record):
    """A show of hands or dot-vote on options a table discussed."""

    TABLE: ClassVar[str] = "tallies"
    workshop: int
    team_id: str
    question: str
    counts: dict[str, int] = field(default_factory=dict)
    block: int | None = None
    sharing: str = "team"


@dataclass(kw_only=True)
class ClockEvent(Record):
    """One thing the facilitator did to the workshop clock; the clock is computed from these."""

    TABLE: ClassVar[str] = "clock_events"
    workshop: int
    kind: str
    at: str
    seconds: int | None = None
    block: int | None = None


@dataclass(kw_only=True)
class Device(Record):
    """A laptop's name as people know it ("Table 2"); its id is the device id."""

    TABLE: ClassVar[str] = "devices"
    name: str


RECORD_TYPES: tuple[type[Record], ...] = (
    Cohort,
    Cig,
    Team,
    Member,
    Workshop,
    Attendance,
    Note,
    Action,
    ChecklistEntry,
    PassportRating,
    Tally,
    ClockEvent,
    Device,
)
BOOKKEEPING = frozenset({"id", "updated_at", "device", "rev", "origin", "version"})
"""Fields the store computes from the changes themselves; never written by a change."""
TABLES: dict[str, type[Record]] = {t.TABLE: t for t in RECORD_TYPES}


# How each field type is checked, as Python expressions over `v`. JSON gives exact types, so
# `type(v) is int` also refuses a bool (which `isinstance` would let through).
_CHECK_EXPRESSIONS: dict[str, str] = {
    "str": "type(v) is str",
    "int": "type(v) is int",
    "bool": "type(v) is bool",
    "int | None": "v is None or type(v) is int",
    "list[str]": "type(v) is list and (not v or all(type(x) is str for x in v))",
    "list[dict[str, Any]]": "type(v) is list and (not v or all(type(x) is dict for x in v))",
    "dict[str, int]": "type(v) is dict and (not v or all(type(k) is str and type(x) is int "
                      "for k, x in v.items()))",
    "dict[str, Any]": "type(v) is dict",
}
_MISSING = object()
_CHECKERS: dict[str, Any] = {}


def _checker(table: str) -> Any:
    """A function checking one table's stored data, written out field by field and compiled
    once: loading a full programme checks every record, so this is on the hot path."""
    found = _CHECKERS.get(table)
    if found is not None:
        return found
    lines = ["def check(d, _missing=_MISSING):"]
    for spec in dataclasses.fields(TABLES[table]):
        if spec.name in BOOKKEEPING:
            continue  # computed by the store from the changes themselves
        required = (spec.default is dataclasses.MISSING
                    and spec.default_factory is dataclasses.MISSING)
        expression = _CHECK_EXPRESSIONS.get(str(spec.type))
        name = spec.name
        lines.append(f"    v = d.get({name!r}, _missing)")
        if required:
            lines.append(f"    if v is _missing: return \"field {name!r} is missing\"")
        if expression is not None:
            guard = "" if required else "v is not _missing and "
            lines.append(f"    if {guard}not ({expression}):")
            lines.append(f"        return \"field {name!r} has the wrong type (\" + "
                         "type(v).__name__ + \")\"")
    lines.append("    return None")
    namespace: dict[str, Any] = {"_MISSING": _MISSING}
    exec("\n".join(lines), namespace)  # noqa: S102 - code built above from our own field list
    found = _CHECKERS[table] = namespace["check"]
    return found


_DATED = ("clock_events", "workshops")
"""Tables whose records hold a date or time `record_problem` reads, beyond the field checks."""


def record_checker(table: str) -> Callable[[dict[str, Any]], str | None]:
    """`record_problem` for one table, as a function to call for each of its records (the
    field checks alone, for the tables that have no dates to read)."""
    if table in TABLES and table not in _DATED:
        checker: Callable[[dict[str, Any]], str | None] = _checker(table)
        return checker
    return lambda data: record_problem(table, data)


def record_problem(table: str, data: dict[str, Any]) -> str | None:
    """Why stored data cannot be this table's record (a missing or mistyped field), or None.

    Checked when files are read, so a hand-edited or damaged record is reported by name
    instead of failing somewhere deep in a screen or an export.
    """
    if table not in TABLES:
        return f"unknown record type {table!r}"
    problem: str | None = _checker(table)(data)
    if problem is not None:
        return problem
    try:
        if table == "clock_events":
            parse_instant(data["at"])
        elif table == "workshops" and data.get("date"):
            date.fromisoformat(data["date"])
    except ValueError:
        return "a date or time in it is not ISO 8601"
    return None
