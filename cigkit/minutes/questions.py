"""Questions in the minutes: asked, still open from earlier workshops, answered since.

Open questions come back workshop after workshop, as actions do, until someone answers
them; the status at a workshop is read with `services.questions.status_at`, so the minutes
agree with the report-back and the CLI.
"""

from __future__ import annotations

from cigkit.model import Note
from cigkit.services.questions import ANSWERED, CARRIED, answered_at, status_at

from .gather import ProgrammeData
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


def _questions(data: ProgrammeData, team_id: str, number: int,
               levels: frozenset[str]) -> list[tuple[Note, View]]:
    """The team's questions worth a line at workshop `number`, oldest first: asked there, or
    asked earlier and still unanswered, or answered there."""
    found = []
    for asked in range(1, number + 1):
        for note in data.notes.get((team_id, asked), []):
            if note.kind != "question" or note.sharing not in levels:
                continue
            if asked == number or status_at(note, number) != ANSWERED or (
                    answered_at(note) == number):
                found.append((note, question_row(note, number)))
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
