"""`cigkit export`: write Markdown (and HTML) minutes and print each file written."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import locations
from ..errors import UserError
from .common import open_store

PROGRESS_FROM = 50
"""Exports with at least this many files show a progress line on stderr."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write team minutes, CIG summaries and the overview")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--workshop", "-w", type=int, default=None,
                       help="the workshop to export (default: the last one with records)")
    which.add_argument("--all", action="store_true",
                       help="every workshop held or with anything recorded")
    p.add_argument("--team", "-t", default=None, help="only this team's minutes")
    p.add_argument("--cig", "-c", default=None, help="only this CIG's minutes and summary")
    p.add_argument("--out", "-o", type=_folder, default=None,
                   help="output folder (default: exports/ in the current folder)")
    p.add_argument("--html", action="store_true", help="also write a self-contained HTML page")
    p.add_argument("--one-process", action="store_true",
                   help="render in this process only, never in a second one (slower)")
    p.add_argument("--dataset", metavar="DIR", type=_folder, default=None,
                   help="instead of minutes, write the evaluation dataset (CSV, JSON and a "
                   "data dictionary) into DIR")
    p.add_argument("--names", action="store_true",
                   help="with --dataset: people's names instead of codes only")
    p.set_defaults(func=cmd_export)


class _Progress:
    """A one-line counter on stderr for long exports, only when stderr is a terminal."""

    def __init__(self) -> None:
        self.shown = False
        self.live = sys.stderr.isatty()

    def __call__(self, done: int, total: int, path: Path) -> None:
        print(path, flush=True)
        if total < PROGRESS_FROM:
            return
        if self.live:
            sys.stderr.write(f"\rexporting: {done}/{total} files")
            sys.stderr.flush()
            self.shown = True
        elif done == total or done % PROGRESS_FROM == 0:
            print(f"exporting: {done}/{total} files", file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


def cmd_export(args: argparse.Namespace) -> int:
    if args.dataset is not None or args.names:
        return cmd_dataset(args)
    # Imported here, not at the top: Jinja2 and markdown-it are for exports only, and every
    # other command (and the app) starts faster without them.
    from ..services.export import export_minutes

    out = args.out if args.out is not None else locations.default_exports_dir()
    progress = _Progress()
    with no_collection_pauses(), open_store(args, writable=False) as store:
        try:
            written = export_minutes(
                store, out, workshop=args.workshop, all=args.all, team=args.team,
                cig=args.cig, html=args.html, progress=progress,
                processes=1 if args.one_process else 2,
            )
        finally:
            progress.finish()
    print(f"{len(written)} file{'s' if len(written) != 1 else ''} written to {out.resolve()}",
          file=sys.stderr)
    return 0


@contextmanager
def no_collection_pauses() -> Iterator[None]:
    """Leave the cycle collector off while one command exports. `open_store` freezes what it
    loaded, but the export then makes the records' dataclasses, every view and their
    remembered pieces, and each collection its short-lived objects set off walked all of
    them to find nothing (reference counting frees the rest): about 5% of a full export.
    The command ends soon after; the collector is put back."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _folder(text: str) -> Path:
    """A folder named on the command line; an empty name is refused, not taken as '.'."""
    if not text.strip():
        raise argparse.ArgumentTypeError("the folder name is empty")
    return Path(text)


def cmd_dataset(args: argparse.Namespace) -> int:
    """`--dataset DIR [--names]`: the evaluation dataset, in its own module (services/dataset)."""
    from ..services.dataset import write_dataset

    if args.dataset is None:
        raise UserError("--names goes with --dataset DIR (the minutes always name people).")
    mixed = [flag for flag, given in (("--workshop", args.workshop is not None),
                                      ("--all", args.all), ("--team", args.team is not None),
                                      ("--cig", args.cig is not None),
                                      ("--out", args.out is not None), ("--html", args.html),
                                      ("--one-process", args.one_process))
             if given]
    if mixed:
        raise UserError(f"--dataset writes the whole programme, so it does not go with "
                        f"{' or '.join(mixed)}.")
    with open_store(args, writable=False) as store:
        written = write_dataset(store, args.dataset, names=args.names)
    for path in written:
        print(path)
    print(f"{len(written)} files written to {args.dataset.expanduser().resolve()}",
          file=sys.stderr)
    return 0
