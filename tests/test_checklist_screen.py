"""The checklist screen and the overview, walked with the keyboard at the demo's workshop 3."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from conftest import OpenApp, press_to, send_keys, settle
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from cigkit.services import day, programme
from cigkit.services import team_checklist as tc
from cigkit.store import Store
from cigkit.tui.screens.checklist import ChecklistScreen
from cigkit.tui.screens.checklist_dialogs import PassportForm
from cigkit.tui.screens.overview import OverviewScreen
from cigkit.tui.widgets.dialogs import ReasonPrompt


def _text(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def _option_ids(screen: Any) -> list[str | None]:
    return [o.id for o in screen.query_one("#checklist-items", OptionList).options]


async def _open_team(pilot: Pilot[None], app: Any, name: str) -> ChecklistScreen:
    app.move_to_team(programme.find_team(app.store, name).id)
    return await press_to(pilot, "f4", ChecklistScreen)


async def _highlight(pilot: Any, screen: ChecklistScreen, item_id: str) -> None:
    listing = screen.query_one("#checklist-items", OptionList)
    while listing.highlighted_option is None or listing.highlighted_option.id != item_id:
        await pilot.press("down")
    await pilot.pause()


async def test_walking_the_checklist_at_workshop_3_lists_a_change_since_workshop_2(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_team(pilot, app, "Diabetes Foot Care")
        assert "Since workshop 2" in _text(screen, "#checklist-moved")
        assert "nothing moved yet" in _text(screen, "#checklist-moved")
        await _highlight(pilot, screen, "design-outcomes")
        assert "longer-term outcomes" in _text(screen, "#checklist-detail")
        await pilot.press("p")
        await settle(pilot)
        moved = _text(screen, "#checklist-moved")
        assert "Since workshop 2" in moved
        # the item's question, not its id ("design-outcomes")
        assert "◐ Have we chosen longer-term outcomes" in moved
        assert "\n  not started > in progress" in moved and "design-outcomes" not in moved
        await pilot.press("e")
        field = screen.query_one("#checklist-evidence", Input)
        assert field.has_focus
        await send_keys(pilot, "Outcomes by IMD", "enter")
        entry = tc.entry(app.store, app.team_id or "", "design-outcomes")
        assert entry is not None
        assert (entry.status, entry.evidence, entry.workshop) == (
            "in progress", "Outcomes by IMD", 3)
        assert screen.query_one("#checklist-items", OptionList).has_focus


async def test_not_applicable_asks_for_a_reason_and_escape_changes_nothing(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_team(pilot, app, "Crisis Cafe")
        await _highlight(pilot, screen, "data-protected")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ReasonPrompt)
        await pilot.press("escape")
        await settle(pilot)
        assert tc.entry(app.store, app.team_id or "", "data-protected") is None
        await pilot.press("x")
        await pilot.pause()
        await send_keys(pilot, "No data held", "enter")
        entry = tc.entry(app.store, app.team_id or "", "data-protected")
        assert entry is not None and (entry.status, entry.reason) == (
            "not applicable", "No data held")


async def test_items_of_the_current_table_discussion_come_first(
    demo_dir: Path, fake_clock: Any, open_app: OpenApp
) -> None:
    with Store.open(demo_dir) as store:
        start = day.day(store, 3).start
        day.record(store, 3, "start", at=start)
        day.record(store, 3, "goto", block=2, at=start + timedelta(minutes=60))
    fake_clock.moment = start + timedelta(minutes=70)
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_team(pilot, app, "Diabetes Foot Care")
        assert _option_ids(screen)[:3] == [None, "data-progress-plus", "data-protected"]
        listing = screen.query_one("#checklist-items", OptionList)
        assert "In focus now: Tables" in str(listing.options[0].prompt)
        assert _option_ids(screen).count("data-protected") == 1
        assert listing.highlighted_option is not None
        assert listing.highlighted_option.id == "data-progress-plus"


async def test_passport_rated_from_the_checklist_is_saved_for_today(open_app: OpenApp) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_team(pilot, app, "Crisis Cafe")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, PassportForm)
        for score in "453423":
            await pilot.press(score, "enter")
        await send_keys(pilot, "Lively table", "enter")
        assert app.screen is screen
        today = tc.passport_ratings(app.store, app.team_id or "", 3)
        assert [today[d].score for d in ("communication", "self-efficacy", "access")] == [4, 5, 3]
        assert today["access"].note == "Lively table"


async def test_overview_opens_from_the_checklist_and_enter_opens_a_team(open_app: OpenApp) -> None:
    app = open_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_team(pilot, app, "Diabetes Foot Care")
        await pilot.press("o")
        await pilot.pause()
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        assert "CIG Long-term conditions" in _text(overview, "#overview-title")
        assert len(overview.query_one("#overview-matrix", OptionList).options) == 3
        await pilot.press("c")
        await pilot.pause()
        assert len(overview.query_one("#overview-matrix", OptionList).options) == 9
        assert "No public advisor among the team's members" in _text(overview, "#overview-flags")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        assert app.team_id == programme.find_team(app.store, "Heart Failure at Home").id
        assert "Heart Failure at Home" in _text(app.screen, "#checklist-title")


def test_overview_matrix_at_120_by_40(open_app: OpenApp, snap_compare: Any) -> None:
    app = open_app()

    async def open_overview(pilot: Any) -> None:
        app.move_to_team(programme.find_team(app.store, "Diabetes Foot Care").id)
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("o", "c")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_overview)
