"""A second launch on a folder nothing has changed in draws the workshop picker from what the
first launch showed and opens the folder just after; anything changed, and the folder is
read first as always. Either way the picker says the same, keys typed at once reach it, a
folder another cigkit holds is refused in the store's own sentence, and damage is told."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from conftest import DEVICE, FakeClock
from textual.widgets import OptionList

from cigkit.model import Note
from cigkit.services import day, setup
from cigkit.store import Store, StoreError
from cigkit.tui.app import CigkitApp
from cigkit.tui.launch import launch_app
from cigkit.tui.screens.picker import WorkshopPicker
from cigkit.tui.screens.run import RunScreen


def _settled(folder: Path) -> None:
    """Every file as if written a minute ago (a file changed in the last two seconds is
    never trusted to be unchanged)."""
    then = time.time() - 60
    for root, _, names in os.walk(folder):
        for name in names:
            os.utime(Path(root) / name, (then, then))


def _shown(app: CigkitApp) -> tuple[list[str], int | None]:
    listing = app.screen.query_one(OptionList)
    prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
    return prompts, listing.highlighted


async def _launch(demo_dir: Path, clock: FakeClock) -> tuple[bool, list[str], int | None]:
    """Open the app as `cigkit` does; was the folder still closed when it started, and what
    did its picker show?"""
    app = launch_app(demo_dir, now=clock)
    late = app._late is not None and app._late.opened is None
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WorkshopPicker)
        prompts, highlighted = _shown(app)
        await app.workers.wait_for_complete()
    app.close_store()
    return late, prompts, highlighted


async def test_a_second_launch_shows_the_same_picker_before_opening_the_folder(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    _settled(demo_dir)
    first = await _launch(demo_dir, fake_clock)
    second = await _launch(demo_dir, fake_clock)
    assert first[0] is False and second[0] is True
    assert second[1:] == first[1:]
    assert "Workshop" not in first[1][2] and first[2] == 2  # workshop 3, today's


async def test_keys_typed_before_the_folder_opens_reach_the_picker(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    _settled(demo_dir)
    await _launch(demo_dir, fake_clock)
    app = launch_app(demo_dir, now=fake_clock)
    assert app._late is not None
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")  # typed at once: workshop 4, then open it
        await pilot.pause()
        assert app.workshop_number == 4
        assert isinstance(app.screen, RunScreen)
        assert app._late.opened is not None and app.store.device == DEVICE
    app.close_store()


async def test_a_folder_changed_since_is_read_before_the_picker(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    _settled(demo_dir)
    await _launch(demo_dir, fake_clock)
    with Store.open(demo_dir) as store:  # another laptop's note arrives, a title changes
        store.save(Note(workshop=3, team_id="t", text="from table 2"))
        setup.set_workshop(store, 4, title="Day four anew")
    _settled(demo_dir)
    late, prompts, _ = await _launch(demo_dir, fake_clock)
    assert late is False
    assert "Day four anew" in prompts[3]
    late, again, _ = await _launch(demo_dir, fake_clock)
    assert late is True and again == prompts


async def test_a_new_day_or_a_clock_running_today_is_never_remembered(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    _settled(demo_dir)
    await _launch(demo_dir, fake_clock)
    fake_clock.moment = fake_clock.moment.replace(day=fake_clock.moment.day + 1)
    late, prompts, _ = await _launch(demo_dir, fake_clock)
    assert late is False and "not run" in prompts[2]  # workshop 3's day has passed
    fake_clock.moment = fake_clock.moment.replace(day=fake_clock.moment.day - 1)
    with Store.open(demo_dir) as store:
        day.record(store, 3, "start", at=fake_clock())
    _settled(demo_dir)
    for _ in range(2):  # its words change as the day goes on: read afresh every time
        late, prompts, _ = await _launch(demo_dir, fake_clock)
        assert late is False and "running today" in prompts[2]


async def test_a_folder_another_cigkit_holds_is_refused_in_the_stores_own_words(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    _settled(demo_dir)
    await _launch(demo_dir, fake_clock)
    with Store.open(demo_dir, device=DEVICE):  # this laptop's journal, held elsewhere
        app = launch_app(demo_dir, now=fake_clock)
        assert app._late is not None
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")  # typed at once: it asks for the folder first
            await pilot.pause()
        assert isinstance(app.open_error, StoreError)
        assert app.return_code == 2
        assert not (demo_dir / "logs").exists()  # no crash report: a refusal, in words
        app.close_store()


async def test_damage_is_told_when_the_picker_came_from_memory(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    journal = next((demo_dir / "journals").glob("*.jsonl"))
    with journal.open("ab") as handle:
        handle.write(b'{"v":2,"e":[{"t":"notes", damaged\n')
    _settled(demo_dir)
    await _launch(demo_dir, fake_clock)
    app = launch_app(demo_dir, now=fake_clock)
    assert app._late is not None
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        told = [str(n.title) for n in app._notifications]
        assert any("Damaged data" in title for title in told)
    app.close_store()


SECOND_LAUNCH = """
import sys
from pathlib import Path
from cigkit.tui.launch import launch_app

app = launch_app(Path(sys.argv[1]))
print(app._late is not None, sorted(m for m in ("cigkit.store", "cigkit.model", "tinydb")
                                    if m in sys.modules))
"""


async def test_a_picker_from_memory_needs_neither_the_store_nor_the_records_imported(
    demo_dir: Path,
) -> None:
    _settled(demo_dir)
    await _launch(demo_dir, FakeClock(datetime.now().astimezone()))
    done = subprocess.run([sys.executable, "-c", SECOND_LAUNCH, str(demo_dir)],
                          capture_output=True, text=True, check=False)
    assert done.stdout.split("\n")[0] == "True []", done.stderr
