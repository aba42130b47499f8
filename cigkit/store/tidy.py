"""Leftover temp files: a write interrupted by a crash can leave `.NAME.PID.tmp` behind, full
of people's notes. They are removed once their process is gone, and `cigkit check` names them.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

from .. import locations

_TEMP = re.compile(r"^\..+\.(?P<pid>\d+)\.tmp$")
_DAY_S = 24 * 3600


def _running(pid: int) -> bool:
    if sys.platform == "win32":
        return True  # no safe signal-0 probe on Windows: rely on the file's age instead
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def stale_temp_files(data_dir: Path) -> list[Path]:
    """cigkit temp files whose writer has gone (or that are more than a day old)."""
    found = []
    now = time.time()
    for folder in (data_dir, locations.journals_dir(data_dir), locations.snapshots_dir(data_dir),
                   locations.drafts_dir(data_dir)):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            match = _TEMP.match(name)
            if match is None:
                continue
            path = folder / name
            try:
                age = now - path.stat().st_mtime
            except OSError:
                continue
            pid = int(match.group("pid"))
            if age > _DAY_S or (pid != os.getpid() and not _running(pid)) or (
                    sys.platform == "win32" and age > 3600):
                found.append(path)
    return sorted(found)


def remove_stale_temp_files(data_dir: Path) -> list[str]:
    """Remove leftover temp files; one warning saying what was removed, if anything."""
    removed = []
    for path in stale_temp_files(data_dir):
        try:
            path.unlink()
            removed.append(path.name)
        except OSError:
            continue
    if not removed:
        return []
    return [f"removed {len(removed)} leftover temp file{'s' if len(removed) != 1 else ''} of an "
            f"interrupted write in {data_dir} ({', '.join(removed[:3])}"
            f"{', ...' if len(removed) > 3 else ''}); no saved record was in them"]
