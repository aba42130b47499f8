"""The workshop clock, replayed from recorded events with a fake "now"."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cigkit.clock import (
    ClockState,
    bell_due,
    compute,
    format_clock,
    replan_events,
    suggest_replan,
)
from cigkit.model import ClockEvent, format_instant
from cigkit.plans import Block

DAY = datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
BLOCKS = (
    Block("Welcome", 20, "plenary"),
    Block("Tables: the problem", 40, "table discussion"),
    Block("Coffee", 15, "break"),
    Block("Tables: the causes", 30, "table discussion"),
    Block("Lunch", 45, "break"),
    Block("Report-back", 30, "report-back"),
    Block("Close", 10, "plenary"),
)


def at(minutes: float) -> datetime:
    return DAY + timedelta(minutes=minutes)


def ev(
    kind: str, minutes: float, seconds: int | None = None, block: int | None = None
) -> ClockEvent:
    return ClockEvent(
        workshop=1, kind=kind, at=format_instant(at(minutes)), seconds=seconds, block=block
    )


def clock(
    events: list[ClockEvent], minutes: float, blocks: tuple[Block, ...] = BLOCKS
) -> ClockState:
    return compute(blocks, events, at(minutes), DAY)


def test_before_the_day_starts_everything_is_as_planned() -> None:
    state = clock([], -20)
    assert state.status_words == "not started"
    assert not state.started and not state.running
    assert state.remaining_s == 20 * 60
    assert state.drift_s == 0
    assert [t.projected_start for t in state.blocks] == [t.planned_start for t in state.blocks]
    assert state.next_break is not None and state.next_break.title == "Coffee"
    assert state.next_break.planned_start == at(60)


def test_a_late_start_shows_as_drift() -> None:
    state = clock([], 10)
    assert state.status_words == "not started"
    assert state.drift_s == 10 * 60


def test_a_running_block_counts_down_from_its_events() -> None:
    state = clock([ev("start", 0)], 5)
    assert state.running and state.started
    assert state.status_words == "running"
    assert state.elapsed_s == 300
    assert state.remaining_s == 900
    assert format_clock(state.remaining_s) == "15:00"


def test_paused_block_stays_paused_after_restart() -> None:
    events = [ev("start", 0), ev("pause", 10)]
    before = clock(events, 12)
    after_restart = clock(list(events), 40)
    assert before.status_words == after_restart.status_words == "paused"
    assert before.elapsed_s == after_restart.elapsed_s == 600
    assert not after_restart.running


def test_resumed_block_continues_where_it_paused() -> None:
    events = [ev("start", 0), ev("pause", 10), ev("resume", 25)]
    state = clock(events, 30)
    assert state.running
    assert state.elapsed_s == 15 * 60
    # the lost quarter of an hour shows as drift: 5 minutes left, now 10:00, planned end 09:50
    assert state.drift_s == 15 * 60


def test_a_second_laptop_sees_the_same_time_whatever_order_events_arrive() -> None:
    events = [
        ev("start", 0),
        ev("pause", 5),
        ev("resume", 7),
        ev("next", 22),
        ev("extend", 30, 300),
    ]
    shuffled = events[:]
    random.Random(4).shuffle(shuffled)
    assert clock(events, 40) == clock(shuffled, 40)


def test_deleted_events_are_ignored() -> None:
    pause = ev("pause", 5)
    pause.deleted = True
    assert clock([ev("start", 0), pause], 10).elapsed_s == 600


def test_overrun_shows_time_over_and_extend_gives_more_time() -> None:
    events = [ev("start", 0)]
    over = clock(events, 23)
    assert over.overrun and not over.warning
    assert over.remaining_s == -180
    assert over.status_words == "over by 3:00"
    assert format_clock(over.remaining_s) == "+3:00"
    events.append(ev("extend", 23, seconds=600))
    extended = clock(events, 24)
    assert not extended.overrun
    assert extended.planned_s == 30 * 60
    assert extended.remaining_s == 6 * 60
    assert extended.blocks[0].planned_s == 30 * 60


def test_warning_shows_minutes_left() -> None:
    state = clock([ev("start", 0)], 18.5)
    assert state.warning
    assert state.status_words == "2 minutes left - warning"
    assert clock([ev("start", 0)], 19.5).status_words == "1 minute left - warning"


def test_next_moves_on_and_keeps_the_clock_running() -> None:
    state = clock([ev("start", 0), ev("next", 25)], 30)
    assert state.index == 1
    assert state.running
    assert state.elapsed_s == 300
    assert state.blocks[0].actual_s == 25 * 60
    assert state.blocks[1].projected_start == at(25)
    assert state.blocks[2].actual_s is None


def test_next_while_paused_waits_at_zero_for_start() -> None:
    state = clock([ev("start", 0), ev("pause", 20), ev("next", 21)], 30)
    assert state.index == 1
    assert not state.running and not state.started
    assert state.elapsed_s == 0
    assert state.status_words == "not started"
    # it cannot start before now, so the rest of the day moves with it
    assert state.blocks[1].projected_start == at(30)


def test_back_returns_to_a_block_with_its_time_so_far() -> None:
    events = [ev("start", 0), ev("next", 12), ev("back", 14)]
    state = clock(events, 16)
    assert state.index == 0
    assert state.elapsed_s == 16 * 60 - 2 * 60
    assert state.blocks[1].actual_s == 120


def test_skip_marks_the_block_and_the_day_gets_it_back() -> None:
    events = [ev("start", 0), ev("next", 20), ev("next", 60), ev("skip", 61)]
    state = clock(events, 61)
    assert state.index == 3
    assert state.blocks[2].skipped
    assert state.running
    # coffee (15 min) skipped one minute in: the day is 14 minutes ahead
    assert state.drift_s == -14 * 60


def test_forgot_to_start_adjust_sets_the_time_already_spent() -> None:
    events = [ev("start", 15), ev("adjust", 15, seconds=900)]
    state = clock(events, 16)
    assert state.elapsed_s == 16 * 60
    assert state.blocks[0].projected_start == at(0)
    assert state.drift_s == 0


def test_goto_jumps_to_any_block() -> None:
    state = clock([ev("start", 0), ev("goto", 10, block=4)], 15)
    assert state.index == 4
    assert state.current is not None and state.current.title == "Lunch"
    assert state.elapsed_s == 300
    assert state.next_break is None


def test_the_last_next_finishes_the_day() -> None:
    events = [ev("start", 0)] + [ev("next", 30 * (i + 1)) for i in range(len(BLOCKS))]
    state = clock(events, 300)
    assert state.finished
    assert state.index == len(BLOCKS)
    assert state.status_words == "day finished"
    assert not state.running
    assert state.day_end_projected == at(30 * len(BLOCKS))
    assert state.current is None


def test_an_overrunning_morning_pushes_lunch_back() -> None:
    events = [ev("start", 0), ev("next", 30)]  # welcome took 30 instead of 20
    state = clock(events, 35)
    assert state.drift_s == 600
    lunch = state.blocks[4]
    assert lunch.planned_start == at(105)
    assert lunch.projected_start == at(115)
    assert state.next_break is not None and state.next_break.projected_start == at(70)
    assert state.day_end_projected - state.day_end_planned == timedelta(minutes=10)


def test_replan_suggestion_wins_back_the_drift_from_tables_then_breaks() -> None:
    state = clock([ev("start", 0), ev("next", 32)], 33)  # 12 minutes behind
    changes = suggest_replan(state)
    new = dict(changes)
    saved = sum(BLOCKS[i].minutes - m for i, m in changes)
    assert saved == 12
    assert set(new) <= {1, 2, 3, 4}
    assert all(new[i] >= 10 for i in new)
    events = [ev("start", 0), ev("next", 32)]
    events += replan_events(1, state, changes, at(33))
    assert abs(clock(events, 33).drift_s) < 60


def test_replan_leaves_the_current_block_and_plenaries_alone() -> None:
    state = clock([ev("start", 0), ev("next", 32)], 33)
    changes = dict(suggest_replan(state))
    assert 1 not in changes  # already running
    assert 0 not in changes and 5 not in changes and 6 not in changes


def test_replan_cuts_breaks_only_down_to_their_floor() -> None:
    state = clock([ev("start", 0), ev("next", 140)], 141)  # two hours behind
    changes = dict(suggest_replan(state, floor_break_min=10, floor_table_min=10))
    assert changes == {2: 10, 3: 10, 4: 10}


def test_no_replan_when_on_time() -> None:
    assert suggest_replan(clock([ev("start", 0)], 5)) == []
    assert suggest_replan(clock([ev("start", 0), ev("next", 10)], 11)) == []


def test_the_bell_rings_once_at_warning_and_once_at_zero() -> None:
    events = [ev("start", 0)]
    readings = [clock(events, m / 4) for m in range(0, 100)]
    bells = [
        (i, bell_due(a, b)) for i, (a, b) in enumerate(zip(readings, readings[1:], strict=False))
    ]
    rung = [(i, b) for i, b in bells if b]
    assert [b for _, b in rung] == ["warning", "zero"]
    assert rung[0][0] == 71 and rung[1][0] == 79  # 18:00 then 20:00 at quarter-minute ticks


def test_no_bell_when_the_block_changes() -> None:
    a = clock([ev("start", 0)], 19)
    b = clock([ev("start", 0), ev("next", 19.5)], 60)
    assert bell_due(a, b) is None


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0:00"),
        (725, "12:05"),
        (724.2, "12:05"),
        (-192, "+3:12"),
        (-192.7, "+3:12"),
        (3723, "1:02:03"),
        (-3723, "+1:02:03"),
        (59.9999999, "1:00"),
    ],
)
def test_format_clock_reads_like_the_room_expects(seconds: float, shown: str) -> None:
    assert format_clock(seconds) == shown


@given(st.floats(min_value=0, max_value=3600 * 8, allow_nan=False))
def test_an_hour_long_block_does_not_drift(offset_s: float) -> None:
    start = DAY + timedelta(seconds=offset_s)
    block = (Block("Long talk", 60, "plenary"),)
    events = [ClockEvent(workshop=1, kind="start", at=format_instant(start))]
    state = compute(block, events, start + timedelta(minutes=60), DAY)
    assert abs(state.elapsed_s - 3600) < 1
    assert abs(state.remaining_s) < 1


@given(st.lists(st.integers(min_value=1, max_value=600), min_size=1, max_size=20))
def test_pauses_and_resumes_add_up_exactly(gaps: list[int]) -> None:
    events, moment, running_total = [], DAY, 0
    for i, gap in enumerate(gaps):
        events.append(
            ClockEvent(
                workshop=1, kind="start" if i % 2 == 0 else "pause", at=format_instant(moment)
            )
        )
        if i % 2 == 0:
            running_total += gap
        moment += timedelta(seconds=gap)
    if len(gaps) % 2 == 1:
        events.append(ClockEvent(workshop=1, kind="pause", at=format_instant(moment)))
    state = compute(BLOCKS, events, moment + timedelta(hours=1), DAY)
    assert state.elapsed_s == running_total
    again = compute(BLOCKS, list(reversed(events)), moment + timedelta(hours=1), DAY)
    assert again == state
