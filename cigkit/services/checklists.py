"""The equity checklist as this data folder sees it (the facilitator's own file wins)."""

from __future__ import annotations

from pathlib import Path

from .. import locations
from ..checklist import Checklist, ChecklistError, load_checklist
from ..store import Store


def checklist_for(data_dir: Path) -> Checklist:
    """The checklist in force for a data folder; raises ChecklistError when it is broken."""
    return load_checklist(locations.checklist_path(data_dir))


def checklist_ids_for(data_dir: Path) -> set[str] | None:
    """Ids of the checklist in force, or None when it cannot be loaded (reported by check)."""
    try:
        return set(checklist_for(data_dir).ids)
    except ChecklistError:
        return None


def checklist_ids(store: Store) -> set[str] | None:
    return checklist_ids_for(store.data_dir)
