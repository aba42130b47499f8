"""The demo programme reads like nine real teams at two real workshop days."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from cigkit import locations
from cigkit.model import Action, Member, Note, Tally, Team
from cigkit.plans import Block, load_plan
from cigkit.services.demo import block_of, create_demo
from cigkit.store import Store

HELD = (1, 2)


def plan_blocks(workshop: int) -> list[Block]:
    return list(load_plan(locations.SHIPPED_SESSIONS / f"workshop-{workshop:02d}.toml").blocks)


def test_each_team_has_its_own_notes_decisions_and_actions_at_both_workshops(
    demo_store: Store,
) -> None:
    notes, actions = demo_store.all(Note), demo_store.all(Action)
    for team in demo_store.all(Team):
        for workshop in HELD:
            kinds = Counter(n.kind for n in notes
                            if n.team_id == team.id and n.workshop == workshop)
            mine = [a for a in actions if a.team_id == team.id and a.workshop == workshop]
            where = f"{team.name} at workshop {workshop}"
            assert 3 <= kinds["discussion"] <= 6, where
            assert 1 <= kinds["decision"] <= 2, where
            assert kinds["question"] <= 1, where
            assert 1 <= len(mine) <= 2, where
    texts = [n.text for n in notes] + [a.text for a in actions]
    assert [t for t, n in Counter(texts).items() if n > 1] == []


def test_programme_level_internal_and_public_advisor_entries_are_all_there(
    demo_store: Store,
) -> None:
    notes = demo_store.all(Note)
    sharing = Counter(n.sharing for n in notes)
    assert sharing["internal"] >= 1 and sharing["programme"] >= 3
    assert sum(n.speaker_role == "public advisor" for n in notes) >= 5
    assert all(tag.split(":")[0] in {"why", "whose", "what", "how"}
               for n in notes for tag in n.tags)
    assert {(t.workshop, len(t.counts)) for t in demo_store.all(Tally)} == {(2, 3)}


def test_every_entry_was_taken_in_a_table_discussion_or_report_back_of_its_day(
    demo_store: Store,
) -> None:
    plans = {n: plan_blocks(n) for n in HELD}
    records: list[Note | Action | Tally] = [
        *demo_store.all(Note), *demo_store.all(Action), *demo_store.all(Tally)]
    for record in records:
        assert record.block is not None, record
        block = plans[record.workshop][record.block]
        assert block.kind in {"table discussion", "report-back"}, (block.title, record)
        if isinstance(record, Note) and record.text.startswith("Logic model"):
            assert block.title == "Tables: draw your logic model"
        if isinstance(record, Action) and record.history[0]["workshop"] == record.workshop:
            assert block.title.startswith("Tables: actions before")


def test_actions_belong_to_team_members_and_leave_work_for_the_review_at_workshop_3(
    demo_store: Store,
) -> None:
    members = {(m.team_id, m.name) for m in demo_store.all(Member)}
    actions = demo_store.all(Action)
    assert all((a.team_id, a.owner) in members for a in actions)
    first = [a for a in actions if a.workshop == 1]
    done_at_2 = [a for a in first if a.status == "done"]
    assert done_at_2 and all(a.history[-1]["workshop"] == 2 for a in done_at_2)
    assert len([a for a in first if a.status == "open"]) >= 2
    assert all(a.status == "open" for a in actions if a.workshop == 2)


def test_demo_is_the_same_on_every_laptop(tmp_path: Path, demo_store: Store) -> None:
    with Store.open(tmp_path / "again", device="other-laptop") as store:
        create_demo(store)
        again = {(a.id, a.created_at, a.text) for a in store.all(Action)}
    assert again == {(a.id, a.created_at, a.text) for a in demo_store.all(Action)}


def test_a_demo_entry_naming_a_block_the_plan_lacks_is_caught() -> None:
    blocks = plan_blocks(2)
    assert block_of(blocks, "draw your logic model") == (4, 100)
    with pytest.raises(ValueError, match="lunch on the lawn"):
        block_of(blocks, "lunch on the lawn")
