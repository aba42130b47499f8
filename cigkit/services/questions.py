"""Questions raised at the tables: answered at a report-back, or carried on to a later workshop.

A question stays open from workshop to workshop until someone answers it, as an action does;
`report_back` gathers, for the report-back block, every table's questions and programme-level
entries. Internal entries never appear there: the report-back is read out to the room.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import UserError
from ..model import Action, Cig, Note, Record, Tally, Team
from ..store import Store
from . import day, programme, tallies

ANSWERED = "answered"
CARRIED = "carried"
OPEN = "open"


class QuestionError(UserError):
    """A question that cannot be answered or carried as asked."""


# --- a question's status, read the same way by the CLI, the screens and the minutes ------


def status_at(note: Note, workshop: int) -> str:
    """'answered', 'carried' or 'open' as things stood at the end of `workshop`.

    An answer given at workshop 4 leaves the question open in the minutes of workshop 3;
    a question carried at workshop 3 (to workshop 4) reads 'carried' at workshop 3, and is
    open business again at workshop 4 and after, until someone answers or carries it again.
    """
    if note.question_status == ANSWERED:
        answered = note.answered_workshop if note.answered_workshop is not None else note.workshop
        if answered <= workshop:
            return ANSWERED
    if note.carried_to is not None and note.carried_to - 1 <= workshop < note.carried_to:
        return CARRIED
    return OPEN


def answered_at(note: Note) -> int | None:
    """The workshop a question was answered at, or None while it is unanswered."""
    if note.question_status != ANSWERED:
        return None
    return note.answered_workshop if note.answered_workshop is not None else note.workshop


def still_open_when(note: Note, workshop: int) -> bool:
    """Asked before `workshop` and not answered before it: it comes back at this workshop."""
    if note.kind != "question" or note.workshop >= workshop:
        return False
    answered = answered_at(note)
    return answered is None or answered >= workshop


# --- changing a question ------------------------------------------------------------------


def find_question(store: Store, question_id: str) -> Note:
    """A question by id or an unambiguous id prefix (at least 6 characters)."""
    wanted = question_id.strip().lower()
    found = store.get(Note, wanted) if wanted else None
    if found is None and len(wanted) >= 6:
        hits = [n for n in store.all(Note) if n.id.startswith(wanted)]
        if len(hits) == 1:
            found = hits[0]
    if found is None:
        short = " (give at least 6 characters of it)" if 0 < len(wanted) < 6 else ""
        raise programme.NotFoundError(f"There is no question with id {question_id!r}{short}.")
    if found.kind != "question":
        kind = "note" if found.kind == "discussion" else found.kind
        raise QuestionError(f"Entry {found.id} is a {kind}, not a question.")
    return found


def _workshop_now(store: Store, note: Note, workshop: int | None) -> int:
    """The workshop a change is made at: the one given, else the one running or next."""
    if workshop is None:
        workshop = max(day.current_workshop(store) or note.workshop, note.workshop)
    programme.workshop(store, workshop)
    if workshop < note.workshop:
        raise QuestionError(f"Question {note.id} was asked at workshop {note.workshop}, so it "
                            f"cannot be settled at workshop {workshop}.")
    return workshop


def answer_question(
    store: Store, note: Note, answer: str, *, by: str = "", workshop: int | None = None
) -> Note:
    """Record the answer, who gave it and at which workshop (default: the one running or next).

    Answering again replaces the answer; the question no longer comes back after `workshop`.
    """
    text = answer.strip()
    if not text:
        raise QuestionError("The answer is empty.")
    at = _workshop_now(store, note, workshop)
    note.question_status = ANSWERED
    note.answer = text
    note.answered_by = by.strip()
    note.answered_workshop = at
    return store.save(note)


def carry_question(store: Store, note: Note, *, workshop: int | None = None) -> Note:
    """Carry an unanswered question from `workshop` (default: the one running or next) to the
    next workshop of the programme; returns the question as saved."""
    if note.question_status == ANSWERED:
        raise QuestionError(f"Question {note.id} is already answered; reopen it first to "
                            "carry it on.")
    at = _workshop_now(store, note, workshop)
    later = [w.number for w in programme.workshops(store) if w.number > at]
    if not later:
        raise QuestionError(f"Workshop {at} is the last of the programme, so there is no "
                            "workshop to carry the question to.")
    note.question_status = CARRIED
    note.carried_to = min(later)
    return store.save(note)


def reopen_question(store: Store, note: Note) -> Note:
    """Take an answer back (a slip at the report-back): the question is open again."""
    if note.question_status != ANSWERED:
        where = (f"; it is carried to workshop {note.carried_to}" if note.carried_to is not None
                 else "")
        raise QuestionError(f"Question {note.id} has no answer to take back{where}.")
    note.question_status = CARRIED if note.carried_to is not None else OPEN
    note.answer = ""
    note.answered_by = ""
    note.answered_workshop = None
    return store.save(note)


# --- what the report-back lists -------------------------------------------------------------


@dataclass(frozen=True)
class ReportEntry:
    """One line of the report-back: a question, or an entry a team shared with the programme."""

    kind: str
    """'question', 'discussion', 'decision', 'action' or 'vote'."""
    record: Note | Action | Tally = field(repr=False)
    text: str = field(repr=False)
    """What to show: the entry's text; a vote as 'question — option n, option n'."""
    workshop: int
    """Where it was raised: earlier than the report-back's for a question carried in."""
    sharing: str
    status: str
    """A question's status at this workshop ('open', 'answered', 'carried'), an action's
    ('open', 'done', 'dropped'); '' for notes, decisions and votes."""
    carried_in: bool
    """A question from an earlier workshop still unanswered when this one began."""
    created_at: str


