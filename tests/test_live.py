"""Two laptops on one synced folder, both apps open: each sees the other's changes in place."""

from __future__ import annotations

from pathlib import Path

from conftest import FakeClock, press_to, send_keys, settle, type_lines
from textual.pilot import Pilot
from textual.widgets import Input

from cigkit.model import Action
from cigkit.services import programme
from cigkit.tui.app import CigkitApp, make_app
from cigkit.tui.screens.actions import ActionsScreen
from cigkit.tui.screens.log import LogScreen
from cigkit.tui.widgets.log_list import LogList


async def look_for_changes(app: CigkitApp, pilot: Pilot[None]) -> None:
    """What the app does every REFRESH_S seconds, done now."""
    app.poll_store()
    await settle(pilot)


async def test_an_entry_and_an_action_changed_on_one_laptop_appear_on_the_other(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    a = make_app(demo_dir, device="a", now=fake_clock, workshop=3)
    b = make_app(demo_dir, device="b", now=fake_clock, workshop=3)
    team = programme.find_team(a.store, "Diabetes Foot Care")
    try:
        async with a.run_test(size=(80, 24)) as pa, b.run_test(size=(80, 24)) as pb:
            for app, pilot in ((a, pa), (b, pb)):
                app.move_to_team(team.id)
                await press_to(pilot, "f3", LogScreen)
            await send_keys(pb, "Half a thought")
            await type_lines(pa, "Typed on laptop A")
            await look_for_changes(b, pb)
            rows = b.screen.query_one(LogList).lines()
            assert any("Typed on laptop A" in row for row in rows)
            box = b.screen.query_one("#log-input", Input)
            assert (box.value, box.has_focus) == ("Half a thought", True)  # never touched

            review_a = await press_to(pa, "f5", ActionsScreen)
            review_b = await press_to(pb, "f5", ActionsScreen)
            await send_keys(pb, "down")  # B looks at the second action meanwhile
            looking_at = review_b.table.current_key()
            first = review_a.table.current_key()
            assert first is not None and first != looking_at
            await send_keys(pa, "d")
            await look_for_changes(b, pb)
            assert review_b.rows[first].reviewed_here == "done"
            assert str(review_b.table.get_row_at(0)[-1]) == "done"
            assert review_b.table.current_key() == looking_at  # the cursor stayed
    finally:
        a.store.close()
        b.store.close()
    with make_app(demo_dir, device="c").store as store:
        done = store.get(Action, first)
        assert done is not None and done.status == "done" and done.device == "a"
