"""The title of every plan that loads, remembered from one launch of the app to the next.

The workshop picker, the app's first frame, names each workshop by its plan's title, and
parsing every plan and the checklist they are checked against to learn them was a tenth of
the time to that frame. The titles are kept in the per-user cache folder for each data
folder, with the size, time and inode of every file they come from (the plans, the
checklist, and the code that checks them); any change to any of them, a file added or
removed, or one changed in the last two seconds (see `filecache`), and they are read from the
files again. A cache that cannot be read or written is no cache: nothing else changes.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import locations, plans
from ..filecache import RACY_NS

if TYPE_CHECKING:  # the store is not imported before the picker's first frame
    from ..store import Store

CACHE_FILE = "plan-titles.json"
VERSION = 1
FOLDERS_KEPT = 16
"""Data folders remembered; the oldest is forgotten first."""
CODE = [locations.PACKAGE_DIR / name for name in (
    "plans.py", "checklist.py", "tomlfile.py", "errors.py", "services/plan_titles.py")]
"""The code that reads and checks plans: a new version of it reads them again."""


def plan_titles(store: Store) -> dict[str, str]:
    """Each plan that loads, by name: its title (as `day.plans` would give them)."""
    folder = str(store.data_dir)
    sources = plan_sources(store.data_dir)
    if sources is not None:
        entry = load_cache(CACHE_FILE).get(folder)
        if isinstance(entry, dict) and entry.get("sources") == sources:
            titles = entry.get("titles")
            if isinstance(titles, dict) and all(
                    type(k) is str and type(v) is str for k, v in titles.items()):
                return titles
    from . import day

    found, _ = day.plans(store)
    titles = {name: plan.title for name, plan in found.items()}
    if sources is not None:
        save_cache(CACHE_FILE, folder, {"sources": sources, "titles": titles})
    return titles


def plan_sources(data_dir: Path) -> list[list[Any]] | None:
    """What the titles depend on, file by file; None when a file is too new to trust."""
    return file_sources([*plans.find_plans(locations.plan_dirs(data_dir)).values(),
                         locations.checklist_path(data_dir), *CODE])


def file_sources(paths: Sequence[str | Path]) -> list[list[Any]] | None:
    """Each file's name, size, time and inode; None when one is missing or too new."""
    now = time.time_ns()
    sources: list[list[Any]] = []
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            return None  # let the plans' own reading say what is wrong
        if now - stat.st_mtime_ns < RACY_NS:
            return None
        sources.append([str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_dev])
    return sources


def load_cache(name: str) -> dict[str, Any]:
    """The entries of one cache file, by data folder ({} when there is none to trust)."""
    try:
        data = json.loads((locations.cache_dir() / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return {}
    folders = data.get("folders")
    return folders if isinstance(folders, dict) else {}


def save_cache(name: str, folder: str, entry: dict[str, Any]) -> None:
    """Keep `entry` for `folder` in one cache file (never raises: it is only a cache)."""
    folders = {k: v for k, v in load_cache(name).items() if k != folder}
    while len(folders) >= FOLDERS_KEPT:
        folders.pop(next(iter(folders)))
    folders[folder] = entry
    path = locations.cache_dir() / name
    from ..store.files import write_json_atomic

    try:
        locations.ensure_private_dir(path.parent)
        write_json_atomic(path, {"version": VERSION, "folders": folders})
    except OSError:
        pass  # only a cache: the titles are read from the plans next time too


__all__ = ["file_sources", "load_cache", "plan_sources", "plan_titles", "save_cache"]
