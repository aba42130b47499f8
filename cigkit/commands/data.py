"""Commands over the programme's records: demo, roster, teams, log, action, dump, check."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from datetime import datetime
from operator import itemgetter
from pathlib import Path

from .. import locations
from ..errors import UserError
from ..minutes.escape import one_line
from ..model import ENTRY_KINDS_CLI, SHARING_LEVELS, TABLES, Record, Tally
from ..services import day, logbook, programme, tallies
from ..services.demo import create_demo, refresh_demo
from ..services.integrity import check_folder
from ..services.roster import export_roster, import_roster, read_roster, roster_csv
from ..store import Store
from .common import keep_freed_memory, open_store, output_file, print_tables


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="create the demo programme, around today, in the folder")
    p.add_argument("--force", action="store_true", help="replace an existing programme")
    p.add_argument("--if-stale", action="store_true",
                   help="only if the folder holds no demo built today (other data is kept)")
    p.set_defaults(func=cmd_demo)

    roster = sub.add_parser("roster", help="import or export CIGs, teams and members as a CSV")
    rsub = roster.add_subparsers(dest="roster_command", required=True,
                                 metavar="import|export")
    p = rsub.add_parser("import", help="import a roster CSV (cig, team, member, role, ...)")
    p.add_argument("file", type=Path, help="the CSV file (UTF-8; commas or semicolons)")
    p.set_defaults(func=cmd_roster_import)
    p = rsub.add_parser("export", help="write the roster as a CSV that 'roster import' reads")
    p.add_argument("file", help="the CSV file to write, or - for standard output")
    p.set_defaults(func=cmd_roster_export)

    p = sub.add_parser("teams", help="teams per CIG with member counts and roles present")
    p.set_defaults(func=cmd_teams)

    p = sub.add_parser("log", help="store a note, decision, question or action")
    p.add_argument("kind", choices=ENTRY_KINDS_CLI)
    p.add_argument("text", help="the entry, or - to read one entry per line from stdin")
    p.add_argument("--workshop", "-w", type=int, required=True, help="the workshop (1 to 8)")
    p.add_argument("--team", "-t", required=True, help="the team, by name or a unique part")
    p.add_argument("--tag", action="append", default=[],
                   help="a tag; Ward's as why:, whose:, what:, how: plus a category or its "
                   "start (what:sci); give it again for more")
    p.add_argument("--sharing", choices=SHARING_LEVELS, default="team",
                   help="who may read it: team (default), programme, internal (never exported)")
    p.add_argument("--owner", default="", help="an action's owner (a member's full or first "
                   "name)")
    p.add_argument("--due", default="", help="YYYY-MM-DD or 'by workshop N'")
    p.add_argument("--block", type=int, default=None, help="agenda block number (from 1)")
    p.set_defaults(func=cmd_log)

    action = sub.add_parser("action", help="mark an action done, dropped or open again; give "
                            "it to someone else (assign) or a new due date (due)")
    action.add_argument("change", choices=("done", "drop", "reopen", "assign", "due"))
    action.add_argument("id", help="the action's id (or at least 6 characters of it)")
    action.add_argument("value", nargs="?", default=None,
                        help="assign: the new owner; due: YYYY-MM-DD, 'by workshop N' or ''")
    action.add_argument("--reason", default="", help="why (kept in its history)")
    action.add_argument("--workshop", "-w", type=int, default=None,
                        help="the workshop it is decided at (default: the one running today, "
                        "if any)")
    action.set_defaults(func=cmd_action)

    p = sub.add_parser("edit", help="change the text of a note, decision, question, action or "
                       "vote (as the timeline's 'e' does)")
    p.add_argument("id", help="the entry's id (or at least 6 characters of it)")
    p.add_argument("text", help="the new text (one line)")
    p.set_defaults(func=cmd_edit)

    p = sub.add_parser("dump", help="every live record, for backups and scripts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_dump)

    p = sub.add_parser("check", help="validate the data folder, plans and checklist")
    p.set_defaults(func=cmd_check)


def cmd_demo(args: argparse.Namespace) -> int:
    now = datetime.now().astimezone()
    with open_store(args, writable=True) as store:
        with store.transaction():
            if args.if_stale:
                fresh = refresh_demo(store, now)
                if fresh is None:
                    return 0
                counts = fresh
            else:
                counts = create_demo(store, force=args.force, now=now)
    total = ", ".join(f"{n} {table}" for table, n in counts.items())
    print(f"Demo programme saved in {store.data_dir}: {total}.")
    return 0


def cmd_roster_import(args: argparse.Namespace) -> int:
    roster = read_roster(args.file)  # a bad file is refused before any folder is made
    with open_store(args, writable=True) as store:
        report = import_roster(store, args.file, roster)
    print(report.summary())
    return 0


def cmd_roster_export(args: argparse.Namespace) -> int:
    target = None if args.file == "-" else output_file(args.file, "roster")
    with open_store(args, writable=False) as store:
        if target is None:
            sys.stdout.write(roster_csv(store))
            return 0
        rows = export_roster(store, target)
    print(f"Wrote {rows} roster row{'s' if rows != 1 else ''} to {args.file}.")
    return 0


def cmd_teams(args: argparse.Namespace) -> int:
    with open_store(args, writable=False) as store:
        summaries = programme.team_summaries(store)
    if not summaries:
        print("No teams yet: import a roster with 'cigkit roster import FILE.csv'.")
        return 0
    current = None
    for summary in summaries:
        cig_name = summary.cig.name if summary.cig else "(no CIG)"
        if cig_name != current:
            facilitator = f" - facilitator {summary.cig.facilitator}" if (
                summary.cig and summary.cig.facilitator) else ""
            print(f"{cig_name}{facilitator}")
            current = cig_name
        roles = ", ".join(f"{n} {r}{'s' if n != 1 else ''}" for r, n in summary.roles.items())
        people = f"{summary.members} member{'s' if summary.members != 1 else ''}"
        print(f"  {summary.team.name} [{summary.team.slug}]: {people}"
              + (f" ({roles})" if roles else ""))
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    with open_store(args, writable=True, create=False) as store:
        team = programme.find_team(store, args.team)
        programme.workshop(store, args.workshop)
        block = None
        if args.block is not None:
            count = len(day.day(store, args.workshop).plan.blocks)
            if not 1 <= args.block <= count:
                raise UserError(f"--block {args.block} is not a block of workshop "
                                f"{args.workshop}'s plan (1 to {count}).")
            block = args.block - 1
        # The same spelling as the app's '#what:sci': expanded, and refused if not Ward's.
        tags = [logbook.ward_tag(tag.strip().removeprefix("#")) for tag in args.tag]
        saved = 0
        try:
            for text in _entries(args.text):
                _check_one_line(text)
                record = logbook.log_entry(
                    store, args.kind, args.workshop, team.id, text,
                    tags=tags, sharing=args.sharing, owner=args.owner, due=args.due,
                    block=block,
                )
                saved += 1
                print(record.id, flush=True)
        except UserError as exc:
            if args.text != "-":
                raise
            # Say exactly what is on disk: every id printed above, and nothing after it.
            done = ("the 1 entry before it was saved (its id is printed above)" if saved == 1
                    else f"the {saved} entries before it were saved (their ids are printed "
                         "above)" if saved else "nothing was saved")
            raise UserError(f"{str(exc).rstrip('.')}; {done}; this line and the ones after "
                            "it were not.") from None
        except BrokenPipeError:
            # Nobody is reading the ids any more: stop saving, and say how far we got.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            print(f"cigkit: output closed; stopped after saving {saved} "
                  f"entr{'y' if saved == 1 else 'ies'}.", file=sys.stderr)
            return 1
    return 0


def _check_one_line(text: str) -> None:
    """An entry is one line, as the app's text box makes it: a line break or a control
    character given on the command line would be stored and break the timeline's rows."""
    if any(ord(c) < 32 or c == "\x7f" for c in text):
        raise UserError("The entry text must be one line, without tabs or control characters "
                        "('-' reads one entry per line from standard input).")


