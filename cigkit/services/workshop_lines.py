"""The workshop picker's lines, and the same lines remembered for the app's next launch.

The picker is the app's first frame. Opening a full programme's folder (reading every
journal) took a third of the time to that frame, so the lines the picker showed are kept in
the per-user cache folder with the size, time and inode of every file in the folder's
journals and snapshots, of the plans and checklist, and of cigkit's own code, and today's
date: a launch that finds all of them unchanged draws the picker from them and opens the
folder just after. Any change (a note saved here or arriving from another laptop, a plan
edited, a new day, a new cigkit), a file changed in the last two seconds, or a workshop whose
clock runs today (its words change by the minute), and nothing is remembered.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import locations
from .plan_titles import file_sources, load_cache, plan_sources, plan_titles, save_cache

if TYPE_CHECKING:  # a remembered picker is drawn before the store is even imported
    from ..model import Workshop
    from ..store import Store

CACHE_FILE = "workshop-lines.json"


@dataclass(frozen=True)
class WorkshopLine:
    """One workshop as the picker shows it: where it stands today, and its title."""

    number: int
    words: str
    late: bool  # planned for a day now past and never run: shown in bold yellow
    title: str


@dataclass(frozen=True)
class Remembered:
    """The picker's lines and the workshop it preselects, as the last launch found them."""

    lines: tuple[WorkshopLine, ...]
    current: int | None


def not_run(store: Store, workshop: Workshop, today: date) -> bool:
    """Planned for a day now past, and never run (nor cancelled)."""
    from . import day

    if not workshop.date or workshop.status == "cancelled" or workshop.held:
        return False
    return day.ran_on(store, workshop.number) is None and date.fromisoformat(
        workshop.date) < today


def workshop_lines(store: Store, today: date) -> list[WorkshopLine]:
    from . import day, programme

    titles = plan_titles(store)
    lines = []
    for w in programme.workshops(store):
        title = (w.title or titles.get(w.plan, "") or w.plan).removeprefix(
            f"Workshop {w.number}: ")
        lines.append(WorkshopLine(w.number, day.when_words(store, w, today),
                                  not_run(store, w, today), title))
    return lines


def runs_today(store: Store, today: date) -> bool:
    """Does a workshop's clock run today (or later)? Then its words depend on the time."""
    from . import day, programme

    for w in programme.workshops(store):
        ran = day.ran_on(store, w.number)
        if not w.held and ran is not None and ran >= today:
            return True
    return False


def folder_sources(data_dir: Path, today: date) -> list[Any] | None:
    """Everything the picker's lines depend on; None when a file is too new to trust."""
    paths: list[str] = []
    for folder in (locations.journals_dir(data_dir), locations.snapshots_dir(data_dir)):
        try:
            paths.extend(sorted(entry.path for entry in os.scandir(folder)))
        except FileNotFoundError:
            continue
        except OSError:
            return None
    for root, folders, names in os.walk(locations.PACKAGE_DIR):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        paths.extend(os.path.join(root, name) for name in sorted(names) if name.endswith(".py"))
    files = file_sources(paths)
    plans = plan_sources(data_dir)
    if files is None or plans is None:
        return None
    return [today.isoformat(), files, plans]


def remembered(data_dir: Path, today: date) -> Remembered | None:
    """The lines the last launch showed, if nothing they depend on has changed since."""
    sources = folder_sources(data_dir, today)
    entry = load_cache(CACHE_FILE).get(str(data_dir)) if sources is not None else None
    if not isinstance(entry, dict) or entry.get("sources") != sources:
        return None
    try:
        lines = tuple(WorkshopLine(int(n), str(w), bool(late), str(t))
                      for n, w, late, t in entry["lines"])
        current = entry["current"]
    except (KeyError, TypeError, ValueError):
        return None
    if not lines or not (current is None or type(current) is int):
        return None
    return Remembered(lines, current)


def remember(data_dir: Path, sources: list[Any] | None, found: Remembered) -> None:
    """Keep the lines for the next launch; `sources` as taken before the folder was read."""
    if sources is not None and found.lines:
        save_cache(CACHE_FILE, str(data_dir), {
            "sources": sources, "current": found.current,
            "lines": [[x.number, x.words, x.late, x.title] for x in found.lines]})


__all__ = ["Remembered", "WorkshopLine", "folder_sources", "not_run", "remember",
           "remembered", "runs_today", "workshop_lines"]
