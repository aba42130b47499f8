"""Bundles: a laptop's changes in one file, for a USB stick or an email attachment.

A bundle is JSON: `{"cigkit_bundle": 1, "device": ..., "written_at": ..., "events": [...]}`,
the same events the journals hold, so merging one is taking in events (idempotent and
commutative: merging twice, or in any order, gives the same programme).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import fastjson, locations
from ..errors import UserError
from .events import Event, event_problem
from .files import write_json_atomic

BUNDLE_FORMAT = 1


class BundleError(UserError):
    """A file or folder that cannot be merged, named in one sentence."""


def write_bundle(path: Path, device: str, written_at: str, events: list[Event]) -> None:
    """Write a bundle durably and readable by its owner only."""
    clean = [{k: v for k, v in e.items() if k != "_o"} for e in events]
    try:
        write_json_atomic(path, {"cigkit_bundle": BUNDLE_FORMAT, "device": device,
                                 "written_at": written_at, "events": clean})
    except OSError as exc:
        raise BundleError(f"Cannot write the bundle {path}: {exc.strerror}.") from None


def read_bundle(path: Path) -> tuple[str, list[Event]]:
    """The device that wrote a bundle and its events; anything else is one sentence."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise BundleError(f"{path} is a folder but not a cigkit data folder (it has no "
                          "'journals' folder).") from None
    except OSError as exc:
        raise BundleError(f"Cannot read {path}: {exc.strerror}.") from None
    try:
        data: Any = fastjson.loads(raw)
    except (ValueError, RecursionError):
        raise BundleError(f"{path} is not a cigkit bundle (it is not JSON text); nothing "
                          "was merged.") from None
    if not isinstance(data, dict) or "cigkit_bundle" not in data:
        raise BundleError(f"{path} is not a cigkit bundle (no 'cigkit_bundle' marker); "
                          "nothing was merged.")
    if data["cigkit_bundle"] != BUNDLE_FORMAT:
        raise BundleError(f"{path} is a bundle of format {data['cigkit_bundle']!r}, written by "
                          "another version of cigkit; nothing was merged.")
    events = data.get("events")
    if not isinstance(events, list):
        raise BundleError(f"{path}: the bundle has no list of changes; nothing was merged.")
    for number, event in enumerate(events, start=1):
        problem = event_problem(event)
        if problem is not None:
            raise BundleError(f"{path}: change {number} of the bundle is damaged ({problem}); "
                              "nothing was merged.")
        event["_o"] = (str(path), number)
    return str(data.get("device", "")), events


def is_data_folder(path: Path) -> bool:
    return path.is_dir() and (locations.journals_dir(path).is_dir()
                              or locations.snapshots_dir(path).is_dir())
