"""`cigkit checklist` and `cigkit passport`: a team's equity checklist and value passport."""

from __future__ import annotations

import argparse

from ..checklist import STATUSES, status_symbol
from ..errors import UserError
from ..passport import sparkline, trend_series
from ..services import day, programme
from ..services import team_checklist as tc
from ..store import Store
from .common import open_store, print_json

USAGE = "cigkit checklist TEAM [--json] | cigkit checklist set TEAM ITEM STATUS"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "checklist",
        help="a team's equity checklist; 'checklist set TEAM ITEM STATUS' changes an item",
        usage=f"{USAGE} [--evidence TEXT] [--reason TEXT] [--workshop N]",
        description="Show a team's equity checklist by stage, or change one item with "
        f"'set'. Statuses: {', '.join(STATUSES)}.",
    )
    p.add_argument("args", nargs="+", metavar="TEAM | set TEAM ITEM STATUS")
    p.add_argument("--json", action="store_true", help="print the checklist as JSON")
    p.add_argument("--evidence", default=None, help="the evidence note (set only)")
    p.add_argument("--reason", default="", help="why an item is not applicable (set only)")
    p.add_argument("--workshop", "-w", type=int, default=None,
                   help="the workshop (default: the current one)")
    p.set_defaults(func=cmd_checklist)

    p = sub.add_parser(
        "passport",
        help="rate a team's coproduction value passport: passport TEAM DOMAIN=SCORE ...",
    )
    p.add_argument("team")
    p.add_argument("ratings", nargs="+", metavar="DOMAIN=SCORE",
                   help="scores 1-5 for domains such as communication=4; "
                   "'cigkit checklist TEAM' shows the trend")
    p.add_argument("--workshop", "-w", type=int, default=None)
    p.add_argument("--note", default="", help="a one-line note for this workshop's rating")
    p.set_defaults(func=cmd_passport)


def _workshop(store: Store, chosen: int | None) -> int:
    if chosen is not None:
        return programme.workshop(store, chosen).number
    current = day.current_workshop(store)
    if current is None:
        raise UserError("This programme has no workshops yet; give --workshop N.")
    return current


def cmd_checklist(args: argparse.Namespace) -> int:
    words: list[str] = args.args
    if words[0] == "set":
        if len(words) != 4:
            raise UserError(f"'checklist set' needs a team, an item and a status: {USAGE}")
        return _cmd_set(args, *words[1:])
    if len(words) != 1:
        raise UserError(f"'checklist' takes one team (quote names with spaces): {USAGE}")
    if args.evidence is not None or args.reason:
        raise UserError("--evidence and --reason only go with 'checklist set'.")
    return _cmd_show(args, words[0])


def _cmd_set(args: argparse.Namespace, team_text: str, item_text: str, status: str) -> int:
    with open_store(args, writable=True, create=False) as store:
        team = programme.find_team(store, team_text)
        number = _workshop(store, args.workshop)
        saved = tc.set_status(store, team.id, item_text, status, workshop=number,
                              evidence=args.evidence, reason=args.reason)
    evidence = f" ({saved.evidence})" if saved.evidence else ""
    print(f"{team.name}: {saved.item_id} is now {saved.status} at workshop {number}{evidence}.")
    return 0


def _cmd_show(args: argparse.Namespace, team_text: str) -> int:
    with open_store(args, writable=False) as store:
        team = programme.find_team(store, team_text)
        number = _workshop(store, args.workshop)
        view = tc.team_checklist(store, team.id, number)
        trend = tc.passport_trend_of(store, team.id)
    checklist = view.checklist
    if args.json:
        print_json({
            "team": team.name,
            "workshop": number,
            "stages": [
                {
                    "id": stage.id,
                    "title": stage.title,
                    "items": [
                        {
                            "id": item.id,
                            "prompt": item.prompt,
                            "expected_by": item.expected_by,
                            "status": view.status(item.id),
                            "evidence": view.evidence(item.id),
                            "reason": view.entries[item.id].reason if item.id in view.entries
                            else "",
                            "workshop": view.entries[item.id].workshop if item.id in view.entries
                            else None,
                        }
                        for item in items
                    ],
                }
                for stage in checklist.stages
                for items in [checklist.items_by_stage()[stage.id]]
            ],
            "moved_since": number - 1,
            "moved": [
                {"item": c.item_id, "before": c.before, "after": c.after} for c in view.moved
            ],
            "flags": [{"code": f.code, "message": f.message, "item": f.item_id}
                      for f in view.flags],
            "passport": {domain: [{"workshop": n, "score": s} for n, s in points]
                         for domain, points in trend.items()},
        })
        return 0
    print(f"{team.name}: equity checklist at workshop {number}")
    legend = "  ".join(f"{status_symbol(s)} {s}" for s in STATUSES)
    print(f"({legend})")
    for stage in checklist.stages:
        print(f"\n{stage.title}")
        for item in checklist.items_by_stage()[stage.id]:
            status = view.status(item.id)
            held = view.entries.get(item.id)
            when = f", workshop {held.workshop}" if held and held.workshop else ""
            print(f"  {status_symbol(status)} {item.id}: {status}{when}")
            if view.evidence(item.id):
                print(f"      evidence: {view.evidence(item.id)}")
            if held and status == "not applicable" and held.reason:
                print(f"      reason: {held.reason}")
    if number > 1:
        print(f"\nSince workshop {number - 1}:")
        for change in view.moved:
            print(f"  {change.item_id}: {change.before} -> {change.after}")
        if not view.moved:
            print("  nothing moved")
    print("\nFlags:")
    for flag in view.flags:
        print(f"  ! {flag.message}")
    if not view.flags:
        print("  none")
    print("\nValue passport (scores by workshop):")
    for domain in checklist.domains:
        points = trend.get(domain.id, [])
        scores = " ".join(f"w{n}={s}" for n, s in points) or "not rated"
        line = sparkline(trend_series(points, number))
        print(f"  {domain.label:<38} {line:<8} {scores}")
    return 0


def cmd_passport(args: argparse.Namespace) -> int:
    scores: dict[str, int | str] = {}
    for pair in args.ratings:
        domain, sep, score = pair.partition("=")
        if not sep or not domain.strip():
            raise UserError(f"{pair!r} is not DOMAIN=SCORE, such as communication=4.")
        scores[domain.strip().lower()] = score
    with open_store(args, writable=True, create=False) as store:
        team = programme.find_team(store, args.team)
        number = _workshop(store, args.workshop)
        saved = tc.save_passport(store, team.id, number, scores, note=args.note)
    print(f"{team.name}: {len(saved)} passport rating(s) saved for workshop {number}.")
    return 0
