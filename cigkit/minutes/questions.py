"""Questions in the minutes: asked, still open from earlier workshops, answered since.

Open questions come back workshop after workshop, as actions do, until someone answers
them; the status at a workshop is read with `services.questions.status_at`, so the minutes
agree with the report-back and the CLI.
"""

from __future__ import annotations

from cigkit.model import Note
from cigkit.services.questions import ANSWERED, CARRIED, answered_at, status_at

from .gather import ProgrammeData, per_programme
from .knowledge import ward_labels

View = dict[str, object]


def question_row(note: Note, number: int) -> View:
    """One question as things stood at the end of workshop `number`."""
    status = status_at(note, number)
    answered = status == ANSWERED
    return {
        "text": note.text,
        "status": status,
        "answer": note.answer if answered else "",
        "answered_by": note.answered_by if answered else "",
        "answered_workshop": answered_at(note) if answered else None,
        "carried_to": note.carried_to if status == CARRIED else None,
        "from_workshop": note.workshop,
        "age": number - note.workshop,
        "ward": ward_labels(note.tags),
    }


@per_programme
def _asked(data: ProgrammeData, team_id: str, levels: frozenset[str]) -> list[tuple[int, Note]]:
    """Every question the team asked, shared at one of `levels`, with the workshop it was
    asked at, oldest workshop first."""
    numbers = sorted(n for t, n in data.notes if t == team_id and n >= 1)
    return [(asked, note) for asked in numbers for note in data.notes[(team_id, asked)]
            if note.kind == "question" and note.sharing in levels]


def _row(data: ProgrammeData, note: Note, number: int) -> View:
    """`question_row`, once per question and workshop (a team's minutes and its CIG's
    summary show the same programme-level questions)."""
    key = ("question_row", note.id, number)
    found: View | None = data.memo.get(key)
    if found is None:
        found = data.memo[key] = question_row(note, number)
    return found


@per_programme
def _questions(data: ProgrammeData, team_id: str, number: int,
               levels: frozenset[str]) -> list[tuple[Note, View]]:
    """The team's questions worth a line at workshop `number`, oldest first: asked there, or
    asked earlier and still unanswered, or answered there."""
    found = []
    for asked, note in _asked(data, team_id, levels):
        if asked > number:
            break
        if asked == number or status_at(note, number) != ANSWERED or (
                answered_at(note) == number):
            found.append((note, _row(data, note, number)))
    return found


def team_questions(data: ProgrammeData, team_id: str, number: int,
                   levels: frozenset[str]) -> View:
    """`new`: asked at this workshop; `open`: asked earlier and still unanswered; `answered`:
    asked earlier and answered at this workshop. Oldest first in each."""
    new, still_open, answered = [], [], []
    for note, row in _questions(data, team_id, number, levels):
        if note.workshop == number:
            new.append(row)
        elif row["status"] == ANSWERED:
            answered.append(row)
        else:
            still_open.append(row)
    return {"new": new, "open": still_open, "answered": answered}


def programme_questions(data: ProgrammeData, team_ids: list[str], number: int,
                        levels: frozenset[str]) -> list[View]:
    """The same questions for several teams at once (a CIG summary, the overview), each row
    with its `team`, by team then oldest first."""
    names = {t.id: t.name for t in data.teams}
    return [{"team": names.get(team_id, ""), **row}
            for team_id in team_ids for _, row in _questions(data, team_id, number, levels)]
