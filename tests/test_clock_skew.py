"""Laptops with wrong clocks cannot stop or skip another laptop's workshop day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cigkit.clock import compute
from cigkit.model import ClockEvent, format_instant
from cigkit.plans import Block
from cigkit.store import Store

DAY = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
BLOCKS = (Block("Welcome", 20, "plenary"), Block("Tables", 40, "table discussion"),
          Block("Coffee", 15, "break"))


def _press(store: Store, kind: str, at: datetime) -> None:
    store.save(ClockEvent(workshop=3, kind=kind, at=format_instant(at)))


def _events(data: Path) -> list[ClockEvent]:
    with Store.open(data, device="viewer", writable=False) as store:
        return store.all(ClockEvent)


def test_a_laptop_a_day_ahead_pressing_next_does_not_skip_everyones_block(
    data_dir: Path,
) -> None:
    with Store.open(data_dir, device="facilitator") as store:
        _press(store, "start", DAY)
    with Store.open(data_dir, device="table-2") as store:
        _press(store, "next", DAY + timedelta(days=1, minutes=5))  # its clock is a day ahead
    state = compute(BLOCKS, _events(data_dir), DAY + timedelta(minutes=6), DAY)
    assert state.index == 0 and state.running and round(state.elapsed_s) == 6 * 60
    assert any("a day ahead" in n for n in state.clock_notes), state.clock_notes
    assert any("table-2" in n for n in state.clock_notes)


def test_a_clock_that_went_back_an_hour_still_pauses_after_the_start(data_dir: Path) -> None:
    with Store.open(data_dir, device="facilitator") as store:
        _press(store, "start", DAY)
    with Store.open(data_dir, device="co-facilitator") as store:
        _press(store, "pause", DAY + timedelta(minutes=10) - timedelta(hours=1))
    state = compute(BLOCKS, _events(data_dir), DAY + timedelta(minutes=12), DAY)
    assert state.started and not state.running, "the pause was lost"
    assert any("behind" in n and "co-facilitator" in n for n in state.clock_notes)
    with Store.open(data_dir, device="facilitator") as store:
        _press(store, "resume", DAY + timedelta(minutes=12))
    state = compute(BLOCKS, _events(data_dir), DAY + timedelta(minutes=15), DAY)
    assert state.running, "Space did nothing after the bad clock's pause"


def test_clock_events_follow_the_order_they_were_made_not_their_wall_times(
    data_dir: Path,
) -> None:
    with Store.open(data_dir, device="a") as store:
        _press(store, "start", DAY)
        _press(store, "next", DAY + timedelta(minutes=20))
    with Store.open(data_dir, device="b") as store:
        # b saw both, then pressed back with a clock two minutes slow: still after "next"
        _press(store, "back", DAY + timedelta(minutes=19))
    state = compute(BLOCKS, _events(data_dir), DAY + timedelta(minutes=25), DAY)
    assert state.index == 0
    assert state.clock_notes == (), "two minutes is within a clock's ordinary drift"
