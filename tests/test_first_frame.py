"""A second launch draws the workshop picker from what the first launch showed and opens the
folder just after, even when notes were typed or another laptop changed a workshop since:
then the picker shows in place what changed, the same workshop highlighted. A new day, a new
laptop's journal, and the folder is read first as always. Either way keys typed at once
reach the picker and open the workshop chosen as the folder has it now, a folder another
cigkit holds is refused in the store's own sentence, and damage is told."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from conftest import DEVICE, FakeClock
from textual.widgets import OptionList

from cigkit.errors import UserError
from cigkit.model import Note, Workshop
from cigkit.services import day, setup
from cigkit.store import Store, StoreError
from cigkit.tui.app import CigkitApp
from cigkit.tui.launch import launch_app
from cigkit.tui.screens.first_run import FirstRunScreen
from cigkit.tui.screens.picker import WorkshopPicker
from cigkit.tui.screens.run import RunScreen
from cigkit.tui.widgets.dialogs import PickOne

Shown = tuple[list[str], int | None]


def _settled(folder: Path) -> None:
    """Every file as if written a minute ago (a file changed in the last two seconds is
    never trusted to be unchanged)."""
    then = time.time() - 60
    for root, _, names in os.walk(folder):
        for name in names:
            os.utime(Path(root) / name, (then, then))


def _shown(app: CigkitApp) -> Shown:
    listing = app.screen.query_one(OptionList)
    prompts = [str(listing.get_option_at_index(i).prompt)[2:]  # after the ▸ mark
               for i in range(listing.option_count)]
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


def _watch_the_opening(app: CigkitApp) -> list[Shown]:
    """What the picker shows at the moment the folder is first asked for, once it is."""
    late = app._late
    assert late is not None and late.opened is None
    seen: list[Shown] = []
    get = late.get

    def watched(refused: Callable[[UserError], None]) -> Store:
        if late.opened is None and not seen:
            seen.append(_shown(app))
        return get(refused)

    late.get = watched  # type: ignore[method-assign]
    return seen


def _from_table_2(demo_dir: Path, change: Callable[[Store], object]) -> None:
    """Another laptop's change, arriving in its journal (which this folder already has)."""
    with Store.open(demo_dir, device="table-2") as store:
        change(store)
    _settled(demo_dir)


