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


def test_a_started_workshop_is_in_progress_and_opens_first(demo_store: Store) -> None:
    from cigkit.services import programme

    assert day.current_workshop(demo_store) == 3
    day.record(demo_store, 4, "start", at=datetime(2026, 12, 15, 9, 31).astimezone())
    assert day.progress(demo_store, programme.workshop(demo_store, 4)) == "in progress"
    assert day.current_workshop(demo_store) == 4


def test_a_day_run_past_its_last_block_counts_as_held(demo_store: Store) -> None:
    from cigkit.services import programme

    moment = datetime(2026, 11, 24, 9, 30).astimezone()
    day.record(demo_store, 3, "start", at=moment)
    for i in range(len(day.day(demo_store, 3).plan.blocks)):
        day.record(demo_store, 3, "next", at=moment + timedelta(minutes=30 * (i + 1)))
    assert day.progress(demo_store, programme.workshop(demo_store, 3)) == "held"
    assert day.current_workshop(demo_store) == 4
