"""Questions at the report-back: every table's questions, answered there or carried on."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cigkit.cli import run
from cigkit.model import Note, Tally, record_problem
from cigkit.services import logbook, programme, questions
from cigkit.store import Store


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def ask(store: Store, team: str, text: str, workshop: int = 3, sharing: str = "team",
        at: int | None = None) -> Note:
    """Log a question; `at` (minutes past 14:00 on the day) fixes the order of entries."""
    found = programme.find_team(store, team)
    note = logbook.log_entry(store, "question", workshop, found.id, text, sharing=sharing,
                             created_at=None if at is None else _at(at))
    assert isinstance(note, Note)
    return note


def _at(minute: int) -> str:
    return f"2026-11-24T14:{minute:02d}:00.000Z"


def test_questions_from_three_tables_appear_in_the_report_back_newest_last(
    demo_store: Store,
) -> None:
    first = ask(demo_store, "Crisis Cafe", "Who holds the ED attendance data?", at=1)
    ask(demo_store, "Diabetes Foot Care", "Can podiatry share clinic lists?",
        sharing="programme", at=2)
    ask(demo_store, "Social Prescribing Link", "Which GP practices refer most?", at=3)
    team = programme.find_team(demo_store, "Crisis Cafe")
    shared = logbook.log_entry(demo_store, "note", 3, team.id, "Evenings work best",
                               sharing="programme", created_at=_at(4))
    last = ask(demo_store, "Crisis Cafe", "Can we borrow a survey tool?", sharing="programme",
               at=5)
    ask(demo_store, "Crisis Cafe", "Is the manager leaving?", sharing="internal", at=6)
    unshared = logbook.log_entry(demo_store, "note", 3, team.id, "Only for us",
                                 created_at=_at(7))
    demo_store.save(Tally(workshop=3, team_id=team.id, question="Best night?",
                          counts={"Sunday": 4, "Friday": 2}, sharing="programme",
                          created_at=_at(8)))

    report = questions.report_back(demo_store, 3)

    assert [t.cig.name if t.cig else None for t in report.tables] == [
        "Community and primary care", "Long-term conditions", "Mental health and dementia"]
    asked_here = {e.text: e for e in report.questions() if e.workshop == 3}
    assert set(asked_here) == {"Who holds the ED attendance data?",
                               "Can podiatry share clinic lists?",
                               "Which GP practices refer most?", "Can we borrow a survey tool?"}
    assert all(e.status == "open" and not e.carried_in for e in asked_here.values())
    crisis = next(t for table in report.tables for t in table.teams
                  if t.team.name == "Crisis Cafe")
    texts = [e.text for e in crisis.entries]
    assert texts.index(first.text) < texts.index(shared.text) < texts.index(last.text)
    assert texts[-1] == "Best night? — Sunday 4, Friday 2"
    assert crisis.entries[-1].kind == "vote"
    assert unshared.text not in texts and "Is the manager leaving?" not in texts
    # A workshop 2 question nobody answered comes back at workshop 3.
    carried = [e for e in report.questions() if e.carried_in]
    assert carried and all(e.workshop < 3 and e.status == "open" for e in carried)
    every_team = [t.team.name for table in report.tables for t in table.teams]
    assert len(every_team) == 9


def test_a_carried_question_says_where_it_went_and_keeps_coming_back(demo_store: Store) -> None:
    note = ask(demo_store, "Crisis Cafe", "Can we borrow a survey tool?")
    saved = questions.carry_question(demo_store, note, workshop=3)
    assert (saved.question_status, saved.carried_to) == ("carried", 4)
    assert questions.status_at(saved, 3) == "carried"
    [entry] = [e for e in questions.report_back(demo_store, 5).questions()
               if e.record.id == note.id]
    # At workshop 5 it came back unanswered: open business, not 'carried to workshop 4'.
    assert entry.carried_in and entry.status == "open"
    again = questions.answer_question(demo_store, saved, "Yes, the CIG's own", workshop=5)
    assert questions.status_at(again, 3) == "carried"
    assert questions.status_at(again, 4) == "open"
    assert questions.status_at(again, 5) == "answered"
    reopened = questions.reopen_question(demo_store, again)
    assert (reopened.question_status, reopened.answer, reopened.answered_workshop) == (
        "carried", "", None)


def test_a_second_laptop_s_question_reaches_the_report_back_after_a_refresh(
    demo_store: Store,
) -> None:
    before = questions.report_back(demo_store, 3)
    with Store.open(demo_store.data_dir, device="table-2") as laptop:
        ask(laptop, "Memory Clinic", "Does anyone have an easy-read consent form?")
    assert demo_store.refresh()
    after = questions.report_back(demo_store, 3)
    assert after.generation != before.generation
    assert "Does anyone have an easy-read consent form?" in {e.text for e in after.questions()}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["question", "answer", "nope", "x"], "no question with id 'nope'"),
        (["question", "answer", "{note}", "x"], "is a note, not a question"),
        (["question", "answer", "{question}", "   "], "answer is empty"),
        (["question", "answer", "{question}", "x", "-w", "2"], "cannot be settled at workshop 2"),
        (["question", "answer", "{question}", "x", "-w", "12"], "no workshop 12"),
        (["question", "carry", "{question}", "-w", "8"], "Workshop 8 is the last"),
        (["question", "carry", "{answered}"], "already answered"),
        (["question", "frobnicate", "x"], "invalid choice"),
    ],
)
def test_questions_that_cannot_be_settled_get_one_sentence_and_status_2(
    demo_store: Store, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    team = programme.find_team(demo_store, "crisis")
    ids = {
        "note": logbook.log_entry(demo_store, "note", 3, team.id, "Plain note").id,
        "question": ask(demo_store, "crisis", "Open question?").id,
        "answered": questions.answer_question(
            demo_store, ask(demo_store, "crisis", "Done?"), "Yes", workshop=3).id,
    }
    demo_store.close()
    filled = [a.format(**ids) for a in args]
    code, out, err = cli(capsys, "--data", str(demo_store.data_dir), *filled)
    assert code == 2 and out == "" and words in err and err.count("\n") == 1, err


def test_questions_lists_the_report_back_for_a_script(
    demo_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    note = ask(demo_store, "Crisis Cafe", "Who holds the ED data?\n\x1b[31mred")
    demo_store.close()
    code, out, _ = cli(capsys, "--data", str(demo_store.data_dir), "questions", "-w", "3",
                       "--open")
    assert code == 0
    assert f"    [open] {note.id[:8]} Who holds the ED data? / [31mred\n" in out
    assert "\x1b" not in out and "[note]" not in out
    code, out, _ = cli(capsys, "--data", str(demo_store.data_dir), "questions", "-w", "3",
                       "--json")
    listed = json.loads(out)
    assert listed["workshop"] == 3
    found = [e for t in listed["tables"] for e in t["entries"] if e["id"] == note.id]
    assert found[0]["status"] == "open" and found[0]["answer"] == ""


def test_notes_saved_before_questions_could_be_answered_still_load() -> None:
    old = {"id": "n1", "workshop": 2, "team_id": "t1", "text": "Old question?",
           "kind": "question", "tags": [], "sharing": "team", "created_at": "2026-10-20T10:00:00Z"}
    assert record_problem(Note.TABLE, old) is None
    note = Note.from_dict(old)
    assert (note.question_status, note.answer, note.answered_workshop, note.carried_to) == (
        "open", "", None, None)
    assert questions.status_at(note, 8) == "open"


@given(asked=st.integers(1, 8), answered=st.integers(1, 8), at=st.integers(1, 8))
def test_a_question_is_answered_from_the_workshop_of_its_answer_on(
    asked: int, answered: int, at: int
) -> None:
    note = Note(workshop=asked, team_id="t", text="Q?", kind="question",
                question_status="answered", answer="A", answered_workshop=max(asked, answered))
    assert (questions.status_at(note, at) == "answered") == (at >= max(asked, answered))
    assert questions.still_open_when(note, at) == (asked < at <= max(asked, answered))
