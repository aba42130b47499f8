"""Where the details of an unexpected error go: a private file, not the user's screen."""

from __future__ import annotations

import os
from pathlib import Path

from .. import locations
from ..model import now_iso


def write_crash_report(data_dir: Path, details: str) -> Path | None:
    """Keep a traceback in `<data>/logs/` (owner-only) for a bug report; None if impossible."""
    folder = data_dir / "logs"
    path = folder / f"crash-{now_iso().replace(':', '')}.txt"
    try:
        locations.ensure_private_dir(folder)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(details)
    except OSError:
        return None
    return path
