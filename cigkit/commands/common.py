"""Helpers shared by the command modules: opening the store and printing records."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .. import locations
from ..store import Store


@contextmanager
def open_store(args: argparse.Namespace, writable: bool) -> Iterator[Store]:
    """The store of --data / CIGKIT_DATA, closed (and unlocked) whatever happens."""
    store = Store.open(locations.data_dir(args.data), writable=writable)
    try:
        for warning in store.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        yield store
    finally:
        store.close()


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
    sys.stdout.write("\n")
