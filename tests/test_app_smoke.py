"""The app opens on the demo programme and the workshop picker leads to the clock."""

from __future__ import annotations

from pathlib import Path

from cigkit.tui.app import make_app


async def test_app_opens_on_picker_with_workshop_3_preselected(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        from textual.widgets import OptionList

        listing = app.screen.query_one(OptionList)
        assert listing.highlighted == 2
        await pilot.press("enter")
        await pilot.pause()
        assert app.workshop_number == 3
    app.store.close()