@dataclass(frozen=True)
class TeamReport:
    team: Team
    entries: tuple[ReportEntry, ...]
    """Oldest first, newest last."""


@dataclass(frozen=True)
class TableReport:
    """One table (CIG) of the room; `cig` is None for teams without a CIG."""

    cig: Cig | None
    teams: tuple[TeamReport, ...]


@dataclass(frozen=True)
class ReportBack:
    """Everything to bring back to the room at one workshop's report-back."""

    workshop: int
    tables: tuple[TableReport, ...]
    generation: int
    """`store.generation` when this was read: read again when the store's has moved on."""

    def entries(self) -> list[ReportEntry]:
        return [e for table in self.tables for team in table.teams for e in team.entries]

    def questions(self, status: str | None = None) -> list[ReportEntry]:
        """Every question listed, or only those with `status` ('open', 'answered', 'carried')."""
        return [e for e in self.entries()
                if e.kind == "question" and (status is None or e.status == status)]

    def unanswered(self) -> list[ReportEntry]:
        """The questions still waiting for an answer (open or carried)."""
        return [e for e in self.questions() if e.status != ANSWERED]


def _entry(record: Note | Action | Tally, workshop: int) -> ReportEntry:
    if isinstance(record, Note):
        question = record.kind == "question"
        return ReportEntry(
            kind=record.kind, record=record, text=record.text, workshop=record.workshop,
            sharing=record.sharing, status=status_at(record, workshop) if question else "",
            carried_in=question and record.workshop < workshop, created_at=record.created_at,
        )
    if isinstance(record, Action):
        return ReportEntry(kind="action", record=record, text=record.text,
                           workshop=record.workshop, sharing=record.sharing,
                           status=record.status, carried_in=False,
                           created_at=record.created_at)
    return ReportEntry(kind="vote", record=record, text=tallies.summary(record),
                       workshop=record.workshop, sharing=record.sharing, status="",
                       carried_in=False, created_at=record.created_at)


def _questions(store: Store) -> list[Note]:
    return [n for n in store.all(Note) if n.kind == "question"]


def _order(record: Record) -> tuple[str, str]:
    return (record.created_at, record.id)


def report_back(store: Store, workshop: int) -> ReportBack:
    """For one workshop, by table (CIG, by name; teams without one last) and team (by name):
    every question asked there, every earlier question still open when it began, and every
    entry shared at programme level there, newest last. Every team is listed, even with
    nothing to report, so a screen can say who has not reported yet."""
    programme.workshop(store, workshop)
    generation = store.generation
    found: dict[str, list[Note | Action | Tally]] = {}
    for note in _questions(store):
        if note.sharing != "internal" and (
            note.workshop == workshop or still_open_when(note, workshop)
        ):
            found.setdefault(note.team_id, []).append(note)
    for note in store.where(Note, workshop=workshop):
        if note.kind != "question" and note.sharing == "programme":
            found.setdefault(note.team_id, []).append(note)
    shared: list[Action | Tally] = [*store.where(Action, workshop=workshop),
                                    *store.where(Tally, workshop=workshop)]
    for record in shared:
        if record.sharing == "programme":
            found.setdefault(record.team_id, []).append(record)
    tables = []
    cig_ids = {c.id for c in programme.cigs(store)}
    for cig in [*programme.cigs(store), None]:
        teams = programme.teams(store, cig.id) if cig is not None else [
            t for t in programme.teams(store) if t.cig_id not in cig_ids]
        if cig is None and not teams:
            continue
        tables.append(TableReport(cig, tuple(
            TeamReport(team, tuple(_entry(r, workshop)
                                   for r in sorted(found.get(team.id, []), key=_order)))
            for team in teams
        )))
    return ReportBack(workshop=workshop, tables=tuple(tables), generation=generation)


def carried_into(store: Store, workshop: int, *, team_id: str | None = None) -> list[ReportEntry]:
    """Questions from earlier workshops still unanswered when `workshop` began, oldest first
    (internal ones included: this is the facilitators' own list, not the room's)."""
    found = [n for n in _questions(store)
             if still_open_when(n, workshop) and (team_id is None or n.team_id == team_id)]
    return [_entry(n, workshop) for n in sorted(found, key=lambda n: (n.workshop, *_order(n)))]
