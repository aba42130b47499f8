"""Set-up commands: programme, workshop, cig, team, member and attendance.

Each parses its arguments, calls `services.setup` (or `services.attendance`) and prints one
line saying what is now stored. The wall clock is read here, at the edge, and handed down.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime

from ..model import ATTENDANCE_STATES, WORKSHOP_NUMBERS, Cig, Member, Team, Workshop
from ..services import attendance, day, programme, setup, setup_people
from ..store import Store
from .common import open_store


def _today() -> date:
    return date.today()


def register(sub: argparse._SubParsersAction) -> None:
    _register_programme(sub)
    _register_workshop(sub)
    _register_cig(sub)
    _register_team(sub)
    _register_member(sub)
    p = sub.add_parser("attendance", help="mark people present, apologies or absent")
    p.add_argument("--workshop", "-w", type=int, required=True, metavar="N",
                   help="the workshop (1 to 8)")
    p.add_argument("--team", "-t", required=True, help="the team, by name or a unique part")
    p.add_argument("state", nargs="?", choices=ATTENDANCE_STATES,
                   help="what to mark; without it, show the team's register")
    p.add_argument("names", nargs="*", metavar="NAME", help="members, by name or first name")
    p.set_defaults(func=cmd_attendance)


def _register_programme(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("programme", help="name the programme, or show how it is set up")
    psub = parser.add_subparsers(dest="programme_command", required=True, metavar="set|show")
    p = psub.add_parser("set", help="name the programme (and its cohort)")
    p.add_argument("--name", required=True, help="the programme's name, as the minutes show it")
    p.add_argument("--cohort", default=None, help="the cohort, e.g. 'Cohort 2027'")
    p.set_defaults(func=cmd_programme_set)
    p = psub.add_parser("show", help="the programme, its workshops and teams")
    p.set_defaults(func=cmd_programme_show)


def _register_workshop(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("workshop", help="date, title, plan or venue of a workshop")
    wsub = parser.add_subparsers(dest="workshop_command", required=True,
                                 metavar="set|cancel|postpone|start")
    p = wsub.add_parser("set", help="set a workshop's date, title, plan or venue")
    p.add_argument("number", type=int, metavar="N", help="the workshop number, 1 to 8")
    p.add_argument("--date", dest="on", default=None, metavar="YYYY-MM-DD",
                   help="the day it is planned for (workshops stay in order)")
    p.add_argument("--title", default=None, help="its title ('' for its plan's)")
    p.add_argument("--plan", default=None, metavar="NAME_OR_FILE",
                   help="a plan's name ('cigkit plans list'), or a .toml plan file to copy in")
    p.add_argument("--venue", default=None, help="where it is held")
    p.set_defaults(func=cmd_workshop_set)
    p = wsub.add_parser("cancel", help="cancel a workshop not yet held")
    p.add_argument("number", type=int, metavar="N", help="the workshop number, 1 to 8")
    p.set_defaults(func=cmd_workshop_cancel)
    p = wsub.add_parser("postpone", help="move a workshop not yet held to a later day")
    p.add_argument("number", type=int, metavar="N", help="the workshop number, 1 to 8")
    p.add_argument("--date", dest="on", required=True, metavar="YYYY-MM-DD",
                   help="the later day it now takes place")
    p.set_defaults(func=cmd_workshop_postpone)
    p = wsub.add_parser("start", help="start a workshop's clock now: it is held today")
    p.add_argument("number", type=int, metavar="N", help="the workshop number, 1 to 8")
    p.set_defaults(func=cmd_workshop_start)


def _register_cig(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("cig", help="add, change or rename a CIG")
    csub = parser.add_subparsers(dest="cig_command", required=True, metavar="add|set|rename")
    p = csub.add_parser("add", help="add a CIG")
    p.add_argument("name", help="the CIG (table) name")
    p.add_argument("--facilitator", default="", help="who facilitates its table")
    p.add_argument("--theme", default="", help="what its teams' projects have in common")
    p.set_defaults(func=cmd_cig_add)
    p = csub.add_parser("set", help="change a CIG's facilitator or theme")
    p.add_argument("name", help="the CIG, by name")
    p.add_argument("--facilitator", default=None, help="who facilitates its table")
    p.add_argument("--theme", default=None, help="what its teams' projects have in common")
    p.set_defaults(func=cmd_cig_set)
    p = csub.add_parser("rename", help="rename a CIG")
    p.add_argument("old", help="its name now")
    p.add_argument("new", help="its new name")
    p.set_defaults(func=cmd_cig_rename)


def _register_team(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("team", help="add, change, rename or move a team")
    tsub = parser.add_subparsers(dest="team_command", required=True,
                                 metavar="add|set|rename|move")
    p = tsub.add_parser("add", help="add a team to a CIG")
    p.add_argument("name", help="the team's name")
    p.add_argument("--cig", required=True, help="the CIG (table) it sits at")
    p.add_argument("--project", default="", help="the service it is evaluating")
    p.add_argument("--organisation", default="", help="the organisation it comes from")
    p.set_defaults(func=cmd_team_add)
    p = tsub.add_parser("set", help="change a team's project or organisation")
    p.add_argument("name", help="the team, by name or a unique part")
    p.add_argument("--project", default=None, help="the service it is evaluating")
    p.add_argument("--organisation", default=None, help="the organisation it comes from")
    p.set_defaults(func=cmd_team_set)
    p = tsub.add_parser("rename", help="rename a team (its records follow it)")
    p.add_argument("old", help="its name now (or a unique part)")
    p.add_argument("new", help="its new name")
    p.set_defaults(func=cmd_team_rename)
    p = tsub.add_parser("move", help="move a team to another CIG")
    p.add_argument("team", help="the team, by name or a unique part")
    p.add_argument("cig", help="the CIG it moves to")
    p.set_defaults(func=cmd_team_move)


def _register_member(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("member", help="add, change, rename a person, or record they left")
    msub = parser.add_subparsers(dest="member_command", required=True,
                                 metavar="add|set|rename|left")
    p = msub.add_parser("add", help="add a person to a team")
    p.add_argument("name", help="their full name")
    p.add_argument("--team", "-t", required=True, help="the team, by name or a unique part")
    p.add_argument("--role", required=True, help="practitioner, commissioner, public advisor, "
                   "researcher, intern, facilitator or manager")
    p.add_argument("--email", default="", help="their email address (optional)")
    p.add_argument("--joined", type=int, default=None, metavar="N",
                   help="the workshop they joined at (default: the current one)")
    p.set_defaults(func=cmd_member_add)
    p = msub.add_parser("set", help="change a person's role, email or joined workshop")
    p.add_argument("name", help="the person, by full or first name")
    p.add_argument("--team", "-t", required=True, help="their team")
    p.add_argument("--role", default=None, help="their new role")
    p.add_argument("--email", default=None, help="their email address")
    p.add_argument("--joined", type=int, default=None, metavar="N",
                   help="the workshop they joined at")
    p.set_defaults(func=cmd_member_set)
    p = msub.add_parser("rename", help="rename a person (attendance and actions follow)")
    p.add_argument("old", help="their name now")
    p.add_argument("new", help="their new name")
    p.add_argument("--team", "-t", required=True, help="their team")
    p.set_defaults(func=cmd_member_rename)
    p = msub.add_parser("left", help="record that a person left the team")
    p.add_argument("name", help="the person, by full or first name")
    p.add_argument("--team", "-t", required=True, help="their team")
    p.add_argument("--workshop", "-w", type=int, default=None, metavar="N",
                   help="the first workshop they are no longer expected at "
                   "(default: the next to come)")
    p.set_defaults(func=cmd_member_left)


# -- programme and workshops -------------------------------------------------------------


def cmd_programme_set(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        cohort = setup.set_programme(store, args.name, args.cohort)
    print(f"Programme: {cohort.programme} ({cohort.name}).")
    return 0


def cmd_programme_show(args: argparse.Namespace) -> int:
    with open_store(args, writable=False) as store:
        shown = setup.overview(store, _today())
        # the title the minutes will use: the one set, else its plan's
        titles = {w.number: day.workshop_name(w.number, w.title or day.plan_title(
            store, w.number)) for w, _ in shown.workshops}
    print(f"Programme: {shown.programme or '(no name yet)'}"
          f"{f' ({shown.cohort})' if shown.cohort else ''}")
    for workshop, when in shown.workshops:
        title = titles[workshop.number]
        venue = f" at {workshop.venue}" if workshop.venue else ""
        print(f"  {title}{venue}: {when}")
    current = None
    for summary in shown.teams:
        cig = summary.cig
        if cig is not None and cig.id != current:
            extra = f", facilitator {cig.facilitator}" if cig.facilitator else ""
            print(f"CIG {cig.name}{extra}")
            current = cig.id
        print(f"  {summary.team.name}: {summary.members} member"
              f"{'s' if summary.members != 1 else ''}")
    return 0


def _workshop_line(store: Store, workshop: Workshop) -> str:
    title = f" '{workshop.title}'" if workshop.title else ""
    venue = f" at {workshop.venue}" if workshop.venue else ""
    return (f"Workshop {workshop.number}{title}{venue}: "
            f"{day.when_words(store, workshop, _today())} (plan {workshop.plan}).")


def cmd_workshop_set(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        workshop = setup.set_workshop(store, args.number, on=args.on, title=args.title,
                                      plan=args.plan, venue=args.venue)
        print(_workshop_line(store, workshop))
    return 0


def cmd_workshop_cancel(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        workshop = setup.cancel_workshop(store, args.number)
        print(_workshop_line(store, workshop))
    return 0


def cmd_workshop_postpone(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        workshop = setup.postpone_workshop(store, args.number, args.on)
        print(_workshop_line(store, workshop))
    return 0


def cmd_workshop_start(args: argparse.Namespace) -> int:
    now = datetime.now().astimezone()
    with open_store(args, writable=True) as store:
        workshop = setup.run_now(store, args.number, now)
        planned = f" (it was planned for {workshop.date})" if (
            workshop.date and workshop.date != now.date().isoformat()) else ""
    print(f"Workshop {args.number} is running today{planned}; its clock started at "
          f"{now:%H:%M}.")
    return 0


# -- CIGs and teams ----------------------------------------------------------------------


def _cig_line(cig: Cig) -> str:
    parts = [f"CIG {cig.name}"]
    if cig.facilitator:
        parts.append(f"facilitator {cig.facilitator}")
    if cig.theme:
        parts.append(f"theme {cig.theme}")
    return ", ".join(parts) + "."


def cmd_cig_add(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        cig = setup_people.add_cig(store, args.name, facilitator=args.facilitator, theme=args.theme)
    print(f"Added {_cig_line(cig)}")
    return 0


def cmd_cig_set(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        cig = setup_people.set_cig(store, args.name, facilitator=args.facilitator, theme=args.theme)
    print(_cig_line(cig))
    return 0


def cmd_cig_rename(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        old = programme.find_cig(store, args.old).name
        cig = setup_people.rename_cig(store, args.old, args.new)
    print(f"CIG {old} is now {cig.name}.")
    return 0


def _team_line(store: Store, team: Team) -> str:
    cig = store.get(Cig, team.cig_id)
    return f"Team {team.name} (CIG {cig.name if cig else 'none'})."


def cmd_team_add(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        team = setup_people.add_team(store, args.name, cig=args.cig, project=args.project,
                              organisation=args.organisation)
        print(f"Added {_team_line(store, team)}")
    return 0


def cmd_team_set(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        team = setup_people.set_team(store, args.name, project=args.project,
                              organisation=args.organisation)
        print(_team_line(store, team))
    return 0


def cmd_team_rename(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        old = programme.find_team(store, args.old).name
        team = setup_people.rename_team(store, args.old, args.new)
    print(f"Team {old} is now {team.name}; its records stay with it.")
    return 0


def cmd_team_move(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        team = setup_people.move_team(store, args.team, args.cig)
        print(f"Moved {_team_line(store, team)}")
    return 0


# -- members and attendance --------------------------------------------------------------


def _member_line(member: Member, team: str) -> str:
    left = f", left at workshop {member.left_workshop}" if member.left_workshop else ""
    return (f"{member.name} ({member.role}) on team {team}, from workshop "
            f"{member.joined_workshop}{left}.")


def cmd_member_add(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        member = setup_people.add_member(store, args.name, team=args.team, role=args.role,
                                  email=args.email, joined_workshop=args.joined, today=_today())
        team = programme.find_team(store, args.team).name
    print(f"Added {_member_line(member, team)}")
    return 0


def cmd_member_set(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        member = setup_people.set_member(store, args.name, team=args.team, role=args.role,
                                  email=args.email, joined_workshop=args.joined)
        team = programme.find_team(store, args.team).name
    print(_member_line(member, team))
    return 0


def cmd_member_rename(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        member = setup_people.rename_member(store, args.old, args.new, team=args.team)
        team = programme.find_team(store, args.team).name
    print(f"Renamed: {_member_line(member, team)}")
    return 0


def cmd_member_left(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        member = setup_people.member_left(store, args.name, team=args.team, workshop=args.workshop,
                                   today=_today())
        team = programme.find_team(store, args.team).name
    print(f"{member.name} left team {team}: not expected from workshop "
          f"{member.left_workshop} on.")
    return 0


SEAT_WORDS = {"present": "present", "apologies": "apologies", "absent": "absent",
              "": "not marked"}


def cmd_attendance(args: argparse.Namespace) -> int:
    if args.workshop not in WORKSHOP_NUMBERS:
        setup.check_workshop_number(args.workshop)  # raises: one sentence naming the field
    if args.state is None and args.names:
        raise setup.SetupError("Say present, apologies or absent before the names.")
    with open_store(args, writable=args.state is not None) as store:
        team = programme.find_team(store, args.team)
        if args.state is not None:
            marks = attendance.mark_people(store, args.workshop, team, args.state, args.names)
            names = ", ".join(m.name for m in marks)
            print(f"Workshop {args.workshop}, {team.name}: {names} "
                  f"{'marked ' if args.state != 'apologies' else 'sent '}{args.state}.")
            return 0
        seats = attendance.team_register(store, args.workshop, team)
    print(f"Workshop {args.workshop}, {team.name}:")
    for seat in seats:
        walk_in = ", walk-in" if seat.walk_in else ""
        print(f"  {SEAT_WORDS.get(seat.state, seat.state):10} {seat.name} ({seat.role}{walk_in})")
    if not seats:
        print("  nobody on the roster yet")
    return 0
