"""The four statuses of a checklist item, with marks that read without colour.

Shared by the checklist definition, a team's progress, the screens and the minutes.
"""

from __future__ import annotations

STATUSES = ("not started", "in progress", "done", "not applicable")
STATUS_SYMBOLS = {"not started": "·", "in progress": "◐", "done": "●", "not applicable": "–"}
STATUS_ASCII = {"not started": ".", "in progress": "~", "done": "x", "not applicable": "-"}
SETTLED = frozenset({"done", "not applicable"})
_STATUS_ALIASES = {
    "not started": "not started",
    "notstarted": "not started",
    "todo": "not started",
    "to do": "not started",
    "new": "not started",
    "in progress": "in progress",
    "inprogress": "in progress",
    "started": "in progress",
    "ongoing": "in progress",
    "wip": "in progress",
    "doing": "in progress",
    "done": "done",
    "complete": "done",
    "completed": "done",
    "finished": "done",
    "not applicable": "not applicable",
    "notapplicable": "not applicable",
    "na": "not applicable",
}
for _status in STATUSES:
    _STATUS_ALIASES[STATUS_SYMBOLS[_status]] = _status
    _STATUS_ALIASES[STATUS_ASCII[_status]] = _status


def normalise_status(text: str) -> str | None:
    """A status as cigkit spells it ("n/a" -> "not applicable"), or None if it names none."""
    raw = text.strip().lower()
    if raw in _STATUS_ALIASES:
        return _STATUS_ALIASES[raw]
    key = raw.replace("/", "").replace(".", "").replace("_", " ").replace("-", " ")
    return _STATUS_ALIASES.get(" ".join(key.split()))


def status_symbol(status: str, ascii: bool = False) -> str:
    """A one-character mark so a status reads on a projector or in a colourless terminal."""
    table = STATUS_ASCII if ascii else STATUS_SYMBOLS
    return table.get(normalise_status(status) or "", "?")
