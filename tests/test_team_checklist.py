"""A team's checklist and value passport through the service the CLI and the screens share."""

from __future__ import annotations

import pytest

from cigkit.model import Attendance, ChecklistEntry, Member, PassportRating, Team
from cigkit.services import programme
from cigkit.services import team_checklist as tc
from cigkit.store import Store


def _team(store: Store, name: str) -> Team:
    return programme.find_team(store, name)


def test_item_done_at_workshop_3_keeps_its_history_and_shows_as_moved_since_2(
    demo_store: Store,
) -> None:
    team = _team(demo_store, "Diabetes Foot Care")
    tc.set_status(demo_store, team.id, "design-logic-model", "done", workshop=3,
                  evidence="Logic model v2 agreed with Lena")
    demo_store.refresh()
    saved = tc.entry(demo_store, team.id, "design-logic-model")
    assert saved is not None
    assert [step["status"] for step in saved.history] == ["in progress", "done"]
    assert saved.history[-1]["workshop"] == 3
    assert saved.by == "test-laptop"
    view = tc.team_checklist(demo_store, team.id, 3)
    assert [(c.item_id, c.before, c.after) for c in view.moved] == [
        ("design-logic-model", "in progress", "done")
    ]
    assert view.status("design-logic-model") == "done"
    assert view.evidence("design-logic-model") == "Logic model v2 agreed with Lena"
    assert not any(flag.item_id == "design-logic-model" for flag in view.flags)


def test_only_one_entry_per_team_and_item_however_often_it_changes(demo_store: Store) -> None:
    team = _team(demo_store, "Heart Failure at Home")
    for status in ("in progress", "done", "in progress"):
        tc.set_status(demo_store, team.id, "data-gaps", status, workshop=3)
    entries = [e for e in demo_store.where(ChecklistEntry, team_id=team.id)
               if e.item_id == "data-gaps"]
    assert len(entries) == 1
    assert len(entries[0].history) == 3


def test_not_applicable_needs_a_reason_and_nothing_is_saved_without_one(
    demo_store: Store,
) -> None:
    team = _team(demo_store, "Crisis Cafe")
    with pytest.raises(tc.ChecklistInputError, match="needs a short reason"):
        tc.set_status(demo_store, team.id, "data-protected", "n/a", workshop=3)
    assert tc.entry(demo_store, team.id, "data-protected") is None
    tc.set_status(demo_store, team.id, "data-protected", "n/a", workshop=3,
                  reason="The charity records no protected characteristics")
    saved = tc.entry(demo_store, team.id, "data-protected")
    assert saved is not None and saved.status == "not applicable"
    assert saved.reason == "The charity records no protected characteristics"


def test_editing_evidence_keeps_the_status_and_the_not_applicable_reason(
    demo_store: Store,
) -> None:
    team = _team(demo_store, "Memory Clinic Access")
    tc.set_evidence(demo_store, team.id, "data-protected", "Checked with the trust", workshop=3)
    saved = tc.entry(demo_store, team.id, "data-protected")
    assert saved is not None
    assert (saved.status, saved.evidence) == ("not applicable", "Checked with the trust")
    assert saved.reason == "Covered by the trust-wide equality assessment"


def test_unknown_item_or_status_is_one_sentence(demo_store: Store) -> None:
    team = _team(demo_store, "Crisis Cafe")
    with pytest.raises(tc.ChecklistInputError, match="not a checklist item"):
        tc.set_status(demo_store, team.id, "no-such-item", "done", workshop=3)
    with pytest.raises(tc.ChecklistInputError, match="not a checklist status"):
        tc.set_status(demo_store, team.id, "data-gaps", "finished-ish", workshop=3)


def test_team_without_a_public_advisor_is_flagged_from_workshop_2(demo_store: Store) -> None:
    team = _team(demo_store, "Heart Failure at Home")
    codes = [f.code for f in tc.team_checklist(demo_store, team.id, 2).flags]
    assert "no-public-advisor" in codes
    codes = [f.code for f in tc.team_checklist(demo_store, team.id, 1).flags]
    assert "no-public-advisor" not in codes


