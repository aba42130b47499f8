"""The app opens on the demo programme and the workshop picker leads to the clock; the keys
that work everywhere are on every screen at 80 columns."""

from __future__ import annotations

from pathlib import Path

from conftest import FakeClock, OpenApp
from textual.binding import Binding
from textual.widgets import OptionList

from cigkit.tui.app import CigkitApp, make_app
from cigkit.tui.widgets.nav_bar import NavBar, nav_text, places_of

# Every place a facilitator or note-taker reaches, how, and the place marked in the nav line.
PLACES = [
    ("f2", (), "[F2 Clock]"),
    ("f2", ("a",), "[F2 Clock]"),  # attendance, opened from the clock
    ("f3", (), "[F3 Notes]"),
    ("f3", ("ctrl+l",), "[F3 Notes]"),  # the timeline, opened from the notes
    ("f4", (), "[F4 Checklist]"),
    ("f5", (), "[F5 Actions]"),
    ("f7", (), "[F7 Overview]"),
    ("f8", (), "[F8 Programme]"),
    ("f8", ("y",), "[F8 Programme]"),  # attendance over the year, opened on the programme
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
    """How the nav line writes an app key: 'F2 Clock', '^E Export'."""
    key = binding.key.upper() if binding.key.startswith("f") else "^" + binding.key[-1].upper()
    return f"{key} {binding.description}".replace("Workshop", "W3")


NAV_KEYS = [b for b in CigkitApp.BINDINGS if isinstance(b, Binding) and b.id and not b.show]


async def test_every_screen_shows_every_app_wide_key_at_80_columns(open_app: OpenApp) -> None:
    """The nav line holds every app key with an id at 110 columns; at 80 the ones it has no
    room for (programme, export) are in the help and the palette, never help, quit or the
    screen's own."""
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for key, then, marked in PLACES:
            await pilot.press(key, *then)
            await pilot.pause()
            [bar] = app.screen.query(NavBar)
            line = str(bar.render())
            assert len(line) <= 80 and bar.region.y == 0
            # no room at 80 columns (but on its own screen): the programme, then export; on
            # the programme screen, the overview too
            spare = {"export", "programme"} | ({"overview"} if bar.current == "programme"
                                                else set())
            for binding in NAV_KEYS:
                if binding.id not in spare or bar.current == binding.id:
                    assert _key_words(binding) in line, (type(app.screen).__name__, line)
            assert marked in line and line.count("[") == 1, (type(app.screen).__name__, line)
            assert line.startswith("F1 Help")
            wide = str(nav_text(bar.current, 3, 110, places_of(CigkitApp)))
            for binding in NAV_KEYS:
                assert _key_words(binding).replace("W3", "Workshop 3") in wide, wide
        assert len(app.screen_stack) == 2  # the programme, and the year opened on it


async def test_app_wide_keys_are_in_the_command_palette(open_app: OpenApp) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)):
        titles = " ".join(c.title for c in app.get_system_commands(app.screen)).lower()
        for word in ("clock", "notes", "checklist", "actions", "workshop", "overview", "export",
                     "help", "quit", "high-contrast theme", "set up the programme",
                     "report-back", "conflicts"):
            assert word in titles  # (the palette's search ignores case too)
        quits = [c for c in app.get_system_commands(app.screen) if c.title == "Quit"]
        assert len(quits) == 1  # ours, which waits for the saves, not Textual's


async def test_ctrl_q_quits_from_the_workshop_picker(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0  # it has exited
    app.store.close()
