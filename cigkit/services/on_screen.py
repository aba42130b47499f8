"""Which workshop this laptop's app has on screen, for the projector to follow.

The app writes `screen/<device>.json` (`{"workshop": 3, "at": ...}`) atomically whenever the
facilitator opens another workshop; the projector, a separate read-only process, reads it at
each poll. Each laptop writes only its own file, like its journal, so a synced folder never
has two writers of one file. The projector follows the app on its own laptop; a projector on
a laptop without the app open follows the laptop that changed workshop last.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .. import locations
from ..model import now_iso
from ..store.files import write_json_atomic


@dataclass(frozen=True)
class OnScreen:
    """A workshop an app had on screen, which laptop's app, and when it was opened."""

    workshop: int
    device: str
    at: str


def screen_dir(data_dir: Path) -> Path:
    return data_dir / "screen"


def screen_path(data_dir: Path, device: str) -> Path:
    return screen_dir(data_dir) / f"{device}.json"


def show_workshop(data_dir: Path, device: str, workshop: int) -> Path:
    """Say that this laptop's app now shows `workshop` (durably, in one atomic replace)."""
    path = screen_path(data_dir, device)
    locations.ensure_private_dir(path.parent)
    write_json_atomic(path, {"workshop": workshop, "at": now_iso()})
    return path


def _read(path: Path) -> OnScreen | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        workshop, at = data["workshop"], str(data.get("at", ""))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # half-synced, hand-edited or gone: as if there were none
    if not isinstance(workshop, int) or isinstance(workshop, bool) or workshop < 1:
        return None
    return OnScreen(workshop, path.stem, at)


def on_screen(data_dir: Path, device: str) -> OnScreen | None:
    """The workshop to follow: this laptop's app's, else the one any laptop opened last."""
    own = _read(screen_path(data_dir, device))
    if own is not None:
        return own
    try:
        names = [n for n in os.listdir(screen_dir(data_dir))
                 if n.endswith(".json") and not n.startswith(".")]
    except OSError:
        return None
    found = [s for s in (_read(screen_dir(data_dir) / n) for n in names) if s is not None]
    return max(found, key=lambda s: (s.at, s.device), default=None)


__all__ = ["OnScreen", "on_screen", "screen_path", "show_workshop"]
