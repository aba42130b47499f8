"""Text typed but not yet saved, kept on disk so a crash or a flat battery loses nothing.

One small JSON file per laptop, `drafts/<device>.json`, replaced atomically after each pause in
typing: what is in the input, and the lines submitted but not saved yet (a save that failed,
say), each with where it was typed. Removed once all of it is saved as entries.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import locations
from ..model import now_iso
from ..store.files import write_json_atomic


@dataclass(frozen=True)
class UnsavedLine:
    """A line submitted but not saved yet, with where it was typed (`at`: its Enter key)."""

    text: str
    workshop: int | None = None
    cig_id: str | None = None
    team_id: str | None = None
    sharing: str = "team"
    at: str = ""


@dataclass(frozen=True)
class Draft:
    """What was in the log input, where the note-taker was, and the lines not saved yet."""

    text: str
    workshop: int | None = None
    cig_id: str | None = None
    team_id: str | None = None
    saved_at: str = ""
    unsaved: tuple[UnsavedLine, ...] = ()


def draft_path(data_dir: Path, device: str) -> Path:
    return locations.drafts_dir(data_dir) / f"{device}.json"


def save_draft(data_dir: Path, device: str, draft: Draft) -> Path:
    """Replace this laptop's draft durably; empty text removes it instead."""
    path = draft_path(data_dir, device)
    if not draft.text.strip() and not draft.unsaved:
        clear_draft(data_dir, device)
        return path
    locations.ensure_private_dir(path.parent)
    stamped = Draft(draft.text, draft.workshop, draft.cig_id, draft.team_id, now_iso(),
                    draft.unsaved)
    write_json_atomic(path, asdict(stamped))
    return path


def load_draft(data_dir: Path, device: str) -> Draft | None:
    """The draft left by the last session, or None; a damaged file is treated as no draft."""
    path = draft_path(data_dir, device)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    unsaved = tuple(_unsaved(line) for line in data.get("unsaved", [])
                    if isinstance(line, dict) and str(line.get("text", "")).strip())
    if not str(data.get("text", "")).strip() and not unsaved:
        return None
    return Draft(
        text=str(data.get("text", "")),
        workshop=_number(data.get("workshop")),
        cig_id=data.get("cig_id") or None,
        team_id=data.get("team_id") or None,
        saved_at=str(data.get("saved_at", "")),
        unsaved=unsaved,
    )


def _number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _unsaved(data: dict[str, object]) -> UnsavedLine:
    return UnsavedLine(text=str(data["text"]), workshop=_number(data.get("workshop")),
                       cig_id=str(data.get("cig_id") or "") or None,
                       team_id=str(data.get("team_id") or "") or None,
                       sharing=str(data.get("sharing") or "team"), at=str(data.get("at", "")))


def clear_draft(data_dir: Path, device: str) -> None:
    draft_path(data_dir, device).unlink(missing_ok=True)
