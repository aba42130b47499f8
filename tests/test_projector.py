"""The projector view follows the facilitator's app from another process, read-only."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from conftest import FakeClock
from textual.pilot import Pilot
from textual.widgets import Digits, Static

from cigkit.services import day as day_service
from cigkit.store import Store
from cigkit.tui.projector import ProjectorApp
from cigkit.tui.widgets.clock import ClockFace


def block_title(app: ProjectorApp) -> str:
    return str(app.query_one("#projector-block", Static).render())


async def test_projector_follows_a_block_change_written_by_the_facilitators_store(
    demo_dir: Path, fake_clock: FakeClock
) -> None:
    facilitator = Store.open(demo_dir, device="facilitator-laptop")
    room = Store.open(demo_dir, writable=False)
    app = ProjectorApp(room, 3, now=fake_clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert block_title(app) == "Welcome and actions since workshop 2"
            assert app.query_one(Digits).value == "30:00"
            day_service.record(facilitator, 3, "start", at=fake_clock())
            day_service.record(facilitator, 3, "next", at=fake_clock() + timedelta(minutes=1))
            fake_clock.advance(minutes=11)
            app.poll()  # what the half-second timer does
            await pilot.pause()
            assert block_title(app).startswith("Input: PROGRESS-Plus")
            assert app.query_one(Digits).value == "20:00"
            assert not room.writable
    finally:
        facilitator.close()
        room.close()


async def test_projector_shows_the_table_prompts_and_never_rings(
    demo_dir: Path, fake_clock: FakeClock
) -> None:
    with Store.open(demo_dir) as store:
        day_service.record(store, 3, "goto", block=2, at=fake_clock())
        day_service.record(store, 3, "start", at=fake_clock())
    room = Store.open(demo_dir, writable=False)
    app = ProjectorApp(room, 3, now=fake_clock)
    rang: list[str] = []
    app.bell = lambda: rang.append("bell")  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            prompts = str(app.query_one("#projector-prompts", Static).render())
            assert "protected characteristics" in prompts
            fake_clock.advance(minutes=51)
            app.query_one(ClockFace).tick()
            await pilot.pause()
            assert app.query_one(Digits).value == "+1:00"
            assert rang == []
    finally:
        room.close()


def _projector(demo_dir: Path, fake_clock: FakeClock) -> ProjectorApp:
    with Store.open(demo_dir) as store:
        day_service.record(store, 3, "start", at=fake_clock() + timedelta(minutes=5))
        day_service.record(store, 3, "next", at=fake_clock() + timedelta(minutes=40))
        day_service.record(store, 3, "next", at=fake_clock() + timedelta(minutes=72))
    fake_clock.advance(minutes=120)  # 11:25: two minutes left of the first table discussion
    return ProjectorApp(Store.open(demo_dir, writable=False), 3, now=fake_clock)


async def _settle(pilot: Pilot[None]) -> None:
    await pilot.pause()


def test_projector_at_80x24_snapshot(snap_compare, demo_dir: Path,  # type: ignore[no-untyped-def]
                                     fake_clock: FakeClock) -> None:
    app = _projector(demo_dir, fake_clock)
    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=_settle)
    finally:
        app.store.close()


def test_projector_at_120x40_snapshot(snap_compare, demo_dir: Path,  # type: ignore[no-untyped-def]
                                      fake_clock: FakeClock) -> None:
    app = _projector(demo_dir, fake_clock)
    try:
        assert snap_compare(app, terminal_size=(120, 40), run_before=_settle)
    finally:
        app.store.close()