def _entries(text: str) -> Iterator[str]:
    """The one entry given, or with '-' each non-empty line of standard input as it comes."""
    if text != "-":
        yield text
        return
    for number, raw in enumerate(sys.stdin.buffer, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise UserError(f"-:{number}: standard input is not UTF-8 text") from None
        line = line.rstrip("\r\n")
        if line.strip():
            yield line


def cmd_action(args: argparse.Namespace) -> int:
    if args.change in ("assign", "due"):
        return _change_action_hands(args)
    if args.value is not None:
        raise UserError(f"'cigkit action {args.change}' takes only the action's id (use "
                        "--reason for why).")
    status = {"done": "done", "drop": "dropped", "reopen": "open"}[args.change]
    with open_store(args, writable=True, create=False) as store:
        args.workshop = _decided_at(store, args.workshop)
        action = logbook.find_action(store, args.id)
        if action.status == status:
            print(f"Action {action.id} is already {status}.")
            return 0
        logbook.set_action_status(store, action, status, workshop=args.workshop,
                                  reason=args.reason)
    print(f"Action {action.id} is now {status}.")
    return 0


def _decided_at(store: Store, workshop: int | None) -> int | None:
    """The workshop an action's change is made at: the one given, else the one running today
    (as the app records the workshop on screen), else none (between workshops)."""
    if workshop is not None:
        programme.workshop(store, workshop)
        return workshop
    for held in programme.workshops(store):
        if day.progress(store, held) == "in progress":
            return held.number
    return None


def _change_action_hands(args: argparse.Namespace) -> int:
    if args.value is None:
        what = "the new owner" if args.change == "assign" else "the new due date"
        raise UserError(f"'cigkit action {args.change} ID' needs {what} after the id.")
    with open_store(args, writable=True) as store:
        args.workshop = _decided_at(store, args.workshop)
        action = logbook.find_action(store, args.id)
        if args.change == "assign":
            saved = logbook.assign_action(store, action, args.value, workshop=args.workshop)
            print(f"Action {saved.id} is now {saved.owner or 'without an owner'}'s.")
        else:
            saved = logbook.set_action_due(store, action, args.value, workshop=args.workshop)
            due = logbook.due_text(saved.due, saved.due_workshop) or "no due date"
            print(f"Action {saved.id} is now due {due}." if due != "no due date" else
                  f"Action {saved.id} now has no due date.")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        entry = logbook.find_entry(store, args.id)
        _check_one_line(args.text)
        if isinstance(entry, Tally):
            saved: Record = tallies.edit_tally(store, entry, args.text)
        else:
            saved = logbook.edit_entry(store, entry, text=args.text.strip())
    print(f"Entry {saved.id} now reads: {one_line(args.text)}")
    return 0


def cmd_dump(args: argparse.Namespace) -> int:
    keep_freed_memory()
    with open_store(args, writable=False) as store:
        # TinyDB's storage holds the live records as they are stored (with any fields a
        # newer cigkit wrote), without copying each into a Document first.
        live = store.db.storage.read() or {}
        order = itemgetter("created_at", "id")  # every stored record has both
        data = {table: sorted(live.get(table, {}).values(), key=order) for table in TABLES}
    if args.json:
        print_tables(data)
        return 0
    for table, rows in data.items():
        for row in rows:
            text = row.get("text") or row.get("name") or row.get("item_id") or row.get("kind", "")
            print(f"{table}\t{row['id']}\t{text}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    folder = locations.data_dir(args.data)
    problems, notes = check_folder(folder)
    print(f"Data folder: {folder}")  # the folder to share with the other laptops
    for note in notes:
        print(note)
    if problems:
        print(f"{len(problems)} problem(s) found:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    print("All is well.")
    return 0


__all__ = ["register", "UserError"]
