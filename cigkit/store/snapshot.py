"""Snapshots written by cigkit 0.1: one device's compacted copy of every record it knew.

cigkit no longer writes them (every change is an event kept in a journal), but folders from
0.1 hold them, so they are read, each record as one event. A damaged snapshot (half copied,
not JSON) is reported and skipped; the rest of the folder still loads.
"""

from __future__ import annotations

import os
from pathlib import Path
from stat import S_ISREG

from .. import fastjson
from .events import Event, from_v1


def read_snapshot(path: Path) -> tuple[list[Event], list[str]]:
    """The events of a 0.1 snapshot and any warnings; damage is a warning, never an error."""
    try:
        if not S_ISREG(os.stat(path).st_mode):
            return [], [f"{path}: skipped: it is a folder, pipe or device, not a snapshot"]
        with open(path, "rb") as handle:
            data = fastjson.loads(handle.read())
    except (ValueError, RecursionError):
        return [], [f"{path}: skipped a damaged snapshot (not valid JSON text, perhaps only "
                    "partly copied); the rest of the folder was read and the file left untouched"]
    except OSError as exc:
        return [], [f"{path}: skipped a snapshot that cannot be read ({exc.strerror})"]
    if not isinstance(data, dict) or not isinstance(data.get("records"), list):
        return [], [f"{path}: skipped a file that is not a cigkit snapshot (no 'records' list)"]
    events: list[Event] = []
    bad = 0
    where = str(path)
    for number, entry in enumerate(data["records"], start=1):
        event = from_v1(entry.get("table"), entry.get("record")) if isinstance(
            entry, dict) else None
        if event is None:
            bad += 1
            continue
        event["_o"] = (where, number)
        events.append(event)
    warnings = [f"{path}: skipped {bad} damaged entr{'y' if bad == 1 else 'ies'}; the rest "
                "was read"] if bad else []
    return events, warnings
