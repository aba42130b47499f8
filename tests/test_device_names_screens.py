"""Which laptop an entry came from, by the name people gave it ("Table 2")."""

from __future__ import annotations

from pathlib import Path

from conftest import FakeClock, press_to, send_keys, settle, type_lines

from cigkit.model import Note
from cigkit.services import devices, logbook, programme
from cigkit.store import Store
from cigkit.tui.app import make_app
from cigkit.tui.screens.log import LogScreen
from cigkit.tui.screens.timeline import TimelineScreen
from cigkit.tui.widgets.log_list import LogList


async def test_the_notes_and_timeline_name_the_laptop_an_entry_came_from(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    with Store.open(demo_dir, device="b") as other:
        devices.set_device_name(other, "Table 2")
    a = make_app(demo_dir, device="a", now=fake_clock, workshop=3)
    b = make_app(demo_dir, device="b", now=fake_clock, workshop=3)
    team = programme.find_team(a.store, "Crisis Cafe")
    try:
        async with a.run_test(size=(80, 24)) as pa, b.run_test(size=(80, 24)) as pb:
            for app, pilot in ((a, pa), (b, pb)):
                app.move_to_team(team.id)
                await press_to(pilot, "f3", LogScreen)
            await type_lines(pb, "Typed at table two")
            await type_lines(pa, "Typed at the front")
            a.poll_store()
            await settle(pa)
            rows = a.screen.query_one(LogList).lines()
            assert any("Typed at table two" in r and r.endswith("· from Table 2") for r in rows)
            assert any("Typed at the front" in r and "from" not in r for r in rows)
            await send_keys(pa, "ctrl+l")
            timeline = a.screen
            assert isinstance(timeline, TimelineScreen)
            cells = {str(row[-1]): str(row[1]) for row in (
                timeline.table.get_row_at(i) for i in range(timeline.table.row_count))}
            assert cells["Typed at table two"] == "Table 2"
            assert cells["Typed at the front"] == "this laptop"
    finally:
        a.store.close()
        b.store.close()


async def test_an_entry_changed_on_this_laptop_still_names_the_table_it_came_from(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    with Store.open(demo_dir, device="b") as other:
        devices.set_device_name(other, "Table 2")
        team = programme.find_team(other, "Crisis Cafe")
        note = logbook.log_entry(other, "question", 3, team.id, "Asked at table two")
    with Store.open(demo_dir, device="a") as here:
        found = here.get(Note, note.id)
        assert found is not None
        found.text = "Asked at table two, answered at the front"
        here.save(found)
    a = make_app(demo_dir, device="a", now=fake_clock, workshop=3)
    try:
        async with a.run_test(size=(80, 24)) as pa:
            a.move_to_team(team.id)
            await press_to(pa, "f3", LogScreen)
            rows = a.screen.query_one(LogList).lines()
            assert any("answered at the front" in r and r.endswith("· from Table 2")
                       for r in rows), rows
            await send_keys(pa, "ctrl+l")
            timeline = a.screen
            assert isinstance(timeline, TimelineScreen)
            cells = {str(row[-1]): str(row[1]) for row in (
                timeline.table.get_row_at(i) for i in range(timeline.table.row_count))}
            assert cells["Asked at table two, answered at the front"] == "Table 2"
    finally:
        a.store.close()
