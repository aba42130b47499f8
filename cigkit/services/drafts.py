"""Text typed but not yet submitted, kept on disk so a crash or a flat battery loses nothing.

One small JSON file per laptop, `drafts/<device>.json`, replaced atomically after each pause in
typing and removed once the text is saved as an entry.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import locations
from ..model import now_iso
from ..store.files import write_json_atomic


@dataclass(frozen=True)
class Draft:
    """What was in the log input, and where the note-taker was when typing it."""

    text: str
    workshop: int | None = None
    cig_id: str | None = None
    team_id: str | None = None
    saved_at: str = ""


def draft_path(data_dir: Path, device: str) -> Path:
    return locations.drafts_dir(data_dir) / f"{device}.json"


def save_draft(data_dir: Path, device: str, draft: Draft) -> Path:
    """Replace this laptop's draft durably; empty text removes it instead."""
    path = draft_path(data_dir, device)
    if not draft.text.strip():
        clear_draft(data_dir, device)
        return path
    locations.ensure_private_dir(path.parent)
    stamped = Draft(draft.text, draft.workshop, draft.cig_id, draft.team_id, now_iso())
    write_json_atomic(path, asdict(stamped))
    return path


def load_draft(data_dir: Path, device: str) -> Draft | None:
    """The draft left by the last session, or None; a damaged file is treated as no draft."""
    path = draft_path(data_dir, device)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not str(data.get("text", "")).strip():
        return None
    workshop = data.get("workshop")
    return Draft(
        text=str(data["text"]),
        workshop=workshop if isinstance(workshop, int) else None,
        cig_id=data.get("cig_id") or None,
        team_id=data.get("team_id") or None,
        saved_at=str(data.get("saved_at", "")),
    )


def clear_draft(data_dir: Path, device: str) -> None:
    draft_path(data_dir, device).unlink(missing_ok=True)