def test_public_advisor_missing_from_the_last_two_registers_is_flagged(
    demo_store: Store,
) -> None:
    team = demo_store.save(Team(name="Falls Prevention"))
    advisor = demo_store.save(Member(name="Iris Bell", team_id=team.id, role="public advisor"))
    lead = demo_store.save(Member(name="Sol Reyes", team_id=team.id, role="practitioner"))
    for workshop in (1, 2):
        demo_store.save(Attendance(workshop=workshop, team_id=team.id, member_id=lead.id,
                                   role="practitioner"))
        demo_store.save(Attendance(workshop=workshop, team_id=team.id, member_id=advisor.id,
                                   role="public advisor", present=workshop == 1))
    assert "public-advisor-absent" not in [
        f.code for f in tc.flags_for(demo_store, tc.checklist_for(demo_store.data_dir),
                                     team.id, 2)]
    demo_store.save(Attendance(workshop=3, team_id=team.id, member_id=advisor.id,
                               role="public advisor", present=False))
    flags = tc.flags_for(demo_store, tc.checklist_for(demo_store.data_dir), team.id, 3)
    assert [f.message for f in flags if f.code == "public-advisor-absent"] == [
        "No public advisor present at the last two workshops (2 and 3)."
    ]


def test_passport_rated_twice_in_one_workshop_keeps_the_later_scores(demo_store: Store) -> None:
    team = _team(demo_store, "Crisis Cafe")
    tc.save_passport(demo_store, team.id, 3, {"communication": "2", "access": 3}, "Quiet table")
    tc.save_passport(demo_store, team.id, 3, {"communication": 4}, "Better after lunch")
    today = tc.passport_ratings(demo_store, team.id, 3)
    assert {d: r.score for d, r in today.items()} == {"communication": 4, "access": 3}
    assert today["communication"].note == "Better after lunch"
    rows = [r for r in demo_store.where(PassportRating, team_id=team.id, workshop=3)]
    assert len(rows) == 2
    trend = tc.passport_trend_of(demo_store, team.id)
    assert [n for n, _ in trend["communication"]] == [1, 2, 3]
    assert trend["communication"][-1] == (3, 4)
    spark = tc.passport_spark(demo_store, team.id, 3)
    assert len(spark) == len("▁▂▃ 3.5") and spark.endswith(" 3.5")


def test_a_bad_passport_score_saves_none_of_the_ratings(demo_store: Store) -> None:
    team = _team(demo_store, "Crisis Cafe")
    with pytest.raises(tc.ChecklistInputError, match="whole number from 1 to 5"):
        tc.save_passport(demo_store, team.id, 3, {"communication": 4, "access": 7})
    with pytest.raises(tc.ChecklistInputError, match="not a passport domain"):
        tc.save_passport(demo_store, team.id, 3, {"happiness": 4})
    assert tc.passport_ratings(demo_store, team.id, 3) == {}


def test_matrix_of_one_cig_counts_every_item_of_every_team(demo_store: Store) -> None:
    cig = programme.find_cig(demo_store, "Long-term conditions")
    matrix = tc.matrix(demo_store, 3, cig.id)
    assert [row.team.name for row in matrix.rows] == [
        "Diabetes Foot Care", "Heart Failure at Home", "MND Coordinated Care"]
    items = len(matrix.checklist.items)
    assert all(len(row.statuses) == items for row in matrix.rows)
    assert sum(sum(c.values()) for c in matrix.counts.values()) == 3 * items
    assert matrix.counts["problem"]["done"] == 1
    foot = matrix.rows[0]
    assert foot.done == 2
    assert foot.statuses[0] == "done"
    assert len(tc.matrix(demo_store, 3).rows) == 9
