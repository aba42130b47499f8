"""`cigkit plans list` and `cigkit plans check FILE`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import locations
from ..plans import find_plans, load_plan, load_plans
from ..services.checklists import checklist_ids_for


def register(sub: argparse._SubParsersAction) -> None:
    plans = sub.add_parser("plans", help="list or check workshop session plans")
    psub = plans.add_subparsers(dest="plans_command", required=True, metavar="list|check")
    p = psub.add_parser("list", help="the plans found, shipped and your own")
    p.set_defaults(func=cmd_list)
    p = psub.add_parser("check", help="check a plan file and explain any mistake")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_check)


def cmd_list(args: argparse.Namespace) -> int:
    data = locations.data_dir(args.data)
    dirs = locations.plan_dirs(data)
    found, errors = load_plans(dirs, checklist_ids_for(data))
    paths = find_plans(dirs)
    for name in sorted(paths):
        plan = found.get(name)
        origin = "own" if paths[name].parent == locations.user_plans_dir(data) else "shipped"
        if plan is None:
            print(f"{name}\t(broken, see below)\t{origin}")
            continue
        print(f"{name}\t{plan.title}\t{plan.start:%H:%M}, {len(plan.blocks)} blocks, "
              f"{plan.total_minutes} min\t{origin}")
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    return 2 if errors else 0


def cmd_check(args: argparse.Namespace) -> int:
    plan = load_plan(args.file, checklist_ids_for(locations.data_dir(args.data)))
    print(f"{args.file}: fine: {plan.title!r}, {len(plan.blocks)} blocks, "
          f"{plan.total_minutes} minutes from {plan.start:%H:%M}.")
    return 0
