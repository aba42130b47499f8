"""The app opens on the demo programme and the workshop picker leads to the clock; the keys
that work everywhere are on every screen at 80 columns."""

from __future__ import annotations

from pathlib import Path

from conftest import FakeClock, OpenApp
from textual.binding import Binding
from textual.widgets import OptionList

from cigkit.tui.app import CigkitApp, make_app
from cigkit.tui.widgets.nav_bar import CUT_LABELS, NavBar

# Every place a facilitator or note-taker reaches, how, and the place marked in the nav line.
PLACES = [
    ("f2", (), "[F2 Clock]"),
    ("f2", ("a",), "[F2 Clock]"),  # attendance, opened from the clock
    ("f3", (), "[F3 Notes]"),
    ("f3", ("ctrl+l",), "[F3 Notes]"),  # the timeline, opened from the notes
    ("f4", (), "[F4 Check]"),
    ("f5", (), "[F5 Actions]"),
    ("f7", (), "[F7 Overv]"),
    ("f8", (), "[F8 Prog]"),
    ("f8", ("y",), "[F8 Prog]"),  # attendance over the year, opened on the programme
]


async def test_app_opens_on_picker_with_workshop_3_preselected(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    app = make_app(demo_dir, now=fake_clock)  # the demo's workshop 3 is today
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        listing = app.screen.query_one(OptionList)
        assert listing.highlighted == 2
        await pilot.press("enter")
        await pilot.pause()
        assert app.workshop_number == 3
    app.store.close()


def _key_words(binding: Binding) -> str:
    """How the nav line writes an app key at 80 columns: 'F2 Clock', '^E Export', 'F8 Prog'."""
    key = binding.key.upper() if binding.key.startswith("f") else "^" + binding.key[-1].upper()
    label = CUT_LABELS.get(binding.description, binding.description)
    return f"{key} {label}".replace("Workshop", "W3")


# Opened from anywhere by their key and from the palette, not named in the nav line (no room).
NOT_IN_NAV = {"f9", "f10"}


async def test_every_screen_shows_every_app_wide_key_at_80_columns(open_app: OpenApp) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for key, then, marked in PLACES:
            await pilot.press(key, *then)
            await pilot.pause()
            [bar] = app.screen.query(NavBar)
            line = str(bar.render())
            assert len(line) <= 80 and bar.region.y == 0
            for binding in CigkitApp.BINDINGS:
                assert isinstance(binding, Binding)
                if not binding.show and binding.key not in NOT_IN_NAV:  # the rest: Footer
                    assert _key_words(binding) in line, (type(app.screen).__name__, line)
            assert marked in line and line.count("[") == 1, (type(app.screen).__name__, line)
        assert len(app.screen_stack) == 2  # the programme, and the year opened on it


async def test_app_wide_keys_are_in_the_command_palette(open_app: OpenApp) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)):
        titles = " ".join(c.title for c in app.get_system_commands(app.screen))
        for word in ("Clock", "Notes", "Checklist", "Actions", "Workshop", "Overview", "Export"):
            assert word in titles


async def test_ctrl_q_quits_from_the_workshop_picker(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0  # it has exited
    app.store.close()
