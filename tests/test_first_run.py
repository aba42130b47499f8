"""`cigkit` on an empty or new folder opens a first-run screen: the demo, a roster, set-up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import DEMO_MORNING, FakeClock, send_keys, settle
from textual.widgets import Static

from cigkit.model import Team
from cigkit.services import programme
from cigkit.tui.app import make_app
from cigkit.tui.screens.first_run import FirstRunScreen
from cigkit.tui.screens.programme import ProgrammeScreen
from cigkit.tui.screens.run import RunScreen
from cigkit.tui.widgets.dialogs import Ask


def said(app: Any) -> str:
    """What the first-run screen says under its choices."""
    return str(app.screen.query_one("#first-result", Static).render())


async def test_a_new_folder_opens_on_the_first_run_screen_and_leaves_nothing_behind(
    data_dir: Path, fake_clock: FakeClock
) -> None:
    app = make_app(data_dir, now=fake_clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, FirstRunScreen)
            listing = app.screen.query_one("#first-choices")
            lines = [listing.render_line(y).text for y in range(listing.size.height)]
            assert [line.split(":")[0].strip() for line in lines] == [
                "▸ d  Open the demo", "r  Import a roster", "p  Set up a programme"]
            for key in ("f2", "f3", "f6"):  # nothing to show yet: it stays here, no crash
                await pilot.press(key)
                await pilot.pause()
                assert isinstance(app.screen, FirstRunScreen)
            await pilot.press("p")  # set up: the Programme screen, where n names it
            await pilot.pause()
            assert isinstance(app.screen, ProgrammeScreen), type(app.screen).__name__
    finally:
        app.store.close()
    assert not data_dir.exists(), "a folder nothing was saved in is removed again"


async def test_d_builds_the_demo_into_the_folder_and_opens_its_clock(
    data_dir: Path, fake_clock: FakeClock
) -> None:
    app = make_app(data_dir, now=fake_clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            await settle(pilot)
            assert isinstance(app.screen, RunScreen), type(app.screen).__name__
            assert app.workshop_number == 3
            assert len(programme.workshops(app.store)) == 8
    finally:
        app.store.close()
    assert (data_dir / "journals").is_dir()


async def test_r_imports_a_roster_and_says_what_to_do_next(
    data_dir: Path, tmp_path: Path, fake_clock: FakeClock
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("cig,team,member,role\nMental health,Crisis Cafe,Rosa Lima,"
                      "public advisor\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("cig,team,member,role\nMental health,Crisis Cafe,Rosa Lima,astronaut\n",
                   encoding="utf-8")
    app = make_app(data_dir, now=fake_clock)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, Ask)
            await send_keys(pilot, str(bad), "enter")
            hint = str(app.screen.query_one("#ask-hint").render())
            assert isinstance(app.screen, Ask) and "bad.csv:2" in hint, hint
            await send_keys(pilot, "ctrl+u", str(roster), "enter")
            await settle(pilot)
            await settle(pilot)
            # the import makes the eight workshops (undated): the app opens where they are
            # dated, on the first
            assert [t.name for t in app.store.all(Team)] == ["Crisis Cafe"]
            screen = app.screen
            assert isinstance(screen, ProgrammeScreen) and app.workshop_number == 1
            assert screen.view == "workshops"
            told = str(list(app._notifications)[-1].message)
            assert told.startswith("Created") and "e on a workshop sets its date" in told
            await send_keys(pilot, "e")
            await settle(pilot)
            await send_keys(pilot, "ctrl+u", "2027-01-12", "enter")
            await settle(pilot)
            first = programme.workshops(app.store)[0]
            assert first.date == "2027-01-12"
    finally:
        app.store.close()


async def test_a_programme_set_up_on_another_laptop_opens_when_it_arrives(
    data_dir: Path, fake_clock: FakeClock
) -> None:
    from cigkit.services.demo import create_demo
    from cigkit.store import Store

    app = make_app(data_dir, now=fake_clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, FirstRunScreen)
            with Store.open(data_dir, device="other-laptop") as other:
                create_demo(other, now=DEMO_MORNING, live=False)
            app.poll_store()
            await settle(pilot)
            await settle(pilot)
            assert isinstance(app.screen, RunScreen)
    finally:
        app.store.close()
