"""Snapshots: one device's compacted copy of every record it knows, as one JSON file.

Written to a temp file, fsynced and renamed, so a snapshot is either the old one or the new
one, never half; read with every record checked, so damage is named, never spread.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..model import TABLES, now_iso, record_problem
from .errors import StoreCorruptError
from .files import write_json_atomic

SNAPSHOT_FORMAT = 1


def read_snapshot(path: Path) -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    """The (table, record) entries of a snapshot and any warnings; damage raises."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except json.JSONDecodeError as exc:
        raise StoreCorruptError(
            path, exc.lineno, "damaged snapshot (not valid JSON); cigkit left it untouched"
        ) from None
    except UnicodeDecodeError:
        raise StoreCorruptError(
            path, None, "damaged snapshot (not UTF-8 text); cigkit left it untouched"
        ) from None
    except OSError as exc:
        raise StoreCorruptError(path, None, f"cannot be read: {exc.strerror}") from None
    if not isinstance(data, dict) or not isinstance(data.get("records"), list):
        raise StoreCorruptError(path, None, "is not a cigkit snapshot (no 'records' list)")
    entries: list[tuple[str, dict[str, Any]]] = []
    warnings: list[str] = []
    for number, entry in enumerate(data["records"], start=1):
        record = entry.get("record") if isinstance(entry, dict) else None
        if (
            not isinstance(record, dict)
            or not isinstance(record.get("id"), str)
            or type(record.get("rev")) is not int
        ):
            raise StoreCorruptError(path, None, f"entry {number} is not a record")
        table = str(entry.get("table"))
        problem = record_problem(table, record)
        if problem is not None and table not in TABLES:
            warnings.append(f"{path}: entry {number}: skipped a record of type {table!r}, "
                            "written by a newer cigkit")
            continue
        if problem is not None:
            raise StoreCorruptError(path, None, f"entry {number} (record {record['id']}) "
                                    f"cannot be read: {problem}; cigkit left it untouched")
        entries.append((table, record))
    return entries, warnings


def write_snapshot(path: Path, device: str, records: dict[str, dict[str, dict[str, Any]]]) -> None:
    """Every record version (tombstones too, for merging) in a stable order, durably."""
    entries = [
        {"table": table, "record": record}
        for table in sorted(records)
        for _, record in sorted(records[table].items())
    ]
    write_json_atomic(path, {
        "format": SNAPSHOT_FORMAT,
        "device": device,
        "written_at": now_iso(),
        "records": entries,
    })
