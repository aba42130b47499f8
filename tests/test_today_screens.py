"""The screens count from the app's today: a workshop whose day passed without it being run
says so in the picker and is run today or moved; "overdue" is counted from today."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from conftest import FakeClock, press_to, send_keys, settle
from textual.widgets import Input, OptionList

from cigkit.model import Action
from cigkit.services import day, programme
from cigkit.tui.app import make_app
from cigkit.tui.screens.actions import ActionsScreen
from cigkit.tui.screens.picker import WorkshopPicker
from cigkit.tui.widgets.dialogs import PickOne
from cigkit.tui.widgets.form import Form


def two_days_late(fake_clock: FakeClock) -> FakeClock:
    """Thursday 26 Nov: workshop 3 was planned for Tuesday 24 Nov and never run."""
    fake_clock.advance(days=2)
    return fake_clock


async def test_the_picker_names_a_workshop_never_run_and_runs_it_today(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    now = two_days_late(fake_clock)
    app = make_app(demo_dir, now=now)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            picker = app.screen
            assert isinstance(picker, WorkshopPicker)
            listing = picker.query_one(OptionList)
            line = str(listing.get_option_at_index(listing.highlighted or 0).prompt)
            assert line.startswith("▸ 3  planned for Tue 24 Nov, not run")
            await send_keys(pilot, "enter")
            offer = app.screen
            assert isinstance(offer, PickOne) and "not run. What now?" in offer.question
            await send_keys(pilot, "enter")  # the first choice: run it today
            await settle(pilot)
            assert app.workshop_number == 3
            assert day.ran_on(app.store, 3) == now().date()
            assert not isinstance(app.screen, PickOne)
    finally:
        app.store.close()


async def test_the_picker_moves_a_workshop_never_run_to_another_date(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    app = make_app(demo_dir, now=two_days_late(fake_clock))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await send_keys(pilot, "enter")
            assert isinstance(app.screen, PickOne)
            await send_keys(pilot, "down", "enter")  # move it
            form = app.screen
            assert isinstance(form, Form)
            form.query_one("#form-date", Input).value = "27 Nov"
            await send_keys(pilot, "enter")
            assert form.problem == "The date '27 Nov' is not a date written YYYY-MM-DD."
            form.query_one("#form-date", Input).value = "2026-11-27"
            await send_keys(pilot, "enter")
            await settle(pilot)
            picker = app.screen
            assert isinstance(picker, WorkshopPicker)  # the facilitator picks again
            lines = [str(o.prompt) for o in picker.query_one(OptionList).options]
            assert lines[2][2:].startswith("3  planned for Fri 27 Nov, tomorrow")
            assert programme.workshop(app.store, 3).date == "2026-11-27"
            assert day.ran_on(app.store, 3) is None
    finally:
        app.store.close()


async def test_an_action_due_yesterday_is_overdue_on_the_day_a_late_workshop_is_held(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    now = two_days_late(fake_clock)
    app = make_app(demo_dir, now=now, workshop=3)
    team = programme.find_team(app.store, "Diabetes Foot Care")
    yesterday = (now() - timedelta(days=1)).date().isoformat()
    action = app.store.save(Action(workshop=2, team_id=team.id, text="Send the survey",
                                   due=yesterday))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            app.move_to_team(team.id)
            review = await press_to(pilot, "f5", ActionsScreen)
            assert str(review.table.get_row_at(list(review.rows).index(action.id))[-1]) == "OVERDUE"
    finally:
        app.store.close()
