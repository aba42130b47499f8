"""Several laptops: `cigkit bundle`, `cigkit merge`, `cigkit conflicts`, `cigkit device`."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import locations
from ..errors import UserError
from ..services import devices, sync
from ..store import Conflict
from .common import holds_programme, open_store, output_file, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bundle", help="write this laptop's changes into one file (USB, email)")
    p.add_argument("file", help="the bundle to write, e.g. /media/usb/table-2.cigkit")
    p.add_argument("--mine", action="store_true",
                   help="only changes made on this laptop (default: every change it knows)")
    p.set_defaults(func=cmd_bundle)

    p = sub.add_parser("merge", help="take in another laptop's bundle or data folder")
    p.add_argument("source", type=_source, metavar="FILE_OR_FOLDER",
                   help="a bundle from 'cigkit bundle', or another laptop's data folder")
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser("conflicts", help="fields two laptops changed at once, and settling them")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    csub = p.add_subparsers(dest="conflicts_command", metavar="[settle]")
    s = csub.add_parser("settle", help="settle a conflict (its key, or its number in the list): "
                        "keep the value shown, or take the lost one with --take-lost")
    s.add_argument("which", metavar="KEY_OR_N",
                   help="the key in [brackets] in 'cigkit conflicts', or its number there")
    s.add_argument("--take-lost", action="store_true",
                   help="take the value that lost instead of keeping the one shown")
    p.set_defaults(func=cmd_conflicts)

    p = sub.add_parser("device", help="this laptop's id and name; 'device name NAME' sets it")
    dsub = p.add_subparsers(dest="device_command", metavar="[name]")
    n = dsub.add_parser("name", help="name this laptop as people know it, e.g. 'Table 2'")
    n.add_argument("name", help="what people call it, up to 40 characters")
    p.set_defaults(func=cmd_device)


def _source(text: str) -> Path:
    """A bundle or folder to merge; an empty name is refused, not taken as '.'."""
    if not text.strip():
        raise argparse.ArgumentTypeError("the file or folder name is empty")
    return Path(text)


def cmd_bundle(args: argparse.Namespace) -> int:
    target = output_file(args.file, "bundle")
    with open_store(args, writable=False) as store:
        count = sync.bundle(store, target, mine_only=args.mine)
    print(f"Wrote {count} change{'s' if count != 1 else ''} to {target}; take it to the other "
          f"laptop and run 'cigkit merge {target.name}' there.")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        report = sync.merge(store, args.source)
        # what conflicted, in words, not only how many
        conflicted = sync.conflict_lines(store, report.conflicts)
    for line in report.lines():
        print(line)
    for line in conflicted:
        # by key only: numbers belong to the whole list 'cigkit conflicts' shows
        print(f"  {line.partition('. ')[2]}")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    writing = args.conflicts_command == "settle"
    with open_store(args, writable=writing) as store:
        found = store.conflicts()
        if writing:
            conflict = _which(found, args.which)
            store.resolve(conflict, keep_lost=args.take_lost)
            chosen = conflict.lost if args.take_lost else conflict.kept
            print(f"Conflict {conflict.key} settled: {conflict.field} is now {chosen!r}.")
            return 0
        if args.json:
            print_json([{"key": c.key, "table": c.table, "id": c.record_id, "field": c.field,
                         "kept": c.kept, "kept_by": c.kept_device, "lost": c.lost,
                         "lost_by": c.lost_device} for c in found])
            return 0
        lines = sync.conflict_lines(store, found)
    if not lines:
        print("No conflicts: no field was changed on two laptops at once.")
    for line in lines:
        print(line)
    if lines:
        print("Settle one with 'cigkit conflicts settle KEY' (keeps what is shown) or "
              "'cigkit conflicts settle KEY --take-lost'; changing that field again settles it "
              "too.")
    return 0


def _which(found: list[Conflict], which: str) -> Conflict:
    """A conflict by its key (stable) or its number in the list just shown."""
    wanted = which.strip().lower()
    for conflict in found:
        if conflict.key == wanted:
            return conflict
    if wanted.isdigit() and 1 <= int(wanted) <= len(found):
        return found[int(wanted) - 1]
    raise UserError(f"There is no conflict {which!r}; 'cigkit conflicts' lists "
                    f"{len(found)}, each with its key.")


def cmd_device(args: argparse.Namespace) -> int:
    if args.device_command == "name":
        with open_store(args, writable=True) as store:
            saved = devices.set_device_name(store, args.name)
        print(f"This laptop ({saved.id}) is now called {saved.name!r}.")
        return 0
    folder = locations.data_dir(args.data)
    if not holds_programme(folder):
        # Nothing here yet: the id is this laptop's own; the name will live in the folder.
        print(f"This laptop is {locations.device_id()}; {folder} holds no cigkit data yet, "
              "so it has no name there (name it once it uses the programme's folder).")
        return 0
    with open_store(args, writable=False) as store:
        device, name = devices.this_device(store)
    print(f"This laptop is {device}" + (f", called {name!r}." if name else
                                        "; name it with 'cigkit device name \"Table 2\"'."))
    return 0
