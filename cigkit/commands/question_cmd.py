"""`cigkit question answer|carry|reopen` and `cigkit questions`: the report-back's parking lot."""

from __future__ import annotations

import argparse
from typing import Any

from ..minutes.escape import one_line
from ..model import Note
from ..services import day, programme, questions
from .common import open_store, print_json


def register(sub: argparse._SubParsersAction) -> None:
    question = sub.add_parser("question", help="answer a question, or carry it to the next "
                              "workshop")
    qsub = question.add_subparsers(dest="question_command", required=True,
                                   metavar="{answer,carry,reopen}")
    p = qsub.add_parser("answer", help="record the answer to a question")
    p.add_argument("id", help="the question's id (or its first 6 characters or more)")
    p.add_argument("text", help="the answer")
    p.add_argument("--by", default="", help="who answered (a name or a role)")
    p.add_argument("--workshop", "-w", type=int, default=None,
                   help="the workshop it was answered at (default: the one running or next)")
    p.set_defaults(func=cmd_answer)

    p = qsub.add_parser("carry", help="carry an unanswered question to the next workshop")
    p.add_argument("id", help="the question's id (or its first 6 characters or more)")
    p.add_argument("--workshop", "-w", type=int, default=None,
                   help="the workshop it is carried from (default: the one running or next)")
    p.set_defaults(func=cmd_carry)

    p = qsub.add_parser("reopen", help="take an answer back: the question is open again")
    p.add_argument("id", help="the question's id (or its first 6 characters or more)")
    p.set_defaults(func=cmd_reopen)

    p = sub.add_parser("questions", help="the report-back: every table's questions and "
                       "programme-level entries")
    p.add_argument("--workshop", "-w", type=int, default=None,
                   help="the workshop (default: the one running or next)")
    p.add_argument("--open", action="store_true", help="only questions still unanswered")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_questions)


def cmd_answer(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        note = questions.find_question(store, args.id)
        saved = questions.answer_question(store, note, args.text, by=args.by,
                                          workshop=args.workshop)
    print(f"Question {saved.id} answered at workshop {saved.answered_workshop}.")
    return 0


def cmd_carry(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        note = questions.find_question(store, args.id)
        saved = questions.carry_question(store, note, workshop=args.workshop)
    print(f"Question {saved.id} carried to workshop {saved.carried_to}.")
    return 0


def cmd_reopen(args: argparse.Namespace) -> int:
    with open_store(args, writable=True) as store:
        note = questions.find_question(store, args.id)
        saved = questions.reopen_question(store, note)
    where = (f", carried to workshop {saved.carried_to}" if saved.carried_to is not None
             else "")
    print(f"Question {saved.id} is open again{where}; its answer is taken back.")
    return 0


def _as_json(entry: questions.ReportEntry) -> dict[str, Any]:
    record = entry.record
    row: dict[str, Any] = {
        "id": record.id, "kind": entry.kind, "text": entry.text, "workshop": entry.workshop,
        "sharing": entry.sharing, "status": entry.status, "carried_in": entry.carried_in,
        "created_at": entry.created_at,
    }
    if entry.kind == "question" and isinstance(record, Note):
        row.update(answer=record.answer, answered_by=record.answered_by,
                   answered_workshop=record.answered_workshop, carried_to=record.carried_to)
    return row


def cmd_questions(args: argparse.Namespace) -> int:
    with open_store(args, writable=False) as store:
        number = args.workshop if args.workshop is not None else day.current_workshop(store)
        if number is None:
            raise programme.NotFoundError("There are no workshops in this programme yet.")
        report = questions.report_back(store, number)
    listed = [
        (table, team, [e for e in team.entries if not args.open or (
            e.kind == "question" and e.status != questions.ANSWERED)])
        for table in report.tables for team in table.teams
    ]
    if args.json:
        print_json({"workshop": number, "tables": [
            {"cig": table.cig.name if table.cig else "", "team": team.team.name,
             "entries": [_as_json(e) for e in entries]}
            for table, team, entries in listed if entries
        ]})
        return 0
    print(f"Report-back at workshop {number}: questions and programme-level entries by table "
          "and team, newest last" + (" (open questions only)." if args.open else "."))
    shown, current = 0, None
    for table, team, entries in listed:
        if not entries:
            continue
        if table is not current:
            print(table.cig.name if table.cig else "(no CIG)")
            current = table
        print(f"  {team.team.name}")
        for entry in entries:
            print("    " + _line(entry))
            shown += 1
    if not shown:
        print(f"Nothing to report back at workshop {number} yet.")
    return 0


def _line(entry: questions.ReportEntry) -> str:
    """'[open, from W2] 1a2b3c4d Can we get postcode data?' and its answer, on one line
    (control characters dropped, so typed text cannot drive the terminal)."""
    record = entry.record
    where = f", from W{entry.workshop}" if entry.carried_in else ""
    if entry.kind == "question" and isinstance(record, Note):
        status = entry.status
        if entry.status == questions.CARRIED:
            status = f"carried to W{record.carried_to}"
        line = f"[{status}{where}] {record.id[:8]} {one_line(entry.text)}"
        if entry.status == questions.ANSWERED:
            by = f" ({one_line(record.answered_by)})" if record.answered_by else ""
            line += f" -> {one_line(record.answer)}{by}"
        return line
    kind = "note" if entry.kind == "discussion" else entry.kind
    return f"[{kind}] {record.id[:8]} {one_line(entry.text)}"
