"""Questions in the minutes: answered ones with their answers, open ones until answered."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_export import assert_well_formed
from test_questions import ask, cli

from cigkit.services import questions
from cigkit.services.export import export_minutes
from cigkit.store import Store


def _minutes(store: Store, out: Path, team: str, workshop: int) -> str:
    [path] = export_minutes(store, out / f"w{workshop}", workshop=workshop, team=team)
    text = path.read_text("utf-8")
    assert_well_formed(text)
    return text


def test_a_question_answered_at_the_report_back_is_answered_in_the_minutes_then_gone(
    demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answered = ask(demo_store, "Crisis Cafe", "Who holds the ED attendance data?")
    waiting = ask(demo_store, "Crisis Cafe", "Can we borrow a survey tool?")
    demo_store.close()
    code, out, _ = cli(capsys, "--data", str(demo_store.data_dir), "question", "answer",
                       answered.id[:8], "The trust's information team; ask for Mo",
                       "--by", "Dr Rao", "--workshop", "3")
    assert code == 0 and out == f"Question {answered.id} answered at workshop 3.\n"
    with Store.open(demo_store.data_dir) as store:
        w3 = _minutes(store, tmp_path, "Crisis Cafe", 3)
        questions_w3 = w3.split("## Questions\n\n", 1)[1].split("\n## ", 1)[0]
        assert ("- Who holds the ED attendance data? — answered by Dr Rao: The trust's "
                "information team; ask for Mo\n") in questions_w3
        assert "- Can we borrow a survey tool?\n" in questions_w3

        report = questions.report_back(store, 4)
        assert [e.text for e in report.unanswered() if e.record.team_id == waiting.team_id
                and e.workshop == 3] == [waiting.text]
        assert answered.id not in {e.record.id for e in report.entries()}
        assert answered.id not in {e.record.id for e in questions.carried_into(store, 4)}

        w4 = _minutes(store, tmp_path, "Crisis Cafe", 4)
        still = w4.split("### Questions still open from earlier workshops\n\n", 1)[1]
        assert "- Can we borrow a survey tool? (from workshop 3)\n" in still.split("\n#", 1)[0]
        assert answered.text not in w4


def test_an_answer_given_at_the_next_workshop_is_listed_as_answered_since_the_last(
    demo_store: Store, tmp_path: Path
) -> None:
    note = ask(demo_store, "Crisis Cafe", "Who holds the ED attendance data?")
    questions.answer_question(demo_store, note, "The information team", workshop=4)
    assert questions.status_at(note, 3) == "open"
    assert questions.status_at(note, 4) == "answered"
    w3 = _minutes(demo_store, tmp_path, "Crisis Cafe", 3)
    assert "- Who holds the ED attendance data?\n" in w3
    w4 = _minutes(demo_store, tmp_path, "Crisis Cafe", 4)
    since = w4.split("### Questions answered since the last workshop\n\n", 1)[1]
    assert since.startswith("- Who holds the ED attendance data? (from workshop 3) — answered: "
                            "The information team\n")
