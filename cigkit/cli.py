"""The `cigkit` command: parses arguments, calls services, prints; the only place that exits.

Every error a user can cause is shown as one sentence on stderr with exit status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from functools import cache
from typing import Any, NoReturn

from . import locations
from .errors import UserError


class UsageError(UserError):
    """A command line that does not parse."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


COMMAND_MODULES = {
    "action": "data", "check": "data", "demo": "data", "dump": "data", "edit": "data",
    "log": "data", "roster": "data", "teams": "data", "plans": "plans_cmd",
    "projector": "clock_cmd", "status": "clock_cmd", "checklist": "checklist_cmd",
    "passport": "checklist_cmd", "export": "export_cmd", "bundle": "sync_cmd",
    "conflicts": "sync_cmd", "device": "sync_cmd", "merge": "sync_cmd",
    "question": "question_cmd", "questions": "question_cmd", "calendar": "calendar_cmd",
    "attendance": "setup_cmd", "cig": "setup_cmd", "member": "setup_cmd",
    "programme": "setup_cmd", "team": "setup_cmd", "workshop": "setup_cmd", "app": "app_cmd",
}
"""The module that adds each command, so `cigkit dump` imports only its own module (and
the services that one uses), not every command's: importing them all was a tenth of a
second of every command. A command not named here still works, through the whole parser."""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or (`only`) of the one command `only` names."""
    parser = _Parser(
        prog="cigkit",
        description="Run Collaborative Implementation Group workshops from the terminal. "
        "With no command, opens the app.",
    )
    parser.add_argument("--data", metavar="DIR", default=None,
                        help="data folder (default: $CIGKIT_DATA or a per-user folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    if only is not None:
        import importlib

        importlib.import_module(f"cigkit.commands.{COMMAND_MODULES[only]}").register(sub)
        return parser
    # Imported here, not at the top: `cigkit` alone opens the app without any of them.
    from .commands import data, plans_cmd

    data.register(sub)
    plans_cmd.register(sub)
    for module in _optional_command_modules():
        module.register(sub)
    return parser


@cache
def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser, built once per process (argparse looks up a translation of every help
    text as it is added, which is most of the time a command takes to parse)."""
    return build_parser(only)


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
        elif arg.startswith("--data="):
            value = arg.split("=", 1)[1]
        else:
            rest.append(arg)
            continue
        if value is None or not value.strip():
            # An empty value must not quietly mean "the per-user folder".
            raise UsageError("--data needs a folder (see 'cigkit --help')")
    return rest, value


TEXT_VARIABLES = ("CIGKIT_DATA", "CIGKIT_USER", "CIGKIT_DEVICE")
"""Environment variables whose values cigkit stores or prints, so they must be text too."""


def _shown(text: str, limit: int = 40) -> str:
    """Text that may hold undecodable bytes, as a short printable quote (a byte as \\xff)."""
    chars = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as Python hands it over
            chars.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF or not char.isprintable():
            chars.append(char.encode("unicode_escape", "backslashreplace").decode("ascii")
                         if code > 0xFF or code < 0x80 else f"\\x{code:02x}")
        else:
            chars.append(char)
    # Long text is cut around its first odd character, which is the part worth seeing.
    first = next((i for i, c in enumerate(chars) if len(c) > 1), 0)
    start = max(0, min(first - limit // 2, len(chars) - limit))
    shown = "".join(chars[start:start + limit])
    head = "..." if start > 0 else ""
    tail = "..." if start + limit < len(chars) else ""
    return f"'{head}{shown}{tail}'"


def _check_text(argv: Sequence[str]) -> None:
    """Every argument (and cigkit's environment variables) must be UTF-8 text.

    Python hands undecodable bytes over as surrogates, which would fail far away (when a
    note is saved or a path printed); here they are one sentence before anything is opened.
    """
    for position, arg in enumerate(argv, start=1):
        if "\0" in arg:  # a real command line cannot hold one; a script's list can
            raise UsageError(f"argument {position} holds a NUL character, which no file name "
                             "or text may contain")
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageError(
                f"argument {position} ({_shown(arg)}) is not UTF-8 text; cigkit reads only "
                "UTF-8 on its command line (type the text again, or rename the file or folder)"
            ) from None
    for name in TEXT_VARIABLES:
        value = os.environ.get(name, "")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageError(f"the environment variable {name} ({_shown(value)}) is not "
                             "UTF-8 text; set it again or unset it") from None


def _safe_output() -> None:
    """Output that can always be written: what a terminal cannot show is escaped, not a crash
    halfway through; on Windows, output sent to a file or pipe is UTF-8, not the ANSI code
    page (which has no room for a '✓' or a 'Zoë' in another script)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        if sys.platform == "win32" and not stream.isatty():
            reconfigure(encoding="utf-8", errors="backslashreplace")
        else:
            reconfigure(errors="backslashreplace")


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        _safe_output()
        _check_text(args_list)
        args_list, data_option = _pull_data_option(args_list)
        if not args_list:
            # `cigkit` alone opens the app: no parser, so no command module (and none of the
            # export machinery) is imported before the first frame.
            from .commands.app_cmd import cmd_app

            return cmd_app(argparse.Namespace(command=None, data=data_option))
        parser = _parser(args_list[0] if args_list[0] in COMMAND_MODULES else None)
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
