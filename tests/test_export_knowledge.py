"""Knowledge mobilisation in the minutes: Ward's categories counted, shown and quoted."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_export import assert_well_formed

from cigkit.minutes import make_environment, make_markdown, one_line
from cigkit.minutes.gather import gather
from cigkit.minutes.knowledge import CATEGORY_LABELS
from cigkit.minutes.overview import programme_view
from cigkit.minutes.views import cig_view, team_view
from cigkit.model import Cig, Note, Tally, Team, Workshop
from cigkit.services import day, logbook, programme, questions
from cigkit.services.checklists import checklist_for
from cigkit.services.export import export_minutes
from cigkit.services.logbook import WARD_TAGS
from cigkit.store import Store


def _section(md: str, heading: str) -> str:
    return md.split(f"\n## {heading}\n\n", 1)[1].split("\n## ", 1)[0]


def _table(section: str) -> list[list[str]]:
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows[2:]]


def test_category_counts_in_the_overview_match_the_tagged_entries(
    demo_store: Store, tmp_path: Path
) -> None:
    crisis = programme.find_team(demo_store, "crisis")
    logbook.log_entry(demo_store, "note", 2, crisis.id, "Shift workers come after eight",
                      tags=["what:practical-wisdom", "whose:public"])
    logbook.log_entry(demo_store, "note", 2, crisis.id, "Staff morale is low",
                      tags=["what:technical"], sharing="internal")
    demo_store.save(Note(workshop=1, team_id=crisis.id, text="Tagged before tags were checked",
                         tags=["what:bogus", "why:research"]))
    gone = logbook.log_entry(demo_store, "note", 1, crisis.id, "Deleted", tags=["how:connections"])
    logbook.delete_entry(demo_store, gone)
    export_minutes(demo_store, tmp_path, all=True)
    overview = (tmp_path / "programme.md").read_text("utf-8")
    assert_well_formed(overview)

    ward = {f"{q}:{c}" for q, cats in WARD_TAGS.items() for c in cats}
    expected: dict[int, Counter[str]] = {}
    for note in demo_store.all(Note):
        if note.sharing != "internal":
            expected.setdefault(note.workshop, Counter()).update(set(note.tags) & ward)
    by_label = {label: tag for tag, label in CATEGORY_LABELS.items()}
    rows = _table(_section(overview, "Knowledge mobilisation"))
    counted = {by_label[row[1]]: row[2:] for row in rows if row[1] in by_label}
    assert len(counted) == sum(len(c) for c in WARD_TAGS.values()) == 16
    for tag, cells in counted.items():
        w1, w2, change = int(cells[0]), int(cells[1]), cells[2]
        assert (w1, w2) == (expected[1][tag], expected[2][tag]), tag
        assert change == (f"{w2 - w1:+d}" if w2 != w1 else "0")
    assert "Staff morale is low" not in overview
    # A team-level entry is counted but never quoted in a document read across teams.
    assert "Shift workers come after eight" not in overview


def test_team_minutes_show_each_entry_s_categories_quietly(
    demo_store: Store, tmp_path: Path
) -> None:
    crisis = programme.find_team(demo_store, "crisis")
    logbook.log_entry(demo_store, "decision", 2, crisis.id, "Survey in three languages",
                      tags=["how:coproduction", "whose:public", "budget"])
    [path] = export_minutes(demo_store, tmp_path, workshop=2, team="crisis")
    md = path.read_text("utf-8")
    assert ("- Survey in three languages *(whose: public; how: coproduction)*\n"
            in _section(md, "Decisions"))
    assert "budget" not in md
    tokens = make_markdown().parse(md)
    quiet = [t for t in tokens if t.type == "inline" and "Survey in three" in t.content]
    assert [c.type for c in quiet[0].children or []][-3:] == ["em_open", "text", "em_close"]


def test_cig_summary_lists_the_table_s_programme_questions_and_votes(
    demo_store: Store, tmp_path: Path
) -> None:
    foot = programme.find_team(demo_store, "Diabetes Foot Care")
    heart = programme.find_team(demo_store, "Heart Failure at Home")
    demo_store.save(Tally(workshop=2, team_id=foot.id, question="Which outcome first?",
                          counts={"uptake": 5, "amputations": 2}, sharing="programme"))
    demo_store.save(Tally(workshop=2, team_id=heart.id, question="Team-only vote",
                          counts={"a": 1}))
    asked = [n for n in demo_store.where(Note, team_id=heart.id, workshop=2)
             if n.kind == "question"][0]
    questions.answer_question(demo_store, asked, "Yes, Joyce offered", by="MND Coordinated Care",
                              workshop=2)
    export_minutes(demo_store, tmp_path, workshop=2, cig="Long-term conditions")
    md = (tmp_path / "workshop-02" / "long-term-conditions" / "summary.md").read_text("utf-8")
    assert_well_formed(md)
    assert _section(md, "Votes") == (
        "- Diabetes Foot Care: Which outcome first? — uptake: 5; amputations: 2\n")
    listed = _section(md, "Questions for the programme")
    assert (f"- Heart Failure at Home: {asked.text} — answered by MND Coordinated Care: "
            "Yes, Joyce offered\n") in listed
    assert "Team-only vote" not in md
    assert "Question:" not in _section(md, "Shared with the programme")


def test_the_overview_lists_programme_votes_and_questions_with_their_answers(
    demo_store: Store, tmp_path: Path
) -> None:
    crisis = programme.find_team(demo_store, "crisis")
    demo_store.save(Tally(workshop=1, team_id=crisis.id, question="Open on Sundays?",
                          counts={"yes": 7, "no": 1}, sharing="programme"))
    asked = next(n for n in demo_store.where(Note, team_id=crisis.id)
                 if n.kind == "question" and n.sharing == "programme")
    questions.answer_question(demo_store, asked, "Memory Clinic did it", by="Ana", workshop=3)
    export_minutes(demo_store, tmp_path)
    overview = (tmp_path / "programme.md").read_text("utf-8")
    assert_well_formed(overview)
    assert ["1", "Crisis Cafe", "Open on Sundays?", "yes: 7; no: 1"] in _table(
        _section(overview, "Votes shared with the programme"))
    assert [str(asked.workshop), "Crisis Cafe", "Mental health and dementia", asked.text,
            "answered at W3", "Memory Clinic did it (Ana)"] in _table(
        _section(overview, "Questions for the programme"))


# -- hostile text in answers, votes and examples never reshapes a document ------------------

hostile_text = st.text(
    alphabet=st.sampled_from(list("ab #*_[]()<>|`\\-+=!.:1\n\r\t\u202e&;")), max_size=30)


@pytest.fixture(scope="module")
def scratch() -> Iterator[Store]:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "data", device="test-laptop")
        for number in (1, 2, 3):
            store.save(Workshop(number=number, date=f"2026-1{number - 1}-20",
                                plan=f"workshop-{number:02d}"))
        try:
            yield store
        finally:
            store.close()


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=hostile_text, answer=hostile_text, by=hostile_text)
def test_hostile_answers_votes_and_examples_never_reshape_the_minutes(
    scratch: Store, text: str, answer: str, by: str
) -> None:
    cig = scratch.save(Cig(name=f"CIG {text}"))
    team = scratch.save(Team(name=f"Team {text}", cig_id=cig.id))
    for number in (1, 2):
        note = scratch.save(Note(workshop=number, team_id=team.id, text=f"Q {text}",
                                 kind="question", sharing="programme",
                                 tags=["what:scientific", "how:connections"]))
        if answer.strip():
            questions.answer_question(scratch, note, answer, by=by, workshop=2)
        scratch.save(Tally(workshop=number, team_id=team.id, question=f"V {text}",
                           counts={text or "x": 2, f"{answer}|": 1}, sharing="programme"))
    data = gather(scratch, checklist_for(scratch.data_dir), day.plans(scratch)[0])
    env = make_environment(None)
    for template, view in (("team.md.j2", team_view(data, team, 2)),
                           ("cig.md.j2", cig_view(data, cig, 2)),
                           ("programme.md.j2", programme_view(data))):
        md = env.get_template(template).render(view)
        assert_well_formed(md)
        if one_line(answer):
            rendered = ["".join(c.content for c in t.children or [])
                        for t in make_markdown().parse(md) if t.type == "inline"]
            assert any(one_line(answer) in line for line in rendered), template
