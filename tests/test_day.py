"""The workshop day service: which day the clock is timed against."""

from __future__ import annotations

from datetime import datetime, timedelta

from cigkit.services import day
from cigkit.store import Store


def test_a_workshop_run_on_another_day_is_timed_against_the_day_it_ran(
    demo_store: Store,
) -> None:
    moved = datetime(2026, 11, 26, 9, 40).astimezone()  # two days after its planned date
    day.record(demo_store, 3, "start", at=moved)
    state = day.state(demo_store, 3, now=moved + timedelta(minutes=5))
    assert state.running and round(state.elapsed_s) == 300
    assert day.day(demo_store, 3).start == datetime(2026, 11, 26, 9, 30).astimezone()
    assert round(state.drift_s) == 600  # started ten minutes late that day, not two days


def test_a_workshop_not_yet_started_is_planned_on_its_own_date(demo_store: Store) -> None:
    assert day.day(demo_store, 4).start == datetime(2026, 12, 15, 9, 30).astimezone()