async def _launch_from_memory(demo_dir: Path, clock: FakeClock) -> tuple[Shown, Shown]:
    """Open the app as `cigkit` does, its picker from memory: what the picker showed when
    the folder was first asked for, and what it shows once all is done."""
    app = launch_app(demo_dir, now=clock)
    seen = _watch_the_opening(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        settled = _shown(app)
    app.close_store()
    assert len(seen) == 1
    return seen[0], settled


async def test_after_notes_were_typed_the_picker_still_comes_from_memory_first(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    _settled(demo_dir)
    _, *remembered = await _launch(demo_dir, fake_clock)
    with Store.open(demo_dir, device=DEVICE) as store:  # a session of typing notes here
        store.save(Note(workshop=3, team_id="t", text="typed in workshop 3"))
    _settled(demo_dir)
    first, settled = await _launch_from_memory(demo_dir, fake_clock)
    assert first == settled == tuple(remembered)  # on screen before the folder was read


async def test_a_workshop_changed_on_another_laptop_is_put_right_on_the_picker_in_place(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    _from_table_2(demo_dir, lambda store: store.save(Note(workshop=1, team_id="t", text="x")))
    _, remembered, highlighted = await _launch(demo_dir, fake_clock)
    assert highlighted == 2 and "planned for today" in remembered[2]  # workshop 3, today's

    def start_workshop_4_renamed(store: Store) -> None:
        setup.set_workshop(store, 4, title="Day four anew")
        setup.run_now(store, 4, fake_clock())

    _from_table_2(demo_dir, start_workshop_4_renamed)
    first, (prompts, now_highlighted) = await _launch_from_memory(demo_dir, fake_clock)
    assert first == (remembered, highlighted)
    assert "Day four anew" in prompts[3] and "running today" in prompts[3]
    assert "Day four anew" not in remembered[3]
    assert prompts[:3] == remembered[:3]
    # Nobody moved the cursor from workshop 3, the one memory preselected: it moves to 4,
    # now the one running, as a launch that read the folder first would have it.
    assert now_highlighted == 3
    first, _ = await _launch_from_memory(demo_dir, fake_clock)  # remembered anew
    assert first == (prompts, 3)  # workshop 4 runs: the next launch starts on it


async def test_enter_typed_at_once_opens_the_workshop_as_the_folder_has_it_now(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    _from_table_2(demo_dir, lambda store: store.save(Note(workshop=1, team_id="t", text="x")))
    _, remembered, highlighted = await _launch(demo_dir, fake_clock)
    assert highlighted == 2 and "planned for today" in remembered[2]
    _from_table_2(demo_dir, lambda store: setup.set_workshop(store, 3, on="2026-11-20"))
    app = launch_app(demo_dir, now=fake_clock)
    assert app._late is not None and app._late.opened is None
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # typed at once: workshop 3, planned for today it said
        await pilot.pause()
        # The folder says workshop 3's day passed: what now? (not opened as remembered)
        assert isinstance(app.screen, PickOne) and not isinstance(app.screen, WorkshopPicker)
        assert app.screen.question.startswith("Workshop 3 was planned for Fri 20 Nov")
        await pilot.press("down", "down", "enter")  # open it as it is
        await pilot.pause()
        assert app.workshop_number == 3
        assert isinstance(app.screen, RunScreen)
    app.close_store()


async def test_a_programme_removed_on_another_laptop_opens_on_the_first_run_screen(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    _from_table_2(demo_dir, lambda store: store.save(Note(workshop=1, team_id="t", text="x")))
    await _launch(demo_dir, fake_clock)

    def remove_every_workshop(store: Store) -> None:
        for workshop in store.all(Workshop):
            store.delete(workshop)

    _from_table_2(demo_dir, remove_every_workshop)
    app = launch_app(demo_dir, now=fake_clock)
    assert app._late is not None and app._late.opened is None
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, FirstRunScreen)
    app.close_store()


async def test_a_new_laptops_journal_is_read_before_the_picker(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    _settled(demo_dir)
    await _launch(demo_dir, fake_clock)
    _from_table_2(demo_dir, lambda store: setup.set_workshop(store, 4, title="Day four anew"))
    late, prompts, _ = await _launch(demo_dir, fake_clock)
    assert late is False and "Day four anew" in prompts[3]
    late, again, _ = await _launch(demo_dir, fake_clock)
    assert late is True and again == prompts


async def test_a_new_day_is_read_before_the_picker_and_a_clock_running_today_is_not(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    _settled(demo_dir)
    await _launch(demo_dir, fake_clock)
    fake_clock.moment = fake_clock.moment.replace(day=fake_clock.moment.day + 1)
    late, prompts, _ = await _launch(demo_dir, fake_clock)
    assert late is False and "not run" in prompts[2]  # workshop 3's day has passed
    fake_clock.moment = fake_clock.moment.replace(day=fake_clock.moment.day - 1)
    await _launch(demo_dir, fake_clock)
    with Store.open(demo_dir) as store:
        day.record(store, 3, "start", at=fake_clock())
    _settled(demo_dir)
    first, (prompts, _) = await _launch_from_memory(demo_dir, fake_clock)
    assert "running today" not in first[0][2] and "running today" in prompts[2]  # put right
    first, _ = await _launch_from_memory(demo_dir, fake_clock)  # and remembered as it was
    assert first[0] == prompts


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


async def test_a_cursor_moved_before_the_folder_opened_stays_where_it_was_moved(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    """Only a cursor nobody moved follows the workshop to open now: one the facilitator
    moved (Down, to workshop 2, before the folder was read) stays on their choice."""
    _from_table_2(demo_dir, lambda store: store.save(Note(workshop=1, team_id="t", text="x")))
    _, remembered, highlighted = await _launch(demo_dir, fake_clock)
    assert highlighted == 2
    _from_table_2(demo_dir, lambda store: setup.run_now(store, 4, fake_clock()))
    app = launch_app(demo_dir, now=fake_clock)
    late = app._late
    assert late is not None
    get = late.get

    def moved_first(refused: Callable[[UserError], None]) -> Store:
        if late.opened is None:
            app.screen.query_one(OptionList).highlighted = 1  # the facilitator's choice
        return get(refused)

    late.get = moved_first  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        prompts, now_highlighted = _shown(app)
    app.close_store()
    assert "running today" in prompts[3] and "running today" not in remembered[3]
    assert now_highlighted == 1
