"""`cigkit` with no command opens the app on the data folder."""

from __future__ import annotations

import argparse

from .. import locations


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("app", help="open the app (the default when no command is given)")
    p.set_defaults(func=cmd_app)


def cmd_app(args: argparse.Namespace) -> int:
    from ..tui.app import run_app

    return run_app(locations.data_dir(args.data))
