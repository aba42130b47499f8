"""What the note-taker's screens look like at 80x24 on the demo (the clock has its own)."""

from __future__ import annotations

from typing import Any

from conftest import OpenApp, send_keys, settle, type_lines

from cigkit.services import programme


def _at(app: Any, team_name: str) -> None:
    app.move_to_team(programme.find_team(app.store, team_name).id)


def test_notes_at_80x24(open_app: OpenApp, snap_compare: Any) -> None:
    app = open_app()

    async def run_before(pilot: Any) -> None:
        _at(app, "Diabetes Foot Care")
        await send_keys(pilot, "f3")
        await type_lines(pilot, "Podiatry waits are long [public advisor] #what:sci",
                         "d: Break outcomes down by IMD quintile",
                         "a: Ask for the register extract @grace by w4", "ctrl+o")
        await send_keys(pilot, "Half typed")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_timeline_at_80x24(open_app: OpenApp, snap_compare: Any) -> None:
    app = open_app(workshop=2)

    async def run_before(pilot: Any) -> None:
        _at(app, "Diabetes Foot Care")
        await send_keys(pilot, "f3")
        await send_keys(pilot, "ctrl+l")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_actions_review_at_80x24(open_app: OpenApp, snap_compare: Any) -> None:
    app = open_app()

    async def run_before(pilot: Any) -> None:
        _at(app, "Diabetes Foot Care")
        await send_keys(pilot, "f5")
        await send_keys(pilot, "down")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_checklist_at_80x24(open_app: OpenApp, snap_compare: Any) -> None:
    app = open_app()

    async def run_before(pilot: Any) -> None:
        _at(app, "Diabetes Foot Care")
        await send_keys(pilot, "f4")
        await send_keys(pilot, "down", "down")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_attendance_at_80x24(open_app: OpenApp, snap_compare: Any) -> None:
    app = open_app()

    async def run_before(pilot: Any) -> None:
        _at(app, "Diabetes Foot Care")
        await send_keys(pilot, "f2")
        await send_keys(pilot, "a")
        await send_keys(pilot, "enter")
        await send_keys(pilot, "space", "down", "down", "space")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
