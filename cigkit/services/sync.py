"""Several laptops, one programme: bundles, merges, conflicts and device names, in words.

The merge rule itself lives in `cigkit.store.events`; this module says what arrived, what
conflicted and which laptop ("Table 2") did what, in a facilitator's words.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..model import TABLES, Team, now_iso
from ..store import Conflict, Store
from ..store.bundle import BundleError, is_data_folder, read_bundle, write_bundle
from ..store.events import Event
from ..store.hlc import device_of
from .devices import device_names, display_name

KIND_WORDS = {
    "notes": ("note", "notes"), "actions": ("action", "actions"),
    "tallies": ("vote", "votes"), "checklist": ("checklist change", "checklist changes"),
    "passport": ("passport rating", "passport ratings"),
    "attendance": ("attendance mark", "attendance marks"),
    "clock_events": ("clock event", "clock events"), "members": ("member", "members"),
    "teams": ("team", "teams"), "cigs": ("CIG", "CIGs"), "workshops": ("workshop", "workshops"),
    "cohorts": ("programme", "programmes"), "devices": ("device name", "device names"),
}


def _words(table: str, count: int) -> str:
    one, many = KIND_WORDS.get(table, (f"{table} record", f"{table} records"))
    return f"{count} {one if count == 1 else many}"


@dataclass
class MergeReport:
    """What a merge brought: records changed, by kind and by team, and conflicts it caused."""

    source: str
    changes: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    by_team: Counter[str] = field(default_factory=Counter)
    conflicts: list[Conflict] = field(default_factory=list)

    def lines(self) -> list[str]:
        if not self.changes:
            return [f"Nothing new in {self.source}: everything in it was already here."]
        kinds = ", ".join(_words(t, n) for t, n in sorted(
            self.by_kind.items(), key=lambda item: (-item[1], item[0])))
        records = sum(self.by_kind.values())
        out = [f"Merged {self.changes} change{'s' if self.changes != 1 else ''} to {records} "
               f"record{'s' if records != 1 else ''} from {self.source}: {kinds}."]
        if self.by_team:
            teams = ", ".join(f"{name} {n}" for name, n in sorted(
                self.by_team.items(), key=lambda item: (-item[1], item[0])))
            out.append(f"By team: {teams}.")
        if self.conflicts:
            out.append(f"{len(self.conflicts)} conflict{'s' if len(self.conflicts) != 1 else ''}"
                       " (the same field changed on two laptops; the later change is kept): "
                       "see 'cigkit conflicts'.")
        return out


def _events_from(path: Path) -> tuple[str, list[Event]]:
    """Another laptop's changes: from a bundle file or a whole data folder."""
    if is_data_folder(path):
        try:
            with Store.open(path, device="merge-reader", writable=False) as other:
                return str(path), other.all_events()
        except UserError as exc:
            raise BundleError(f"Cannot read the data folder {path}: {exc}") from None
    if not path.exists():
        raise BundleError(f"There is no file or folder {path}.")
    device, events = read_bundle(path)
    return f"{path} (from {device or 'an unnamed laptop'})", events


def merge(store: Store, path: Path) -> MergeReport:
    """Take in another laptop's bundle or folder; merging twice changes nothing the second
    time, and merging in any order gives the same programme."""
    source, events = _events_from(path)
    before = {(c.table, c.record_id, c.field, c.lost_stamp) for c in store.conflicts()}
    fresh = store.take(events)
    report = MergeReport(source=source, changes=len(fresh))
    teams = {t.id: t.name for t in store.all(Team, include_deleted=True)}
    seen: set[tuple[str, str]] = set()
    for event in fresh:
        table = event["t"]
        # counted by record, not by change: a workshop dated twice is still one workshop
        if (table, event["i"]) in seen:
            continue
        seen.add((table, event["i"]))
        report.by_kind[table] += 1
        kind = TABLES.get(table)
        if kind is None:
            continue
        state = store.records.get(table, {}).get(event["i"], {})
        team_id = state.get("team_id") or (event["i"] if table == "teams" else "")
        if team_id in teams:
            report.by_team[teams[team_id]] += 1
    report.conflicts = [c for c in store.conflicts()
                        if (c.table, c.record_id, c.field, c.lost_stamp) not in before]
    return report


def bundle(store: Store, path: Path, mine_only: bool = False) -> int:
    """Write this laptop's changes (or every change it knows) into one file; returns how
    many changes it holds."""
    events = store.all_events()
    if mine_only:
        events = [e for e in events if device_of(e["h"]) == store.device]
    if path.is_dir():
        raise BundleError(f"{path} is a folder; give the bundle a file name, e.g. "
                          f"{path / 'table-2.cigkit'}.")
    write_bundle(path, store.device, now_iso(), events)
    return len(events)


# -- conflicts in words ----------------------------------------------------------------------

def conflict_lines(store: Store, conflicts: list[Conflict]) -> list[str]:
    """One line per conflict: what record, which field, what was kept and what lost."""
    names = device_names(store)
    teams = {t.id: t.name for t in store.all(Team, include_deleted=True)}
    out = []
    for number, conflict in enumerate(conflicts, start=1):
        state = store.records.get(conflict.table, {}).get(conflict.record_id, {})
        label = _record_label(conflict.table, state, teams)
        out.append(
            f"{number}. [{conflict.key}] {label}: {conflict.field} is {_show(conflict.kept)} "
            f"(from {display_name(store, conflict.kept_device, names)}); "
            f"{_show(conflict.lost)} from {display_name(store, conflict.lost_device, names)} "
            "lost")
    return out


def _record_label(table: str, state: dict[str, Any], teams: dict[str, str]) -> str:
    one = KIND_WORDS.get(table, (table, table))[0]
    words = state.get("text") or state.get("name") or state.get("question") or state.get(
        "item_id") or state.get("id", "")
    team = teams.get(str(state.get("team_id", "")), "")
    text = str(words)
    short = text if len(text) <= 40 else text[:39] + "…"
    return f"{one} {short!r}" + (f" ({team})" if team else "")


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 50 else text[:49] + "…'"
