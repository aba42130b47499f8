"""The workshop picker's lines, and the same lines remembered for the app's next launch.

The picker is the app's first frame. Opening a full programme's folder (reading every
journal) took a third of the time to that frame, so the lines the picker showed are kept in
the per-user cache folder, stale-while-revalidate: the next launch draws the picker from them
and opens the folder just after, works the lines out afresh from it and puts right in place
whatever changed (a note typed here or a workshop changed on another laptop since). They are
kept with today's date, the names of the folder's journals (a folder emptied, removed or
given a new laptop's journal is read first) and the size, time and inode of the plans, the
checklist and cigkit's own code: a new day, a plan edited, a new cigkit, or one of those files
changed in the last two seconds, and the folder is read before the picker, as always.
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


def picker_lines(store: Store, today: date) -> Remembered:
    """The picker's lines and the workshop it preselects, worked out from the folder now."""
    from . import day

    return Remembered(tuple(workshop_lines(store, today)), day.current_workshop(store, today))


def folder_sources(data_dir: Path, today: date) -> list[Any] | None:
    """What the remembered lines are kept under; None when a file is too new to trust.

    The journals only by name: what they hold is checked once the folder is open."""
    try:
        journals = sorted(entry.name for entry in os.scandir(locations.journals_dir(data_dir)))
    except FileNotFoundError:
        journals = []
    except OSError:
        return None
    paths: list[str] = []
    for root, folders, names in os.walk(locations.PACKAGE_DIR):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        paths.extend(os.path.join(root, name) for name in sorted(names) if name.endswith(".py"))
    files = file_sources(paths)
    plans = plan_sources(data_dir)
    if files is None or plans is None:
        return None
    return [today.isoformat(), journals, files, plans]


def remembered(data_dir: Path, sources: list[Any] | None) -> Remembered | None:
    """The lines the last launch showed (or the app since), if they were kept under the same
    `folder_sources`: to be checked against the folder once it is open."""
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


__all__ = ["Remembered", "WorkshopLine", "folder_sources", "not_run", "picker_lines",
           "remember", "remembered", "workshop_lines"]
