"""The records of a CIG programme as plain dataclasses: no IO, no Textual.

Every record carries the same bookkeeping (id, timestamps, device, rev, deleted) so that
journals from several laptops can be merged record by record.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, ClassVar, TypeVar

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
SHARING_LEVELS = ("team", "programme", "internal")
ACTION_STATUSES = ("open", "done", "dropped")
WORKSHOP_NUMBERS = range(1, 9)
ENTRY_KINDS_CLI = ("note", "decision", "question", "action")


def now_iso() -> str:
    """UTC now, ISO 8601 with milliseconds, the one timestamp format on disk."""
    return format_instant(datetime.now(UTC))


def format_instant(moment: datetime) -> str:
    """An aware datetime as UTC ISO 8601 with milliseconds and a Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + (
        f"{moment.microsecond // 1000:03d}Z"
    )


def parse_instant(text: str) -> datetime:
    """The inverse of format_instant; accepts any ISO 8601 instant."""
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def new_id() -> str:
    return str(uuid.uuid4())


_NAMESPACE = uuid.UUID("5f0c6c9e-2b7e-4c1a-9d43-6a1f3b8e2c70")


def stable_id(key: str) -> str:
    """The same id for the same natural key on every laptop (a UUID 5).

    Two laptops that import the same roster offline create the same records, so merging
    their folders gives one team, not two.
    """
    return str(uuid.uuid5(_NAMESPACE, key))


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
class Record:
    """Bookkeeping shared by every stored record."""

    TABLE: ClassVar[str] = ""

    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = ""
    device: str = ""
    rev: int = 0
    deleted: bool = False

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls: type[R], data: dict[str, Any]) -> R:
        """Build from stored data, ignoring fields a newer cigkit may have added."""
        names = _field_names(cls)
        values: dict[str, Any] = {
            k: _copy_json(v) if isinstance(v, (list, dict)) else v
            for k, v in data.items()
            if k in names
        }
        return cls(**values)


R = TypeVar("R", bound=Record)


def _copy_json(value: Any) -> Any:
    """A deep copy of JSON data (lists, dicts, scalars): callers may change what they get."""
    if isinstance(value, list):
        return [_copy_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _copy_json(v) for k, v in value.items()}
    return value


_FIELD_NAMES: dict[type, frozenset[str]] = {}


def _field_names(kind: type) -> frozenset[str]:
    """The dataclass fields of a record type, looked up once per type."""
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = frozenset(f.name for f in dataclasses.fields(kind))
    return names


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


@dataclass(kw_only=True)
class Workshop(Record):
    TABLE: ClassVar[str] = "workshops"
    number: int
    date: str = ""
    plan: str = ""
    title: str = ""
    cohort_id: str = ""
    held: bool = False


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
)
TABLES: dict[str, type[Record]] = {t.TABLE: t for t in RECORD_TYPES}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_TYPE_CHECKS: dict[str, Any] = {
    "str": lambda v: isinstance(v, str),
    "int": _is_int,
    "bool": lambda v: isinstance(v, bool),
    "int | None": lambda v: v is None or _is_int(v),
    "list[str]": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    "list[dict[str, Any]]": lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v),
    "dict[str, Any]": lambda v: isinstance(v, dict),
    "dict[str, int]": lambda v: isinstance(v, dict)
    and all(isinstance(k, str) and _is_int(x) for k, x in v.items()),
}


_FieldRule = tuple[str, bool, Any]  # name, required, type check (or None)
_RULES: dict[str, list[_FieldRule]] = {}


def _rules(table: str) -> list[_FieldRule]:
    """Each field of a table's record with whether it is required and how to check its type."""
    rules = _RULES.get(table)
    if rules is None:
        rules = []
        for spec in dataclasses.fields(TABLES[table]):
            required = (spec.default is dataclasses.MISSING
                        and spec.default_factory is dataclasses.MISSING)
            rules.append((spec.name, required, _TYPE_CHECKS.get(str(spec.type))))
        _RULES[table] = rules
    return rules


def record_problem(table: str, data: dict[str, Any]) -> str | None:
    """Why stored data cannot be this table's record (a missing or mistyped field), or None.

    Checked when files are read, so a hand-edited or damaged record is reported by name
    instead of failing somewhere deep in a screen or an export.
    """
    if table not in TABLES:
        return f"unknown record type {table!r}"
    for name, required, check in _rules(table):
        if name not in data:
            if required:
                return f"field {name!r} is missing"
            continue
        if check is not None and not check(data[name]):
            return f"field {name!r} has the wrong type ({type(data[name]).__name__})"
    try:
        if table == ClockEvent.TABLE:
            parse_instant(data["at"])
        if table == Workshop.TABLE and data.get("date"):
            date.fromisoformat(data["date"])
    except ValueError:
        return "a date or time in it is not ISO 8601"
    return None
