"""The bookkeeping every stored record carries, kept apart from the record types themselves.

Ids, timestamps, device, rev, deleted and the hybrid-clock stamps of a record's first and last
change let changes made on several laptops be merged field by field.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar


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



@dataclass(kw_only=True)
class Record:
    """Bookkeeping shared by every stored record."""

    TABLE: ClassVar[str] = ""
    GROW_ONLY: ClassVar[tuple[str, ...]] = ()
    """List fields whose items are only ever added (a history): merged as a union."""

    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = ""
    device: str = ""
    rev: int = 0
    deleted: bool = False
    origin: str = ""
    """The hybrid-clock stamp of the change that created the record (set by the store)."""
    version: str = ""
    """The hybrid-clock stamp of the record's latest change (set by the store)."""

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON data; lists and dicts are copies."""
        names = _plan(type(self))[0]
        return {k: _copy_json(v) if type(v) in (list, dict) else v
                for k, v in self.__dict__.items() if k in names}

    @classmethod
    def from_dict(cls: type[R], data: dict[str, Any]) -> R:
        """Build from stored data, ignoring fields a newer cigkit may have added.

        Fills the instance directly rather than through `__init__` (this runs for every
        record a screen lists); a required field that is missing is an error, as it would be
        through `__init__`, and defaults fill the rest.
        """
        names, defaults, factories, required = _plan(cls)
        missing = [name for name in required if name not in data]
        if missing:
            raise TypeError(f"{cls.__name__} needs {', '.join(missing)}")
        record = object.__new__(cls)
        values = record.__dict__
        values.update(defaults)
        for key, value in data.items():
            if key in names:
                kind = type(value)
                values[key] = _copy_json(value) if kind is list or kind is dict else value
        for name, factory in factories:
            if name not in data:
                values[name] = factory()
        return record


R = TypeVar("R", bound=Record)


def _copy_json(value: Any) -> Any:
    """A deep copy of JSON data (lists, dicts, scalars): callers may change what they get."""
    if isinstance(value, list):
        return [_copy_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _copy_json(v) for k, v in value.items()}
    return value


_Plan = tuple[frozenset[str], dict[str, Any], list[tuple[str, Any]], tuple[str, ...]]
_PLANS: dict[type, _Plan] = {}


def _plan(kind: type) -> _Plan:
    """A record type's field names, plain defaults, default factories and required fields,
    worked out once per type."""
    plan = _PLANS.get(kind)
    if plan is None:
        fields = dataclasses.fields(kind)
        defaults = {f.name: f.default for f in fields if f.default is not dataclasses.MISSING}
        factories = [(f.name, f.default_factory) for f in fields
                     if f.default_factory is not dataclasses.MISSING]
        required = tuple(f.name for f in fields if f.default is dataclasses.MISSING
                         and f.default_factory is dataclasses.MISSING)
        plan = _PLANS[kind] = (frozenset(f.name for f in fields), defaults, factories, required)
    return plan
