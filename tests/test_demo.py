"""The demo programme reads like nine real teams at two real workshop days, and a third today."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import DEMO_MORNING

from cigkit import locations
from cigkit.model import Action, Cohort, Member, Note, Tally, Team
from cigkit.plans import Block, load_plan
from cigkit.services import day, programme, review, setup
from cigkit.services.demo import block_of, create_demo, demo_day, refresh_demo
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
        create_demo(store, now=DEMO_MORNING, live=False)
        again = {(a.id, a.created_at, a.text, a.due) for a in store.all(Action)}
    assert again == {(a.id, a.created_at, a.text, a.due) for a in demo_store.all(Action)}


TODAYS = {
    "a Monday": datetime(2027, 3, 1, 10, 40),
    "a Saturday": datetime(2026, 6, 13, 14, 5),
    "the 31st of a month, just after midnight": datetime(2026, 12, 31, 0, 3),
    "before the cohort's year (a leap day)": datetime(2024, 2, 29, 11, 15),
    "after the cohort's year, late in the day": datetime(2031, 8, 31, 21, 45),
}


@pytest.mark.parametrize("when", sorted(TODAYS))
def test_the_demo_is_a_live_day_whatever_today_is(tmp_path: Path, when: str) -> None:
    now = TODAYS[when].astimezone()
    today = now.date()
    with Store.open(tmp_path / "demo") as store:
        create_demo(store, now=now)
        workshops = programme.workshops(store)
        # Workshop 3 is today, its clock running, the block in progress begun minutes ago.
        assert day.current_workshop(store, today) == 3
        assert day.ran_on(store, 3) == today
        assert day.when_words(store, workshops[2], today) == "running today"
        state = day.state(store, 3, now)
        assert state.running and not state.finished
        assert 0 < state.elapsed_s <= 6 * 60
        assert day.headline(day.day(store, 3, today), state, today, "DRIFT") == "DRIFT"
        # Earlier workshops held on earlier dates, later ones to come, weekday kept.
        for workshop in workshops:
            on = date.fromisoformat(workshop.date)
            assert on.weekday() == today.weekday()
            assert (on < today) == (workshop.number < 3) and (on > today) == (workshop.number > 3)
            assert day.progress(store, workshop, today) == (
                "held" if workshop.number < 3 else "in progress" if workshop.number == 3
                else "to come")
        cohort = store.all(Cohort)[0]
        assert cohort.year == f"{workshops[0].date[:4]}-{workshops[-1].date[2:4]}"
        # The review at today's workshop marks overdue and due now from today's date.
        states = []
        for team in programme.teams(store):
            for row in review.team_review(store, team.id, 3, today=today):
                action = row.action
                if action.due_workshop is not None:
                    expected = ("overdue" if action.due_workshop < 3 else
                                "due now" if action.due_workshop == 3 else "")
                else:
                    due = date.fromisoformat(action.due)
                    expected = ("overdue" if due < today else "due now" if due == today else "")
                assert row.due_state == expected, (action.text, action.due)
                states.append((row.due_state, action.due_workshop is None))
        assert {("overdue", True), ("overdue", False), ("due now", True),
                ("due now", False), ("", True)} <= set(states)
        assert all(n.created_at[:10] < today.isoformat() for n in store.all(Note))


def test_make_run_rebuilds_a_demo_from_another_day_and_keeps_one_from_today(
    tmp_path: Path,
) -> None:
    monday = datetime(2027, 3, 1, 10, 40).astimezone()
    with Store.open(tmp_path / "demo") as store:
        assert refresh_demo(store, monday) is not None
        assert refresh_demo(store, monday + timedelta(hours=3)) is None
        assert demo_day(store) == monday.date()
        assert refresh_demo(store, monday + timedelta(days=1)) is not None
        assert demo_day(store) == monday.date() + timedelta(days=1)
        assert day.ran_on(store, 3) == monday.date() + timedelta(days=1)
    with Store.open(tmp_path / "real") as store:
        setup.set_programme(store, "A real programme")
        assert refresh_demo(store, monday) is None
        assert demo_day(store) is None and len(store.all(Cohort)) == 1


def test_a_demo_entry_naming_a_block_the_plan_lacks_is_caught() -> None:
    blocks = plan_blocks(2)
    assert block_of(blocks, "draw your logic model") == (4, 100)
    with pytest.raises(ValueError, match="lunch on the lawn"):
        block_of(blocks, "lunch on the lawn")
