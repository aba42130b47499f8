"""What a first-time user and the room see: help, the first-run screen, high contrast."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import FakeClock, OpenApp, send_keys, settle

from cigkit.tui.app import make_app
from cigkit.tui.themes import HIGH_CONTRAST_NAME
from cigkit.tui.widgets.clock import ClockFace


def test_help_on_the_notes_screen_at_80x24(open_app: OpenApp, snap_compare: Any) -> None:
    app = open_app()

    async def run_before(pilot: Any) -> None:
        await send_keys(pilot, "f3", "f1")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_first_run_screen_at_80x24(tmp_path: Path, fake_clock: FakeClock,
                                   snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the screen names the folder: the same name on every run
    app = make_app(Path("new-programme"), now=fake_clock)

    async def run_before(pilot: Any) -> None:
        await settle(pilot)

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        app.store.close()


def test_clock_in_high_contrast_at_80x24(demo_dir: Path, fake_clock: FakeClock,
                                         snap_compare: Any) -> None:
    app = make_app(demo_dir, now=fake_clock, workshop=3, theme=HIGH_CONTRAST_NAME)

    async def run_before(pilot: Any) -> None:
        await send_keys(pilot, "space")
        fake_clock.advance(minutes=29)
        await settle(pilot)
        pilot.app.screen.query_one(ClockFace).tick()  # at the fake clock's new time
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        app.store.close()
