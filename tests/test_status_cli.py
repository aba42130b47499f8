"""`cigkit status` tells scripts and status bars where the day is."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cigkit import cli
from cigkit.services import day as day_service
from cigkit.store import Store


def _paused_ten_minutes_into_the_welcome(demo_dir: Path) -> None:
    """A paused clock reads the same whenever the test runs."""
    now = datetime.now().astimezone()
    with Store.open(demo_dir) as store:
        day_service.record(store, 3, "start", at=now - timedelta(minutes=20))
        day_service.record(store, 3, "pause", at=now - timedelta(minutes=10))


def test_status_json_gives_block_and_seconds_left_of_a_paused_clock(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _paused_ten_minutes_into_the_welcome(demo_dir)
    assert cli.run(["--data", str(demo_dir), "status", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["workshop"] == 3
    assert data["block"]["number"] == 1 and data["block"]["kind"] == "plenary"
    assert data["status"] == "paused" and not data["running"]
    assert (data["elapsed_s"], data["remaining_s"], data["overrun_s"]) == (600, 1200, 0)
    assert isinstance(data["drift_s"], int)


def test_status_line_of_a_held_workshop_says_when_the_day_really_finished(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.run(["--data", str(demo_dir), "status", "--workshop", "2"]) == 0
    assert capsys.readouterr().out.strip() == (
        "Workshop 2: day finished at 16:24, 24 min late (planned 16:00)")
    assert cli.run(["--data", str(demo_dir), "status", "--workshop", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["finished"] and data["day_end_planned"] == "16:00"
    assert data["drift_s"] == 24 * 60


def test_held_demo_workshops_keep_planned_and_actual_minutes_of_every_block(
    demo_store: Store,
) -> None:
    state = day_service.state(demo_store, 1, datetime(2026, 9, 23).astimezone())
    assert state.finished
    assert all(t.actual_s is not None for t in state.blocks)
    assert any(t.actual_s and t.actual_s > t.planned_s for t in state.blocks)


def test_status_of_a_workshop_that_does_not_exist_is_one_sentence(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.run(["--data", str(demo_dir), "status", "--workshop", "12"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cigkit: There is no workshop 12") and "Traceback" not in err
