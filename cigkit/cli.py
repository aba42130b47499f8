"""The `cigkit` command: parses arguments, calls services, prints; the only place that exits.

Every error a user can cause is shown as one sentence on stderr with exit status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from . import locations
from .commands import data, plans_cmd
from .errors import UserError


class UsageError(UserError):
    """A command line that does not parse."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cigkit",
        description="Run Collaborative Implementation Group workshops from the terminal. "
        "With no command, opens the app.",
    )
    parser.add_argument("--data", metavar="DIR", default=None,
                        help="data folder (default: $CIGKIT_DATA or a per-user folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    data.register(sub)
    plans_cmd.register(sub)
    for module in _optional_command_modules():
        module.register(sub)
    return parser


def _optional_command_modules() -> list[Any]:
    """Command modules of features that register themselves when present."""
    import importlib

    found = []
    for name in ("clock_cmd", "checklist_cmd", "export_cmd", "sync_cmd", "question_cmd",
                 "calendar_cmd", "setup_cmd", "app_cmd"):
        try:
            found.append(importlib.import_module(f"cigkit.commands.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"cigkit.commands.{name}":
                raise
    return found


def _pull_data_option(argv: list[str]) -> tuple[list[str], str | None]:
    """Accept --data anywhere on the line, so `cigkit teams --data X` works too."""
    rest: list[str] = []
    value: str | None = None
    items = iter(argv)
    for arg in items:
        if arg == "--":
            rest.append(arg)
            rest.extend(items)
            break
        if arg == "--data":
            value = next(items, None)
            if value is None:
                raise UsageError("--data needs a folder (see 'cigkit --help')")
        elif arg.startswith("--data="):
            value = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    return rest, value


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args_list, data_option = _pull_data_option(args_list)
        parser = build_parser()
        args = parser.parse_args(args_list)
        args.data = data_option
        if args.command is None:
            from .commands.app_cmd import cmd_app

            return cmd_app(args)
        return int(args.func(args))
    except UserError as exc:
        print(f"cigkit: {_sentence(str(exc))}", file=sys.stderr)
        return 2
    except locations.LocationError as exc:
        print(f"cigkit: {_sentence(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cigkit: interrupted; everything reported as saved is on disk.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) has gone; nothing more to say to it.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"cigkit: {where}{exc.strerror or exc}.", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the last resort: a sentence, never a traceback
        print(f"cigkit: unexpected error ({type(exc).__name__}: {exc}); everything reported "
              "as saved is on disk. Please report this with the command you ran.",
              file=sys.stderr)
        return 1


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "?", "!")) else text + "."


def main() -> None:
    sys.exit(run())
