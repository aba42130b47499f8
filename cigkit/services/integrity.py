"""`cigkit check`: read every file of a data folder and explain what is wrong, if anything."""

from __future__ import annotations

import stat
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from .. import locations
from ..checklist import ChecklistError, check_ids_unchanged, load_checklist
from ..model import NOTE_KINDS, ChecklistEntry, Member, Note, Team, Workshop
from ..plans import load_plans
from ..store import Store, StoreError
from ..store.tidy import stale_temp_files

T = TypeVar("T", int, str)


def _permission_problems(data: Path) -> list[str]:
    """Records about people must be readable by their owner alone (plans and templates may
    be shared, so only the folders cigkit writes records to are checked)."""
    problems = []
    private = [data]
    for folder in (locations.journals_dir(data), locations.snapshots_dir(data),
                   locations.locks_dir(data), locations.drafts_dir(data)):
        if folder.is_dir():
            private.append(folder)
            # Syncthing's own temporary files come and go as it copies; they are not ours
            private.extend(p for p in folder.iterdir()
                           if not p.name.startswith((".syncthing.", "~syncthing~")))
    for path in private:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            continue  # a dangling link: reported when the store reads the folder
        if mode & 0o077:
            kind = "folder" if path.is_dir() else "file"
            problems.append(f"{path}: {kind} is readable by others (mode {mode:o}); "
                            f"run 'chmod go-rwx {path}'")
    return problems


def check_folder(data: Path) -> tuple[list[str], list[str]]:
    """Problems (each one sentence naming a file) and informational notes."""
    problems: list[str] = []
    notes: list[str] = []
    if not data.is_dir():
        return [f"{data}: there is no data folder here"], notes
    problems.extend(_permission_problems(data))
    for path in stale_temp_files(data):
        problems.append(f"{path}: a leftover temp file of an interrupted write (it may hold "
                        "people's notes); cigkit removes it the next time it opens the folder "
                        "for writing")
    store: Store | None = None
    try:
        store = Store.open(data, writable=False)
    except StoreError as exc:
        problems.append(str(exc))
    if store is not None:
        problems.extend(store.damage)
        notes.extend(f"warning: {w}" for w in store.warnings if w not in store.damage)
        for number, found in _duplicates(w.number for w in store.all(Workshop)):
            problems.append(f"workshop {number} is recorded {found} times; "
                            "'cigkit dump --json' shows them")
        for slug, found in _duplicates(t.slug for t in store.all(Team) if t.slug):
            problems.append(f"{found} teams share the short name {slug!r}")
        teams = {t.id for t in store.all(Team)}
        for member in store.all(Member):
            if member.team_id not in teams:
                problems.append(f"member {member.name!r} ({member.id}) belongs to a team "
                                "that does not exist")
        unknown = Counter(n.kind for n in store.all(Note) if n.kind not in NOTE_KINDS)
        for kind, found in sorted(unknown.items()):
            notes.append(f"note: {found} entr{'y' if found == 1 else 'ies'} of kind {kind!r}, "
                         "written by a newer cigkit, kept and shown as discussion notes")
        counts = store.count_live()
        notes.append("Records: " + (", ".join(f"{n} {t}" for t, n in counts.items()) or "none"))
    checklist_path = locations.checklist_path(data)
    checklist_ids: set[str] | None = None
    try:
        checklist = load_checklist(checklist_path)
        checklist_ids = set(checklist.ids)
        if store is not None:
            used = {e.item_id for e in store.all(ChecklistEntry)}
            for missing in check_ids_unchanged(checklist, used):
                problems.append(f"{checklist_path}: item id {missing!r} is used by team "
                                "records but no longer defined; ids must never change")
    except ChecklistError as exc:
        problems.append(str(exc))
    if store is not None:
        store.close()
    _, plan_errors = load_plans(locations.plan_dirs(data), checklist_ids)
    problems.extend(str(e) for e in plan_errors)
    return problems, notes


def _duplicates(values: Iterable[T]) -> list[tuple[T, int]]:
    counts = Counter(values)
    return sorted((value, n) for value, n in counts.items() if n > 1)
