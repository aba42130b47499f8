"""`cigkit` with no command opens the app on the data folder."""

from __future__ import annotations

import argparse
import gc

from .. import locations


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("app", help="open the app (the default when no command is given)")
    p.set_defaults(func=cmd_app)


def cmd_app(args: argparse.Namespace) -> int:
    # No cycle collection until the first frame is on screen (`settle_collector` turns it
    # back on): importing Textual and opening the folder make objects that all stay alive,
    # and collecting them again and again on the way delayed the picker for nothing.
    gc.disable()
    from ..tui.launch import run_app

    return run_app(locations.data_dir(args.data))
