"""What the set-up and room screens look like at 80x24 on the demo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import FakeClock, OpenApp, send_keys, settle
from test_conflicts_screen import owner_changed_on_two_laptops
from textual.widgets import Input

from cigkit.services import programme
from cigkit.tui.app import make_app


def test_programme_teams_at_80x24(open_app: OpenApp, snap_compare: Any) -> None:
    app = open_app()

    async def run_before(pilot: Any) -> None:
        await send_keys(pilot, "f8")
        await send_keys(pilot, "2")
        await send_keys(pilot, "down", "down")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_workshop_form_with_a_bad_date_at_80x24(open_app: OpenApp, snap_compare: Any) -> None:
    app = open_app()

    async def run_before(pilot: Any) -> None:
        await send_keys(pilot, "f8")
        await send_keys(pilot, "down", "down", "down", "e")
        pilot.app.screen.query_one("#form-date", Input).value = "2026-12-32"
        await send_keys(pilot, "enter")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_report_back_at_80x24(open_app: OpenApp, snap_compare: Any) -> None:
    app = open_app()

    async def run_before(pilot: Any) -> None:
        team = programme.find_team(pilot.app.store, "Diabetes Foot Care")
        pilot.app.move_to_team(team.id)
        await send_keys(pilot, "f3")
        await send_keys(pilot, "p: q: Who else has register data by deprivation?", "enter")
        await send_keys(pilot, "p: d: Break every outcome down by IMD quintile", "enter")
        await send_keys(pilot, "f2")
        await send_keys(pilot, "q")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_conflicts_at_80x24(demo_dir: Path, fake_clock: FakeClock, snap_compare: Any) -> None:
    owner_changed_on_two_laptops(demo_dir)
    app = make_app(demo_dir, device="facilitator", now=fake_clock, workshop=3)

    async def run_before(pilot: Any) -> None:
        await send_keys(pilot, "f10")
        await settle(pilot)

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        app.store.close()


def test_attendance_over_the_year_at_80x24(open_app: OpenApp, snap_compare: Any) -> None:
    app = open_app()

    async def run_before(pilot: Any) -> None:
        team = programme.find_team(pilot.app.store, "Enhanced Primary Care")
        pilot.app.move_to_team(team.id)
        await send_keys(pilot, "f2")
        await send_keys(pilot, "a")
        await send_keys(pilot, "y")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
