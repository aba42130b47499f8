"""The projector view follows the facilitator's app from another process, read-only."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import FakeClock, OpenApp, settle
from textual.pilot import Pilot
from textual.widgets import Static

from cigkit.services import day as day_service
from cigkit.store import Store
from cigkit.tui.projector import ProjectorApp
from cigkit.tui.widgets.big_digits import BigDigits
from cigkit.tui.widgets.clock import ClockFace


def block_title(app: ProjectorApp) -> str:
    return str(app.query_one("#projector-block", Static).render())


async def test_projector_follows_a_block_change_written_by_the_facilitators_store(
    demo_dir: Path, fake_clock: FakeClock
) -> None:
    facilitator = Store.open(demo_dir, device="facilitator-laptop")
    room = Store.open(demo_dir, writable=False)
    app = ProjectorApp(room, 3, follow=False, now=fake_clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert block_title(app) == "Welcome and actions since workshop 2"
            assert app.query_one(BigDigits).text == "30:00"
            day_service.record(facilitator, 3, "start", at=fake_clock())
            day_service.record(facilitator, 3, "next", at=fake_clock() + timedelta(minutes=1))
            fake_clock.advance(minutes=11)
            app.poll()  # what the half-second timer does
            await pilot.pause()
            assert block_title(app).startswith("Input: PROGRESS-Plus")
            assert app.query_one(BigDigits).text == "20:00"
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
    app = ProjectorApp(room, 3, follow=False, now=fake_clock)
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
            assert app.query_one(BigDigits).text == "+1:00"
            assert rang == []
    finally:
        room.close()


def _projector(demo_dir: Path, fake_clock: FakeClock) -> ProjectorApp:
    with Store.open(demo_dir) as store:
        day_service.record(store, 3, "start", at=fake_clock() + timedelta(minutes=5))
        day_service.record(store, 3, "next", at=fake_clock() + timedelta(minutes=40))
        day_service.record(store, 3, "next", at=fake_clock() + timedelta(minutes=72))
    fake_clock.advance(minutes=120)  # 11:25: two minutes left of the first table discussion
    return ProjectorApp(Store.open(demo_dir, writable=False), 3, follow=False, now=fake_clock)


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


def text_of(app: ProjectorApp, name: str) -> str:
    return str(app.query_one(f"#projector-{name}", Static).render())


@pytest.mark.parametrize("size,tallest", [((120, 40), 40 // 3 + 1), ((80, 24), 8)])
async def test_the_time_is_a_third_of_the_screen_high_at_120x40_and_readable_at_80x24(
    demo_dir: Path, fake_clock: FakeClock, size: tuple[int, int], tallest: int
) -> None:
    app = _projector(demo_dir, fake_clock)
    try:
        async with app.run_test(size=size) as pilot:
            await _settle(pilot)
            digits = app.query_one(BigDigits)
            drawn = [line for line in str(digits.render()).splitlines() if line.strip()]
            assert len(drawn) >= tallest, (size, len(drawn))
            assert max(len(line) for line in drawn) <= size[0]
            # the block and the clock's state in words, under the time
            below = app.query_one("#projector-block").region.y
            assert below >= digits.region.y + len(drawn)
            assert text_of(app, "block").startswith("Tables: which breakdowns")
            assert "2 MINUTES LEFT" in text_of(app, "state")
    finally:
        app.store.close()


async def test_the_projector_follows_the_workshop_the_app_opens(
    demo_dir: Path, fake_clock: FakeClock, open_app: OpenApp
) -> None:
    """The app and the projector are two processes: the app says which workshop it shows in
    a small file of its own laptop's, and the projector switches at its next look."""
    room = Store.open(demo_dir, writable=False)
    projector = ProjectorApp(room, 3, now=fake_clock)
    app = open_app(workshop=3)
    try:
        async with projector.run_test(size=(80, 24)) as room_view, \
                app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            projector.poll()
            await room_view.pause()
            assert projector.workshop_number == 3
            app.move_to(replace(app.place, workshop=2))  # what F6 and Enter do
            await settle(pilot)
            projector.poll()
            await room_view.pause()
            assert projector.workshop_number == 2
            assert text_of(projector, "story").startswith("Workshop 2 · Held on Tue 20 Oct: day")
            assert "DAY FINISHED" in text_of(projector, "state")
    finally:
        room.close()


async def test_a_damaged_line_arriving_while_it_runs_is_said_once_and_it_keeps_going(
    demo_dir: Path, fake_clock: FakeClock
) -> None:
    room = Store.open(demo_dir, writable=False)
    app = ProjectorApp(room, 3, follow=False, now=fake_clock)
    said: list[str] = []
    app.notify = lambda message, **_: said.append(message)  # type: ignore[method-assign,assignment]
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            journal = demo_dir / "journals" / "other-laptop.jsonl"
            journal.write_text('{"v":2,"e":[{"t":"teams","i":"x","h":"bad","s":{}}]}\n'
                               "not json at all\n", encoding="utf-8")
            for _ in range(3):
                app.poll()
                await pilot.pause()
            damage = [line for line in said if "other-laptop.jsonl" in line]
            assert len(damage) == 1, said
            assert block_title(app) == "Welcome and actions since workshop 2"
            assert app.is_running
    finally:
        room.close()
