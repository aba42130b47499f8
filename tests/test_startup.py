"""The app's first frame is the workshop picker, and it waits for nothing the picker does not
need: the screens' styles come with the first full screen, the modules of undo, set-up,
conflicts and export with their first use, and the cycle collector is back on once the
first frame is on screen (bench/startup.py measures the time; these check the work)."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from conftest import FakeClock

from cigkit.tui.app import make_app
from cigkit.tui.screens.base import STYLES
from cigkit.tui.screens.picker import WorkshopPicker
from cigkit.tui.screens.run import RunScreen

SCREEN_STYLES = ("run.tcss", "log.tcss", "checklist.tcss", "screens.tcss")


def _read(app: object, name: str) -> bool:
    return bool(app.stylesheet.has_source(str(STYLES / name), ""))  # type: ignore[attr-defined]


async def test_the_picker_opens_before_the_screens_styles_are_read_and_the_clock_has_them(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    app = make_app(demo_dir, now=fake_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WorkshopPicker)
        assert not any(_read(app, name) for name in SCREEN_STYLES)
        await pilot.press("enter")  # workshop 3, today's
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert all(_read(app, name) for name in SCREEN_STYLES)
        title = app.screen.query_one("#block-title")
        assert title.styles.max_height is not None and title.styles.max_height.value == 2
    app.store.close()


FIRST_FRAME = """
import asyncio, sys
from pathlib import Path
from cigkit.tui.app import make_app

LATER = ("jinja2", "markdown_it", "cigkit.services.export", "cigkit.services.undo",
         "cigkit.services.logbook", "cigkit.services.setup", "cigkit.services.conflicts",
         "cigkit.services.sync", "cigkit.services.drafts", "cigkit.tui.commands",
         "cigkit.tui.widgets.form", "cigkit.tui.screens.run", "cigkit.tui.screens.log",
         "cigkit.clock")


async def main() -> None:
    app = make_app(Path(sys.argv[1]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print(type(app.screen).__name__)
        print(sorted(name for name in LATER if name in sys.modules))
    app.store.close()


asyncio.run(main())
"""


def test_opening_the_app_on_the_picker_imports_only_what_the_picker_needs(
    demo_dir: Path,
) -> None:
    done = subprocess.run([sys.executable, "-c", FIRST_FRAME, str(demo_dir)],
                          capture_output=True, text=True, check=False)
    assert done.stdout.split("\n")[:2] == ["WorkshopPicker", "[]"], done.stderr


async def test_the_collector_is_on_again_once_the_first_frame_is_shown(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    """`cigkit` turns the collector off before importing the app; the app turns it on."""
    gc.disable()
    try:
        app = make_app(demo_dir, now=fake_clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, WorkshopPicker)
            await pilot.pause(app.SETTLE_S + 0.3)
            assert gc.isenabled()
        app.store.close()
    finally:
        gc.enable()
