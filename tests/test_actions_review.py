"""Actions between workshops: the review at workshop 3 of what workshop 2 left open."""

from __future__ import annotations

from datetime import date

from conftest import OpenApp, press_to, send_keys, settle
from textual.pilot import Pilot

from cigkit.model import Action
from cigkit.services import programme, review
from cigkit.store import Store
from cigkit.tui.app import CigkitApp
from cigkit.tui.screens.actions import ActionsScreen


def test_review_lists_earlier_open_actions_oldest_first_with_overdue_marked(
    demo_store: Store,
) -> None:
    team = programme.find_team(demo_store, "Heart Failure at Home")
    rows = review.team_review(demo_store, team.id, 3)
    assert [r.action.workshop for r in rows] == [1, 2]
    assert [r.due_state for r in rows] == [review.OVERDUE, review.DUE_NOW]


def test_due_date_before_the_workshop_day_is_overdue() -> None:
    action = Action(workshop=2, team_id="t", text="Book a room", due="2026-11-10")
    assert review.due_state(action, 3, date(2026, 11, 24)) == review.OVERDUE
    assert review.due_state(action, 3, date(2026, 11, 10)) == review.DUE_NOW
    assert review.due_state(action, 3, date(2026, 11, 1)) == ""
    action.status = "done"
    assert review.due_state(action, 3, date(2026, 11, 24)) == ""


def test_programme_view_filters_open_actions_by_owner_and_cig(demo_store: Store) -> None:
    everyone = review.open_actions(demo_store, 3)
    assert len({r.team.id for r in everyone if r.team}) == 9
    grace = review.open_actions(demo_store, 3, owner="grace")
    assert [r.action.owner for r in grace] == ["Grace Mensah"]
    cig = programme.find_cig(demo_store, "Mental health")
    assert {r.cig.id for r in review.open_actions(demo_store, 3, cig_id=cig.id) if r.cig} == {
        cig.id}


async def open_review_for(app: CigkitApp, pilot: Pilot[None], team_name: str) -> ActionsScreen:
    app.move_to_team(programme.find_team(app.store, team_name).id)
    return await press_to(pilot, "f5", ActionsScreen)


async def test_action_from_workshop_2_is_reviewed_and_closed_at_workshop_3(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review_for(app, pilot, "Diabetes Foot Care")
        texts = [r.action.text for r in screen.rows.values()]
        assert texts[0].startswith("Draft the logic model") and texts[1].startswith("Book a room")
        assert "OVERDUE" in str(screen.table.get_row_at(1)[-1])
        assert "created at workshop 2" in str(screen.query_one("#actions-detail").render())
        first = screen.table.current_key()
        await pilot.press("d")
        await settle(pilot)
        assert screen.table.current_key() == first  # the cursor stays on the action changed
        history = str(screen.query_one("#actions-detail").render()).splitlines()[2:]
        assert history[0].startswith("  · done at workshop 3")  # the newest step shows first
        assert history[-1].startswith("  · created at workshop 2")
        await send_keys(pilot, "down", "x")
        await send_keys(pilot, "room no longer needed", "enter")
        assert "0 of 2 still to review" in str(screen.query_one("#actions-context").render())
    by_text = {a.text[:5]: a for a in app.store.where(Action, workshop=2,
                                                        team_id=app.team_id)}
    assert by_text["Draft"].status == "done"
    assert by_text["Draft"].history[-1]["workshop"] == 3
    assert by_text["Book "].status == "dropped"
    assert by_text["Book "].history[-1]["reason"] == "room no longer needed"


async def test_carried_action_stays_open_with_a_new_due_workshop(open_app: OpenApp) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review_for(app, pilot, "Heart Failure at Home")
        await send_keys(pilot, "c")
        await send_keys(pilot, "by w5", "enter")
        assert str(screen.table.get_row_at(0)[-1]) == "carried"
        await pilot.press("v")
        await pilot.pause()
        assert "All open actions" in str(screen.query_one("#actions-context").render())
    oldest = sorted(app.store.where(Action, team_id=app.team_id), key=lambda a: a.workshop)[0]
    assert (oldest.status, oldest.due_workshop) == ("open", 5)
    assert [h["status"] for h in oldest.history] == ["open", "carried"]


async def test_state_column_is_whole_at_80_columns_in_the_review_and_the_programme_view(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review_for(app, pilot, "Enhanced Primary Care")
        for key in "do":  # done, then reopened: the longest state a row can show
            await pilot.press(key)
            await settle(pilot)
        for view in ("review", "all open actions"):
            table = screen.table
            needed = sum(c.get_render_width(table) for c in table.columns.values())
            assert needed <= table.size.width - 2, view  # room left for the scrollbar
            states = {str(table.get_row_at(i)[-1]) for i in range(table.row_count)}
            assert ("reopened" if view == "review" else "OVERDUE") in states, view
            await pilot.press("v")
            await pilot.pause()
