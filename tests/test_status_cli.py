"""`cigkit status` tells scripts and status bars where the day is."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cigkit import cli
from cigkit.commands import clock_cmd
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
    at_workshop_3 = datetime(2026, 11, 24, 9, 25).astimezone()
    with Store.open(demo_dir, writable=False) as store:
        assert clock_cmd.status_line(clock_cmd.status_for(store, 2, at_workshop_3)) == (
            "Workshop 2 (held on Tue 20 Oct): day finished at 16:24, 24 min late "
            "(planned 16:00)")
    assert cli.run(["--data", str(demo_dir), "status", "--workshop", "2"]) == 0
    assert capsys.readouterr().out.startswith("Workshop 2 (held on Tue 20 Oct")
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


def test_a_workshop_whose_day_passed_unrun_says_so_instead_of_minutes_behind(
    demo_store: Store,
) -> None:
    a_week_later = datetime(2026, 12, 1, 10, 0).astimezone()
    line = clock_cmd.status_line(clock_cmd.status_for(demo_store, None, a_week_later))
    assert line == ("Workshop 3: planned for Tue 24 Nov, not run; start its clock to run it "
                    "today, or move it with 'cigkit workshop set 3 --date YYYY-MM-DD'.")
    data = clock_cmd.status_for(demo_store, 3, a_week_later)
    assert data["date"] == "2026-12-01" and not data["started"]
    assert data["drift_s"] == 30 * 60  # if it were started now: against today's 09:30, not a week


def test_a_future_workshop_says_how_far_ahead_it_is(demo_store: Store) -> None:
    morning = datetime(2026, 11, 24, 9, 25).astimezone()
    assert clock_cmd.status_line(clock_cmd.status_for(demo_store, 4, morning)) == (
        "Workshop 4: planned for Tue 15 Dec, in 3 weeks.")
    assert clock_cmd.status_line(clock_cmd.status_for(demo_store, 3, morning)) == (
        "Workshop 3: planned for today, not started yet; starts 09:30, day ends 16:00")
    late = clock_cmd.status_line(clock_cmd.status_for(
        demo_store, 3, datetime(2026, 11, 24, 14, 5).astimezone()))
    assert late.endswith("starts 09:30, 4 h 35 min behind, day ends 20:35")


def test_no_status_ever_counts_days_in_minutes(demo_store: Store) -> None:
    """Whatever today is, `cigkit status` words a long way off in days, never "9900 min"."""
    import re

    for number in range(1, 9):
        for now in (datetime(2026, 12, 1, 8).astimezone(),
                    datetime(2027, 7, 1, 23).astimezone()):
            line = clock_cmd.status_line(clock_cmd.status_for(demo_store, number, now))
            assert not re.search(r"\d{3,} min", line), line
